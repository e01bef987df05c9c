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

/// A decimal number as `str::parse::<f64>` reads it: the same grammar (an optional sign, then
/// digits with an optional point and exponent, or `inf`, `infinity`, `nan` in any case) and the
/// same values, the digits converted by serde_json's parser, which converts JSON bodies too.
/// `parse`'s own conversion (dec2flt) brings a 10 KB table of powers of five that `gzip` barely
/// shrinks: 13.8 KiB gzip in the worker for three reads of a setting or a query. The two agree
/// to the bit for up to 15 digits scaled by at most 10^±22 (the test compares them); beyond,
/// as for a number in a JSON body, the last bit may differ.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if ["inf", "infinity"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(unsigned))
    {
        f64::INFINITY
    } else if unsigned.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let exponent_digits = exponent.map(|e| e.strip_prefix(['+', '-']).unwrap_or(e));
        if whole.is_empty() && fraction.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || exponent_digits.is_some_and(|e| e.is_empty() || !digits(e))
        {
            return None;
        }
        // In JSON's grammar: no leading zero, digits on both sides of a point.
        let whole = whole.trim_start_matches('0');
        let mut json = String::from(if whole.is_empty() { "0" } else { whole });
        if !fraction.is_empty() {
            json.push('.');
            json.push_str(fraction);
        }
        if let Some(exponent) = exponent {
            json.push('e');
            json.push_str(exponent);
        }
        // The grammar is JSON's now: serde_json refuses only what exceeds f64, `parse`'s infinity.
        serde_json::from_str::<f64>(&json).unwrap_or(f64::INFINITY)
    };
    Some(if negative { -magnitude } else { magnitude })
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
    use alloc::format;
    use serde_json::json;

    /// `parse_f64` reads what `str::parse::<f64>` reads, to the bit, and refuses what it refuses.
    #[test]
    fn floats_read_as_parse_reads_them() {
        let same = |text: &str| {
            let (ours, std) = (parse_f64(text), text.parse::<f64>().ok());
            match (ours, std) {
                (Some(a), Some(b)) if a.is_nan() => assert!(b.is_nan(), "{text}"),
                (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text}"),
                (a, b) => assert_eq!(a, b, "{text}"),
            }
        };
        let mantissas = [
            "0",
            "00",
            "1",
            "5",
            "9",
            "10",
            "007",
            "15",
            "123",
            "4567",
            "99999",
            "314159",
            "1234567890123",
            "999999999999999",
            "9007199254740993",
            "18446744073709551616",
        ];
        let exponents = [
            "", "e0", "e5", "E-7", "e+22", "e-22", "e308", "e-308", "e400", "e-400", "e-330",
        ];
        for sign in ["", "+", "-"] {
            for m in mantissas {
                for e in exponents {
                    for text in [
                        format!("{sign}{m}{e}"),
                        format!("{sign}{m}.{e}"),
                        format!("{sign}.{m}{e}"),
                        format!("{sign}{m}.{m}{e}"),
                        format!("{sign}0.{m}{e}"),
                    ] {
                        // Past 15 digits, or a scale past 10^±22, the last bit may differ
                        // (the function's comment): compared only within.
                        let mantissa = text.split(['e', 'E']).next().unwrap();
                        let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
                        let decimals = mantissa.split_once('.').map_or(0, |(_, f)| f.len());
                        let exponent = e.trim_start_matches(['e', 'E', '+']).parse().unwrap_or(0);
                        if digits <= 15 && (exponent - decimals as i32).abs() <= 22 {
                            same(&text);
                        } else {
                            let (ours, std) = (parse_f64(&text), text.parse::<f64>().ok());
                            assert_eq!(ours.is_some(), std.is_some(), "{text}");
                        }
                    }
                }
            }
            for word in ["inf", "INF", "infinity", "Infinity", "nan", "NaN"] {
                same(&format!("{sign}{word}"));
            }
        }
        for text in [
            "", "+", "-", ".", "+.", "e5", ".e5", "1e", "1e+", "1e-", "--1", "+-1", "1.2.3", " 1",
            "1 ", "1_000", "0x10", "1e5.0", "infinite", "nana", "1d", "١",
        ] {
            same(text);
        }
    }

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
