//! Bitwarden exports (password manager and Authenticator). Encrypted exports are refused here.
//! Items without a TOTP (ordinary logins) are not two-factor accounts and are skipped. Both the
//! JSON export and the CSV export are read.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::Value;

use super::{Entry, Fields, Format, ImportError, string, uri_entry};

pub(super) fn detect(v: &Value) -> bool {
    v.get("encrypted").is_some() && v.get("items").is_some()
}

pub(super) fn read(v: &Value) -> Result<Vec<Entry>, ImportError> {
    if v["encrypted"].as_bool() == Some(true) {
        return Err(ImportError::Encrypted(Format::Bitwarden));
    }
    let items = v["items"]
        .as_array()
        .ok_or(ImportError::Unreadable(Format::Bitwarden))?;
    Ok(items
        .iter()
        .filter_map(|item| {
            let username = item
                .pointer("/login/username")
                .and_then(Value::as_str)
                .map(str::to_string);
            entry(
                string(item, "name"),
                username,
                item.pointer("/login/totp").and_then(Value::as_str)?,
            )
        })
        .collect())
}

/// Whether text is Bitwarden's CSV export (its header names `login_totp`).
pub(super) fn detect_csv(text: &str) -> bool {
    text.lines().next().is_some_and(|h| {
        let columns: Vec<&str> = h.split(',').map(str::trim).collect();
        columns.contains(&"login_totp") && columns.contains(&"name")
    })
}

/// Bitwarden's CSV export: the rows with a TOTP, like the JSON items.
pub(super) fn read_csv(text: &str) -> Result<Vec<Entry>, ImportError> {
    let mut rows = csv(text).into_iter();
    let header = rows
        .next()
        .ok_or(ImportError::Unreadable(Format::Bitwarden))?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(name), Some(user), Some(totp)) = (
        column("name"),
        column("login_username"),
        column("login_totp"),
    ) else {
        return Err(ImportError::Unreadable(Format::Bitwarden));
    };
    Ok(rows
        .filter_map(|row| {
            let cell = |i: usize| row.get(i).filter(|c| !c.is_empty()).cloned();
            entry(cell(name), cell(user), &cell(totp)?)
        })
        .collect())
}

/// RFC 4180 fields: commas, quoted fields with `""` escapes and line breaks inside quotes.
fn csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(core::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(core::mem::take(&mut field));
                rows.push(core::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// One item with a TOTP: a `steam://` secret, or an otpauth URI whose issuer and label win over
/// the item's name and user (the user name wins over the label when there is one).
fn entry(name: Option<String>, username: Option<String>, totp: &str) -> Option<Entry> {
    let totp = totp.trim();
    if totp.is_empty() {
        return None;
    }
    Some(match totp.strip_prefix("steam://") {
        Some(secret) => Fields {
            otp_type: Some("steamtotp".into()),
            service: name.clone(),
            account: username.or(name),
            secret: Some(secret.into()),
            ..Fields::default()
        }
        .into_entry(),
        None => match uri_entry(totp, false) {
            Entry::Account(mut a) => {
                if a.service.is_none() {
                    a.service = name;
                }
                if let Some(user) = username.filter(|u| !u.is_empty()) {
                    a.account = user;
                }
                Entry::Account(a)
            }
            Entry::Invalid { error, .. } => Entry::Invalid {
                service: name,
                account: username,
                error,
            },
        },
    })
}
