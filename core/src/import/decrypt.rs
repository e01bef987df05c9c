//! Decryption of password-protected exports. Each app's scheme is a key derivation followed by
//! AES-256-GCM; a wrong password is told apart from garbage by the GCM tag, so it can never yield
//! accounts.

use alloc::vec::Vec;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

/// The tag did not verify: wrong password (or tampered data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rejected;

/// AES-256-GCM decryption of `ciphertext ‖ tag`.
pub(super) fn aes_gcm(key: &[u8], nonce: &[u8], sealed: &[u8]) -> Result<Vec<u8>, Rejected> {
    if nonce.len() != 12 {
        return Err(Rejected);
    }
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| Rejected)?;
    let nonce = Nonce::try_from(nonce).map_err(|_| Rejected)?;
    cipher
        .decrypt(
            &nonce,
            Payload {
                msg: sealed,
                aad: &[],
            },
        )
        .map_err(|_| Rejected)
}

/// The most memory an export may make scrypt use (128 · r · N bytes): Aegis' own parameters
/// (N = 2^15, r = 8) need 32 MiB, and a Worker has 128 MB in all, so a file naming more is refused
/// rather than allowed to exhaust it.
pub(super) const SCRYPT_MAX_MEMORY: u64 = 32 * 1024 * 1024;

/// scrypt with the parameters an export names, bounded in memory and work.
pub(super) fn scrypt(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
) -> Result<[u8; 32], Rejected> {
    let memory = 128u64.saturating_mul(u64::from(r)).saturating_mul(n);
    if !n.is_power_of_two()
        || n < 2
        || r == 0
        || !(1..=4).contains(&p)
        || memory > SCRYPT_MAX_MEMORY
    {
        return Err(Rejected);
    }
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p).map_err(|_| Rejected)?;
    let mut key = [0u8; 32];
    scrypt::scrypt(password, salt, &params, &mut key).map_err(|_| Rejected)?;
    Ok(key)
}

/// PBKDF2-HMAC-SHA256.
pub(super) fn pbkdf2_sha256(password: &[u8], salt: &[u8], rounds: u32) -> [u8; 32] {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, &mut key);
    key
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

    #[test]
    fn scrypt_refuses_parameters_beyond_a_workers_memory() {
        assert_eq!(
            scrypt(b"pw", b"salt", 1 << 16, 8, 1),
            Err(Rejected),
            "64 MiB"
        );
        assert_eq!(
            scrypt(b"pw", b"salt", 1 << 20, 1, 1),
            Err(Rejected),
            "128 MiB"
        );
        assert_eq!(
            scrypt(b"pw", b"salt", 1000, 8, 1),
            Err(Rejected),
            "N not a power of two"
        );
        assert!(scrypt(b"pw", b"salt", 1 << 10, 8, 1).is_ok());
    }
}
