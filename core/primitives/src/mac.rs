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

/// HMAC-`hash` of `message` under `key`: the digest is the first `len` bytes of the buffer
/// (20, 32, 64 or 16).
pub fn hmac(hash: Hash, key: &[u8], message: &[u8]) -> ([u8; 64], usize) {
    let mut out = [0u8; 64];
    let len = match hash {
        Hash::Sha1 => mac::<Sha1>(key, message, &mut out),
        Hash::Sha256 => mac::<Sha256>(key, message, &mut out),
        Hash::Sha512 => mac::<Sha512>(key, message, &mut out),
        Hash::Md5 => mac::<md5::Md5>(key, message, &mut out),
    };
    (out, len)
}

fn mac<D: EagerHash>(key: &[u8], message: &[u8], out: &mut [u8; 64]) -> usize {
    // HMAC takes a key of any length (a longer one is hashed first): this never fails.
    let Ok(mut mac) = <Hmac<D> as KeyInit>::new_from_slice(key) else {
        return 0;
    };
    mac.update(message);
    let digest = mac.finalize().into_bytes();
    out[..digest.len()].copy_from_slice(&digest);
    digest.len()
}

#[cfg(test)]
mod tests {
    use super::{Hash, hmac};
    use alloc::string::String;

    /// The digest in lower-case hex.
    fn digest(hash: Hash, key: &[u8], message: &[u8]) -> String {
        let (out, len) = hmac(hash, key, message);
        out[..len]
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn rfc_2202_and_4231_vectors() {
        // RFC 2202 test case 2 (SHA-1 and MD5), RFC 4231 test case 2 (SHA-256, SHA-512).
        let (key, data) = (
            b"Jefe".as_slice(),
            b"what do ya want for nothing?".as_slice(),
        );
        assert_eq!(
            digest(Hash::Sha1, key, data),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            digest(Hash::Md5, key, data),
            "750c783e6ab0b503eaa86e310a5db738"
        );
        assert_eq!(
            digest(Hash::Sha256, key, data),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            digest(Hash::Sha512, key, data),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
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
