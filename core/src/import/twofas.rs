//! 2FAS backups. Encrypted backups (`servicesEncrypted`) are recognised and refused here.

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, Fields, Format, ImportError, missing, string};
use crate::validation::ValidationErrors;

pub(super) fn detect(v: &Value) -> bool {
    v.get("schemaVersion").is_some()
        && (v.get("services").is_some() || v.get("servicesEncrypted").is_some())
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    if v.get("servicesEncrypted")
        .is_some_and(|s| s.as_str().is_some_and(|s| !s.is_empty()))
    {
        return Err(ImportError::Encrypted(Format::TwoFas));
    }
    let services = v
        .get("services")
        .and_then(Value::as_array)
        .ok_or(ImportError::Unreadable(Format::TwoFas))?;
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

/// One 2FAS service: `name` → service, `otp.account` → account, `otp.tokenType` → type.
pub(super) fn service(s: &Value) -> Entry {
    let otp = &s["otp"];
    let otp_type = string(otp, "tokenType").map(|t| match t.as_str() {
        "STEAM" => "steamtotp".to_string(),
        other => other.to_ascii_lowercase(),
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
