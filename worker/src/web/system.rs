//! `GET /system/infos` (admins, web session): what this instance is and how it is set up, for the
//! About page and for bug reports — never a secret. `POST /system/test-email`: a test message to
//! the admin.

use serde::Deserialize;
use serde_json::{Map, Value};
use twofold_core::contract::SystemInfos;
use twofold_core::dates::iso8601;
use worker::{Request, Response};

use crate::auth::{require_csrf, session_caller};
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::json;
use crate::store::Rows;

/// The worker's settings from its environment that shape behaviour, by 2FAuth's names.
const VARS: [&str; 4] = [
    "THROTTLE_API",
    "THROTTLE_API_DURING_IMPORT",
    "LOGIN_THROTTLE",
    "AUTHENTICATION_LOG_RETENTION",
];

#[derive(Deserialize)]
struct Counts {
    users: i64,
    twofaccounts: i64,
    groups: i64,
}

/// `GET /system/infos`: `{common, admin_settings, user_preferences}`, as 2FAuth groups them.
pub async fn infos(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    let caller = session_caller(req, ctx).await?;
    caller.require_admin()?;
    let counts: Option<Counts> = ctx
        .db
        .prepare(
            "SELECT (SELECT count(*) FROM users) AS users, \
             (SELECT count(*) FROM twofaccounts) AS twofaccounts, \
             (SELECT count(*) FROM groups) AS groups",
        )
        .row()
        .await?;
    let mut common = Map::new();
    let mut put = |k: &str, v: Value| common.insert(k.into(), v);
    put("Date", iso8601(ctx.now as i64).into());
    put("userAgent", req.headers().get("user-agent")?.into());
    put("Version", env!("CARGO_PKG_VERSION").into());
    put("Environment", "Cloudflare Workers".into());
    put("Database", "D1 (SQLite)".into());
    put("Encryption at rest", "XChaCha20-Poly1305".into());
    if let Some(c) = counts {
        put("Users", c.users.into());
        put("Accounts", c.twofaccounts.into());
        put("Groups", c.groups.into());
    }
    for name in VARS {
        put(name, ctx.var(name).into());
    }
    json(
        200,
        &SystemInfos {
            common,
            admin_settings: caller.settings.iter().cloned().collect(),
            user_preferences: caller.preferences(ctx),
        },
    )
}

/// `POST /system/test-email` (admins): sends a test message to the caller; 200 `Ok`, 424 when it
/// could not go (or mail is not set up).
pub async fn test_email(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    caller.require_admin()?;
    if !crate::mail::enabled(ctx) {
        return Err(ApiError::MailFailed("MAIL_MAILER is not smtp".into()));
    }
    let content = twofold_core::email::messages::test(&caller.user.name);
    crate::mail::send_to(ctx, &caller.user, content).await?;
    json(200, &twofold_core::contract::Message::new("Ok"))
}
