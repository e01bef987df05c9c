//! What an import gives — the format it read and its entries, or why it read nothing — and the
//! text form in which that outcome crosses from one WebAssembly module to another: the worker
//! leaves the importers (and their key derivations) to its tools module, which answers in
//! [`to_wire`]'s form, read back by [`from_wire`]. The importers themselves are `import`
//! (feature `import`).

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::account::{OtpType, TwoFAccount};
use crate::otp::Algorithm;
use crate::secret::Secret;
use crate::validation::ValidationErrors;

/// The formats the importers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// 2FAuth's JSON export (schema 1).
    TwoFAuth,
    /// Aegis vault (JSON).
    Aegis,
    /// 2FAS backup (`.2fas`).
    TwoFas,
    /// Google Authenticator: `otpauth-migration://` URIs, or the app's internal database.
    GoogleAuthenticator,
    /// Bitwarden (password manager or Authenticator) JSON.
    Bitwarden,
    /// One otpauth URI per line (also Ente Auth's plain export).
    Otpauth,
    /// andOTP JSON backup.
    AndOtp,
    /// FreeOTP+ JSON backup.
    FreeOtpPlus,
    /// Proton Authenticator JSON export.
    ProtonAuthenticator,
    /// Ente Auth's encrypted export (its plain export is [`Format::Otpauth`]).
    EnteAuth,
    /// Authy's internal storage (SharedPreferences XML), secrets plain or encrypted.
    Authy,
    /// The Battle.net app's internal storage (SharedPreferences XML).
    BattleNet,
    /// Duo Mobile's internal storage (`accounts.json`).
    Duo,
    /// The original FreeOTP: its 2.x encrypted backup, or 1.x's internal `tokens.xml`.
    FreeOtp,
    /// Steam Guard files: the Steam app's internal storage, Steam Desktop Authenticator's `.maFile`.
    Steam,
    /// Stratum (Authenticator Pro): backups, plain or encrypted, and the internal database.
    Stratum,
    /// TOTP Authenticator: its encrypted backup, or its internal storage.
    TotpAuthenticator,
    /// Microsoft Authenticator's internal database.
    MicrosoftAuthenticator,
    /// Authenticator Plus: a password-protected ZIP holding `Accounts.txt`, an otpauth list
    /// (another app's zipped list reads as [`Format::Otpauth`]).
    AuthenticatorPlus,
}

impl Format {
    /// The app's name as people know it (the formats' own names, for a preview's "read as").
    pub fn label(self) -> &'static str {
        match self {
            Self::TwoFas => "2FAS",
            Self::Otpauth => "otpauth URIs",
            Self::Stratum => "Stratum (Authenticator Pro)",
            other => other.app_name(),
        }
    }

    /// The app's name as 2FAuth's error messages spell it.
    pub fn app_name(self) -> &'static str {
        match self {
            Self::TwoFAuth => "2FAuth",
            Self::Aegis => "Aegis",
            Self::TwoFas => "2FAS Auth",
            Self::GoogleAuthenticator => "Google Authenticator",
            Self::Bitwarden => "Bitwarden",
            Self::Otpauth => "migration",
            Self::AndOtp => "andOTP",
            Self::FreeOtpPlus => "FreeOTP+",
            Self::ProtonAuthenticator => "Proton Authenticator",
            Self::EnteAuth => "Ente Auth",
            Self::Authy => "Authy",
            Self::BattleNet => "Battle.net",
            Self::Duo => "Duo Mobile",
            Self::FreeOtp => "FreeOTP",
            Self::Steam => "Steam",
            Self::Stratum => "Stratum",
            Self::TotpAuthenticator => "TOTP Authenticator",
            Self::MicrosoftAuthenticator => "Microsoft Authenticator",
            Self::AuthenticatorPlus => "Authenticator Plus",
        }
    }
}

/// One imported entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Entry {
    /// A valid account.
    Account(TwoFAccount),
    /// An entry that could not become an account, with what could be read of it.
    Invalid {
        /// The service, if readable.
        service: Option<String>,
        /// The account name, if readable.
        account: Option<String>,
        /// Why it is invalid.
        error: String,
    },
}

/// Why a payload could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ImportError {
    /// No known format (2FAuth: 400 `Data do not match any supported format`).
    Unsupported,
    /// The export is encrypted and no password was given (2FAuth: 400 `Unreadable, the data
    /// seem encrypted`).
    Encrypted(Format),
    /// The export is encrypted and the password does not open it.
    WrongPassword(Format),
    /// The format was recognised but its content cannot be read (400 `Invalid or unreadable <App> data`).
    Unreadable(Format),
    /// Required keys are missing (2FAuth: 422).
    Invalid(ValidationErrors),
    /// Opening the export would take more memory or work than the [`Limits`] allow.
    TooCostly(Format),
}

impl core::fmt::Display for ImportError {
    /// 2FAuth's messages where it has one (it opens no encrypted export: those are Twofold's).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Unsupported => f.write_str("Data do not match any supported format"),
            Self::Encrypted(_) => f.write_str("Unreadable, the data seem encrypted"),
            Self::WrongPassword(_) => f.write_str("The password cannot decrypt the data."),
            Self::Unreadable(format) => {
                write!(f, "Invalid or unreadable {} data", format.app_name())
            }
            Self::Invalid(errors) => errors.fmt(f),
            Self::TooCostly(format) => write!(
                f,
                "This {} export asks for a key derivation heavier than allowed here",
                format.app_name()
            ),
        }
    }
}

impl core::error::Error for ImportError {}

/// What opening a password-protected export may cost. Key derivations are meant to be expensive
/// and an export names its own parameters, so they are checked before anything runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most memory a key derivation may hold, in bytes.
    pub kdf_memory: u64,
    /// The most bytes a key derivation may process in all (memory × passes).
    pub kdf_work: u64,
}

impl Limits {
    /// A Cloudflare Worker (128 MB per isolate): Aegis' scrypt (32 MiB) and libsodium's
    /// "interactive" Argon2id (64 MiB, 2 passes) fit; Ente's stronger settings do not.
    pub const WORKER: Self = Self {
        kdf_memory: 64 << 20,
        kdf_work: 128 << 20,
    };
    /// A browser tab or a Node process: every setting Ente Auth picks (1 GiB × 4 passes down to
    /// 64 MiB × 64 passes).
    pub const DEVICE: Self = Self {
        kdf_memory: 1 << 30,
        kdf_work: 4 << 30,
    };
}

/// A successful import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The detected format.
    pub format: Format,
    /// The entries, in the export's order.
    pub entries: Vec<Entry>,
}

/// An import's outcome as text (JSON), for [`from_wire`] on the other side.
pub fn to_wire(outcome: &Result<Imported, ImportError>) -> String {
    // Plain data of our own types: serialising cannot fail.
    serde_json::to_string(outcome).unwrap_or_default()
}

/// Reads [`to_wire`]'s text back; `None` when `text` is not such an outcome. Read by hand from a
/// JSON value: the derived readers of these types (and of [`TwoFAccount`]) over serde_json's
/// parser weighed ≈ 27 KB in the worker, which reads an outcome once per import.
pub fn from_wire(text: &str) -> Option<Result<Imported, ImportError>> {
    let value: Value = serde_json::from_str(text).ok()?;
    match variant(&value)? {
        ("Ok", Some(imported)) => Some(Ok(Imported {
            format: format(imported.get("format")?)?,
            entries: imported
                .get("entries")?
                .as_array()?
                .iter()
                .map(entry)
                .collect::<Option<_>>()?,
        })),
        ("Err", Some(error)) => Some(Err(import_error(error)?)),
        _ => None,
    }
}

/// An externally tagged variant as serde writes it: `"Name"`, or `{"Name": content}`.
fn variant(value: &Value) -> Option<(&str, Option<&Value>)> {
    match value {
        Value::String(name) => Some((name, None)),
        Value::Object(map) if map.len() == 1 => {
            let (name, content) = map.iter().next()?;
            Some((name, Some(content)))
        }
        _ => None,
    }
}

/// A format by the name serde gives it.
fn format(value: &Value) -> Option<Format> {
    Format::deserialize(value).ok()
}

fn entry(value: &Value) -> Option<Entry> {
    match variant(value)? {
        ("Account", Some(account)) => Some(Entry::Account(TwoFAccount {
            otp_type: OtpType::parse(account.get("otp_type")?.as_str()?)?,
            account: text(account.get("account")?)?,
            service: optional(account.get("service"), text)?,
            icon: optional(account.get("icon"), text)?,
            secret: Secret::Readable(text(account.get("secret")?)?),
            digits: u32::try_from(account.get("digits")?.as_u64()?).ok()?,
            algorithm: Algorithm::parse(account.get("algorithm")?.as_str()?)?,
            period: optional(account.get("period"), Value::as_u64)?,
            counter: optional(account.get("counter"), Value::as_u64)?,
            legacy_uri: account
                .get("legacy_uri")
                .map_or(Some(String::new()), text)?,
        })),
        ("Invalid", Some(invalid)) => Some(Entry::Invalid {
            service: optional(invalid.get("service"), text)?,
            account: optional(invalid.get("account"), text)?,
            error: text(invalid.get("error")?)?,
        }),
        _ => None,
    }
}

fn import_error(value: &Value) -> Option<ImportError> {
    Some(match variant(value)? {
        ("Unsupported", None) => ImportError::Unsupported,
        ("Encrypted", Some(f)) => ImportError::Encrypted(format(f)?),
        ("WrongPassword", Some(f)) => ImportError::WrongPassword(format(f)?),
        ("Unreadable", Some(f)) => ImportError::Unreadable(format(f)?),
        ("TooCostly", Some(f)) => ImportError::TooCostly(format(f)?),
        ("Invalid", Some(Value::Object(fields))) => {
            let mut errors = ValidationErrors::new();
            for (field, messages) in fields {
                for message in messages.as_array()? {
                    errors.add(field, text(message)?);
                }
            }
            ImportError::Invalid(errors)
        }
        _ => return None,
    })
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(String::from)
}

/// An `Option` field: absent or `null` is `None`; otherwise `read` must accept the value.
fn optional<T>(value: Option<&Value>, read: impl Fn(&Value) -> Option<T>) -> Option<Option<T>> {
    match value {
        None | Some(Value::Null) => Some(None),
        Some(value) => read(value).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> TwoFAccount {
        let uri = "otpauth://totp/Acme:ann@example.com?secret=A4GRFHVVRBGY7UIW&issuer=Acme";
        TwoFAccount::from_uri(Some(&serde_json::Value::from(uri)), None).expect("a valid URI")
    }

    /// An account with what [`account`] lacks: a counter, an icon, no issuer.
    fn hotp() -> TwoFAccount {
        let uri = "otpauth://hotp/ann?secret=A4GRFHVVRBGY7UIW&counter=7&algorithm=SHA512";
        let mut account =
            TwoFAccount::from_uri(Some(&serde_json::Value::from(uri)), None).expect("a valid URI");
        account.icon = Some("ann.png".into());
        account
    }

    #[test]
    fn every_outcome_crosses_unchanged() {
        let mut errors = ValidationErrors::new();
        errors.add("data.0.secret", "The secret field is required.");
        let outcomes = [
            Ok(Imported {
                format: Format::Aegis,
                entries: alloc::vec![
                    Entry::Account(account()),
                    Entry::Account(hotp()),
                    Entry::Invalid {
                        service: Some("Acme".into()),
                        account: None,
                        error: "not a valid base32 encoded secret".into(),
                    },
                ],
            }),
            Err(ImportError::Unsupported),
            Err(ImportError::Encrypted(Format::EnteAuth)),
            Err(ImportError::WrongPassword(Format::TwoFas)),
            Err(ImportError::Unreadable(Format::Stratum)),
            Err(ImportError::TooCostly(Format::EnteAuth)),
            Err(ImportError::Invalid(errors)),
        ];
        for outcome in outcomes {
            assert_eq!(from_wire(&to_wire(&outcome)), Some(outcome));
        }
    }

    #[test]
    fn anything_else_is_no_outcome() {
        for text in [
            "",
            "null",
            "{}",
            "{\"Ok\":{}}",
            "{\"Err\":\"Unknown\"}",
            "[1]",
            "{\"Ok\":{\"format\":\"Aegis\",\"entries\":[{\"Invalid\":{\"error\":1}}]}}",
            "{\"Ok\":{\"format\":\"Nothing\",\"entries\":[]}}",
            "{\"Err\":{\"Invalid\":{\"secret\":\"required\"}}}",
        ] {
            assert_eq!(from_wire(text), None, "{text}");
        }
    }
}
