//! Stratum (formerly Authenticator Pro) backups: a JSON object whose `Authenticators` list has a
//! numeric `Type` (1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex) and `Algorithm` (0 SHA1, 1 SHA256,
//! 2 SHA512). Encrypted, the file is the 16 ASCII bytes `AUTHENTICATORPRO`, a 16-byte salt, a
//! 12-byte nonce, then AES-256-GCM ciphertext and tag of that JSON, under Argon2id (3 passes,
//! 64 MiB, 4 lanes). Older versions wrote `AuthenticatorPro`, a 20-byte salt and a 16-byte IV,
//! then AES-256-CBC under PBKDF2-HMAC-SHA1 (64 000 rounds). The app's internal database holds
//! the same fields (see `read_rows`).

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::Value;

use super::decrypt::{self, KdfRefusal, Prf};
use super::{Entry, Fields, Format, ImportError, Limits, string};

const HEADER: &[u8; 16] = b"AUTHENTICATORPRO";
const LEGACY_HEADER: &[u8; 16] = b"AuthenticatorPro";
/// Argon2id as Stratum runs it: 64 MiB, 3 passes, 4 lanes.
const ARGON2: (u64, u64, u32) = (64 << 20, 3, 4);
const LEGACY_ROUNDS: u32 = 64_000;

pub(super) fn detect(v: &Value) -> bool {
    v.get("Authenticators").is_some_and(Value::is_array)
}

/// Whether bytes are an encrypted backup (current or legacy).
pub(super) fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER) || bytes.starts_with(LEGACY_HEADER)
}

/// Decrypts an encrypted backup to its JSON.
pub(super) fn open(bytes: &[u8], password: &str, limits: Limits) -> Result<Value, ImportError> {
    let unreadable = ImportError::Unreadable(Format::Stratum);
    let wrong = ImportError::WrongPassword(Format::Stratum);
    let plain = if let Some(rest) = bytes.strip_prefix(HEADER) {
        if rest.len() < 16 + 12 + 16 {
            return Err(unreadable);
        }
        let (salt, rest) = rest.split_at(16);
        let (nonce, sealed) = rest.split_at(12);
        let key = decrypt::argon2id_lanes(password.as_bytes(), salt, ARGON2, limits).map_err(
            |refusal| match refusal {
                KdfRefusal::TooCostly => ImportError::TooCostly(Format::Stratum),
                KdfRefusal::Invalid => unreadable.clone(),
            },
        )?;
        decrypt::aes_gcm(&key, nonce, sealed).map_err(|_| wrong.clone())?
    } else {
        let rest = bytes
            .strip_prefix(LEGACY_HEADER)
            .ok_or(unreadable.clone())?;
        if rest.len() < 20 + 16 + 16 {
            return Err(unreadable);
        }
        let (salt, rest) = rest.split_at(20);
        let (iv, sealed) = rest.split_at(16);
        let key = decrypt::pbkdf2(Prf::Sha1, password.as_bytes(), salt, LEGACY_ROUNDS, limits)
            .map_err(|_| ImportError::TooCostly(Format::Stratum))?;
        let iv: &[u8; 16] = iv.try_into().map_err(|_| unreadable.clone())?;
        decrypt::aes_cbc(&key, iv, sealed).map_err(|_| wrong.clone())?
    };
    serde_json::from_slice(&plain).map_err(|_| wrong)
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    Ok(v["Authenticators"]
        .as_array()
        .map(|a| a.iter().map(entry).collect())
        .unwrap_or_default())
}

/// One authenticator, from the backup's JSON or a database row made into the same object.
pub(super) fn entry(a: &Value) -> Entry {
    let number = |key: &str| a.get(key).and_then(Value::as_i64);
    let otp_type = number("Type").map(|t| String::from(kind(t)));
    let hotp = number("Type") == Some(1);
    Fields {
        service: string(a, "Issuer").filter(|s| !s.is_empty()),
        account: string(a, "Username").filter(|s| !s.is_empty()),
        secret: string(a, "Secret"),
        algorithm: number("Algorithm").map(|n| String::from(algorithm(n))),
        digits: a.get("Digits").cloned(),
        period: a.get("Period").cloned().filter(|_| !hotp),
        counter: a.get("Counter").cloned().filter(|_| hotp),
        otp_type,
    }
    .into_entry()
}

/// Stratum's type numbers, as 2FAuth's type names (unknown ones stay invalid entries).
fn kind(n: i64) -> &'static str {
    match n {
        1 => "hotp",
        2 => "totp",
        3 => "motp",
        4 => "steamtotp",
        5 => "yandex",
        _ => "unknown",
    }
}

fn algorithm(n: i64) -> &'static str {
    match n {
        0 => "sha1",
        1 => "sha256",
        2 => "sha512",
        _ => "unknown",
    }
}
