//! A lost passkey (2FAuth's web routes for it): `POST /webauthn/lost` mails a recovery link,
//! `POST /webauthn/recover` uses it with the account's password to turn password sign-in back on
//! (`useWebauthnOnly` false) and, if asked, to remove every passkey of the account.
//!
//! The link needs mail: without `MAIL_*` settings an admin does the same by removing the user's
//! passkeys (`DELETE /api/v1/users/{id}/credentials`), and `lost` says so.

use serde_json::Value;
use twofold_core::contract::Message;
use twofold_core::email::messages;
use twofold_core::user;
use twofold_core::validation::{ValidationErrors, messages as errors};
use worker::{Request, Response};

use crate::auth::{new_token, require_csrf};
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json};
use crate::login_guard::confirm_password;
use crate::mail;
use crate::store::{users, webauthn, webauthn_recoveries};
use crate::throttle;

/// One recovery mail per user per minute, as 2FAuth's broker allows.
const RETRY_AFTER: i64 = 60;

/// `POST /webauthn/lost` `{email}`: 200 `Account recovery email sent!`, 422 unknown e-mail or
/// too soon, 424 when the mail could not go.
pub async fn lost(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "webauthn lost").await?;
    let input = Input::read(req).await?;
    let email = user::lost_password(&input.fields)?;
    let user = users::find_by_email(&ctx.db, &email)
        .await?
        .ok_or_else(|| ValidationErrors::single("email", errors::invalid_selection("email")))?;
    if !mail::enabled(ctx) {
        return Err(ValidationErrors::single("email", errors::NO_MAIL_FOR_RECOVERY).into());
    }
    let now = ctx.now as i64;
    if webauthn_recoveries::created_at(&ctx.db, user.id)
        .await?
        .is_some_and(|at| at > now - RETRY_AFTER)
    {
        return Err(ValidationErrors::single("email", errors::RETRY_LATER).into());
    }
    let token = new_token()?;
    webauthn_recoveries::put(&ctx.db, user.id, &token_hash(&token), now).await?;
    let link = mail::token_link(ctx, req, "/webauthn/recover", &token, &user.email);
    let content =
        messages::webauthn_recovery(&user.name, &link, webauthn_recoveries::LIFETIME / 60);
    mail::send_to(ctx, &user, content).await?;
    json(200, &Message::new("Account recovery email sent!"))
}

/// `POST /webauthn/recover` `{token, email, password, revokeAll?}` (the header
/// `WebAuthn-Unique: true` also revokes all): 422 bad token or e-mail, 401 wrong password.
pub async fn recover(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "webauthn recover").await?;
    let unique = req
        .headers()
        .get("webauthn-unique")?
        .is_some_and(|v| twofold_core::input::php_bool(v.trim()));
    let input = Input::read(req).await?;
    let recovery = user::webauthn_recovery(&input.fields)?;
    let revoke_all = unique || input.php_bool("revokeAll").unwrap_or(false);
    let invalid = |field| ValidationErrors::single(field, errors::INVALID_RECOVERY_TOKEN);
    let user = users::find_by_email(&ctx.db, &recovery.email)
        .await?
        .ok_or_else(|| invalid("email"))?;
    let now = ctx.now as i64;
    let hash = token_hash(&recovery.token);
    // The token is checked before the password, so that the link guards the password guesses;
    // it is used up only once the password is right.
    if !webauthn_recoveries::is_valid(&ctx.db, user.id, &hash, now).await? {
        return Err(invalid("token").into());
    }
    if !confirm_password(ctx, &user, &recovery.password).await? {
        return Err(ApiError::WrongPassword);
    }
    if !webauthn_recoveries::consume(&ctx.db, user.id, &hash, now).await? {
        return Err(invalid("token").into());
    }
    if revoke_all {
        webauthn::remove(&ctx.db, user.id, None).await?;
    }
    users::set_preference(&ctx.db, user.id, "useWebauthnOnly", &Value::Bool(false)).await?;
    json(200, &Message::new("Webauthn login disabled"))
}
