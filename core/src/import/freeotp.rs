//! FreeOTP+ backups (`tokens` with secrets as signed byte arrays) and the original FreeOTP 1.x's
//! internal storage (`shared_prefs/tokens.xml`: one string preference per token holding the same
//! JSON, plus a `tokenOrder` list to skip). Both store an HOTP counter one below the next value
//! to use (they increment before computing), so we add one.

use alloc::vec::Vec;

use serde_json::Value;

use super::android_prefs::Pref;
use super::{Entry, Fields, ImportError, string};
use crate::base32;

/// FreeOTP 1.x's list of token names, the one preference that is not a token.
const ORDER: &str = "tokenOrder";

/// A `tokens.xml`: a token order, and every other preference a token's JSON.
pub(super) fn detect_prefs(prefs: &[Pref]) -> bool {
    prefs.iter().any(|p| p.name == ORDER)
        && prefs
            .iter()
            .filter(|p| p.name != ORDER)
            .all(|p| token(p).is_some_and(|t| t["secret"].is_array()))
}

fn token(p: &Pref) -> Option<Value> {
    serde_json::from_str::<Value>(&p.value)
        .ok()
        .filter(Value::is_object)
}

pub(super) fn read_prefs(prefs: &[Pref]) -> Result<Vec<Entry>, ImportError> {
    Ok(prefs
        .iter()
        .filter(|p| p.name != ORDER)
        .filter_map(token)
        .map(|t| entry(&t))
        .collect())
}

pub(super) fn detect(v: &Value) -> bool {
    v.get("tokens").is_some_and(Value::is_array)
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    Ok(v["tokens"]
        .as_array()
        .map(|t| t.iter().map(entry).collect())
        .unwrap_or_default())
}

fn entry(t: &Value) -> Entry {
    let secret: Option<Vec<u8>> = t["secret"].as_array().and_then(|bytes| signed_bytes(bytes));
    token_entry(t, secret, 1)
}

/// A list of Java's signed bytes.
pub(super) fn signed_bytes(list: &[Value]) -> Option<Vec<u8>> {
    list.iter().map(|b| b.as_i64().map(|b| b as u8)).collect()
}

/// An account from a FreeOTP token's JSON and its secret; `counter_offset` is what the app's
/// stored counter lags behind the next code's.
pub(super) fn token_entry(t: &Value, secret: Option<Vec<u8>>, counter_offset: u64) -> Entry {
    let otp_type = string(t, "type").map(|k| k.to_ascii_lowercase());
    let hotp = otp_type.as_deref() == Some("hotp");
    Fields {
        service: string(t, "issuerExt")
            .or_else(|| string(t, "issuerInt"))
            .filter(|s| !s.is_empty()),
        account: string(t, "label"),
        secret: secret.map(|s| base32::encode(&s)),
        algorithm: string(t, "algo"),
        digits: t.get("digits").cloned(),
        period: t.get("period").cloned().filter(|_| !hotp),
        counter: t["counter"]
            .as_u64()
            .filter(|_| hotp)
            .map(|c| Value::from(c + counter_offset)),
        otp_type,
    }
    .into_entry()
}
