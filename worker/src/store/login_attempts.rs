//! `login_attempts`: failed logins in a one-minute window, per e-mail and address.

use serde::Deserialize;
use worker::D1Database;

use super::{int, text};
use crate::error::ApiResult;

/// The window 2FAuth counts failures in.
pub const WINDOW: i64 = 60;

/// Failures so far in the current window and when the window started.
pub async fn current(db: &D1Database, key_hash: &str, now: i64) -> ApiResult<Option<(i64, i64)>> {
    #[derive(Deserialize)]
    struct Row {
        failures: i64,
        window_start: i64,
    }
    let row: Option<Row> = db
        .prepare("SELECT failures, window_start FROM login_attempts WHERE key_hash = ?1 AND window_start > ?2")
        .bind(&[text(key_hash), int(now - WINDOW)])?
        .first(None)
        .await?;
    Ok(row.map(|r| (r.failures, r.window_start)))
}

/// Counts one failure (a new window when the last one is over).
pub async fn fail(db: &D1Database, key_hash: &str, now: i64) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO login_attempts (key_hash, failures, window_start) VALUES (?1, 1, ?2) \
         ON CONFLICT (key_hash) DO UPDATE SET \
           failures = CASE WHEN window_start <= ?2 - ?3 THEN 1 ELSE failures + 1 END, \
           window_start = CASE WHEN window_start <= ?2 - ?3 THEN ?2 ELSE window_start END",
    )
    .bind(&[text(key_hash), int(now), int(WINDOW)])?
    .run()
    .await?;
    Ok(())
}

/// Forgets the failures after a successful login.
pub async fn clear(db: &D1Database, key_hash: &str) -> ApiResult<()> {
    db.prepare("DELETE FROM login_attempts WHERE key_hash = ?1")
        .bind(&[text(key_hash)])?
        .run()
        .await?;
    Ok(())
}
