//! `webauthn_recoveries`: the pending passkey-recovery link of each user (its token's hash).

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{Rows, int, text};
use crate::error::ApiResult;

/// How long a recovery link stays valid: 60 minutes, as 2FAuth's.
pub const LIFETIME: i64 = 60 * 60;

#[derive(Deserialize)]
struct Created {
    created_at: i64,
}

/// When the user's pending link was made, if one is.
pub async fn created_at(db: &D1Database, user_id: i64) -> ApiResult<Option<i64>> {
    let row: Option<Created> = db
        .prepare("SELECT created_at FROM webauthn_recoveries WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .row()
        .await?;
    Ok(row.map(|r| r.created_at))
}

/// Records a new link's token hash, replacing the user's earlier one.
pub async fn put(db: &D1Database, user_id: i64, token_hash: &str, now: i64) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO webauthn_recoveries (user_id, token_hash, created_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(&[int(user_id), text(token_hash), int(now)])?
    .run()
    .await?;
    Ok(())
}

/// Whether `token_hash` is the user's valid link (checked, not used up).
pub async fn is_valid(
    db: &D1Database,
    user_id: i64,
    token_hash: &str,
    now: i64,
) -> ApiResult<bool> {
    let row: Option<Created> = db
        .prepare(
            "SELECT created_at FROM webauthn_recoveries WHERE user_id = ?1 AND token_hash = ?2 AND created_at > ?3",
        )
        .bind(&[int(user_id), text(token_hash), int(now - LIFETIME)])?
        .row().await?;
    Ok(row.is_some())
}

/// Uses up the user's valid link: true when it matched, so that two concurrent uses cannot both pass.
pub async fn consume(db: &D1Database, user_id: i64, token_hash: &str, now: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "DELETE FROM webauthn_recoveries WHERE user_id = ?1 AND token_hash = ?2 AND created_at > ?3",
        )
        .bind(&[int(user_id), text(token_hash), int(now - LIFETIME)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Forgets links past [`LIFETIME`] (the scheduled clean-up).
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM webauthn_recoveries WHERE created_at <= ?1")
        .bind(&[int(now - LIFETIME)])?)
}
