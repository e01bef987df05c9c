//! The 41 user preferences of 2FAuth with their defaults, in 2FAuth's order.

use alloc::string::String;
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

/// The user's preferences: the stored values merged over the defaults, unknown keys dropped,
/// in 2FAuth's order.
pub fn merged(stored: &Map<String, Value>) -> Map<String, Value> {
    DEFAULTS
        .iter()
        .map(|(name, default)| {
            let value = stored
                .get(*name)
                .cloned()
                .unwrap_or_else(|| default.to_json());
            ((*name).into(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_over_defaults_in_order() {
        let Value::Object(stored) = json!({"theme": "dark", "bogus": 1}) else {
            unreachable!()
        };
        let prefs = merged(&stored);
        assert_eq!(prefs.len(), 41);
        assert_eq!(prefs["theme"], "dark");
        assert_eq!(prefs["formatPasswordBy"], 0.5);
        assert!(!prefs.contains_key("bogus"));
        assert_eq!(
            prefs.keys().next().map(String::as_str),
            Some("showOtpAsDot")
        );
    }
}
