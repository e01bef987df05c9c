//! Admin settings (`/api/v1/settings`): 2FAuth's 15 native settings and their defaults, the
//! admin's own custom settings, their validation and delete rules, and the registration policy
//! they define.
//!
//! Twofold always encrypts and always keeps icons in its database, so `useEncryption` and
//! `storeIconsInDatabase` read `true` and refuse to be turned off.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{Map, Value};

use crate::input::php_bool;
use crate::user::is_email;
use crate::validation::{ValidationErrors, messages};

/// A native setting's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Default {
    Bool(bool),
    Int(i64),
    Text(&'static str),
}

impl Default {
    fn to_json(self) -> Value {
        match self {
            Self::Bool(b) => Value::Bool(b),
            Self::Int(n) => Value::from(n),
            Self::Text(s) => Value::from(s),
        }
    }
}

/// The native settings in 2FAuth's order, with Twofold's defaults.
const NATIVE: [(&str, Default); 15] = [
    ("useEncryption", Default::Bool(true)),
    ("checkForUpdate", Default::Bool(true)),
    ("lastRadarScan", Default::Int(0)),
    ("latestRelease", Default::Bool(false)),
    ("disableRegistration", Default::Bool(false)),
    ("enableSso", Default::Bool(true)),
    ("useSsoOnly", Default::Bool(false)),
    ("allowPatWhileSsoOnly", Default::Bool(false)),
    ("restrictRegistration", Default::Bool(false)),
    ("restrictList", Default::Text("")),
    ("restrictRule", Default::Text("")),
    ("keepSsoRegistrationEnabled", Default::Bool(false)),
    ("storeIconsInDatabase", Default::Bool(true)),
    ("enableSharing", Default::Bool(false)),
    ("enableAllUsersSharingScope", Default::Bool(false)),
];

/// Settings that are facts about Twofold, not choices.
const FIXED: [(&str, &str); 2] = [
    ("useEncryption", crate::messages::ALWAYS_ENCRYPTED),
    (
        "storeIconsInDatabase",
        crate::messages::ICONS_ALWAYS_IN_DATABASE,
    ),
];

/// Longest custom setting key.
pub const MAX_KEY: usize = 128;
/// Longest value accepted (as JSON text), to keep a row within D1's limits.
pub const MAX_VALUE: usize = 10_000;

/// Whether `key` is one of 2FAuth's native settings.
pub fn is_native(key: &str) -> bool {
    NATIVE.iter().any(|(k, _)| *k == key)
}

/// Every setting: the natives (stored values over defaults; fixed ones always `true`), then the
/// custom ones in the order they were stored.
pub fn merged(stored: &[(String, Value)]) -> Vec<(String, Value)> {
    let stored_value = |key: &str| stored.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let mut all: Vec<(String, Value)> = NATIVE
        .iter()
        .map(|(key, default)| {
            let value = match FIXED.iter().any(|(k, _)| k == key) {
                true => default.to_json(),
                false => stored_value(key).cloned().unwrap_or(default.to_json()),
            };
            (key.to_string(), value)
        })
        .collect();
    all.extend(stored.iter().filter(|(k, _)| !is_native(k)).cloned());
    all
}

/// One setting's value among `all` (as [`merged`] gives them).
pub fn value<'a>(all: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    all.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A setting read as a switch (stored values may be `true`, `1`, `"1"`, `"true"`...).
pub fn enabled(all: &[(String, Value)], key: &str) -> bool {
    match value(all, key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => php_bool(s),
        _ => false,
    }
}

/// `value` present and not empty, within [`MAX_VALUE`].
fn required_value(body: &Map<String, Value>) -> Result<Value, ValidationErrors> {
    match body.get("value") {
        None | Some(Value::Null) => Err(ValidationErrors::single(
            "value",
            messages::required("value"),
        )),
        Some(Value::String(s)) if s.is_empty() => Err(ValidationErrors::single(
            "value",
            messages::required("value"),
        )),
        Some(v) if v.to_string().len() > MAX_VALUE => Err(ValidationErrors::single(
            "value",
            messages::max_chars("value", MAX_VALUE),
        )),
        Some(v) => Ok(v.clone()),
    }
}

/// A new custom setting (`POST /api/v1/settings`): `key` required, letters only, at most 128;
/// `value` required. `exists` tells whether the key is already a setting (natives always are).
pub fn new_setting(
    body: &Map<String, Value>,
    exists: impl Fn(&str) -> bool,
) -> Result<(String, Value), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let key = match body.get("key") {
        None | Some(Value::Null) => {
            errors.add("key", messages::required("key"));
            None
        }
        Some(Value::String(k)) if k.is_empty() => {
            errors.add("key", messages::required("key"));
            None
        }
        Some(Value::String(k)) if !k.chars().all(char::is_alphabetic) => {
            errors.add("key", messages::alpha("key"));
            None
        }
        Some(Value::String(k)) if k.chars().count() > MAX_KEY => {
            errors.add("key", messages::max_chars("key", MAX_KEY));
            None
        }
        Some(Value::String(k)) if is_native(k) || exists(k) => {
            errors.add("key", messages::taken("key"));
            None
        }
        Some(Value::String(k)) => Some(k.clone()),
        Some(_) => {
            errors.add("key", messages::string("key"));
            None
        }
    };
    let value = required_value(body).map_err(|e| errors.merge(e)).ok();
    match (key, value) {
        (Some(key), Some(value)) if errors.is_empty() => Ok((key, value)),
        _ => Err(errors),
    }
}

/// Why an update is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    /// 422.
    Invalid(ValidationErrors),
    /// 400 with this message: the setting cannot take that value in Twofold.
    Fixed(&'static str),
}

impl core::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Invalid(errors) => errors.fmt(f),
            Self::Fixed(why) => f.write_str(why),
        }
    }
}

impl core::error::Error for UpdateError {}

/// The value of `PUT /api/v1/settings/{key}`: required, except that `restrictList` (e-mails
/// separated by `|`) and `restrictRule` (a regular expression) may be emptied. `rule_compiles`
/// tells whether a new `restrictRule` is a regular expression the registration can use
/// (`rule_matches(rule, "").is_some()` where the engine is built in).
pub fn update_value(
    key: &str,
    body: &Map<String, Value>,
    rule_compiles: impl FnOnce(&str) -> bool,
) -> Result<Value, UpdateError> {
    let invalid =
        |message: String| UpdateError::Invalid(ValidationErrors::single("value", message));
    let text = || {
        body.get("value")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    match key {
        "restrictList" | "restrictRule" if body.get("value") == Some(&Value::from("")) => {
            Ok(Value::from(""))
        }
        "restrictList" => {
            let list = text().ok_or_else(|| invalid(messages::string("value")))?;
            match list.split('|').all(|e| is_email(e.trim())) {
                true => Ok(Value::from(list)),
                false => Err(invalid(messages::email_list("value"))),
            }
        }
        "restrictRule" => {
            let rule = text().ok_or_else(|| invalid(messages::string("value")))?;
            // Stored as the policy reads it (trimmed): a rule of blanks is no rule, not a rule
            // that the registration would then ignore while the setting still shows one.
            let rule = rule.trim();
            match rule.is_empty() || rule_compiles(rule) {
                true => Ok(Value::from(rule)),
                false => Err(invalid(messages::regular_expression("value"))),
            }
        }
        _ => {
            let value = required_value(body).map_err(UpdateError::Invalid)?;
            match FIXED.iter().find(|(k, _)| *k == key) {
                Some((_, why)) if !truthy(&value) => Err(UpdateError::Fixed(why)),
                _ => Ok(value),
            }
        }
    }
}

fn truthy(value: &Value) -> bool {
    enabled(&[(String::new(), value.clone())], "")
}

/// What `DELETE /api/v1/settings/{key}` does to an existing setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    /// Forget the stored value (a custom setting disappears; `restrictList` / `restrictRule`
    /// return to their empty default).
    Remove,
    /// 400: only user-created settings can be deleted.
    Refused,
}

/// The delete rule for `key`.
pub fn deletion(key: &str) -> Deletion {
    match NATIVE.iter().find(|(k, _)| *k == key) {
        Some((_, Default::Text(""))) | None => Deletion::Remove,
        Some(_) => Deletion::Refused,
    }
}

/// Whether the registration policy lets `email` register: with `restrictRegistration` on, the
/// address must be in `restrictList` or match `restrictRule` (either, when both are set; the one
/// set, when only one is; anything, when neither is). `matches_rule` answers whether the address
/// matches the rule (asked only when a rule is set and the list did not already allow it):
/// `rule_matches` (feature `rule`) where the regex engine is built in.
pub fn email_allowed(
    all: &[(String, Value)],
    email: &str,
    matches_rule: impl FnOnce(&str) -> bool,
) -> bool {
    if !enabled(all, "restrictRegistration") {
        return true;
    }
    let text = |key: &str| value(all, key).and_then(Value::as_str).unwrap_or("").trim();
    let (list, rule) = (text("restrictList"), text("restrictRule"));
    let in_list = !list.is_empty()
        && list
            .split('|')
            .any(|allowed| allowed.trim().eq_ignore_ascii_case(email));
    (list.is_empty() && rule.is_empty()) || in_list || (!rule.is_empty() && matches_rule(rule))
}

/// Whether `text` matches an admin's registration rule (a PCRE-style body without delimiters,
/// ASCII classes); `None` when the rule does not compile or is over 1 000 bytes.
/// One e-mail address is matched per registration: the PikeVM alone (linear in the address, as
/// every engine of the crate) is enough, and the faster engines would only add to the `.wasm`.
// The tests have the engine as a dev-dependency, so they check the rules whatever the features.
#[cfg(any(feature = "rule", test))]
pub fn rule_matches(rule: &str, text: &str) -> Option<bool> {
    use regex_automata::nfa::thompson::{self, pikevm::PikeVM};
    use regex_automata::util::syntax;
    if rule.len() > 1000 {
        return None;
    }
    PikeVM::builder()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .thompson(
            thompson::Config::new()
                .utf8(false)
                .nfa_size_limit(Some(1 << 20)),
        )
        .build(rule)
        .ok()
        .map(|re| re.is_match(&mut re.create_cache(), text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn natives_first_fixed_ones_true_then_custom() {
        let stored = [
            ("myKey".to_string(), json!("x")),
            ("useEncryption".to_string(), json!(false)),
            ("disableRegistration".to_string(), json!(true)),
        ];
        let all = merged(&stored);
        assert_eq!(all.len(), 16);
        assert_eq!(all[0], ("useEncryption".into(), json!(true)));
        assert_eq!(value(&all, "disableRegistration"), Some(&json!(true)));
        assert_eq!(all[15], ("myKey".into(), json!("x")));
    }

    #[test]
    fn new_settings_follow_2fauths_rules() {
        let ok = new_setting(&body(json!({"key": "myKey", "value": 3})), |_| false);
        assert_eq!(ok, Ok(("myKey".into(), json!(3))));
        for (b, field) in [
            (json!({"value": 1}), "key"),
            (json!({"key": "my_key", "value": 1}), "key"),
            (json!({"key": "useEncryption", "value": 1}), "key"),
            (json!({"key": "a".repeat(129), "value": 1}), "key"),
            (json!({"key": "fine"}), "value"),
            (json!({"key": "fine", "value": ""}), "value"),
        ] {
            let errors = new_setting(&body(b.clone()), |_| false).unwrap_err();
            assert!(errors.has(field), "{b}");
        }
        assert!(
            new_setting(&body(json!({"key": "mine", "value": 1})), |k| k == "mine")
                .unwrap_err()
                .has("key")
        );
    }

    #[test]
    fn updates_check_lists_rules_and_fixed_settings() {
        let put = |key: &str, v: Value| {
            update_value(key, &body(json!({ "value": v })), |rule| {
                rule_matches(rule, "").is_some()
            })
        };
        assert_eq!(
            put("restrictList", json!("a@x.org|b@y.org")),
            Ok(json!("a@x.org|b@y.org"))
        );
        assert!(matches!(
            put("restrictList", json!("a@x.org|nope")),
            Err(UpdateError::Invalid(_))
        ));
        assert_eq!(put("restrictRule", json!("")), Ok(json!("")));
        assert_eq!(put("restrictRule", json!("  ")), Ok(json!("")));
        assert_eq!(put("restrictRule", json!(" ^a@ ")), Ok(json!("^a@")));
        assert!(matches!(
            put("restrictRule", json!("^(unclosed")),
            Err(UpdateError::Invalid(_))
        ));
        assert!(matches!(
            put("useEncryption", json!(false)),
            Err(UpdateError::Fixed(_))
        ));
        assert_eq!(put("useEncryption", json!(true)), Ok(json!(true)));
        assert!(matches!(
            put("checkForUpdate", Value::Null),
            Err(UpdateError::Invalid(_))
        ));
    }

    #[test]
    fn only_custom_and_empty_default_settings_can_be_deleted() {
        assert_eq!(deletion("myKey"), Deletion::Remove);
        assert_eq!(deletion("restrictRule"), Deletion::Remove);
        assert_eq!(deletion("useEncryption"), Deletion::Refused);
        assert_eq!(deletion("lastRadarScan"), Deletion::Refused);
    }

    #[test]
    fn registration_policy_either_list_or_rule() {
        let with = |list: &str, rule: &str, on: bool| {
            merged(&[
                ("restrictRegistration".into(), json!(on)),
                ("restrictList".into(), json!(list)),
                ("restrictRule".into(), json!(rule)),
            ])
        };
        let rule = r"^[A-Za-z0-9._%+-]+@example\.org$";
        let allowed = |all: &[(String, Value)], email: &str| {
            email_allowed(all, email, |rule| rule_matches(rule, email) == Some(true))
        };
        assert!(allowed(&with("", rule, false), "x@elsewhere.com"));
        assert!(allowed(&with("", "", true), "x@elsewhere.com"));
        assert!(allowed(&with("", rule, true), "john@example.org"));
        assert!(!allowed(&with("", rule, true), "john@example.com"));
        assert!(allowed(&with("a@x.org", rule, true), "a@x.org"));
        assert!(allowed(&with("a@x.org", rule, true), "b@example.org"));
        assert!(!allowed(&with("a@x.org", "", true), "b@example.org"));
    }

    #[test]
    fn the_rule_is_asked_only_when_it_decides() {
        let all = merged(&[
            ("restrictRegistration".into(), json!(true)),
            ("restrictList".into(), json!("a@x.org")),
            ("restrictRule".into(), json!("^b@")),
        ]);
        let asked = core::cell::Cell::new(0);
        let ask = |_: &str| {
            asked.set(asked.get() + 1);
            false
        };
        assert!(email_allowed(&all, "a@x.org", ask));
        assert_eq!(asked.get(), 0);
        assert!(!email_allowed(&all, "b@x.org", ask));
        assert_eq!(asked.get(), 1);
    }

    #[test]
    fn a_broken_or_huge_rule_matches_nothing() {
        assert_eq!(rule_matches("(unclosed", "a@x.org"), None);
        assert_eq!(rule_matches(&"a".repeat(1001), &"a".repeat(1001)), None);
        assert_eq!(
            rule_matches(&"a".repeat(1000), &"a".repeat(1000)),
            Some(true)
        );
        assert_eq!(rule_matches("^b", "a"), Some(false));
    }
}
