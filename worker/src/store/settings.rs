//! `settings`: the admin settings that differ from their defaults, and custom ones.

use serde::Deserialize;
use serde_json::Value;
use worker::D1Database;

use super::text;
use crate::error::ApiResult;

/// Every stored setting, in creation order.
pub async fn stored(db: &D1Database) -> ApiResult<Vec<(String, Value)>> {
    #[derive(Deserialize)]
    struct Row {
        key: String,
        value: String,
    }
    let rows: Vec<Row> = db
        .prepare("SELECT key, value FROM settings ORDER BY id")
        .all()
        .await?
        .results()?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let value = serde_json::from_str(&r.value).unwrap_or(Value::String(r.value));
            (r.key, value)
        })
        .collect())
}

/// Every setting: the natives over their defaults, then the custom ones.
pub async fn all(db: &D1Database) -> ApiResult<Vec<(String, Value)>> {
    Ok(twofold_core::settings::merged(&stored(db).await?))
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

/// What the settings allow of sharing.
pub async fn sharing(db: &D1Database) -> ApiResult<super::twofaccounts::Sharing> {
    let all = all(db).await?;
    Ok(super::twofaccounts::Sharing {
        enabled: twofold_core::settings::enabled(&all, "enableSharing"),
        all_users: twofold_core::settings::enabled(&all, "enableAllUsersSharingScope"),
    })
}
