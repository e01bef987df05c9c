//! The scheduled clean-up (`[triggers] crons` in wrangler.toml): everything no request needs any
//! more is deleted, so that neither a flood of requests nor time fills the database — ended
//! sessions and throttle windows, sign-in counters, stale reset links, logs past their retention
//! (2FAuth's `AUTHENTICATION_LOG_RETENTION` and `OTP_LOG_RETENTION`, 365 days by default) and
//! icons no account shows.

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::store::{
    api_hits, auth_log, icons, login_attempts, otp_logs, password_resets, sessions,
};

/// Days a log is kept when its setting is unset or not a positive number (2FAuth's default).
const DEFAULT_RETENTION_DAYS: i64 = 365;

/// The retention, in days, of the setting `name`.
pub fn retention_days(ctx: &Ctx, name: &str) -> i64 {
    ctx.var(name)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|d| *d > 0)
        .unwrap_or(DEFAULT_RETENTION_DAYS)
}

/// Runs every clean-up in one batch; answers the rows deleted per table.
pub async fn run(ctx: &Ctx) -> ApiResult<Vec<(&'static str, u64)>> {
    let now = ctx.now as i64;
    let db = &ctx.db;
    let day = 86_400;
    let statements = [
        ("sessions", sessions::prune(db, now)?),
        ("api_hits", api_hits::prune(db, now)?),
        ("login_attempts", login_attempts::prune(db, now)?),
        ("password_resets", password_resets::prune(db, now)?),
        (
            "otp_logs",
            otp_logs::prune(db, now - retention_days(ctx, "OTP_LOG_RETENTION") * day)?,
        ),
        (
            "authentication_log",
            auth_log::prune(
                db,
                now - retention_days(ctx, "AUTHENTICATION_LOG_RETENTION") * day,
            )?,
        ),
        ("icons", icons::prune(db, now)?),
    ];
    let (names, statements): (Vec<_>, Vec<_>) = statements.into_iter().unzip();
    let results = db.batch(statements).await?;
    Ok(names
        .into_iter()
        .zip(results)
        .map(|(name, result)| {
            let changes = result.meta().ok().flatten().and_then(|m| m.changes);
            (name, changes.unwrap_or(0) as u64)
        })
        .collect())
}
