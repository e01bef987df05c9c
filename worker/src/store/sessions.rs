//! `sessions`: web sessions, stored by the SHA-256 of their cookie value.

use worker::D1Database;

use super::users::User;
use super::{int, text};
use crate::error::ApiResult;

/// Session lifetime: 90 days, as 2FAuth's.
pub const LIFETIME: u64 = 90 * 24 * 3600;

/// Records a new session.
pub async fn insert(db: &D1Database, id_hash: &str, user_id: i64, now: i64) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
    )
    .bind(&[text(id_hash), int(user_id), int(now), int(now + LIFETIME as i64)])?
    .run()
    .await?;
    Ok(())
}

/// The user of a live session.
pub async fn user(db: &D1Database, id_hash: &str, now: i64) -> ApiResult<Option<User>> {
    Ok(db
        .prepare(
            "SELECT u.id, u.name, u.email, u.password, u.is_admin, u.preferences \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?1 AND s.expires_at > ?2",
        )
        .bind(&[text(id_hash), int(now)])?
        .first(None)
        .await?)
}

/// Ends a session.
pub async fn delete(db: &D1Database, id_hash: &str) -> ApiResult<()> {
    db.prepare("DELETE FROM sessions WHERE id_hash = ?1")
        .bind(&[text(id_hash)])?
        .run()
        .await?;
    Ok(())
}
