//! Bitwarden exports (password manager and Authenticator). Encrypted exports are refused here.
//! Items without a TOTP (ordinary logins) are not two-factor accounts and are skipped.

use alloc::string::ToString;
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
            let totp = item.pointer("/login/totp").and_then(Value::as_str)?.trim();
            let name = string(item, "name");
            let username = item
                .pointer("/login/username")
                .and_then(Value::as_str)
                .map(str::to_string);
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
                    // The URI's issuer and label when it has them, else the item's name and user.
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
        })
        .collect())
}
