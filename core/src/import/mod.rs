//! Imports: detect the format of another app's export and read its accounts.
//!
//! Detection follows 2FAuth's order (2FAuth JSON, Aegis, 2FAS, Google Authenticator migration,
//! Bitwarden, otpauth list) and then reads the formats 2FAuth does not (Bitwarden CSV, andOTP plain
//! and encrypted, FreeOTP+, Proton Authenticator, Ente Auth plain (an otpauth list) and encrypted).
//! One bad entry never fails the batch: it comes back as [`Entry::Invalid`] with its error.
//!
//! Opening a password-protected export runs the key derivation its file names; [`Limits`] bound
//! that cost before it runs, because a file may name any parameters.

mod aegis;
mod andotp;
mod android_prefs;
mod app_databases;
mod authy;
mod battle_net;
mod bitwarden;
mod decrypt;
mod duo;
mod ente;
mod freeotp;
mod freeotp2;
mod google;
mod java_map;
mod plain;
mod proton;
mod sqlite;
mod steam;
mod stratum;
mod totp_authenticator;
mod twofas;
mod twofauth;
mod zip;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{Map, Value};

use crate::account::{Rules, TwoFAccount};
pub use crate::imported::{Entry, Format, ImportError, Imported, Limits};
use crate::validation::ValidationErrors;

/// The password an import may use, and what using it may cost.
#[derive(Debug, Clone, Copy)]
struct Unlock<'a> {
    password: Option<&'a str>,
    limits: Limits,
}

impl<'a> Unlock<'a> {
    /// The password, or the "encrypted, password needed" error for `format`.
    fn password(&self, format: Format) -> Result<&'a str, ImportError> {
        self.password.ok_or(ImportError::Encrypted(format))
    }
}

/// Detects the format of `payload` and reads its entries; encrypted exports need
/// [`import_with_password`].
pub fn import(payload: &str) -> Result<Imported, ImportError> {
    import_with_password(payload, None)
}

/// Detects the format of `payload` and reads its entries, opening an encrypted export (Aegis,
/// 2FAS, Ente Auth) with `password`, within [`Limits::DEVICE`].
pub fn import_with_password(
    payload: &str,
    password: Option<&str>,
) -> Result<Imported, ImportError> {
    import_text(payload, password, Limits::DEVICE)
}

/// Reads an export given as bytes: text formats as [`import_with_password`], and the binary
/// encrypted andOTP backup (`.json.aes`) when the bytes are not text; key derivations stay
/// within `limits`.
pub fn import_bytes(
    bytes: &[u8],
    password: Option<&str>,
    limits: Limits,
) -> Result<Imported, ImportError> {
    if let Ok(text) = core::str::from_utf8(bytes) {
        return import_text(text, password, limits);
    }
    let unlock = Unlock { password, limits };
    let read = |format: Format, entries: Result<Vec<Entry>, ImportError>| {
        entries.map(|entries| Imported { format, entries })
    };
    if sqlite::detect(bytes) {
        let (format, entries) = app_databases::read(bytes)?;
        return read(format, Ok(entries));
    }
    if java_map::detect(bytes) {
        let map = java_map::read(bytes).ok_or(ImportError::Unsupported)?;
        if !freeotp2::detect(&map) {
            return Err(ImportError::Unsupported);
        }
        return read(Format::FreeOtp, freeotp2::read(&map, unlock));
    }
    if zip::detect(bytes) {
        return zipped_list(bytes, unlock);
    }
    if stratum::looks_encrypted(bytes) {
        let json = stratum::open(bytes, unlock.password(Format::Stratum)?, limits)?;
        return read(Format::Stratum, stratum::read(&json));
    }
    // Last: the older andOTP scheme has no header, only its tag tells; files of a container
    // format (SQLite, ZIP, Java serialization) are never one.
    if !container(bytes) && andotp::looks_encrypted(bytes) {
        let json = andotp::open(bytes, unlock.password(Format::AndOtp)?, limits)?;
        return read(Format::AndOtp, andotp::read(&json));
    }
    Err(ImportError::Unsupported)
}

/// A ZIP of an otpauth list, usually password-protected (ZipCrypto): Authenticator Plus' export
/// (`Accounts.txt`), or another app's, such as WinAuth's protected export (one `.txt`).
fn zipped_list(bytes: &[u8], unlock: Unlock) -> Result<Imported, ImportError> {
    let members = zip::members(bytes).map_err(|_| ImportError::Unsupported)?;
    let (format, member) = match members
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case("Accounts.txt"))
    {
        Some(m) => (Format::AuthenticatorPlus, m),
        None => {
            let lists = members
                .iter()
                .filter(|m| m.name.to_ascii_lowercase().ends_with(".txt"));
            (
                Format::Otpauth,
                lists.take(1).next().ok_or(ImportError::Unsupported)?,
            )
        }
    };
    let text = zip::read(bytes, member, unlock.password).map_err(|e| match e {
        zip::ZipError::Encrypted => ImportError::Encrypted(format),
        zip::ZipError::WrongPassword => ImportError::WrongPassword(format),
        zip::ZipError::Malformed => ImportError::Unreadable(format),
    })?;
    let text = core::str::from_utf8(&text).map_err(|_| ImportError::Unreadable(format))?;
    if !plain::detect(text) {
        return Err(ImportError::Unreadable(format));
    }
    plain::read(text).map(|entries| Imported { format, entries })
}

/// Whether bytes start with the magic number of a container format.
fn container(bytes: &[u8]) -> bool {
    [
        &b"SQLite format 3\0"[..],
        b"PK\x03\x04",
        b"\xac\xed\x00\x05",
    ]
    .iter()
    .any(|magic| bytes.starts_with(magic))
}

/// Detects the format of a text export and reads it.
fn import_text(
    payload: &str,
    password: Option<&str>,
    limits: Limits,
) -> Result<Imported, ImportError> {
    let unlock = Unlock { password, limits };
    let trimmed = payload.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(ImportError::Unsupported);
    }
    if let Ok(json) = serde_json::from_str::<Value>(trimmed) {
        return import_json(&json, unlock);
    }
    if android_prefs::detect(trimmed) {
        let prefs = android_prefs::read(trimmed).ok_or(ImportError::Unsupported)?;
        return import_prefs(&prefs, unlock);
    }
    if bitwarden::detect_csv(trimmed) {
        return read(Format::Bitwarden, bitwarden::read_csv(trimmed));
    }
    if google::detect(trimmed) {
        return read(Format::GoogleAuthenticator, google::read(trimmed));
    }
    if plain::detect(trimmed) {
        return read(Format::Otpauth, plain::read(trimmed));
    }
    if let Some(sealed) = totp_authenticator::sealed(trimmed) {
        let password = unlock.password(Format::TotpAuthenticator)?;
        return read(
            Format::TotpAuthenticator,
            totp_authenticator::read(&sealed, password),
        );
    }
    Err(ImportError::Unsupported)
}

/// What a format's reader found, as the import's outcome.
fn read(format: Format, entries: Result<Vec<Entry>, ImportError>) -> Result<Imported, ImportError> {
    entries.map(|entries| Imported { format, entries })
}

/// A JSON export: the first format that recognises it reads it.
fn import_json(json: &Value, unlock: Unlock<'_>) -> Result<Imported, ImportError> {
    match json {
        v if twofauth::detect(v) => read(Format::TwoFAuth, twofauth::read(v)),
        v if aegis::detect(v) => read(Format::Aegis, aegis::read(v, unlock)),
        v if twofas::detect(v) => read(Format::TwoFas, twofas::read(v, unlock)),
        v if bitwarden::detect(v) => read(Format::Bitwarden, bitwarden::read(v)),
        v if andotp::detect(v) => read(Format::AndOtp, andotp::read(v)),
        v if freeotp::detect(v) => read(Format::FreeOtpPlus, freeotp::read(v)),
        v if proton::detect(v) => read(Format::ProtonAuthenticator, proton::read(v)),
        v if ente::detect(v) => read(Format::EnteAuth, ente::read(v, unlock)),
        v if duo::detect(v) => read(Format::Duo, duo::read(v)),
        v if steam::detect(v) => read(Format::Steam, steam::read(v)),
        v if stratum::detect(v) => read(Format::Stratum, stratum::read(v)),
        _ => Err(ImportError::Unsupported),
    }
}

/// An Android app's shared preferences (a rooted phone's XML file): the app they are from reads
/// them.
fn import_prefs(
    prefs: &[android_prefs::Pref],
    unlock: Unlock<'_>,
) -> Result<Imported, ImportError> {
    match prefs {
        p if authy::detect(p) => read(Format::Authy, authy::read(p, unlock)),
        p if battle_net::detect(p) => read(Format::BattleNet, battle_net::read(p)),
        p if freeotp::detect_prefs(p) => read(Format::FreeOtp, freeotp::read_prefs(p)),
        p if totp_authenticator::detect_prefs(p) => {
            read(Format::TotpAuthenticator, totp_authenticator::read_prefs(p))
        }
        _ => Err(ImportError::Unsupported),
    }
}

/// The fields of an account as an importer found them, before 2FAuth's rules apply.
#[derive(Debug, Clone, Default)]
struct Fields {
    otp_type: Option<String>,
    service: Option<String>,
    account: Option<String>,
    secret: Option<String>,
    algorithm: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    counter: Option<Value>,
}

impl Fields {
    /// Applies the account rules (the same as `POST /twofaccounts`), so an import can never hold
    /// an account the API would refuse.
    fn into_entry(self) -> Entry {
        let mut body = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v.filter(|v| !v.is_null()) {
                body.insert(k.to_string(), v);
            }
        };
        put("otp_type", self.otp_type.clone().map(Value::from));
        put("service", self.service.clone().map(Value::from));
        put("account", self.account.clone().map(Value::from));
        put(
            "algorithm",
            self.algorithm.map(|a| Value::from(a.to_ascii_lowercase())),
        );
        put("digits", self.digits);
        put("period", self.period);
        put("counter", self.counter);
        // A secret is required in an import: never invent one.
        body.insert(
            "secret".into(),
            self.secret.clone().map_or(Value::Null, Value::from),
        );
        let mut value = Value::Object(body);
        crate::input::normalize(&mut value);
        let Value::Object(body) = value else {
            unreachable!()
        };
        match TwoFAccount::from_params(&body, Rules::Store, || [0; 64]) {
            Ok(account) => Entry::Account(account),
            Err(errors) => Entry::Invalid {
                service: self.service,
                account: self.account,
                error: errors.message(),
            },
        }
    }
}

/// Reads an otpauth URI into an entry (lists, Bitwarden, Proton); `otpauth://steam/` is accepted,
/// and `steam` forces a Steam account.
fn uri_entry(uri: &str, steam: bool) -> Entry {
    match crate::uri::parse(uri, true) {
        Ok(parsed) => Entry::Account(TwoFAccount::from_parsed(parsed, steam, uri.to_string())),
        Err(_) => Entry::Invalid {
            service: None,
            account: None,
            error: crate::validation::messages::otpauth_uri("uri"),
        },
    }
}

/// A JSON string field.
fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The 422 of a missing key, worded as Laravel words `data.0.secret` rules.
fn missing(errors: &mut ValidationErrors, path: &str) {
    errors.add(path, crate::validation::messages::required(path));
}

#[cfg(test)]
mod real_files;
#[cfg(test)]
mod tests;
