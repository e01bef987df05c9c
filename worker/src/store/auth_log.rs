//! `authentication_log`: logins, failed logins and logouts, per user.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{Rows, int, opt_text, text};
use crate::error::ApiResult;

/// A log row.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub login_at: Option<i64>,
    pub login_successful: i64,
    pub logout_at: Option<i64>,
    pub login_method: Option<String>,
}

/// Where a request came from.
pub struct Origin<'a> {
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// How someone signed in (the log's `login_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// E-mail and password.
    Password,
    /// A passkey.
    Webauthn,
    /// A visit authenticated by a reverse proxy.
    Proxy,
    /// A visit authenticated by Cloudflare Access.
    CloudflareAccess,
    /// An OpenID or GitHub account (2FAuth's `sso`).
    Sso,
}

impl Method {
    /// The value 2FAuth's log shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Webauthn => "webauthn",
            Self::Proxy => "proxy",
            Self::CloudflareAccess => "cloudflare-access",
            Self::Sso => "sso",
        }
    }
}

/// Records a login attempt (successful or not) by `method`.
pub async fn login(
    db: &D1Database,
    user_id: i64,
    origin: &Origin<'_>,
    method: Method,
    successful: bool,
    now: i64,
) -> ApiResult<()> {
    db.prepare(
        "INSERT INTO authentication_log (user_id, ip_address, user_agent, login_at, login_successful, login_method) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(&[
        int(user_id),
        opt_text(origin.ip),
        opt_text(origin.user_agent),
        int(now),
        int(i64::from(successful)),
        text(method.as_str()),
    ])?
    .run()
    .await?;
    Ok(())
}

/// For the new-device notice, right after a successful sign-in was recorded: how many successful
/// sign-ins of the user came from `origin` before that one, and when the account was created.
pub async fn device_history(
    db: &D1Database,
    user_id: i64,
    origin: &Origin<'_>,
) -> ApiResult<(i64, i64)> {
    #[derive(Deserialize)]
    struct History {
        seen: i64,
        created_at: i64,
    }
    let row: Option<History> = db
        .prepare(
            "SELECT (SELECT COUNT(*) FROM authentication_log WHERE user_id = ?1 AND login_successful = 1 \
               AND ip_address IS ?2 AND user_agent IS ?3) AS seen, \
             (SELECT created_at FROM users WHERE id = ?1) AS created_at",
        )
        .bind(&[int(user_id), opt_text(origin.ip), opt_text(origin.user_agent)])?
        .row().await?;
    // The sign-in just recorded is among those seen.
    Ok(row.map_or((0, 0), |h| ((h.seen - 1).max(0), h.created_at)))
}

/// Records a logout on the latest open login from the same address and agent, or on a new row
/// when there is none (as Laravel's authentication log does).
pub async fn logout(db: &D1Database, user_id: i64, origin: &Origin<'_>, now: i64) -> ApiResult<()> {
    let binds = [
        int(user_id),
        opt_text(origin.ip),
        opt_text(origin.user_agent),
        int(now),
    ];
    db.batch(vec![
        db.prepare(
            "INSERT INTO authentication_log (user_id, ip_address, user_agent, logout_at) \
             SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM authentication_log \
               WHERE user_id = ?1 AND ip_address IS ?2 AND user_agent IS ?3 AND login_successful = 1 \
               AND logout_at IS NULL)",
        )
        .bind(&binds)?,
        db.prepare(
            "UPDATE authentication_log SET logout_at = ?4 WHERE id = (SELECT id FROM authentication_log \
               WHERE user_id = ?1 AND ip_address IS ?2 AND user_agent IS ?3 AND login_successful = 1 \
               AND logout_at IS NULL ORDER BY login_at DESC, id DESC LIMIT 1)",
        )
        .bind(&binds)?,
    ])
    .await?;
    Ok(())
}

/// The user's entries since `since` (login or logout at or after it), newest first, after
/// forgetting those older than `retention_start`.
pub async fn list(
    db: &D1Database,
    user_id: i64,
    since: i64,
    limit: i64,
    retention_start: i64,
) -> ApiResult<Vec<Entry>> {
    db.prepare(
        "DELETE FROM authentication_log WHERE user_id = ?1 AND COALESCE(login_at, logout_at) < ?2",
    )
    .bind(&[int(user_id), int(retention_start)])?
    .run()
    .await?;
    db.prepare(
        "SELECT id, ip_address, user_agent, login_at, login_successful, logout_at, login_method \
             FROM authentication_log WHERE user_id = ?1 AND (login_at >= ?2 OR logout_at >= ?2) \
             ORDER BY COALESCE(login_at, logout_at) DESC, id DESC LIMIT ?3",
    )
    .bind(&[int(user_id), int(since), int(limit)])?
    .rows()
    .await
}

/// Forgets every user's entries older than `retention_start` (`AUTHENTICATION_LOG_RETENTION`, the
/// scheduled clean-up; [`list`] does it for one user before reading).
pub fn prune(db: &D1Database, retention_start: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM authentication_log WHERE COALESCE(login_at, logout_at) < ?1")
        .bind(&[int(retention_start)])?)
}

/// Records a visit authenticated by a proxy (`method`), unless one was recorded within `every`
/// seconds; when it is recorded, the user's `last_seen_at` follows.
pub async fn visit(
    db: &D1Database,
    user_id: i64,
    origin: &Origin<'_>,
    method: Method,
    now: i64,
    every: i64,
) -> ApiResult<()> {
    let result = db
        .prepare(
            "INSERT INTO authentication_log (user_id, ip_address, user_agent, login_at, login_successful, login_method) \
             SELECT ?1, ?2, ?3, ?4, 1, ?5 WHERE NOT EXISTS (SELECT 1 FROM authentication_log \
               WHERE user_id = ?1 AND login_method = ?5 AND login_at > ?4 - ?6)",
        )
        .bind(&[
            int(user_id),
            opt_text(origin.ip),
            opt_text(origin.user_agent),
            int(now),
            text(method.as_str()),
            int(every),
        ])?
        .run()
        .await?;
    if result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0 {
        db.prepare("UPDATE users SET last_seen_at = ?2 WHERE id = ?1")
            .bind(&[int(user_id), int(now)])?
            .run()
            .await?;
    }
    Ok(())
}
