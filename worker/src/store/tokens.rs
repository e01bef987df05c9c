//! `personal_access_tokens`: bearer tokens for API clients, stored only as SHA-256 hashes.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::Rows;
use super::{int, text};
use crate::error::ApiResult;

/// Token lifetime: one year, as 2FAuth's.
pub const LIFETIME: u64 = 365 * 24 * 3600;

/// A token as listed (never with its value, which is not stored).
#[derive(Debug, Clone, Deserialize)]
pub struct Token {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
}

/// Records a new token.
pub async fn insert(
    db: &D1Database,
    id: &str,
    user_id: i64,
    name: &str,
    token_hash: &str,
    now: i64,
) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO personal_access_tokens (id, user_id, name, token_hash, revoked, created_at, updated_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5, ?6)",
    )
    .bind(&[text(id), int(user_id), text(name), text(token_hash), int(now), int(now + LIFETIME as i64)])?
    .run()
    .await?;
    Ok(())
}

/// The holder of token `?1` (its hash) at time `?2`, as `id`, when the token is valid (not
/// revoked, not expired): the one rule of a token's validity, for the caller's lookup and for
/// statements scoped by the token itself ([`super::Owner`]).
pub const HOLDER: &str = "SELECT user_id AS id FROM personal_access_tokens \
     WHERE token_hash = ?1 AND revoked = 0 AND expires_at > ?2";

/// The owner of a valid token: the caller's lookup (its row a [`super::users::User`]).
pub fn lookup(db: &D1Database, token_hash: &str, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(format!(
            "SELECT u.id, u.name, u.email, u.password, u.is_admin, u.preferences, \
             u.oauth_provider, {} AS settings FROM ({HOLDER}) t JOIN users u ON u.id = t.id",
            super::settings::STORED_JSON
        ))
        .bind(&[text(token_hash), int(now)])?)
}

/// The user's valid tokens, newest first.
pub async fn list(db: &D1Database, user_id: i64, now: i64) -> ApiResult<Vec<Token>> {
    db
        .prepare(
            "SELECT id, name, created_at, updated_at, expires_at FROM personal_access_tokens \
             WHERE user_id = ?1 AND revoked = 0 AND expires_at > ?2 ORDER BY created_at DESC, rowid DESC",
        )
        .bind(&[int(user_id), int(now)])?
        .rows().await
}

/// Revokes one of the user's tokens; false when the user has no such live token.
pub async fn revoke(db: &D1Database, user_id: i64, id: &str, now: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "UPDATE personal_access_tokens SET revoked = 1, updated_at = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked = 0",
        )
        .bind(&[text(id), int(user_id), int(now)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Revokes every token of a user (the statement is the users table's: a password change ends
/// tokens in the same batch).
pub async fn revoke_all(db: &D1Database, user_id: i64, now: i64) -> ApiResult<()> {
    db.prepare(super::users::REVOKE_TOKENS)
        .bind(&[int(user_id), int(now)])?
        .run()
        .await?;
    Ok(())
}

/// How many valid tokens a user has.
pub async fn count_valid(db: &D1Database, user_id: i64, now: i64) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Count {
        n: i64,
    }
    let row: Option<Count> = db
        .prepare(
            "SELECT COUNT(*) AS n FROM personal_access_tokens WHERE user_id = ?1 AND revoked = 0 AND expires_at > ?2",
        )
        .bind(&[int(user_id), int(now)])?
        .row().await?;
    Ok(row.map_or(0, |c| c.n))
}
