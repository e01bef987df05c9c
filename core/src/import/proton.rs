//! Proton Authenticator exports: entries holding otpauth URIs (`entry_type` `Steam` for Steam).

use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, ImportError, uri_entry};

pub(super) fn detect(v: &Value) -> bool {
    v.get("entries")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().all(|e| e.pointer("/content/uri").is_some()))
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    let entries = v["entries"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    Ok(entries
        .iter()
        .map(|e| {
            let uri = e
                .pointer("/content/uri")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let steam = e.pointer("/content/entry_type").and_then(Value::as_str) == Some("Steam");
            uri_entry(uri, steam)
        })
        .collect())
}
