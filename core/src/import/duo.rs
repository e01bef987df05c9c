//! Duo Mobile's internal storage: `files/duokit/accounts.json`, an array of accounts with a
//! display `name` and `otpGenerator.otpSecret` (base32), plus `otpGenerator.counter` for HOTP.
//! Duo stores no issuer, algorithm, digits or period: no service, SHA1, 6 digits, 30 s. The
//! counter is kept as stored (Duo's next code uses it).

use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, Fields, ImportError, string};

pub(super) fn detect(v: &Value) -> bool {
    v.as_array().is_some_and(|a| {
        !a.is_empty()
            && a.iter()
                .all(|e| e.pointer("/otpGenerator/otpSecret").is_some())
    })
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    Ok(v.as_array()
        .map(|a| a.iter().map(entry).collect())
        .unwrap_or_default())
}

fn entry(e: &Value) -> Entry {
    let generator = &e["otpGenerator"];
    let counter = generator.get("counter").filter(|c| !c.is_null()).cloned();
    Fields {
        otp_type: Some(if counter.is_some() { "hotp" } else { "totp" }.into()),
        service: None,
        account: string(e, "name"),
        secret: string(generator, "otpSecret"),
        algorithm: Some("sha1".into()),
        digits: Some(Value::from(6)),
        period: counter.is_none().then(|| Value::from(30)),
        counter,
    }
    .into_entry()
}
