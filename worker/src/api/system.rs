//! `/api/v1/system/*`: Twofold's maintenance operations, for admins only.

use twofold_core::contract::Reencryption;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::http::{Input, json};
use crate::store::reencryption::{self, Cursor};

/// `POST /api/v1/system/reencrypt?after=<cursor>`: one batch of a re-encryption under the current
/// `APP_KEY` and format (an `APP_KEY` rotation, see `scripts/rotate-key.sh`; or the upgrade of
/// older values and password records, see [`reencryption`]). Answers `{reencrypted, undecipherable: [account ids], undecipherable_icons:
/// [file names], next}`; call again with `after=next` until `next` is null.
pub async fn reencrypt(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let cursor = match input.query.get("after") {
        None => Cursor::start(),
        Some(value) => value
            .as_str()
            .map(str::to_string)
            .or_else(|| value.as_i64().map(|n| n.to_string()))
            .as_deref()
            .and_then(Cursor::parse)
            .ok_or_else(|| ValidationErrors::single("after", messages::invalid("after")))?,
    };
    let batch = reencryption::batch(&ctx.db, ctx.vault()?, &cursor).await?;
    json(
        200,
        &Reencryption {
            reencrypted: batch.reencrypted as u64,
            undecipherable: batch.undecipherable_accounts,
            undecipherable_icons: batch.undecipherable_icons,
            next: batch.next.as_ref().map(Cursor::to_text),
        },
    )
}
