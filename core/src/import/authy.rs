//! Authy's internal storage: the SharedPreferences file
//! `com.authy.storage.tokens.authenticator.xml`, whose one string entry holds a JSON array of the
//! third-party tokens. Authy stores no algorithm and no period: SHA1 and 30 s. A secret is either
//! in clear (`decryptedSecret`) or sealed by the user's backup password (`encryptedSecret` with a
//! per-token `salt`: PBKDF2-HMAC-SHA1 over the salt's text, 1 000 rounds, then AES-256-CBC with a
//! zero IV; the plaintext is the base32 secret).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use serde_json::Value;

use super::android_prefs::{self, Pref};
use super::decrypt::{self, Prf};
use super::{Entry, Fields, Format, ImportError, Limits, Unlock, string};

/// The preference that holds the tokens.
const TOKENS: &str = "com.authy.storage.tokens.authenticator.key";
/// Authy's PBKDF2 rounds for a token's key.
const ROUNDS: u32 = 1000;

pub(super) fn detect(prefs: &[Pref]) -> bool {
    android_prefs::get(prefs, TOKENS).is_some()
}

pub(super) fn read(prefs: &[Pref], unlock: Unlock) -> Result<Vec<Entry>, ImportError> {
    let unreadable = ImportError::Unreadable(Format::Authy);
    let tokens: Value = android_prefs::get(prefs, TOKENS)
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or(unreadable.clone())?;
    let tokens = tokens.as_array().ok_or(unreadable)?;
    let sealed = tokens
        .iter()
        .filter(|t| t.get("decryptedSecret").is_none())
        .count();
    let password = if sealed > 0 {
        // One key derivation a sealed token: their sum is checked before the first runs.
        decrypt::pbkdf2_within(Prf::Sha1, ROUNDS, sealed as u64, unlock.limits)
            .map_err(|_| ImportError::TooCostly(Format::Authy))?;
        Some(unlock.password(Format::Authy)?)
    } else {
        None
    };
    tokens
        .iter()
        .map(|t| token(t, password, unlock.limits))
        .collect()
}

fn token(t: &Value, password: Option<&str>, limits: Limits) -> Result<Entry, ImportError> {
    let secret = match (string(t, "decryptedSecret"), password) {
        (Some(secret), _) => Some(secret),
        (None, Some(password)) => open(t, password, limits)?,
        (None, None) => None,
    };
    let service = string(t, "originalIssuer").filter(|s| !s.is_empty());
    Ok(Fields {
        otp_type: Some("totp".into()),
        account: account(t, service.as_deref()),
        service,
        secret,
        algorithm: Some("sha1".into()),
        digits: t.get("digits").cloned(),
        period: Some(Value::from(30)),
        counter: None,
    }
    .into_entry())
}

/// The account: `originalName` (`Issuer:Name`) or the display `name` (`Issuer: Name`) without the
/// issuer.
fn account(t: &Value, issuer: Option<&str>) -> Option<String> {
    let strip = |text: String, separator: &str| match issuer {
        Some(issuer) => text
            .strip_prefix(issuer)
            .and_then(|rest| rest.strip_prefix(separator))
            .map(|rest| rest.trim().to_string()),
        None => None,
    };
    string(t, "originalName")
        .and_then(|n| strip(n, ":"))
        .or_else(|| string(t, "name").and_then(|n| strip(n, ":")))
        .or_else(|| string(t, "name"))
        .filter(|a| !a.is_empty())
}

/// Opens `encryptedSecret`; a token whose fields are missing stays without a secret (an invalid
/// entry), a password that does not open it fails the import.
fn open(t: &Value, password: &str, limits: Limits) -> Result<Option<String>, ImportError> {
    let (Some(sealed), Some(salt)) = (string(t, "encryptedSecret"), string(t, "salt")) else {
        return Ok(None);
    };
    let Ok(sealed) = base64::engine::general_purpose::STANDARD.decode(sealed) else {
        return Ok(None);
    };
    let key = decrypt::pbkdf2(
        Prf::Sha1,
        password.as_bytes(),
        salt.as_bytes(),
        ROUNDS,
        limits,
    )
    .map_err(|_| ImportError::TooCostly(Format::Authy))?;
    let wrong = ImportError::WrongPassword(Format::Authy);
    let plain = decrypt::aes_cbc(&key, &[0; 16], &sealed).map_err(|_| wrong.clone())?;
    // No tag: a wrong key that happens to leave valid padding still yields no base32 text.
    let secret = String::from_utf8(plain).map_err(|_| wrong.clone())?;
    if secret.is_empty()
        || !secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'=')
    {
        return Err(wrong);
    }
    Ok(Some(secret))
}
