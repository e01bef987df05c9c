//! 2FAS backups (`.2fas`), plain and encrypted (`servicesEncrypted`), every schema version.
//!
//! What each schema version carries, as 2FAS's apps wrote them (the fixtures hold v2 and v4):
//! - v1 and v2: `name`, `secret`, `otp.{label, account, issuer, digits, period, algorithm}`; no
//!   token type and no counter: every entry is a TOTP. `period` and `digits` may be absent (30 s,
//!   6 digits, as 2FAS assumed). v2 added `servicesEncrypted` (PBKDF2-SHA256 + AES-GCM) and `order`.
//! - v3: `otp.tokenType` (`TOTP`, `HOTP`, `STEAM`) and `otp.counter` for HOTP.
//! - v4: `otp.source`, `otp.link` and group ids; nothing an account needs.
//!
//! So a missing `tokenType` means TOTP, never "type required".

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use serde_json::Value;

use base64::Engine;

use super::decrypt::{self, Prf};
use super::{Entry, Fields, Format, ImportError, Limits, Unlock, missing, string};
use crate::validation::ValidationErrors;

pub(super) fn detect(v: &Value) -> bool {
    v.get("schemaVersion").is_some()
        && (v.get("services").is_some() || v.get("servicesEncrypted").is_some())
}

/// 2FAS derives the key with PBKDF2-HMAC-SHA256 over this many rounds.
const PBKDF2_ROUNDS: u32 = 10_000;

pub(super) fn read(v: &Value, unlock: Unlock) -> Result<Vec<Entry>, ImportError> {
    let opened;
    let mut services = v.get("services").and_then(Value::as_array);
    if let Some(sealed) = v
        .get("servicesEncrypted")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        opened = open(sealed, unlock.password(Format::TwoFas)?, unlock.limits)?;
        services = opened.as_array();
    }
    let services = services.ok_or(ImportError::Unreadable(Format::TwoFas))?;
    let mut errors = ValidationErrors::new();
    for (i, s) in services.iter().enumerate() {
        for key in ["secret", "name", "otp"] {
            if s.get(key).is_none() {
                missing(&mut errors, &format!("services.{i}.{key}"));
            }
        }
    }
    errors.into_result().map_err(ImportError::Invalid)?;
    Ok(services.iter().map(service).collect())
}

/// Opens `servicesEncrypted` = `base64(ciphertext ‖ tag):base64(salt):base64(iv)`.
fn open(sealed: &str, password: &str, limits: Limits) -> Result<Value, ImportError> {
    let unreadable = ImportError::Unreadable(Format::TwoFas);
    let parts: Vec<Vec<u8>> = sealed
        .split(':')
        .map(|p| base64::engine::general_purpose::STANDARD.decode(p))
        .collect::<Result<_, _>>()
        .map_err(|_| unreadable.clone())?;
    let [ciphertext, salt, iv] = parts.as_slice() else {
        return Err(unreadable);
    };
    let key = decrypt::pbkdf2(
        Prf::Sha256,
        password.as_bytes(),
        salt,
        PBKDF2_ROUNDS,
        limits,
    )
    .map_err(|_| ImportError::TooCostly(Format::TwoFas))?;
    let plain = decrypt::aes_gcm(&key, iv, ciphertext)
        .map_err(|_| ImportError::WrongPassword(Format::TwoFas))?;
    serde_json::from_slice(&plain).map_err(|_| unreadable)
}

/// One 2FAS service: `name` → service, `otp.account` → account, `otp.tokenType` → type.
pub(super) fn service(s: &Value) -> Entry {
    let otp = &s["otp"];
    // Schemas 1 and 2 have no token type: TOTP was the only kind 2FAS knew.
    let otp_type = Some(match string(otp, "tokenType").as_deref() {
        None => "totp".to_string(),
        Some("STEAM") => "steamtotp".to_string(),
        Some(other) => other.to_ascii_lowercase(),
    });
    let is = |t: &str| otp_type.as_deref() == Some(t);
    Fields {
        service: string(s, "name"),
        account: string(otp, "account")
            .filter(|a| !a.is_empty())
            .or_else(|| string(otp, "label")),
        secret: string(s, "secret"),
        algorithm: string(otp, "algorithm"),
        digits: otp.get("digits").cloned(),
        period: otp.get("period").cloned().filter(|_| !is("hotp")),
        counter: otp.get("counter").cloned().filter(|_| is("hotp")),
        otp_type,
    }
    .into_entry()
}
