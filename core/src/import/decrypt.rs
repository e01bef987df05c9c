//! Decryption of password-protected exports. Each app's scheme is a key derivation (bounded by
//! [`Limits`] before it runs) followed by an AEAD (AES-256-GCM, or XChaCha20-Poly1305 for Ente
//! Auth); a wrong password is told apart from garbage by the tag, so it can never yield accounts.

use alloc::vec::Vec;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use super::Limits;

/// The tag did not verify: wrong password (or tampered data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rejected;

/// AES-256-GCM decryption of `ciphertext ‖ tag`.
pub(super) fn aes_gcm(key: &[u8], nonce: &[u8], sealed: &[u8]) -> Result<Vec<u8>, Rejected> {
    aes_gcm_aad(key, nonce, sealed, &[])
}

/// AES-256-GCM decryption of `ciphertext ‖ tag` with associated data.
pub(super) fn aes_gcm_aad(
    key: &[u8],
    nonce: &[u8],
    sealed: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, Rejected> {
    if nonce.len() != 12 {
        return Err(Rejected);
    }
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| Rejected)?;
    let nonce = Nonce::try_from(nonce).map_err(|_| Rejected)?;
    cipher
        .decrypt(&nonce, Payload { msg: sealed, aad })
        .map_err(|_| Rejected)
}

/// Why a key derivation was not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KdfRefusal {
    /// The parameters are not valid for the algorithm.
    Invalid,
    /// The parameters ask for more memory or work than [`Limits`] allow.
    TooCostly,
}

/// Checks what a key derivation would cost against `limits` before it runs: `memory` bytes held,
/// `work` bytes processed in all.
fn within(memory: u64, work: u64, limits: Limits) -> Result<(), KdfRefusal> {
    if memory > limits.kdf_memory || work > limits.kdf_work {
        return Err(KdfRefusal::TooCostly);
    }
    Ok(())
}

/// scrypt with the parameters an export names, bounded in memory and work.
pub(super) fn scrypt(
    password: &[u8],
    salt: &[u8],
    (n, r, p): (u64, u32, u32),
    limits: Limits,
) -> Result<[u8; 32], KdfRefusal> {
    if !n.is_power_of_two() || n < 2 || r == 0 || !(1..=4).contains(&p) {
        return Err(KdfRefusal::Invalid);
    }
    // 128 · r · N bytes, filled then read once per lane.
    let memory = 128u64.saturating_mul(u64::from(r)).saturating_mul(n);
    within(memory, memory.saturating_mul(2 * u64::from(p)), limits)?;
    let params =
        scrypt::Params::new(n.trailing_zeros() as u8, r, p).map_err(|_| KdfRefusal::Invalid)?;
    let mut key = [0u8; 32];
    scrypt::scrypt(password, salt, &params, &mut key).map_err(|_| KdfRefusal::Invalid)?;
    Ok(key)
}

/// Argon2id as libsodium's `crypto_pwhash` runs it: `memory` in bytes, `passes` = opslimit, one
/// lane, version 0x13.
pub(super) fn argon2id(
    password: &[u8],
    salt: &[u8],
    (memory, passes): (u64, u64),
    limits: Limits,
) -> Result<[u8; 32], KdfRefusal> {
    argon2id_lanes(password, salt, (memory, passes, 1), limits)
}

/// Argon2id (version 0x13) over `lanes` lanes, run one after the other here.
pub(super) fn argon2id_lanes(
    password: &[u8],
    salt: &[u8],
    (memory, passes, lanes): (u64, u64, u32),
    limits: Limits,
) -> Result<[u8; 32], KdfRefusal> {
    within(memory, memory.saturating_mul(passes), limits)?;
    let kib = u32::try_from(memory / 1024).map_err(|_| KdfRefusal::Invalid)?;
    let passes = u32::try_from(passes).map_err(|_| KdfRefusal::Invalid)?;
    let params =
        argon2::Params::new(kib, passes, lanes, Some(32)).map_err(|_| KdfRefusal::Invalid)?;
    let mut key = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password, salt, &mut key)
        .map_err(|_| KdfRefusal::Invalid)?;
    Ok(key)
}

/// libsodium's `crypto_secretstream_xchacha20poly1305` pull of a stream that holds one message,
/// which must carry the FINAL tag (how Ente Auth seals its export). `sealed` is
/// `encrypted tag byte ‖ ciphertext ‖ Poly1305 tag`; `header` is the stream's 24-byte header.
pub(super) fn secretstream_single(
    key: &[u8; 32],
    header: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, Rejected> {
    use chacha20::cipher::{KeyIvInit, StreamCipher};
    use poly1305::universal_hash::KeyInit as _;

    const TAG_FINAL: u8 = 3;
    let header: &[u8; 24] = header.try_into().map_err(|_| Rejected)?;
    let body_len = sealed.len().checked_sub(17).ok_or(Rejected)?;
    let (tag_byte, rest) = (sealed[0], &sealed[1..]);
    let (ciphertext, mac) = rest.split_at(body_len);

    let (prefix, inonce) = header.split_at(16);
    let subkey =
        chacha20::hchacha::<chacha20::R20>(key.into(), prefix.try_into().map_err(|_| Rejected)?);
    // The stream's nonce: a 32-bit little-endian counter starting at 1, then the header's tail.
    let mut nonce = [0u8; 12];
    nonce[0] = 1;
    nonce[4..].copy_from_slice(inonce);
    let mut stream = chacha20::ChaCha20::new(&subkey, &nonce.into());

    // Block 0 keys Poly1305; block 1 hides the tag byte; the message starts at block 2.
    let mut block = [0u8; 64];
    stream.apply_keystream(&mut block);
    let mac_key = poly1305::Key::try_from(&block[..32]).map_err(|_| Rejected)?;
    block = [0u8; 64];
    block[0] = tag_byte;
    stream.apply_keystream(&mut block);
    let tag = block[0];
    block[0] = tag_byte;

    // What libsodium authenticates (no additional data): the tag block, the ciphertext, then
    // `len % 16` zero bytes (libsodium's padding, not the usual complement), then both lengths.
    let mut authenticated = Vec::with_capacity(64 + body_len + 16 + 16);
    authenticated.extend_from_slice(&block);
    authenticated.extend_from_slice(ciphertext);
    authenticated.resize(authenticated.len() + body_len % 16, 0);
    authenticated.extend_from_slice(&0u64.to_le_bytes());
    authenticated.extend_from_slice(&(64 + body_len as u64).to_le_bytes());
    let expected = poly1305::Poly1305::new(&mac_key).compute_unpadded(&authenticated);
    let difference = expected
        .iter()
        .zip(mac)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if difference != 0 || tag != TAG_FINAL {
        return Err(Rejected);
    }
    let mut plain = ciphertext.to_vec();
    stream.apply_keystream(&mut plain);
    Ok(plain)
}

/// The hash under a PBKDF2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prf {
    /// HMAC-SHA1 (20-byte blocks out: two for a 32-byte key).
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

/// Checks what `count` PBKDF2 derivations of a 32-byte key would process against `limits`,
/// before any runs: each round is one HMAC, two compressions of a block, per output block.
pub(super) fn pbkdf2_within(
    prf: Prf,
    rounds: u32,
    count: u64,
    limits: Limits,
) -> Result<(), KdfRefusal> {
    let (block, outputs) = match prf {
        Prf::Sha1 => (64u64, 2u64),
        Prf::Sha256 => (64, 1),
        Prf::Sha512 => (128, 1),
    };
    let work = u64::from(rounds)
        .saturating_mul(outputs * 2 * block)
        .saturating_mul(count);
    within(0, work, limits)
}

/// PBKDF2 of a 32-byte key, refused before it runs when it costs more than `limits` allow.
pub(super) fn pbkdf2(
    prf: Prf,
    password: &[u8],
    salt: &[u8],
    rounds: u32,
    limits: Limits,
) -> Result<[u8; 32], KdfRefusal> {
    if rounds == 0 {
        return Err(KdfRefusal::Invalid);
    }
    pbkdf2_within(prf, rounds, 1, limits)?;
    let mut key = [0u8; 32];
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, &mut key),
        Prf::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, &mut key),
        Prf::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, &mut key),
    }
    Ok(key)
}

/// AES-256-CBC decryption with PKCS#7 padding. CBC has no tag: a wrong key shows only as bad
/// padding (or, one time in 256 or so, as garbage that the caller's parser then refuses).
pub(super) fn aes_cbc(key: &[u8; 32], iv: &[u8; 16], sealed: &[u8]) -> Result<Vec<u8>, Rejected> {
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
    cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
        .decrypt_padded_vec::<Pkcs7>(sealed)
        .map_err(|_| Rejected)
}

/// Lower-case or upper-case hex.
pub(super) fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKER: Limits = Limits::WORKER;

    #[test]
    fn scrypt_refuses_parameters_beyond_the_limits() {
        for (n, r, p, why) in [
            (1u64 << 17, 8, 1, "128 MiB"),
            (1 << 20, 1, 1, "128 MiB with r = 1"),
            (1 << 16, 8, 2, "64 MiB held but read twice per lane"),
        ] {
            assert_eq!(
                scrypt(b"pw", b"salt", (n, r, p), WORKER),
                Err(KdfRefusal::TooCostly),
                "{why}"
            );
        }
        assert_eq!(
            scrypt(b"pw", b"salt", (1000, 8, 1), WORKER),
            Err(KdfRefusal::Invalid),
            "N not a power of two"
        );
        assert!(scrypt(b"pw", b"salt", (1 << 10, 8, 1), WORKER).is_ok());
    }

    #[test]
    fn argon2id_checks_memory_and_passes_before_running() {
        let mib = 1024 * 1024;
        assert_eq!(
            argon2id(b"pw", b"saltsalt", (256 * mib, 1), WORKER),
            Err(KdfRefusal::TooCostly)
        );
        assert_eq!(
            argon2id(b"pw", b"saltsalt", (64 * mib, 64), WORKER),
            Err(KdfRefusal::TooCostly),
            "work: 64 passes over 64 MiB"
        );
        assert_eq!(
            argon2id(b"pw", b"short", (64 * 1024, 1), WORKER),
            Err(KdfRefusal::Invalid),
            "salt under 8 bytes"
        );
        assert!(argon2id(b"pw", b"saltsalt", (64 * 1024, 1), WORKER).is_ok());
    }

    #[test]
    fn pbkdf2_counts_its_rounds_before_running() {
        // The Worker's 128 MiB of work: andOTP's 160 000 SHA1 rounds fit, a million do not.
        assert!(pbkdf2_within(Prf::Sha1, 160_000, 1, WORKER).is_ok());
        assert_eq!(
            pbkdf2_within(Prf::Sha1, 1_000_000, 1, WORKER),
            Err(KdfRefusal::TooCostly)
        );
        // Many cheap derivations add up (Authy: 1 000 rounds a token).
        assert!(pbkdf2_within(Prf::Sha1, 1000, 100, WORKER).is_ok());
        assert_eq!(
            pbkdf2_within(Prf::Sha1, 1000, 10_000, WORKER),
            Err(KdfRefusal::TooCostly)
        );
        assert_eq!(
            pbkdf2(Prf::Sha256, b"pw", b"salt", 0, WORKER),
            Err(KdfRefusal::Invalid)
        );
    }

    #[test]
    fn secretstream_refuses_short_or_tampered_input() {
        let key = [7u8; 32];
        assert_eq!(secretstream_single(&key, &[0; 24], &[0; 16]), Err(Rejected));
        assert_eq!(secretstream_single(&key, &[0; 23], &[0; 40]), Err(Rejected));
        assert_eq!(secretstream_single(&key, &[0; 24], &[0; 40]), Err(Rejected));
    }
}
