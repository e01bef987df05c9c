//! Aegis vaults. Encrypted vaults (`db` a string) are recognised and refused here.

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;

use base64::Engine;

use super::decrypt::{self, hex};
use super::{Entry, Fields, Format, ImportError, Limits, Unlock, missing, string};
use crate::validation::ValidationErrors;

pub(super) fn detect(v: &Value) -> bool {
    v.get("db").is_some()
}

pub(super) fn read(v: &Value, unlock: Unlock) -> Result<Vec<Entry>, ImportError> {
    let opened;
    let mut db = &v["db"];
    if db.is_string() && v.pointer("/header/slots").is_some_and(Value::is_array) {
        opened = open(v, unlock.password(Format::Aegis)?, unlock.limits)?;
        db = &opened;
    }
    let entries = db
        .get("entries")
        .and_then(Value::as_array)
        .ok_or(ImportError::Unreadable(Format::Aegis))?;
    let mut errors = ValidationErrors::new();
    for (i, e) in entries.iter().enumerate() {
        for key in ["type", "name", "issuer", "info"] {
            if e.get(key).is_none() {
                missing(&mut errors, &format!("db.entries.{i}.{key}"));
            }
        }
    }
    errors.into_result().map_err(ImportError::Invalid)?;
    Ok(entries.iter().map(entry).collect())
}

/// The most password slots an encrypted vault may have: each is tried with its own scrypt run,
/// so a vault of a thousand slots would cost a thousand derivations. Aegis writes one password
/// slot (biometric slots, type 2, are skipped without cost).
pub const MAX_PASSWORD_SLOTS: usize = 4;

/// Opens an encrypted vault: a password slot (scrypt) unwraps the master key, which decrypts `db`.
/// More than [`MAX_PASSWORD_SLOTS`] password slots is refused as too costly before any scrypt.
fn open(v: &Value, password: &str, limits: Limits) -> Result<Value, ImportError> {
    let unreadable = ImportError::Unreadable(Format::Aegis);
    let slots = v
        .pointer("/header/slots")
        .and_then(Value::as_array)
        .ok_or(unreadable.clone())?;
    let is_password = |slot: &&Value| slot["type"].as_u64() == Some(1);
    if slots.iter().filter(is_password).count() > MAX_PASSWORD_SLOTS {
        return Err(ImportError::TooCostly(Format::Aegis));
    }
    let mut too_costly = false;
    let master = slots
        .iter()
        .filter(is_password)
        .find_map(|slot| {
            let field = |k: &str| slot[k].as_str().and_then(hex);
            let param = |k: &str| slot["key_params"][k].as_str().and_then(hex);
            let number = |k: &str| slot[k].as_u64();
            let cost = (
                number("n")?,
                u32::try_from(number("r")?).ok()?,
                u32::try_from(number("p")?).ok()?,
            );
            let derived = decrypt::scrypt(password.as_bytes(), &field("salt")?, cost, limits)
                .map_err(|refusal| too_costly |= refusal == decrypt::KdfRefusal::TooCostly)
                .ok()?;
            let mut sealed = field("key")?;
            sealed.extend(param("tag")?);
            decrypt::aes_gcm(&derived, &param("nonce")?, &sealed).ok()
        })
        .ok_or(if too_costly {
            ImportError::TooCostly(Format::Aegis)
        } else {
            ImportError::WrongPassword(Format::Aegis)
        })?;
    let params = &v["header"]["params"];
    let nonce = params["nonce"]
        .as_str()
        .and_then(hex)
        .ok_or(unreadable.clone())?;
    let mut sealed = base64::engine::general_purpose::STANDARD
        .decode(v["db"].as_str().unwrap_or_default())
        .map_err(|_| unreadable.clone())?;
    sealed.extend(
        params["tag"]
            .as_str()
            .and_then(hex)
            .ok_or(unreadable.clone())?,
    );
    let plain = decrypt::aes_gcm(&master, &nonce, &sealed).map_err(|_| unreadable.clone())?;
    serde_json::from_slice(&plain).map_err(|_| unreadable)
}

/// One Aegis entry: `issuer` → service, `name` → account (the issuer when empty).
pub(super) fn entry(e: &Value) -> Entry {
    let info = &e["info"];
    let otp_type = string(e, "type").map(|t| if t == "steam" { "steamtotp".into() } else { t });
    let service = string(e, "issuer").filter(|s| !s.is_empty());
    Fields {
        account: string(e, "name")
            .filter(|s| !s.is_empty())
            .or_else(|| service.clone()),
        service,
        otp_type,
        secret: string(info, "secret"),
        algorithm: string(info, "algo"),
        digits: info.get("digits").cloned(),
        period: info.get("period").cloned(),
        counter: info.get("counter").cloned(),
    }
    .into_entry()
}
