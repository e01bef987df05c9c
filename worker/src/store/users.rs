//! `users`: accounts of people, with hashed passwords and JSON preferences.

use serde::Deserialize;
use worker::D1Database;

use super::{int, text};
use crate::error::ApiResult;

/// A user row.
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub password: String,
    pub is_admin: i64,
    pub preferences: String,
}

const COLUMNS: &str = "id, name, email, password, is_admin, preferences";

/// The user with this (lower-cased) e-mail.
pub async fn find_by_email(db: &D1Database, email: &str) -> ApiResult<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = ?1");
    Ok(db.prepare(sql).bind(&[text(email)])?.first(None).await?)
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
        .first(None)
        .await?;
    Ok(row.map_or((false, false), |t| (t.name_taken != 0, t.email_taken != 0)))
}

/// Creates a user; the first user of the instance becomes admin (decided in the same statement,
/// so two simultaneous first registrations cannot both become admin by a race in our code).
pub async fn insert(
    db: &D1Database,
    name: &str,
    email: &str,
    password_hash: &str,
    now: i64,
) -> ApiResult<User> {
    let sql = format!(
        "INSERT INTO users (name, email, password, is_admin, preferences, created_at, updated_at) \
         VALUES (?1, ?2, ?3, NOT EXISTS(SELECT 1 FROM users), '{{}}', ?4, ?4) RETURNING {COLUMNS}"
    );
    let user: Option<User> = db
        .prepare(sql)
        .bind(&[text(name), text(email), text(password_hash), int(now)])?
        .first(None)
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
