//! How 2FAuth reads request input before any rule runs, and the scalar coercions its validators
//! accept (PHP `FILTER_VALIDATE_BOOLEAN`, Laravel `integer` and `boolean`).

use alloc::borrow::Cow;
use alloc::string::String;

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// A JSON document as any value; `None` when it is not one (not UTF-8 included). Read as text,
/// as every other document the worker reads: `serde_json`'s reader of bytes would be a second
/// copy of its parser in the `.wasm`.
pub fn json_value(bytes: &[u8]) -> Option<Value> {
    serde_json::from_str(core::str::from_utf8(bytes).ok()?).ok()
}

/// Fields Laravel's `TrimStrings` leaves untouched: passwords keep their spaces.
const UNTRIMMED: [&str; 3] = ["current_password", "password", "password_confirmation"];

/// Laravel's `TrimStrings` then `ConvertEmptyStringsToNull`, applied recursively to a request body
/// or query: strings are trimmed (passwords excepted) and empty strings become `null`.
pub fn normalize(value: &mut Value) {
    normalize_field(None, value);
}

fn normalize_field(key: Option<&str>, value: &mut Value) {
    match value {
        Value::String(s) => {
            if !key.is_some_and(|k| UNTRIMMED.contains(&k)) {
                let trimmed = s.trim();
                if trimmed.len() != s.len() {
                    *s = String::from(trimmed);
                }
            }
            if s.is_empty() {
                *value = Value::Null;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| normalize_field(None, v)),
        Value::Object(map) => map
            .iter_mut()
            .for_each(|(k, v)| normalize_field(Some(k.as_str()), v)),
        _ => {}
    }
}

/// PHP `filter_var($v, FILTER_VALIDATE_BOOLEAN)`, as 2FAuth reads `withSecret` and `otpauth`:
/// `1`, `true`, `on`, `yes` (any case) are true; anything else is false.
pub fn php_bool(raw: &str) -> bool {
    ["1", "true", "on", "yes"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(raw.trim()))
}

/// Laravel's `integer` rule: a JSON integer or a string of an optional sign and digits.
pub fn laravel_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| *f == (*f as i64) as f64)
                .map(|f| f as i64)
        }),
        Value::String(s) => {
            let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        _ => None,
    }
}

/// Laravel's `integer` rule for values that may exceed `i64` upwards (HOTP counters are `u64`).
pub fn laravel_unsigned(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => {
            let digits = s.strip_prefix('+').unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        }
        _ => None,
    }
}

/// Laravel's `boolean` rule: `true`, `false`, `0`, `1`, `"0"`, `"1"` only.
pub fn laravel_boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) if s == "0" => Some(false),
        Value::String(s) if s == "1" => Some(true),
        _ => None,
    }
}

/// PHP's `urldecode`: `+` is a space, then percent-decoding (invalid UTF-8 replaced).
pub fn url_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    match percent_decode_str(&spaced).decode_utf8_lossy() {
        Cow::Borrowed(b) => String::from(b),
        Cow::Owned(o) => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn trims_and_nulls_recursively_but_not_passwords() {
        let mut v =
            json!({"a": "  x ", "b": "", "c": ["  ", " y"], "password": " secret ", "n": 3});
        normalize(&mut v);
        assert_eq!(
            v,
            json!({"a": "x", "b": null, "c": [null, "y"], "password": " secret ", "n": 3})
        );
    }

    #[test]
    fn php_booleans() {
        for t in ["1", "true", "TRUE", "on", "yes"] {
            assert!(php_bool(t));
        }
        for f in ["0", "false", "off", "no", "", "2"] {
            assert!(!php_bool(f));
        }
    }

    #[test]
    fn laravel_scalars() {
        assert_eq!(laravel_integer(&json!(7)), Some(7));
        assert_eq!(laravel_integer(&json!("7")), Some(7));
        assert_eq!(laravel_integer(&json!("-3")), Some(-3));
        assert_eq!(laravel_integer(&json!(7.0)), Some(7));
        assert_eq!(laravel_integer(&json!(7.5)), None);
        assert_eq!(laravel_integer(&json!("7a")), None);
        assert_eq!(laravel_integer(&json!(true)), None);
        assert_eq!(
            laravel_unsigned(&json!("18446744073709551615")),
            Some(u64::MAX)
        );
        assert_eq!(laravel_unsigned(&json!(-1)), None);
        assert_eq!(laravel_boolean(&json!("1")), Some(true));
        assert_eq!(laravel_boolean(&json!(0)), Some(false));
        assert_eq!(laravel_boolean(&json!("yes")), None);
    }
}
