//! TOTP Authenticator (`com.authenticator.authservice2`): encrypted backups, base64 text of
//! AES-256-CBC ciphertext (zero IV, PKCS#7) under the SHA-256 of the password, whose plaintext is
//! a JSON object with one member whose *name* is the account list, itself JSON text; and the app's
//! internal storage, a SharedPreferences file whose string entry holds the same list in clear.
//! Secrets are hex (`base` 16) or base32; digits and period are strings; no algorithm (SHA1).

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::android_prefs::Pref;
use super::decrypt;
use super::{Entry, Fields, Format, ImportError, string};
use crate::base32;

/// The file's bytes when `text` is one base64 block of whole AES blocks.
pub(super) fn sealed(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()?;
    (bytes.len() >= 16 && bytes.len().is_multiple_of(16)).then_some(bytes)
}

pub(super) fn read(sealed: &[u8], password: &str) -> Result<Vec<Entry>, ImportError> {
    let wrong = ImportError::WrongPassword(Format::TotpAuthenticator);
    let key: [u8; 32] = Sha256::digest(password.as_bytes()).into();
    let plain = decrypt::aes_cbc(&key, &[0; 16], sealed).map_err(|_| wrong.clone())?;
    // No tag: garbage from a wrong key fails to parse as the expected JSON.
    let outer: Value = serde_json::from_slice(&plain).map_err(|_| wrong.clone())?;
    let (list, _) = outer
        .as_object()
        .and_then(|o| o.iter().next())
        .ok_or(wrong.clone())?;
    let accounts: Value = serde_json::from_str(list).map_err(|_| wrong)?;
    let accounts = accounts
        .as_array()
        .ok_or(ImportError::Unreadable(Format::TotpAuthenticator))?;
    Ok(accounts.iter().map(entry).collect())
}

/// The account list of the internal storage: a preference whose value is a JSON list of objects
/// with a `key` and its `base`.
fn list_in(p: &Pref) -> Option<Vec<Value>> {
    let list: Vec<Value> = serde_json::from_str(&p.value).ok()?;
    (!list.is_empty()
        && list
            .iter()
            .all(|a| a.get("key").is_some() && a.get("base").is_some()))
    .then_some(list)
}

pub(super) fn detect_prefs(prefs: &[Pref]) -> bool {
    prefs.iter().any(|p| list_in(p).is_some())
}

pub(super) fn read_prefs(prefs: &[Pref]) -> Result<Vec<Entry>, ImportError> {
    let list = prefs
        .iter()
        .find_map(list_in)
        .ok_or(ImportError::Unreadable(Format::TotpAuthenticator))?;
    Ok(list.iter().map(entry).collect())
}

/// A number the app may store as text.
fn number(v: &Value, key: &str) -> Option<Value> {
    match v.get(key)? {
        Value::String(s) => s.trim().parse::<u64>().ok().map(Value::from),
        n @ Value::Number(_) => Some(n.clone()),
        _ => None,
    }
}

fn entry(a: &Value) -> Entry {
    let key = string(a, "key");
    let secret = match a.get("base").and_then(Value::as_i64) {
        Some(16) => key
            .as_deref()
            .and_then(decrypt::hex)
            .map(|bytes| base32::encode(&bytes)),
        _ => key,
    };
    Fields {
        otp_type: Some("totp".into()),
        service: string(a, "issuer").filter(|s| !s.is_empty()),
        account: string(a, "name"),
        secret,
        algorithm: Some("sha1".into()),
        digits: number(a, "digits"),
        period: number(a, "period"),
        counter: None,
    }
    .into_entry()
}
