//! `otp_logs`: who generated which account's code, when.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::Rows;
use super::users::User;
use super::{int, opt_text, text};
use crate::error::ApiResult;

/// A log row as listed.
#[derive(Debug, Clone, Deserialize)]
pub struct OtpLog {
    pub requester_name: String,
    pub requester_email: String,
    pub owner_name: String,
    pub owner_email: String,
    pub ip_address: Option<String>,
    pub generated_at: i64,
    pub otp_type: String,
    pub counter: Option<String>,
}

/// What a log row records.
pub struct Entry<'a> {
    pub twofaccount_id: i64,
    pub requester: &'a User,
    pub owner_id: i64,
    pub ip: Option<&'a str>,
    pub otp_type: &'a str,
    pub generated_at: i64,
}

/// The insert (the owner's name and e-mail are copied from `users` in the same statement). For
/// HOTP it runs after the counter was taken, in the same batch, and logs the value used.
pub fn insert_statement(db: &D1Database, e: &Entry<'_>) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT INTO otp_logs (twofaccount_id, requester_id, requester_name, requester_email, owner_id, owner_name, owner_email, ip_address, otp_type, counter, generated_at) \
             SELECT ?1, ?2, ?3, ?4, u.id, u.name, u.email, ?6, ?7, \
               CASE WHEN ?7 = 'hotp' THEN (SELECT CAST(CAST(counter AS INTEGER) - 1 AS TEXT) FROM twofaccounts WHERE id = ?1) END, \
               ?8 FROM users u WHERE u.id = ?5",
        )
        .bind(&[
            int(e.twofaccount_id),
            int(e.requester.id),
            text(&e.requester.name),
            text(&e.requester.email),
            int(e.owner_id),
            opt_text(e.ip),
            text(e.otp_type),
            int(e.generated_at),
        ])?)
}

/// The account's logs since `since` (Unix seconds), newest first, at most `limit`.
pub async fn list(
    db: &D1Database,
    twofaccount_id: i64,
    since: i64,
    limit: i64,
) -> ApiResult<Vec<OtpLog>> {
    db
        .prepare(
            "SELECT requester_name, requester_email, owner_name, owner_email, ip_address, generated_at, otp_type, counter \
             FROM otp_logs WHERE twofaccount_id = ?1 AND generated_at >= ?2 ORDER BY generated_at DESC, id DESC LIMIT ?3",
        )
        .bind(&[int(twofaccount_id), int(since), int(limit)])?
        .rows().await
}

/// Forgets entries older than `retention_start` (`OTP_LOG_RETENTION`, the scheduled clean-up).
pub fn prune(db: &D1Database, retention_start: i64) -> ApiResult<D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM otp_logs WHERE generated_at < ?1")
        .bind(&[int(retention_start)])?)
}
