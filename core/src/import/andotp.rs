//! andOTP backups: a JSON array of entries.

use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, Fields, ImportError, string};

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
