//! 2FAuth's own JSON export.

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, Fields, ImportError, missing, string};
use crate::account::PORTABLE_FIELDS as KEYS;
use crate::validation::ValidationErrors;

pub(super) fn detect(v: &Value) -> bool {
    v.get("schema").is_some()
        && v.get("app")
            .and_then(Value::as_str)
            .is_some_and(|a| a.starts_with("2fauth_"))
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    let items = v
        .get("data")
        .and_then(Value::as_array)
        .ok_or(ImportError::Unreadable(super::Format::TwoFAuth))?;
    let mut errors = ValidationErrors::new();
    for (i, item) in items.iter().enumerate() {
        for key in KEYS {
            if item.get(key).is_none() {
                missing(&mut errors, &format!("data.{i}.{key}"));
            }
        }
    }
    errors.into_result().map_err(ImportError::Invalid)?;
    Ok(items
        .iter()
        .map(|item| {
            let otp_type = string(item, "otp_type");
            let positive = |key: &str| {
                item.get(key)
                    .filter(|v| v.as_u64().is_some_and(|n| n > 0))
                    .cloned()
            };
            Fields {
                period: positive("period").filter(|_| otp_type.as_deref() == Some("totp")),
                counter: positive("counter").filter(|_| otp_type.as_deref() == Some("hotp")),
                otp_type,
                service: string(item, "service"),
                account: string(item, "account"),
                secret: string(item, "secret"),
                algorithm: string(item, "algorithm"),
                digits: item.get("digits").cloned(),
            }
            .into_entry()
        })
        .collect())
}
