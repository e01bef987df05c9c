//! `webauthn_credentials` and `webauthn_challenges`: users' passkeys (public keys only) and the
//! challenges issued for them, single-use and short-lived.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{Rows, int, opt_text, text};
use crate::error::ApiResult;

/// A passkey as its owner lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct Listed {
    pub id: String,
    pub alias: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A passkey as a sign-in reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct Stored {
    pub user_id: i64,
    pub user_handle: String,
    pub public_key: String,
    pub counter: i64,
}

/// A new passkey.
pub struct NewRow<'a> {
    pub id: &'a str,
    pub user_id: i64,
    pub alias: Option<&'a str>,
    pub user_handle: &'a str,
    pub public_key: &'a str,
    pub counter: u32,
    pub transports: &'a str,
}

/// Which ceremony a challenge was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceremony {
    Register,
    Login,
}

impl Ceremony {
    fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Login => "login",
        }
    }
}

/// Keeps an issued challenge (its hash) until `expires_at`.
pub async fn issue(
    db: &D1Database,
    challenge_hash: &str,
    ceremony: Ceremony,
    user_id: Option<i64>,
    expires_at: i64,
) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO webauthn_challenges (challenge_hash, ceremony, user_id, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(&[
        text(challenge_hash),
        text(ceremony.as_str()),
        user_id.map_or(wasm_bindgen::JsValue::NULL, int),
        int(expires_at),
    ])?
    .run()
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct Taken {
    user_id: Option<i64>,
}

/// Consumes an issued challenge: `Some(user it was issued for)` once, when it was issued for this
/// ceremony and has not expired; `None` for anything else (unknown, used, expired).
pub async fn take(
    db: &D1Database,
    challenge_hash: &str,
    ceremony: Ceremony,
    now: i64,
) -> ApiResult<Option<Option<i64>>> {
    let taken: Option<Taken> = db
        .prepare(
            "DELETE FROM webauthn_challenges WHERE challenge_hash = ?1 AND ceremony = ?2 AND expires_at > ?3 \
             RETURNING user_id",
        )
        .bind(&[text(challenge_hash), text(ceremony.as_str()), int(now)])?
        .row().await?;
    Ok(taken.map(|t| t.user_id))
}

/// Forgets expired challenges (the scheduled clean-up).
pub fn prune(db: &D1Database, now: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM webauthn_challenges WHERE expires_at <= ?1")
        .bind(&[int(now)])?)
}

/// Stores a new passkey; false when its id is already registered (to anyone).
pub async fn insert(db: &D1Database, row: &NewRow<'_>, now: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "INSERT INTO webauthn_credentials (id, user_id, alias, public_key, counter, transports, created_at, updated_at, user_handle) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&[
            text(row.id),
            int(row.user_id),
            opt_text(row.alias),
            text(row.public_key),
            int(i64::from(row.counter)),
            text(row.transports),
            int(now),
            text(row.user_handle),
        ])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// The user's passkeys, oldest first.
pub async fn list(db: &D1Database, user_id: i64) -> ApiResult<Vec<Listed>> {
    db.prepare(
        "SELECT id, alias, created_at, last_used_at FROM webauthn_credentials WHERE user_id = ?1 \
             ORDER BY created_at, rowid",
    )
    .bind(&[int(user_id)])?
    .rows()
    .await
}

/// The passkey with this id, whoever owns it (a sign-in learns its user from it).
pub async fn find(db: &D1Database, id: &str) -> ApiResult<Option<Stored>> {
    db.prepare(
        "SELECT user_id, user_handle, public_key, counter FROM webauthn_credentials WHERE id = ?1",
    )
    .bind(&[text(id)])?
    .row()
    .await
}

/// Records a sign-in with a passkey: its new counter, only if nobody moved it meanwhile (two
/// replays racing each other cannot both pass). False when it moved.
pub async fn record_use(
    db: &D1Database,
    id: &str,
    seen: i64,
    counter: u32,
    now: i64,
) -> ApiResult<bool> {
    let result = db
        .prepare(
            "UPDATE webauthn_credentials SET counter = ?3, last_used_at = ?4, updated_at = ?4 \
             WHERE id = ?1 AND counter = ?2",
        )
        .bind(&[text(id), int(seen), int(i64::from(counter)), int(now)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Renames one of the user's passkeys; false when the user has no such passkey.
pub async fn rename(
    db: &D1Database,
    user_id: i64,
    id: &str,
    alias: &str,
    now: i64,
) -> ApiResult<bool> {
    let result = db
        .prepare("UPDATE webauthn_credentials SET alias = ?3, updated_at = ?4 WHERE id = ?1 AND user_id = ?2")
        .bind(&[text(id), int(user_id), text(alias), int(now)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Removes one of the user's passkeys (`Some(id)`) or all of them (`None`), and, when none is
/// left, turns `useWebauthnOnly` off in the same batch: nobody is left without a way in.
pub async fn remove(db: &D1Database, user_id: i64, id: Option<&str>) -> ApiResult<()> {
    let delete = match id {
        Some(id) => db
            .prepare("DELETE FROM webauthn_credentials WHERE id = ?1 AND user_id = ?2")
            .bind(&[text(id), int(user_id)])?,
        None => db
            .prepare("DELETE FROM webauthn_credentials WHERE user_id = ?1")
            .bind(&[int(user_id)])?,
    };
    let reset = db
        .prepare(
            "UPDATE users SET preferences = json_set(preferences, '$.useWebauthnOnly', json('false')) \
             WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM webauthn_credentials WHERE user_id = ?1)",
        )
        .bind(&[int(user_id)])?;
    db.batch(vec![delete, reset]).await?;
    Ok(())
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

/// How many passkeys the user has.
pub async fn count(db: &D1Database, user_id: i64) -> ApiResult<i64> {
    let row: Option<Count> = db
        .prepare("SELECT COUNT(*) AS n FROM webauthn_credentials WHERE user_id = ?1")
        .bind(&[int(user_id)])?
        .row()
        .await?;
    Ok(row.map_or(0, |r| r.n))
}
