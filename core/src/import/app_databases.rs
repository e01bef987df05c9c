//! Apps whose accounts live only in their internal SQLite database (copied off a rooted
//! device): Google Authenticator (`databases/databases`), Microsoft Authenticator
//! (`databases/PhoneFactor`) and Stratum (`databases/authenticator.db3`). Each is told by its
//! tables; the rows are read with [`super::sqlite`].

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use serde_json::{Map, Value};

use super::sqlite::{self, Cell, Database, Row, Table};
use super::{Entry, Fields, Format, ImportError, stratum};
use crate::base32;

/// Which app a database belongs to, and the table that holds its accounts.
fn app_of(tables: &[Table]) -> Option<(Format, &Table)> {
    let has = |t: &Table, columns: &[&str]| {
        columns
            .iter()
            .all(|c| t.columns.iter().any(|n| n.eq_ignore_ascii_case(c)))
    };
    tables.iter().find_map(|t| match t.name.as_str() {
        "accounts" if has(t, &["oath_secret_key", "username", "account_type"]) => {
            Some((Format::MicrosoftAuthenticator, t))
        }
        "accounts" if has(t, &["email", "secret", "type"]) => {
            Some((Format::GoogleAuthenticator, t))
        }
        "authenticator" if has(t, &["type", "secret", "algorithm"]) => Some((Format::Stratum, t)),
        _ => None,
    })
}

/// Reads the accounts of an app's database.
pub(super) fn read(bytes: &[u8]) -> Result<(Format, Vec<Entry>), ImportError> {
    let db = Database::open(bytes).map_err(|_| ImportError::Unsupported)?;
    let tables = db.tables().map_err(|_| ImportError::Unsupported)?;
    let (format, table) = app_of(&tables).ok_or(ImportError::Unsupported)?;
    let rows = db
        .rows(table)
        .map_err(|_| ImportError::Unreadable(format))?;
    let entry = match format {
        Format::GoogleAuthenticator => google,
        Format::MicrosoftAuthenticator => microsoft,
        _ => stratum_row,
    };
    Ok((format, rows.iter().map(entry).collect()))
}

fn text(row: &Row, name: &str) -> Option<String> {
    sqlite::column(row, name)
        .and_then(Cell::text)
        .map(str::to_string)
}

fn int(row: &Row, name: &str) -> Option<i64> {
    sqlite::column(row, name).and_then(Cell::int)
}

/// Google Authenticator: `email` is `Issuer:Name`, `type` 0 TOTP or 1 HOTP; SHA1, 6 digits, 30 s.
fn google(row: &Row) -> Entry {
    let issuer = text(row, "issuer").filter(|i| !i.is_empty());
    let email = text(row, "email").unwrap_or_default();
    let account = issuer
        .as_deref()
        .and_then(|i| email.strip_prefix(i)?.strip_prefix(':'))
        .unwrap_or(&email)
        .trim()
        .to_string();
    let hotp = int(row, "type") == Some(1);
    Fields {
        otp_type: Some(if hotp { "hotp" } else { "totp" }.into()),
        service: issuer,
        account: Some(account),
        secret: text(row, "secret"),
        algorithm: Some("sha1".into()),
        digits: Some(Value::from(6)),
        period: (!hotp).then(|| Value::from(30)),
        counter: hotp.then(|| Value::from(int(row, "counter").unwrap_or(0))),
    }
    .into_entry()
}

/// Microsoft Authenticator: `name` is the issuer; type 0 is a plain TOTP (base32, 6 digits),
/// type 1 a Microsoft account (base64 secret, 8 digits); both SHA1, 30 s.
fn microsoft(row: &Row) -> Entry {
    let secret = text(row, "oath_secret_key");
    let (secret, digits) = match int(row, "account_type") {
        Some(0) => (secret, 6),
        Some(1) => (
            secret
                .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
                .map(|b| base32::encode(&b)),
            8,
        ),
        _ => (None, 6),
    };
    Fields {
        otp_type: Some("totp".into()),
        service: text(row, "name").filter(|n| !n.is_empty()),
        account: text(row, "username"),
        secret,
        algorithm: Some("sha1".into()),
        digits: Some(Value::from(digits)),
        period: Some(Value::from(30)),
        counter: None,
    }
    .into_entry()
}

/// Stratum: the backup's fields, as columns.
fn stratum_row(row: &Row) -> Entry {
    let mut object = Map::new();
    for key in [
        "Type",
        "Issuer",
        "Username",
        "Secret",
        "Algorithm",
        "Digits",
        "Period",
        "Counter",
    ] {
        let value = match sqlite::column(row, key) {
            Some(Cell::Int(i)) => Value::from(*i),
            Some(Cell::Text(t)) => Value::from(t.as_str()),
            _ => Value::Null,
        };
        object.insert(key.into(), value);
    }
    stratum::entry(&Value::Object(object))
}
