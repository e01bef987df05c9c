//! The 41 user preferences of 2FAuth with their defaults, in 2FAuth's order.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};

/// A preference's default value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// A string.
    Str(&'static str),
    /// `null`.
    Null,
}

impl Default {
    /// The default as JSON.
    pub fn to_json(self) -> Value {
        match self {
            Self::Bool(b) => Value::Bool(b),
            Self::Int(i) => Value::from(i),
            Self::Float(f) => Value::from(f),
            Self::Str(s) => Value::from(s),
            Self::Null => Value::Null,
        }
    }
}

/// Every preference name with its default, in the order 2FAuth lists them.
pub const DEFAULTS: [(&str, Default); 41] = [
    ("showOtpAsDot", Default::Bool(false)),
    ("showNextOtp", Default::Bool(true)),
    ("revealDottedOTP", Default::Bool(false)),
    ("closeOtpOnCopy", Default::Bool(false)),
    ("copyOtpOnDisplay", Default::Bool(false)),
    ("clearSearchOnCopy", Default::Bool(false)),
    ("useBasicQrcodeReader", Default::Bool(false)),
    ("displayMode", Default::Str("list")),
    ("showAccountsIcons", Default::Bool(true)),
    ("iconSource", Default::Str("logolib")),
    ("iconCollection", Default::Str("selfh")),
    ("iconPack", Default::Null),
    ("iconVariant", Default::Str("regular")),
    ("iconVariantStrictFetch", Default::Bool(false)),
    ("kickUserAfter", Default::Int(15)),
    ("activeGroup", Default::Int(0)),
    ("useGroupChips", Default::Bool(true)),
    ("showVirtualChips", Default::Bool(true)),
    ("rememberActiveGroup", Default::Bool(true)),
    ("viewDefaultGroupOnCopy", Default::Bool(false)),
    ("defaultGroup", Default::Int(0)),
    ("defaultCaptureMode", Default::Str("livescan")),
    ("useDirectCapture", Default::Bool(false)),
    ("useWebauthnOnly", Default::Bool(false)),
    ("getOfficialIcons", Default::Bool(true)),
    ("theme", Default::Str("system")),
    ("formatPassword", Default::Bool(true)),
    ("formatPasswordBy", Default::Float(0.5)),
    ("lang", Default::Str("browser")),
    ("getOtpOnRequest", Default::Bool(true)),
    ("notifyOnNewAuthDevice", Default::Bool(false)),
    ("notifyOnFailedLogin", Default::Bool(false)),
    ("notifyOnOwnershipTransfer", Default::Bool(true)),
    ("notifyOnShare", Default::Bool(true)),
    ("timezone", Default::Str("UTC")),
    ("sortOrder", Default::Str("asc")),
    ("sortCaseSensitive", Default::Bool(false)),
    ("autoCloseTimeout", Default::Int(2)),
    ("AutoSaveQrcodedAccount", Default::Bool(false)),
    ("showEmailInFooter", Default::Bool(true)),
    ("showQuickNavMenus", Default::Bool(true)),
];

/// Preferences an administrator can never lock (2FAuth's rule).
pub const NEVER_LOCKED: [&str; 4] = [
    "activeGroup",
    "defaultGroup",
    "useWebauthnOnly",
    "sortOrder",
];

/// 2FAuth's environment name part of a preference: `revealDottedOTP` → `REVEAL_DOTTED_OTP`.
pub fn env_name(preference: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in preference.chars() {
        if c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
        previous = Some(c);
    }
    out
}

/// Reads an environment value with the type of the preference's default.
fn parse_env(raw: &str, default: Default) -> Value {
    let raw = raw.trim();
    match default {
        Default::Bool(_) => Value::Bool(crate::input::php_bool(raw)),
        Default::Int(i) => raw.parse::<i64>().map_or(Value::from(i), Value::from),
        Default::Float(f) => crate::input::parse_f64(raw).map_or(Value::from(f), Value::from),
        Default::Str(_) | Default::Null if raw == "null" => Value::Null,
        Default::Str(_) | Default::Null => Value::from(raw),
    }
}

/// One resolved preference.
#[derive(Debug, Clone, PartialEq)]
pub struct Preference {
    /// Its name.
    pub key: &'static str,
    /// The user's value, or the default when unset or locked.
    pub value: Value,
    /// Whether the instance's environment locks it.
    pub locked: bool,
}

/// The user's preferences in 2FAuth's order: stored values over the defaults, where `env` (a
/// variable lookup) may override defaults (`USERPREF_DEFAULT__<NAME>`) and lock preferences
/// (`USERPREF_LOCKED__<NAME>=true`, which also ignores the stored value). Unknown stored keys are
/// dropped.
pub fn resolve(
    stored: &Map<String, Value>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Vec<Preference> {
    DEFAULTS
        .iter()
        .map(|(key, default)| {
            let name = env_name(key);
            let default_value = env(&format!("USERPREF_DEFAULT__{name}"))
                .map_or_else(|| default.to_json(), |raw| parse_env(&raw, *default));
            let locked = !NEVER_LOCKED.contains(key)
                && env(&format!("USERPREF_LOCKED__{name}"))
                    .is_some_and(|v| crate::input::php_bool(&v));
            let value = match stored.get(*key) {
                Some(v) if !locked => v.clone(),
                _ => default_value,
            };
            Preference { key, value, locked }
        })
        .collect()
}

/// The user's preferences as one object (the `preferences` of user payloads).
pub fn merged(
    stored: &Map<String, Value>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Map<String, Value> {
    resolve(stored, env)
        .into_iter()
        .map(|p| (p.key.into(), p.value))
        .collect()
}

/// The preference named `key`, if it exists.
pub fn known(key: &str) -> Option<&'static str> {
    DEFAULTS.iter().map(|(k, _)| *k).find(|k| *k == key)
}

/// The inactivity after which a cookie session ends, from `kickUserAfter` (minutes; `0` never,
/// `-1` "on OTP copy", which the web app handles): `None` when the server does not kick.
pub fn kick_after_seconds(value: &Value) -> Option<u64> {
    let minutes = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => crate::input::parse_f64(s.trim())?,
        _ => return None,
    };
    (minutes >= 1.0 && minutes.is_finite()).then_some((minutes * 60.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use serde_json::json;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn kick_after_reads_minutes() {
        assert_eq!(kick_after_seconds(&json!(15)), Some(900));
        assert_eq!(kick_after_seconds(&json!("5")), Some(300));
        assert_eq!(kick_after_seconds(&json!(0)), None);
        assert_eq!(kick_after_seconds(&json!(-1)), None);
        assert_eq!(kick_after_seconds(&json!(true)), None);
    }

    #[test]
    fn env_names_like_2fauth() {
        assert_eq!(env_name("revealDottedOTP"), "REVEAL_DOTTED_OTP");
        assert_eq!(
            env_name("AutoSaveQrcodedAccount"),
            "AUTO_SAVE_QRCODED_ACCOUNT"
        );
        assert_eq!(env_name("theme"), "THEME");
    }

    #[test]
    fn environment_defaults_and_locks() {
        let Value::Object(stored) =
            json!({"theme": "dark", "kickUserAfter": 5, "sortOrder": "desc"})
        else {
            unreachable!()
        };
        let env = |name: &str| match name {
            "USERPREF_DEFAULT__THEME" => Some("light".to_string()),
            "USERPREF_LOCKED__THEME" => Some("true".to_string()),
            "USERPREF_DEFAULT__SHOW_OTP_AS_DOT" => Some("true".to_string()),
            "USERPREF_DEFAULT__KICK_USER_AFTER" => Some("60".to_string()),
            "USERPREF_LOCKED__SORT_ORDER" => Some("true".to_string()),
            _ => None,
        };
        let prefs = resolve(&stored, &env);
        let get = |k: &str| prefs.iter().find(|p| p.key == k).unwrap().clone();
        assert_eq!(
            (get("theme").value, get("theme").locked),
            (json!("light"), true),
            "locked ignores the stored value"
        );
        assert_eq!(
            get("showOtpAsDot").value,
            json!(true),
            "typed like the default"
        );
        assert_eq!(
            get("kickUserAfter").value,
            json!(5),
            "the user's value wins over an env default"
        );
        assert!(!get("sortOrder").locked, "never lockable");
        assert_eq!(get("sortOrder").value, json!("desc"));
    }

    #[test]
    fn merges_over_defaults_in_order() {
        let Value::Object(stored) = json!({"theme": "dark", "bogus": 1}) else {
            unreachable!()
        };
        let prefs = merged(&stored, &no_env);
        assert_eq!(prefs.len(), 41);
        assert_eq!(prefs["theme"], "dark");
        assert_eq!(prefs["formatPasswordBy"], 0.5);
        assert!(!prefs.contains_key("bogus"));
        assert_eq!(
            prefs.keys().next().map(String::as_str),
            Some("showOtpAsDot")
        );
        assert_eq!(known("theme"), Some("theme"));
        assert_eq!(known("nope"), None);
    }
}
