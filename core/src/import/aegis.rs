//! Aegis vaults. Encrypted vaults (`db` a string) are recognised and refused here.

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, Fields, Format, ImportError, missing, string};
use crate::validation::ValidationErrors;

pub(super) fn detect(v: &Value) -> bool {
    v.get("db").is_some()
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    let db = &v["db"];
    if db.is_string() && v.pointer("/header/slots").is_some_and(Value::is_array) {
        return Err(ImportError::Encrypted(Format::Aegis));
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
