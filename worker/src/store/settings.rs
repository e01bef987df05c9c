//! `settings`: the admin settings that differ from their defaults, and custom ones.

use serde::Deserialize;
use serde_json::Value;
use worker::D1Database;

use super::{Rows, text};
use crate::error::ApiResult;

/// A SQL expression giving every stored setting as one JSON text, `[[key, value], ...]` in
/// creation order: the caller lookups carry it, so a request needs no query of its own for them.
pub const STORED_JSON: &str = "(SELECT json_group_array(json_array(key, value)) \
     FROM (SELECT key, value FROM settings ORDER BY id))";

/// Stored values that read as off whatever the reading ([`twofold_core::settings::enabled`]
/// agrees: a unit test checks it), as [`put`] writes them.
const PLAINLY_OFF: &[&str] = &["false", "0", "null", "\"\"", "\"0\"", "\"false\""];

/// A SQL condition true when switch `key` (a setting's name, not input) may be on: it is stored,
/// with a value that is not plainly off. Never false where core's reading is on (absent
/// switches default to off), sometimes true where it is off: statements narrow their rows with
/// it, and core's rule decides on what they read.
pub fn may_be_on(key: &'static str) -> String {
    let off: Vec<String> = PLAINLY_OFF.iter().map(|v| format!("'{v}'")).collect();
    format!(
        "EXISTS (SELECT 1 FROM settings WHERE key = '{key}' AND value NOT IN ({}))",
        off.join(", ")
    )
}

/// Every setting (natives over their defaults, then custom ones) from [`STORED_JSON`]'s text.
pub fn from_json(text: &str) -> Vec<(String, Value)> {
    let pairs: Vec<(String, String)> = serde_json::from_str(text).unwrap_or_default();
    let stored: Vec<(String, Value)> = pairs
        .into_iter()
        .map(|(key, value)| {
            let value = serde_json::from_str(&value).unwrap_or(Value::String(value));
            (key, value)
        })
        .collect();
    twofold_core::settings::merged(&stored)
}

/// Every setting: the natives over their defaults, then the custom ones.
pub async fn all(db: &D1Database) -> ApiResult<Vec<(String, Value)>> {
    #[derive(Deserialize)]
    struct Row {
        settings: String,
    }
    let row: Option<Row> = db
        .prepare(format!("SELECT {STORED_JSON} AS settings"))
        .row()
        .await?;
    Ok(from_json(&row.map(|r| r.settings).unwrap_or_default()))
}

/// Stores a setting (creating or replacing it).
pub async fn put(db: &D1Database, key: &str, value: &Value) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(&[text(key), text(&value.to_string())])?
    .run()
    .await?;
    Ok(())
}

/// Forgets a stored setting.
pub async fn remove(db: &D1Database, key: &str) -> ApiResult<()> {
    db.prepare("DELETE FROM settings WHERE key = ?1")
        .bind(&[text(key)])?
        .run()
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_may_be_on_never_hides_a_switch_that_is_on() {
        for key in ["enableSharing", "enableAllUsersSharingScope"] {
            let on = |stored: &str| {
                let text = serde_json::to_string(&[[key, stored]]).unwrap();
                twofold_core::settings::enabled(&from_json(&text), key)
            };
            for value in PLAINLY_OFF {
                assert!(!on(value), "{key} = {value} reads as on");
            }
            for value in ["true", "1", "\"1\"", "\"on\"", "\"yes\""] {
                assert!(on(value), "{key} = {value}");
                assert!(!PLAINLY_OFF.contains(&value));
            }
            // Absent, the switches are off (their defaults), as `may_be_on` takes them.
            assert!(!twofold_core::settings::enabled(&from_json("[]"), key));
        }
        assert_eq!(
            may_be_on("enableSharing"),
            "EXISTS (SELECT 1 FROM settings WHERE key = 'enableSharing' AND value NOT IN \
             ('false', '0', 'null', '\"\"', '\"0\"', '\"false\"'))"
        );
    }
}
