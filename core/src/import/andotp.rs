//! andOTP backups: a JSON array of entries, plain or encrypted (`.json.aes`: PBKDF2-HMAC-SHA1
//! with the iteration count stored in the file, then AES-256-GCM). Older versions encrypted with
//! the SHA-256 of the password as the key (no salt, no rounds): `nonce (12) ‖ ciphertext ‖ tag`;
//! their entries have no `issuer` and a label `Issuer - Issuer:Name`.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::Value;

use sha2::{Digest, Sha256};

use super::decrypt::{self, Prf};
use super::{Entry, Fields, Format, ImportError, Limits, string};

/// `iterations (4, big-endian) ‖ salt (12) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`.
const HEADER: usize = 4 + 12 + 12;
/// andOTP uses 140 000 to 160 000 rounds; more is refused as a denial of service.
const MAX_ROUNDS: u32 = 1_000_000;

/// The PBKDF2 rounds of a current backup, when its header names an acceptable count.
fn rounds(bytes: &[u8]) -> Option<u32> {
    let rounds = u32::from_be_bytes(*bytes.first_chunk::<4>()?);
    (bytes.len() > HEADER + 16 && (1..=MAX_ROUNDS).contains(&rounds)).then_some(rounds)
}

/// Whether bytes may be an encrypted andOTP backup: the current header, or at least a nonce and
/// a tag (the older scheme has no header to check; its tag tells).
pub(super) fn looks_encrypted(bytes: &[u8]) -> bool {
    rounds(bytes).is_some() || bytes.len() > 12 + 16
}

/// Decrypts an encrypted backup to its JSON: the older scheme first (one SHA-256, and its
/// nonce may happen to read as a round count), then the current one.
pub(super) fn open(bytes: &[u8], password: &str, limits: Limits) -> Result<Value, ImportError> {
    let mut plain = open_older(bytes, password);
    if plain.is_none()
        && let Some(rounds) = rounds(bytes)
    {
        let (salt, rest) = bytes[4..].split_at(12);
        let (nonce, sealed) = rest.split_at(12);
        let key = decrypt::pbkdf2(Prf::Sha1, password.as_bytes(), salt, rounds, limits)
            .map_err(|_| ImportError::TooCostly(Format::AndOtp))?;
        plain = decrypt::aes_gcm(&key, nonce, sealed).ok();
    }
    let plain = plain.ok_or(ImportError::WrongPassword(Format::AndOtp))?;
    serde_json::from_slice(&plain).map_err(|_| ImportError::Unreadable(Format::AndOtp))
}

fn open_older(bytes: &[u8], password: &str) -> Option<Vec<u8>> {
    let (nonce, sealed) = bytes.split_at_checked(12)?;
    let key: [u8; 32] = Sha256::digest(password.as_bytes()).into();
    decrypt::aes_gcm(&key, nonce, sealed).ok()
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
    let (service, account) = names(e);
    Fields {
        service,
        account,
        secret: string(e, "secret"),
        algorithm: string(e, "algorithm"),
        digits: e.get("digits").cloned(),
        period: e.get("period").cloned(),
        counter: e.get("counter").cloned(),
        otp_type,
    }
    .into_entry()
}

/// Service and account: `issuer` and `label`, or, in older backups without `issuer`, the label
/// `Issuer - Issuer:Name` split into `Issuer` and `Name`.
fn names(e: &Value) -> (Option<String>, Option<String>) {
    let label = string(e, "label");
    if let Some(issuer) = string(e, "issuer") {
        return ((!issuer.is_empty()).then_some(issuer), label);
    }
    let Some((issuer, name)) = label.as_deref().and_then(|l| l.split_once(" - ")) else {
        return (None, label);
    };
    let name = name
        .strip_prefix(issuer)
        .and_then(|n| n.strip_prefix(':'))
        .unwrap_or(name);
    (Some(issuer.into()), Some(name.into()))
}
