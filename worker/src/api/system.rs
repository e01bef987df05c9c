//! `/api/v1/system/*`: Twofold's maintenance operations, for admins only.

use serde_json::json;
use worker::{Request, Response};

use crate::api::settings::require_admin;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::ApiResult;
use crate::http::{Input, json};
use crate::store::twofaccounts;

/// Accounts per batch: a few hundred D1 statements at most per request.
const BATCH: i64 = 100;

/// `POST /api/v1/system/reencrypt?after=<id>`: one batch of an `APP_KEY` rotation (see
/// `scripts/rotate-key.sh`). Answers `{reencrypted, undecipherable: [ids], next}`; call again
/// with `after=next` until `next` is null.
pub async fn reencrypt(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    require_admin(caller)?;
    let input = Input::read(req).await?;
    let after = input
        .query
        .get("after")
        .and_then(|v| {
            v.as_str()
                .and_then(|s| s.parse().ok())
                .or_else(|| v.as_i64())
        })
        .unwrap_or(0);
    let report = twofaccounts::reencrypt_batch(&ctx.db, &ctx.vault()?, after, BATCH).await?;
    json(
        200,
        &json!({
            "reencrypted": report.done,
            "undecipherable": report.undecipherable,
            "next": report.next,
        }),
    )
}
