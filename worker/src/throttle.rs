//! THROTTLE_API: every `/api/v1` request is counted against its client address before
//! authentication, as 2FAuth's `api` limiter does; THROTTLE_AUTH does the same for the sign-in,
//! registration and password-recovery routes. The rules live in `twofold_core::throttle`.

use twofold_core::login_throttle::DEFAULT_ROUTE_LIMIT;
use twofold_core::throttle::{self, Quota};
use worker::{Method, Request, Response};

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::store::api_hits;

/// The client address as counters key it.
fn address(ctx: &Ctx) -> &str {
    ctx.ip.as_deref().unwrap_or("unknown")
}

/// Counts one request of `key` (a keyed hash) in a one-minute window against `limit`.
async fn count(ctx: &Ctx, key: &str, limit: u32) -> ApiResult<Quota> {
    let now = i64::try_from(ctx.now).unwrap_or(i64::MAX);
    let (hits, reset_at) = api_hits::hit(&ctx.db, key, now, throttle::WINDOW as i64).await?;
    Quota::after(limit, hits, reset_at).ok_or(ApiError::TooManyAttempts {
        limit,
        reset_at,
        retry_after: reset_at.saturating_sub(ctx.now),
    })
}

/// THROTTLE_AUTH (requests per minute and address, default 10 as 2FAuth's login route; 0 = off)
/// for one of the routes that take a password or create an account: `route` names its counter.
pub async fn take_auth_route(ctx: &Ctx, route: &str) -> ApiResult<()> {
    let setting = throttle::setting(ctx.var("THROTTLE_AUTH").as_deref(), DEFAULT_ROUTE_LIMIT);
    let Some(limit) = setting else {
        return Ok(());
    };
    let key = ctx.keyed_hash("route", &format!("{route}|{}", address(ctx)))?;
    count(ctx, &key, limit).await.map(|_| ())
}

/// Counts `req` and answers its quota (`None` when it is not limited), or 429 when it is over.
pub async fn take(req: &Request, ctx: &Ctx) -> ApiResult<Option<Quota>> {
    let api = throttle::setting(ctx.var("THROTTLE_API").as_deref(), throttle::DEFAULT_API);
    let during_import = throttle::setting(
        ctx.var("THROTTLE_API_DURING_IMPORT").as_deref(),
        throttle::DEFAULT_DURING_IMPORT,
    );
    let referer = req.headers().get("referer").ok().flatten();
    let importing = throttle::is_import(
        req.method() == Method::Post,
        &req.path(),
        referer.as_deref(),
    );
    let Some(limit) = throttle::limit(api, during_import, importing) else {
        return Ok(None);
    };
    let key = ctx.keyed_hash("api", address(ctx))?;
    count(ctx, &key, limit).await.map(Some)
}

/// Tells the client its quota, as Laravel does on every limited answer.
pub fn stamp(response: &mut Response, quota: Quota) -> worker::Result<()> {
    let headers = response.headers_mut();
    headers.set("X-RateLimit-Limit", &quota.limit.to_string())?;
    headers.set("X-RateLimit-Remaining", &quota.remaining.to_string())
}
