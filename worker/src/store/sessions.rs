//! `sessions`: web sessions, stored by the SHA-256 of their cookie value.

use worker::{D1Database, D1PreparedStatement};

use super::users::{User, added};
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

/// A live session: its user and when it was last used.
#[derive(Debug, Clone)]
pub struct Live {
    pub user: User,
    pub session_last_seen_at: i64,
}

/// The holder of session `?1` (its id's hash) at time `?2`, as `id`, with the session's last use,
/// while the session lives: the one rule of a session's life, for the caller's lookup and for
/// statements scoped by the session itself ([`super::Owner`]).
pub const HOLDER: &str = "SELECT user_id AS id, last_seen_at FROM sessions \
     WHERE id_hash = ?1 AND expires_at > ?2";

/// The user of a live session, with the session's last use: the caller's lookup ([`live`] reads
/// its row).
pub fn lookup(db: &D1Database, id_hash: &str, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(format!(
            "SELECT u.id, u.name, u.email, u.password, u.is_admin, u.preferences, u.oauth_provider, \
             s.last_seen_at AS session_last_seen_at, {} AS settings \
             FROM ({HOLDER}) s JOIN users u ON u.id = s.id",
            super::settings::STORED_JSON
        ))
        .bind(&[text(id_hash), int(now)])?)
}

/// The live session of [`lookup`]'s row, if any.
pub fn live(user: Option<User>) -> ApiResult<Option<Live>> {
    let Some(user) = user else { return Ok(None) };
    Ok(Some(Live {
        session_last_seen_at: added(user.session_last_seen_at, "session_last_seen_at")?,
        user,
    }))
}

/// Records a use of the session (and so of its user).
pub async fn touch(db: &D1Database, id_hash: &str, user_id: i64, now: i64) -> ApiResult<()> {
    db.batch(vec![
        db.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1")
            .bind(&[text(id_hash), int(now)])?,
        db.prepare("UPDATE users SET last_seen_at = ?2 WHERE id = ?1")
            .bind(&[int(user_id), int(now)])?,
    ])
    .await?;
    Ok(())
}

/// Ends a session.
pub async fn delete(db: &D1Database, id_hash: &str) -> ApiResult<()> {
    db.prepare("DELETE FROM sessions WHERE id_hash = ?1")
        .bind(&[text(id_hash)])?
        .run()
        .await?;
    Ok(())
}

/// Ends every session of a user.
pub async fn delete_all(db: &D1Database, user_id: i64) -> ApiResult<()> {
    db.prepare("DELETE FROM sessions WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .run()
        .await?;
    Ok(())
}

/// Forgets sessions past their lifetime (the scheduled clean-up).
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM sessions WHERE expires_at <= ?1")
        .bind(&[int(now)])?)
}
