//! `password_resets`: one pending reset per user (a token's hash, or a request awaiting an admin).

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{Rows, int, text};
use crate::error::ApiResult;

/// How long a reset token stays valid: 60 minutes, as 2FAuth's.
pub const LIFETIME: i64 = 60 * 60;

/// A pending reset.
#[derive(Debug, Clone, Deserialize)]
pub struct Pending {
    pub token_hash: Option<String>,
    pub created_at: i64,
}

/// Records a reset link's token hash, replacing any earlier reset or request.
pub async fn put(db: &D1Database, user_id: i64, token_hash: &str, now: i64) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO password_resets (user_id, token_hash, created_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(&[int(user_id), text(token_hash), int(now)])?
    .run()
    .await?;
    Ok(())
}

/// Records a lost-password request for the admins, unless a reset link an admin made is still
/// valid: asking again must never cancel the link already on its way to the user.
pub async fn request(db: &D1Database, user_id: i64, now: i64) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO password_resets (user_id, token_hash, created_at) VALUES (?1, NULL, ?2) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = NULL, created_at = excluded.created_at \
         WHERE token_hash IS NULL OR created_at <= ?3",
    )
    .bind(&[int(user_id), int(now), int(now - LIFETIME)])?
    .run()
    .await?;
    Ok(())
}

/// The user's pending reset, if any.
pub async fn find(db: &D1Database, user_id: i64) -> ApiResult<Option<Pending>> {
    db.prepare("SELECT token_hash, created_at FROM password_resets WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .row()
        .await
}

/// Uses up a valid token of `user_id`: true when it matched and was younger than [`LIFETIME`].
pub async fn consume(db: &D1Database, user_id: i64, token_hash: &str, now: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "DELETE FROM password_resets WHERE user_id = ?1 AND token_hash = ?2 AND created_at > ?3",
        )
        .bind(&[int(user_id), text(token_hash), int(now - LIFETIME)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// How long a lost-password request waits for an admin before it is forgotten.
pub const REQUEST_LIFETIME: i64 = 30 * 86_400;

/// Forgets reset links past [`LIFETIME`] and requests past [`REQUEST_LIFETIME`] (the scheduled
/// clean-up).
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "DELETE FROM password_resets WHERE (token_hash IS NOT NULL AND created_at <= ?1) \
             OR (token_hash IS NULL AND created_at <= ?2)",
        )
        .bind(&[int(now - LIFETIME), int(now - REQUEST_LIFETIME)])?)
}
