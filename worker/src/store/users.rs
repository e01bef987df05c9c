//! `users`: accounts of people, with hashed passwords and JSON preferences.

use serde::Deserialize;
use worker::D1Database;

use super::{Rows, int, text};
use crate::error::{ApiError, ApiResult};

/// A user row.
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub password: String,
    pub is_admin: i64,
    pub preferences: String,
    /// The SSO provider that signs the user in (`openid`, `github`), if any.
    #[serde(default)]
    pub oauth_provider: Option<String>,
    /// The instance's settings as [`super::settings::STORED_JSON`] gives them, when the query
    /// that found the user asked for them (the caller lookups do).
    #[serde(default)]
    pub settings: Option<String>,
    // The columns some queries add: read here (and made required by [`added`]) rather than in
    // rows that `#[serde(flatten)]` the user, whose reader buffers every value in serde's generic
    // `Content` (2.3 KiB gzip in the worker).
    /// The last use of the session that found the user ([`super::sessions::lookup`]).
    #[serde(default)]
    pub session_last_seen_at: Option<i64>,
    /// [`Managed::twofaccounts_count`].
    #[serde(default)]
    pub twofaccounts_count: Option<i64>,
    /// [`Managed::last_seen_at`].
    #[serde(default)]
    pub last_seen_at: Option<i64>,
    /// [`Managed::created_at`].
    #[serde(default)]
    pub created_at: Option<i64>,
}

/// A column the query added to a [`User`]: its absence is the error a derived reader would give.
pub fn added(value: Option<i64>, name: &str) -> ApiResult<i64> {
    value.ok_or_else(|| ApiError::Internal(format!("missing field `{name}`")))
}

/// Revokes every API token of user `?1` at time `?2`: with a password change (in its batch), or
/// alone ([`super::tokens::revoke_all`]).
pub const REVOKE_TOKENS: &str = "UPDATE personal_access_tokens SET revoked = 1, updated_at = ?2 \
     WHERE user_id = ?1 AND revoked = 0";

const COLUMNS: &str = "id, name, email, password, is_admin, preferences, oauth_provider";

/// The user with this (lower-cased) e-mail.
pub async fn find_by_email(db: &D1Database, email: &str) -> ApiResult<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = ?1");
    db.prepare(sql).bind(&[text(email)])?.row().await
}

/// Whether a user already has this name or this e-mail: `(name_taken, email_taken)`.
pub async fn taken(db: &D1Database, name: &str, email: &str) -> ApiResult<(bool, bool)> {
    #[derive(Deserialize)]
    struct Taken {
        name_taken: i64,
        email_taken: i64,
    }
    let row: Option<Taken> = db
        .prepare(
            "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1) AS name_taken, \
             EXISTS(SELECT 1 FROM users WHERE email = ?2) AS email_taken",
        )
        .bind(&[text(name), text(email)])?
        .row()
        .await?;
    Ok(row.map_or((false, false), |t| (t.name_taken != 0, t.email_taken != 0)))
}

/// Creates a user, admin when `is_admin` says so; without it (registration), the first user of
/// the instance becomes admin (decided in the same statement, so two simultaneous first
/// registrations cannot both become admin).
pub async fn insert(
    db: &D1Database,
    name: &str,
    email: &str,
    password_hash: &str,
    now: i64,
    is_admin: Option<bool>,
) -> ApiResult<User> {
    let sql = format!(
        "INSERT INTO users (name, email, password, is_admin, preferences, created_at, updated_at) \
         VALUES (?1, ?2, ?3, COALESCE(?5, NOT EXISTS(SELECT 1 FROM users)), '{{}}', ?4, ?4) \
         RETURNING {COLUMNS}"
    );
    let admin = is_admin.map_or(wasm_bindgen::JsValue::NULL, |a| int(i64::from(a)));
    let user: Option<User> = db
        .prepare(sql)
        .bind(&[
            text(name),
            text(email),
            text(password_hash),
            int(now),
            admin,
        ])?
        .row()
        .await?;
    user.ok_or_else(|| crate::error::ApiError::Internal("insert user returned nothing".into()))
}

/// Sets one preference (a known name) to a JSON value.
pub async fn set_preference(
    db: &D1Database,
    user_id: i64,
    key: &str,
    value: &serde_json::Value,
) -> ApiResult<()> {
    db.prepare(
        "UPDATE users SET preferences = json_set(preferences, '$.' || ?2, json(?3)) WHERE id = ?1",
    )
    .bind(&[int(user_id), text(key), text(&value.to_string())])?
    .run()
    .await?;
    Ok(())
}

/// The user with this id.
pub async fn find(db: &D1Database, id: i64) -> ApiResult<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = ?1");
    db.prepare(sql).bind(&[int(id)])?.row().await
}

/// A user as the users management lists them.
#[derive(Debug, Clone)]
pub struct Managed {
    pub user: User,
    pub twofaccounts_count: i64,
    pub last_seen_at: Option<i64>,
    pub created_at: i64,
}

/// Every user by id, with the number of accounts each owns.
pub async fn list_managed(db: &D1Database) -> ApiResult<Vec<Managed>> {
    let sql = format!(
        "SELECT {COLUMNS}, last_seen_at, created_at, \
         (SELECT COUNT(*) FROM twofaccounts t WHERE t.user_id = users.id) AS twofaccounts_count \
         FROM users ORDER BY id"
    );
    let users: Vec<User> = db.prepare(sql).rows().await?;
    users.into_iter().map(managed).collect()
}

/// A user row of the management's queries as [`Managed`].
fn managed(user: User) -> ApiResult<Managed> {
    Ok(Managed {
        twofaccounts_count: added(user.twofaccounts_count, "twofaccounts_count")?,
        last_seen_at: user.last_seen_at,
        created_at: added(user.created_at, "created_at")?,
        user,
    })
}

/// One user for the users management (2FAuth reports 0 accounts in single answers).
pub async fn find_managed(db: &D1Database, id: i64) -> ApiResult<Option<Managed>> {
    let sql = format!(
        "SELECT {COLUMNS}, last_seen_at, created_at, 0 AS twofaccounts_count FROM users WHERE id = ?1"
    );
    let user: Option<User> = db.prepare(sql).bind(&[int(id)])?.row().await?;
    user.map(managed).transpose()
}

/// Deletes a user (everything of theirs goes by cascade) unless they are the only admin; false
/// when refused. One statement, so two admins deleting each other cannot leave none.
pub async fn delete_unless_last_admin(db: &D1Database, id: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "DELETE FROM users WHERE id = ?1 AND NOT (is_admin = 1 AND \
             (SELECT COUNT(*) FROM users WHERE is_admin = 1) = 1)",
        )
        .bind(&[int(id)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Grants or withdraws admin rights, never leaving the instance without an admin; false when
/// refused.
pub async fn set_admin(db: &D1Database, id: i64, is_admin: bool, now: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "UPDATE users SET is_admin = ?2, updated_at = ?3 WHERE id = ?1 AND (?2 = 1 OR is_admin = 0 OR \
             (SELECT COUNT(*) FROM users WHERE is_admin = 1) > 1)",
        )
        .bind(&[int(id), int(i64::from(is_admin)), int(now)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// Who else loses access when a password changes.
#[derive(Debug, Clone, Copy)]
pub enum SignOut<'a> {
    /// Nobody (the same password re-hashed with today's parameters).
    Nobody,
    /// Every other session of the user, keeping the one with this stored hash; and the
    /// personal access tokens too when `tokens` (a change by the user, who chooses).
    OtherSessions {
        /// The caller's session.
        keep: &'a str,
        /// Revoke the tokens too.
        tokens: bool,
    },
    /// Every session and every token (a reset: whoever knew the old password is out).
    Everyone,
}

/// Stores a new password record and ends what `sign_out` says, in one batch: a password never
/// changes without the sessions and tokens it must end.
pub async fn set_password(
    db: &D1Database,
    id: i64,
    password_hash: &str,
    now: i64,
    sign_out: SignOut<'_>,
) -> ApiResult<()> {
    let mut statements = vec![
        db.prepare("UPDATE users SET password = ?2, updated_at = ?3 WHERE id = ?1")
            .bind(&[int(id), text(password_hash), int(now)])?,
    ];
    let (sessions, tokens) = match sign_out {
        SignOut::Nobody => (None, false),
        SignOut::OtherSessions { keep, tokens } => (Some(keep), tokens),
        SignOut::Everyone => (Some(""), true),
    };
    if let Some(keep) = sessions {
        statements.push(
            db.prepare("DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2")
                .bind(&[int(id), text(keep)])?,
        );
    }
    if tokens {
        statements.push(db.prepare(REVOKE_TOKENS).bind(&[int(id), int(now)])?);
    }
    db.batch(statements).await?;
    Ok(())
}
/// Updates a user's name and e-mail.
pub async fn set_profile(
    db: &D1Database,
    id: i64,
    name: &str,
    email: &str,
    now: i64,
) -> ApiResult<()> {
    db.prepare("UPDATE users SET name = ?2, email = ?3, updated_at = ?4 WHERE id = ?1")
        .bind(&[int(id), text(name), text(email), int(now)])?
        .run()
        .await?;
    Ok(())
}

/// Which of `ids` are users (one query, whatever the number of ids).
pub async fn existing(db: &D1Database, ids: &[i64]) -> ApiResult<Vec<i64>> {
    #[derive(Deserialize)]
    struct Id {
        id: i64,
    }
    let rows: Vec<Id> = db
        .prepare("SELECT id FROM users WHERE id IN (SELECT value FROM json_each(?1))")
        .bind(&[text(&serde_json::to_string(ids)?)])?
        .rows()
        .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

// Users named by a reverse proxy or Cloudflare Access (issue 14): found by name, created on
// their first request, e-mail kept as the proxy gives it.

/// The password of a user created by a proxy: no password record reads it, so no password signs
/// them in (the proxy does).
const NO_PASSWORD: &str = "!";

/// What identifies a user a proxy names: their name (a proxy's header) or e-mail (Access).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Name,
    Email,
}

/// The user with this name or e-mail, with the instance's settings (a proxy's caller).
pub async fn find_remote(db: &D1Database, by: By, value: &str) -> ApiResult<Option<User>> {
    let column = match by {
        By::Name => "name",
        By::Email => "email",
    };
    let sql = format!(
        "SELECT {COLUMNS}, {} AS settings FROM users WHERE {column} = ?1",
        super::settings::STORED_JSON
    );
    db.prepare(sql).bind(&[text(value)])?.row().await
}

/// Creates the user a proxy names, without a password: with `email` when no one has it, else
/// 2FAuth's `{id}@remote`; the first user of the instance is its admin. Two first requests at
/// once create one user (the name is unique; the loser's insert does nothing).
pub async fn insert_remote(
    db: &D1Database,
    name: &str,
    email: Option<&str>,
    now: i64,
) -> ApiResult<()> {
    // The id is known only once the row exists: a placeholder unique per name until then.
    let pending = format!("pending:{name}");
    db.batch(vec![
        db.prepare(
            "INSERT INTO users (name, email, password, is_admin, preferences, created_at, updated_at) \
             VALUES (?1, COALESCE(CASE WHEN NOT EXISTS (SELECT 1 FROM users WHERE email = ?2) THEN ?2 END, ?3), \
               ?4, NOT EXISTS (SELECT 1 FROM users), '{}', ?5, ?5) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&[
            text(name),
            super::opt_text(email),
            text(&pending),
            text(NO_PASSWORD),
            int(now),
        ])?,
        db.prepare("UPDATE users SET email = id || '@remote' WHERE email = ?1")
            .bind(&[text(&pending)])?,
    ])
    .await?;
    Ok(())
}

/// Gives user `id` the e-mail the proxy sent, unless another user has it; whether it changed.
pub async fn sync_email(db: &D1Database, id: i64, email: &str, now: i64) -> ApiResult<bool> {
    let result = db
        .prepare(
            "UPDATE users SET email = ?2, updated_at = ?3 WHERE id = ?1 AND email <> ?2 \
             AND NOT EXISTS (SELECT 1 FROM users WHERE email = ?2)",
        )
        .bind(&[int(id), text(email), int(now)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// The user a provider's id stands for (`driver`'s `oauth_id`, both compared case-insensitively,
/// as 2FAuth matches them).
pub async fn find_by_oauth(
    db: &D1Database,
    driver: &str,
    oauth_id: &str,
) -> ApiResult<Option<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE lower(oauth_provider) = lower(?1) AND lower(oauth_id) = lower(?2)"
    );
    db.prepare(sql)
        .bind(&[text(driver), text(oauth_id)])?
        .row()
        .await
}

/// Whether the instance has any user yet.
pub async fn any(db: &D1Database) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Any {
        any: i64,
    }
    let row: Option<Any> = db
        .prepare("SELECT EXISTS(SELECT 1 FROM users) AS any")
        .row()
        .await?;
    Ok(row.is_some_and(|r| r.any != 0))
}

/// A user as a provider describes him.
pub struct External<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub provider: &'a str,
    pub oauth_id: &'a str,
}

/// Creates a user signed in by a provider (the first user of the instance becomes admin, decided
/// in the statement). `None` when his name, e-mail or provider id is already someone's.
pub async fn insert_external(
    db: &D1Database,
    user: &External<'_>,
    password_hash: &str,
    now: i64,
) -> ApiResult<Option<User>> {
    let sql = format!(
        "INSERT INTO users (name, email, password, is_admin, preferences, oauth_id, oauth_provider, \
         created_at, updated_at, last_seen_at) \
         VALUES (?1, ?2, ?3, NOT EXISTS(SELECT 1 FROM users), '{{}}', ?4, ?5, ?6, ?6, ?6) \
         ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
    );
    db.prepare(sql)
        .bind(&[
            text(user.name),
            text(user.email),
            text(password_hash),
            text(user.oauth_id),
            text(user.provider),
            int(now),
        ])?
        .row()
        .await
}

/// Keeps a provider's user's name and e-mail as the provider now gives them (2FAuth does at each
/// sign-in); false when another user holds the name or e-mail.
pub async fn sync_external(
    db: &D1Database,
    id: i64,
    name: &str,
    email: &str,
    now: i64,
) -> ApiResult<bool> {
    let result = db
        .prepare(
            "UPDATE OR IGNORE users SET name = ?2, email = ?3, updated_at = ?4, last_seen_at = ?4 \
             WHERE id = ?1",
        )
        .bind(&[int(id), text(name), text(email), int(now)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}
