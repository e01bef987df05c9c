//! Lost passwords (2FAuth's web routes for them): `POST /user/password/lost` and `POST /user/password/reset`.
//!
//! Twofold sends no mail. A lost-password request is recorded for the admins, who see it in the
//! users management (`password_reset`) and answer it with a reset, whose link they pass on.

use twofold_core::contract::Message;
use twofold_core::user::{self, INVALID_RESET_TOKEN};
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::require_csrf;
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::ApiResult;
use crate::http::{Input, json};
use crate::platform::hash_password;
use crate::store::users::SignOut;
use crate::store::{password_resets, users};
use crate::throttle;

/// One lost-password request per user per minute, as 2FAuth's broker allows.
const RETRY_AFTER: i64 = 60;

/// `POST /user/password/lost` `{email}`.
pub async fn lost(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "lost password").await?;
    let input = Input::read(req).await?;
    let email = user::lost_password(&input.fields)?;
    let user = users::find_by_email(&ctx.db, &email)
        .await?
        .ok_or_else(|| ValidationErrors::single("email", messages::invalid_selection("email")))?;
    let now = ctx.now as i64;
    // A request repeated within the minute waits; a link an admin made is left as it is.
    if let Some(pending) = password_resets::find(&ctx.db, user.id).await?
        && pending.token_hash.is_none()
        && pending.created_at > now - RETRY_AFTER
    {
        return Err(ValidationErrors::single("email", "Please wait before retrying.").into());
    }
    password_resets::request(&ctx.db, user.id, now).await?;
    json(
        200,
        &Message::new("We have emailed your password reset link!"),
    )
}

/// `POST /user/password/reset` `{token, email, password, password_confirmation}`: every session
/// and token of the user ends with the old password.
pub async fn reset(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "password reset").await?;
    let input = Input::read(req).await?;
    let reset = user::password_reset(&input.fields)?;
    let invalid = || ValidationErrors::single("email", INVALID_RESET_TOKEN);
    let user = users::find_by_email(&ctx.db, &reset.email)
        .await?
        .ok_or_else(invalid)?;
    let now = ctx.now as i64;
    if !password_resets::consume(&ctx.db, user.id, &token_hash(&reset.token), now).await? {
        return Err(invalid().into());
    }
    users::set_password(
        &ctx.db,
        user.id,
        &hash_password(&reset.password).await?,
        now,
        SignOut::Everyone,
    )
    .await?;
    json(200, &Message::new("Your password has been reset!"))
}
