//! When an imported account is a duplicate of one the user already has, 2FAuth's migration rule:
//! same secret, service, account, type, digits and algorithm (period and counter do not count).
//! The API's migration (`id: -1`) and the web app's import preview both ask it, so one file is a
//! duplicate on both sides or on neither.

use alloc::vec::Vec;

use serde_json::Value;

use crate::account::{OtpType, TwoFAccount};
use crate::otp::Algorithm;

/// What two accounts must share to be duplicates. An account whose secret is not known (a
/// borrowed account listed without it, one that could not be deciphered) has none: it is never a
/// duplicate, nor the original of one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity<'a> {
    /// The secret without spaces or `=` padding, upper-cased.
    secret: Vec<u8>,
    service: Option<&'a str>,
    account: &'a str,
    otp_type: Option<OtpType>,
    digits: Option<u64>,
    algorithm: Option<Algorithm>,
}

/// The secret as compared: every way of writing the same base32 key reads the same. Only ASCII
/// bytes are dropped or changed, so no Unicode tables are needed.
fn secret_key(text: &str) -> Vec<u8> {
    text.bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .map(|b| b.to_ascii_uppercase())
        .collect()
}

impl<'a> Identity<'a> {
    /// The identity of a decoded account (an import's entry, or a stored account).
    pub fn of(account: &'a TwoFAccount) -> Option<Self> {
        Some(Self {
            secret: secret_key(account.secret.readable()?),
            service: account.service.as_deref(),
            account: &account.account,
            otp_type: Some(account.otp_type),
            digits: Some(u64::from(account.digits)),
            algorithm: Some(account.algorithm),
        })
    }

    /// The identity of an account in 2FAuth's JSON fields (an API resource, or an import's
    /// entry as the npm package gives it); a missing field is unknown, never a match for a
    /// known one.
    pub fn of_json(account: &'a Value) -> Option<Self> {
        let text = |key: &str| account.get(key).and_then(Value::as_str);
        Some(Self {
            secret: secret_key(text("secret")?),
            service: text("service"),
            account: text("account").unwrap_or_default(),
            otp_type: text("otp_type").and_then(OtpType::parse),
            digits: account.get("digits").and_then(Value::as_u64),
            algorithm: text("algorithm").and_then(Algorithm::parse),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Rules;
    use serde_json::json;

    fn account(v: Value) -> TwoFAccount {
        let body = v.as_object().cloned().unwrap_or_default();
        TwoFAccount::from_params(&body, Rules::Store, || [0; 64]).unwrap()
    }

    fn with(key: &str, value: Value) -> Value {
        let mut v = json!({"otp_type": "totp", "service": "GitHub", "account": "me",
            "secret": "JBSWY3DPEHPK3PXP", "digits": 6, "algorithm": "sha1", "period": 30});
        v[key] = value;
        v
    }

    fn base() -> Value {
        with("period", json!(30))
    }

    #[test]
    fn the_six_fields_decide() {
        let original = account(base());
        let known = Identity::of(&original);
        assert!(known.is_some());
        assert_eq!(Identity::of(&account(base())), known);
        // Period and counter do not count.
        assert_eq!(Identity::of(&account(with("period", json!(60)))), known);
        for (key, value) in [
            ("secret", json!("JBSWY3DPEHPK3PXQ")),
            ("service", json!("GitLab")),
            ("account", json!("you")),
            ("otp_type", json!("hotp")),
            ("digits", json!(8)),
            ("algorithm", json!("sha256")),
        ] {
            assert_ne!(Identity::of(&account(with(key, value))), known, "{key}");
        }
    }

    #[test]
    fn typed_and_json_accounts_read_alike() {
        let typed = account(base());
        let as_json = serde_json::to_value(&typed).unwrap();
        assert_eq!(Identity::of(&typed), Identity::of_json(&as_json));
        // However the secret is written.
        let spaced = with("secret", json!("jbsw y3dp ehpk 3pxp"));
        assert_eq!(Identity::of_json(&spaced), Identity::of(&typed));
    }

    #[test]
    fn an_unknown_secret_has_no_identity() {
        let mut borrowed = base();
        borrowed.as_object_mut().unwrap().remove("secret");
        assert_eq!(Identity::of_json(&borrowed), None);
        let mut lost = account(base());
        lost.secret = crate::secret::Secret::Indecipherable;
        assert_eq!(Identity::of(&lost), None);
    }
}
