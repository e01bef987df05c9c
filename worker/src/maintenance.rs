//! The scheduled clean-up (`[triggers] crons` in wrangler.toml): everything no request needs any
//! more is deleted, so that neither a flood of requests nor time fills the database — ended
//! sessions and throttle windows, sign-in counters, unanswered passkey challenges, stale reset links, logs past their retention
//! (2FAuth's `AUTHENTICATION_LOG_RETENTION` and `OTP_LOG_RETENTION`, 365 days by default) and
//! icons no account shows. It also finishes any re-encryption left to do (values of an older
//! format or key, password records from before the pepper), so an upgrade binds every value to
//! its row without waiting for an admin to run `scripts/rotate-key.sh`.

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::store::{
    api_hits, auth_log, icons, login_attempts, otp_logs, password_resets, reencryption, sessions,
    webauthn, webauthn_recoveries,
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

/// Runs every clean-up in one batch, then the re-encryption when some is pending; answers the rows
/// deleted per table and the values re-encrypted.
pub async fn run(ctx: &Ctx) -> ApiResult<Vec<(&'static str, u64)>> {
    let mut done = prune(ctx).await?;
    let vault = ctx.vault()?;
    let reencrypted = match reencryption::pending(&ctx.db, vault).await? {
        true => reencryption::run(&ctx.db, vault).await?.reencrypted,
        false => 0,
    };
    done.push(("reencrypted", reencrypted as u64));
    Ok(done)
}

/// Deletes what no request needs any more; answers the rows deleted per table.
async fn prune(ctx: &Ctx) -> ApiResult<Vec<(&'static str, u64)>> {
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
        ("webauthn_challenges", webauthn::prune(db, now)?),
        ("webauthn_recoveries", webauthn_recoveries::prune(db, now)?),
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
