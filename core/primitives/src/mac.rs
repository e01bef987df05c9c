//! HMAC over the four hashes OTP accounts use.

use hmac::{EagerHash, Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};

/// The hash an HMAC is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    /// SHA-1 (RFC 4226's and most accounts').
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
    /// MD5 (2FAuth accepts it).
    Md5,
}

/// An HMAC key made ready once (its padded blocks hashed), to sign several messages: an account's
/// current and next codes, a generator's codes. Half the hashing of each code after the first.
#[derive(Clone)]
pub struct HmacKey(Keyed);

#[derive(Clone)]
enum Keyed {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha512(Hmac<Sha512>),
    Md5(Hmac<md5::Md5>),
}

impl HmacKey {
    /// `key` made ready for HMAC-`hash`.
    pub fn new(hash: Hash, key: &[u8]) -> Self {
        Self(match hash {
            Hash::Sha1 => Keyed::Sha1(keyed(key)),
            Hash::Sha256 => Keyed::Sha256(keyed(key)),
            Hash::Sha512 => Keyed::Sha512(keyed(key)),
            Hash::Md5 => Keyed::Md5(keyed(key)),
        })
    }

    /// The HMAC of `message`: the digest is the first `len` bytes of the buffer (20, 32, 64 or 16).
    pub fn sign(&self, message: &[u8]) -> ([u8; 64], usize) {
        let mut out = [0u8; 64];
        let len = match &self.0 {
            Keyed::Sha1(mac) => finish(mac.clone(), message, &mut out),
            Keyed::Sha256(mac) => finish(mac.clone(), message, &mut out),
            Keyed::Sha512(mac) => finish(mac.clone(), message, &mut out),
            Keyed::Md5(mac) => finish(mac.clone(), message, &mut out),
        };
        (out, len)
    }
}

/// HMAC-`hash` of `message` under `key`: the digest is the first `len` bytes of the buffer
/// (20, 32, 64 or 16).
pub fn hmac(hash: Hash, key: &[u8], message: &[u8]) -> ([u8; 64], usize) {
    HmacKey::new(hash, key).sign(message)
}

fn keyed<D: EagerHash>(key: &[u8]) -> Hmac<D> {
    // HMAC takes a key of any length (a longer one is hashed first): this never fails.
    <Hmac<D> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

fn finish<D: EagerHash>(mut mac: Hmac<D>, message: &[u8], out: &mut [u8; 64]) -> usize {
    mac.update(message);
    let digest = mac.finalize().into_bytes();
    out[..digest.len()].copy_from_slice(&digest);
    digest.len()
}

#[cfg(test)]
mod tests {
    use super::{Hash, HmacKey, hmac};
    use alloc::string::String;

    /// A signature's digest in lower-case hex.
    fn hex_of((out, len): ([u8; 64], usize)) -> String {
        out[..len]
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect()
    }

    fn digest(hash: Hash, key: &[u8], message: &[u8]) -> String {
        hex_of(hmac(hash, key, message))
    }

    #[test]
    fn rfc_2202_and_4231_vectors() {
        // RFC 2202 test case 2 (SHA-1 and MD5), RFC 4231 test case 2 (SHA-256, SHA-512).
        let (key, data) = (
            b"Jefe".as_slice(),
            b"what do ya want for nothing?".as_slice(),
        );
        for (hash, expected) in [
            (Hash::Sha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (Hash::Md5, "750c783e6ab0b503eaa86e310a5db738"),
            (
                Hash::Sha256,
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                Hash::Sha512,
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
            ),
        ] {
            assert_eq!(digest(hash, key, data), expected, "{hash:?}");
        }
    }

    #[test]
    fn a_key_made_ready_signs_each_message_as_a_fresh_hmac() {
        let key = HmacKey::new(Hash::Sha256, b"Jefe");
        for message in [b"what do ya want for nothing?".as_slice(), b"", b"another"] {
            assert_eq!(key.sign(message), hmac(Hash::Sha256, b"Jefe", message));
        }
        assert_eq!(
            hex_of(key.sign(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_key_longer_than_a_block_is_hashed_first() {
        // RFC 2202 test case 6: an 80-byte key.
        let key = [0xaa; 80];
        assert_eq!(
            digest(
                Hash::Sha1,
                &key,
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112"
        );
    }
}
