//! The vault's AEADs over `nonce ‖ ciphertext ‖ tag` blobs: XChaCha20-Poly1305 (what is written
//! today) and AES-256-GCM (what older values were written with).

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, Nonce, Payload};
use alloc::vec::Vec;
use chacha20poly1305::XChaCha20Poly1305;

/// Bytes of an XChaCha20-Poly1305 nonce.
pub const NONCE_LEN: usize = 24;

/// Opens an XChaCha20-Poly1305 blob bound to `aad`; `None` if it does not authenticate.
pub fn open_xchacha20poly1305(
    cipher: &XChaCha20Poly1305,
    blob: &[u8],
    aad: &[u8],
) -> Option<Vec<u8>> {
    open(cipher, blob, aad)
}

/// Opens an AES-256-GCM blob (96-bit nonce) bound to `aad`; `None` if it does not authenticate.
pub fn open_aes256gcm(cipher: &Aes256Gcm, blob: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    open(cipher, blob, aad)
}

/// Seals `message` bound to `aad` under `nonce` (random: it must never repeat) as
/// `nonce ‖ ciphertext ‖ tag`.
pub fn seal_xchacha20poly1305(
    cipher: &XChaCha20Poly1305,
    nonce: &[u8; NONCE_LEN],
    message: &[u8],
    aad: &[u8],
) -> Vec<u8> {
    // Encryption only fails for inputs beyond the cipher's 256 GiB bound.
    let sealed = cipher
        .encrypt(&(*nonce).into(), Payload { msg: message, aad })
        .unwrap_or_default();
    let mut blob = Vec::with_capacity(NONCE_LEN + sealed.len());
    blob.extend_from_slice(nonce);
    blob.extend_from_slice(&sealed);
    blob
}

/// Opens `nonce ‖ ciphertext ‖ tag` with `cipher`, whose nonce size says where the nonce ends.
fn open<C: Aead>(cipher: &C, blob: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let nonce_len = Nonce::<C>::default().len();
    if blob.len() < nonce_len + 16 {
        return None;
    }
    let (nonce, sealed) = blob.split_at(nonce_len);
    let nonce = Nonce::<C>::try_from(nonce).ok()?;
    cipher.decrypt(&nonce, Payload { msg: sealed, aad }).ok()
}

#[cfg(test)]
mod tests {
    use super::{NONCE_LEN, open_aes256gcm, open_xchacha20poly1305, seal_xchacha20poly1305};
    use aes_gcm::Aes256Gcm;
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use alloc::vec::Vec;
    use chacha20poly1305::XChaCha20Poly1305;

    const NONCE: [u8; NONCE_LEN] = [7; NONCE_LEN];

    #[test]
    fn a_sealed_blob_opens_with_its_key_and_aad_only() {
        let cipher = XChaCha20Poly1305::new(&[1; 32].into());
        let blob = seal_xchacha20poly1305(&cipher, &NONCE, b"JBSWY3DPEHPK3PXP", b"cell 1");
        assert_eq!(blob.len(), NONCE_LEN + 16 + 16);
        assert_eq!(&blob[..NONCE_LEN], &NONCE);
        assert_eq!(
            open_xchacha20poly1305(&cipher, &blob, b"cell 1").as_deref(),
            Some(b"JBSWY3DPEHPK3PXP".as_slice())
        );
        // Another place, another key, a flipped bit, a cut blob: nothing.
        assert_eq!(open_xchacha20poly1305(&cipher, &blob, b"cell 2"), None);
        let other = XChaCha20Poly1305::new(&[2; 32].into());
        assert_eq!(open_xchacha20poly1305(&other, &blob, b"cell 1"), None);
        let mut flipped = blob.clone();
        flipped[NONCE_LEN + 3] ^= 1;
        assert_eq!(open_xchacha20poly1305(&cipher, &flipped, b"cell 1"), None);
        assert_eq!(
            open_xchacha20poly1305(&cipher, &blob[..NONCE_LEN + 15], b"cell 1"),
            None
        );
    }

    #[test]
    fn aes_gcm_blobs_of_older_values_open() {
        let cipher = Aes256Gcm::new(&[3; 32].into());
        let nonce = [9u8; 12];
        let sealed = cipher
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: b"old",
                    aad: b"secret",
                },
            )
            .unwrap();
        let blob: Vec<u8> = nonce.iter().chain(&sealed).copied().collect();
        assert_eq!(
            open_aes256gcm(&cipher, &blob, b"secret").as_deref(),
            Some(b"old".as_slice())
        );
        assert_eq!(open_aes256gcm(&cipher, &blob, b"account"), None);
        assert_eq!(open_aes256gcm(&cipher, &blob[..27], b"secret"), None);
    }
}
