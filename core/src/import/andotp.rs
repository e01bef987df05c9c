//! andOTP backups: a JSON array of entries, plain or encrypted (`.json.aes`: PBKDF2-HMAC-SHA1
//! with the iteration count stored in the file, then AES-256-GCM).

use alloc::vec::Vec;

use serde_json::Value;

use super::decrypt;
use super::{Entry, Fields, Format, ImportError, string};

/// `iterations (4, big-endian) ‖ salt (12) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`.
const HEADER: usize = 4 + 12 + 12;
/// andOTP uses 140 000 to 160 000 rounds; more is refused as a denial of service.
const MAX_ROUNDS: u32 = 1_000_000;

/// Whether bytes have the shape of an encrypted andOTP backup.
pub(super) fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.len() > HEADER + 16
        && bytes
            .first_chunk::<4>()
            .map(|r| u32::from_be_bytes(*r))
            .is_some_and(|rounds| (1..=MAX_ROUNDS).contains(&rounds))
}

/// Decrypts an encrypted backup to its JSON.
pub(super) fn open(bytes: &[u8], password: &str) -> Result<Value, ImportError> {
    let rounds = bytes
        .first_chunk::<4>()
        .map(|r| u32::from_be_bytes(*r))
        .filter(|r| (1..=MAX_ROUNDS).contains(r))
        .ok_or(ImportError::Unreadable(Format::AndOtp))?;
    let (salt, rest) = bytes[4..].split_at(12);
    let (nonce, sealed) = rest.split_at(12);
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), salt, rounds, &mut key);
    let plain = decrypt::aes_gcm(&key, nonce, sealed)
        .map_err(|_| ImportError::WrongPassword(Format::AndOtp))?;
    serde_json::from_slice(&plain).map_err(|_| ImportError::Unreadable(Format::AndOtp))
}

pub(super) fn detect(v: &Value) -> bool {
    v.as_array().is_some_and(|a| {
        a.iter()
            .all(|e| e.get("secret").is_some() && e.get("type").is_some())
    })
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    Ok(v.as_array()
        .map(|a| a.iter().map(entry).collect())
        .unwrap_or_default())
}

fn entry(e: &Value) -> Entry {
    let otp_type = string(e, "type").map(|t| {
        if t == "STEAM" {
            "steamtotp".into()
        } else {
            t.to_ascii_lowercase()
        }
    });
    Fields {
        service: string(e, "issuer").filter(|s| !s.is_empty()),
        account: string(e, "label"),
        secret: string(e, "secret"),
        algorithm: string(e, "algorithm"),
        digits: e.get("digits").cloned(),
        period: e.get("period").cloned(),
        counter: e.get("counter").cloned(),
        otp_type,
    }
    .into_entry()
}
