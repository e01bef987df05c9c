//! THROTTLE_API: every `/api/v1` request is counted against its client address before
//! authentication, as 2FAuth's `api` limiter does; the rules live in `twofold_core::throttle`.

use twofold_core::throttle::{self, Quota};
use worker::{Method, Request, Response};

use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::store::api_hits;

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
    let address = ctx.ip.as_deref().unwrap_or("unknown");
    let now = i64::try_from(ctx.now).unwrap_or(i64::MAX);
    let (hits, reset_at) = api_hits::hit(
        &ctx.db,
        &token_hash(&format!("api|{address}")),
        now,
        throttle::WINDOW as i64,
    )
    .await?;
    match Quota::after(limit, hits, reset_at) {
        Some(quota) => Ok(Some(quota)),
        None => Err(ApiError::TooManyAttempts {
            limit,
            reset_at,
            retry_after: reset_at.saturating_sub(ctx.now),
        }),
    }
}

/// Tells the client its quota, as Laravel does on every limited answer.
pub fn stamp(response: &mut Response, quota: Quota) -> worker::Result<()> {
    let headers = response.headers_mut();
    headers.set("X-RateLimit-Limit", &quota.limit.to_string())?;
    headers.set("X-RateLimit-Remaining", &quota.remaining.to_string())
}
