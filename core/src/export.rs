//! Export documents in 2FAuth's formats: the JSON vault (schema 1) and the otpauth URI list.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::account::TwoFAccount;

/// The `app` value of exports. 2FAuth's importer recognises a 2FAuth export by this prefix and
/// Twofold speaks the API of 2FAuth 8.0.1, so exports say so.
pub const APP: &str = "2fauth_v8.0.1";

/// An account with its icon file, if the icon store has one.
pub struct ExportItem<'a> {
    /// The account (with `legacy_uri`).
    pub account: &'a TwoFAccount,
    /// The icon's MIME type, when its file exists.
    pub icon_mime: Option<&'a str>,
    /// The icon file in base64, when it exists.
    pub icon_file: Option<&'a str>,
}

/// The 2FAuth JSON export (`schema` 1), `datetime` as an ISO 8601 UTC string.
pub fn twofauth_json(items: &[ExportItem<'_>], datetime: &str) -> Value {
    let data: Vec<Value> = items
        .iter()
        .map(|item| {
            let a = item.account;
            json!({
                "otp_type": a.otp_type,
                "account": a.account,
                "service": a.service,
                "icon": a.icon,
                "icon_mime": item.icon_mime,
                "icon_file": item.icon_file,
                "secret": a.secret,
                "digits": a.digits,
                "algorithm": a.algorithm,
                "period": a.period,
                "counter": a.counter,
                "legacy_uri": a.legacy_uri,
            })
        })
        .collect();
    json!({ "app": APP, "schema": 1, "datetime": datetime, "data": data })
}

/// PHP's `urldecode`: `+` is a space, then percent-decoding (invalid UTF-8 replaced).
pub fn url_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    match percent_decode_str(&spaced).decode_utf8_lossy() {
        Cow::Borrowed(b) => String::from(b),
        Cow::Owned(o) => o,
    }
}

/// The otpauth export: each account's regenerated URI, URL-decoded as 2FAuth outputs it.
pub fn otpauth_json(accounts: &[&TwoFAccount], datetime: &str) -> Value {
    let data: Vec<Value> = accounts
        .iter()
        .map(|a| json!({ "uri": url_decode(&a.uri()) }))
        .collect();
    json!({ "app": APP, "datetime": datetime, "data": data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Rules;

    fn account() -> TwoFAccount {
        let Value::Object(body) = json!({"service": "service", "account": "account", "otp_type": "totp",
            "secret": "A4GRFHVVRBGY7UIW", "digits": 7, "period": 40, "algorithm": "sha256"})
        else {
            unreachable!()
        };
        TwoFAccount::from_params(&body, Rules::Store, || [0; 64]).unwrap()
    }

    #[test]
    fn twofauth_document_shape() {
        let a = account();
        let doc = twofauth_json(
            &[ExportItem {
                account: &a,
                icon_mime: None,
                icon_file: None,
            }],
            "2023-03-22T11:11:33.000000Z",
        );
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["app", "schema", "datetime", "data"]);
        let item: Vec<&str> = doc["data"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            item,
            [
                "otp_type",
                "account",
                "service",
                "icon",
                "icon_mime",
                "icon_file",
                "secret",
                "digits",
                "algorithm",
                "period",
                "counter",
                "legacy_uri"
            ]
        );
        assert_eq!(
            doc["data"][0]["legacy_uri"],
            "otpauth://totp/service%3Aaccount?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW"
        );
    }

    #[test]
    fn otpauth_document_is_url_decoded() {
        let a = account();
        let doc = otpauth_json(&[&a], "x");
        assert!(doc.get("schema").is_none());
        assert_eq!(
            doc["data"][0]["uri"],
            "otpauth://totp/service:account?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW"
        );
        assert_eq!(url_decode("a+b%20c%3A"), "a b c:");
    }
}
