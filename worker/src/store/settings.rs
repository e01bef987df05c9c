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
