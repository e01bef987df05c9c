//! Steam Guard secrets: the Steam mobile app's internal files (`files/Steamguard-<steamid>`: one
//! JSON object per account in older versions; newer ones keep a map of such objects, by steam
//! id, under `accounts`) and Steam Desktop Authenticator's `.maFile` (the same object, with more
//! session fields). `shared_secret` is the base64 key; the account is `account_name`; Steam
//! names no issuer, so the service is `Steam`. Codes are Steam's: 5 characters, 30 s.

use alloc::vec::Vec;

use base64::Engine;
use serde_json::Value;

use super::{Entry, Fields, ImportError, string};
use crate::base32;

/// One Steam Guard object: a shared secret and an account name.
fn is_account(v: &Value) -> bool {
    v.get("shared_secret").is_some_and(Value::is_string) && v.get("account_name").is_some()
}

/// The accounts of a file: the object itself, or the values of its map of accounts.
fn accounts(v: &Value) -> Option<Vec<&Value>> {
    if is_account(v) {
        return Some(alloc::vec![v]);
    }
    let map = v.get("accounts").unwrap_or(v).as_object()?;
    (!map.is_empty() && map.values().all(is_account)).then(|| map.values().collect())
}

pub(super) fn detect(v: &Value) -> bool {
    accounts(v).is_some()
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    Ok(accounts(v)
        .unwrap_or_default()
        .into_iter()
        .map(entry)
        .collect())
}

fn entry(a: &Value) -> Entry {
    let secret = string(a, "shared_secret")
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        .map(|bytes| base32::encode(&bytes));
    Fields {
        otp_type: Some("steamtotp".into()),
        service: Some("Steam".into()),
        account: string(a, "account_name"),
        secret,
        ..Fields::default()
    }
    .into_entry()
}
