//! Lost passwords (2FAuth's web routes for them): `POST /user/password/lost` and `POST /user/password/reset`.
//!
//! With mail set up (`MAIL_*`), a lost-password request mails the reset link, as 2FAuth does.
//! Without, it is recorded for the admins, who see it in the users management
//! (`password_reset`) and answer it with a reset, whose link they pass on.

use twofold_core::contract::Message;
use twofold_core::email::messages as mails;
use twofold_core::user;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::{new_token, require_csrf};
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::ApiResult;
use crate::http::{Input, json};
use crate::mail;
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
    if mail::enabled(ctx) {
        return mail_link(req, ctx, &user, now).await;
    }
    // A request repeated within the minute waits; a link an admin made is left as it is.
    if let Some(pending) = password_resets::find(&ctx.db, user.id).await?
        && pending.token_hash.is_none()
        && pending.created_at > now - RETRY_AFTER
    {
        return Err(ValidationErrors::single("email", messages::RETRY_LATER).into());
    }
    password_resets::request(&ctx.db, user.id, now).await?;
    json(
        200,
        &Message::new("We have emailed your password reset link!"),
    )
}

/// Mails a fresh reset link to `user` (a link made within the minute makes the request wait).
async fn mail_link(req: &Request, ctx: &Ctx, user: &users::User, now: i64) -> ApiResult<Response> {
    if let Some(pending) = password_resets::find(&ctx.db, user.id).await?
        && pending.token_hash.is_some()
        && pending.created_at > now - RETRY_AFTER
    {
        return Err(ValidationErrors::single("email", messages::RETRY_LATER).into());
    }
    let token = new_token()?;
    password_resets::put(&ctx.db, user.id, &token_hash(&token), now).await?;
    let link = mail::token_link(ctx, req, "/user/password/reset", &token, &user.email);
    let content = mails::password_reset(&user.name, &link, password_resets::LIFETIME / 60);
    mail::send_to(ctx, user, content).await?;
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
    let invalid = || ValidationErrors::single("email", messages::INVALID_RESET_TOKEN);
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
