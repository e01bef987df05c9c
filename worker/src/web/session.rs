//! `GET /refresh-csrf`, `POST /user` (register), `POST /user/login`, `GET /user/logout`,
//! `DELETE /user/sessions`.

use twofold_core::contract::Message;
use twofold_core::messages;
use twofold_core::user;
use twofold_core::validation::ValidationErrors;
use worker::{Request, Response};

use crate::api::user::session_payload;
use crate::auth::{self, CSRF_COOKIE, Caller, Via, require_csrf, session_caller, start_session};
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, append_headers, cookie, json_with_headers, set_cookie};
use crate::login_guard::Guards;
use crate::platform::{hash_password, needs_rehash, verify_password};
use crate::registration;
use crate::store::auth_log::{self, Method, Origin};
use crate::store::users::{SignOut, User};
use crate::store::{sessions, users};
use crate::throttle;

/// `GET /refresh-csrf`: (re)issues the `XSRF-TOKEN` cookie and answers the token as text.
/// An existing token is kept so that other open tabs stay valid.
pub fn refresh_csrf(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    let token = match cookie(req, CSRF_COOKIE).filter(|t| t.len() >= 32) {
        Some(token) => token,
        None => auth::new_token()?,
    };
    let mut response = Response::ok(token.clone())?;
    append_headers(
        response.headers_mut(),
        &[
            (
                "Set-Cookie",
                set_cookie(
                    CSRF_COOKIE,
                    &token,
                    sessions::LIFETIME,
                    false,
                    ctx.transport.secure_cookies(),
                ),
            ),
            ("Content-Type", "text/plain; charset=utf-8".into()),
            ("Cache-Control", "no-store".into()),
        ],
    )?;
    Ok(response)
}

/// Posting credentials while logged in first ends the current session (2FAuth's `forceLogout`).
pub(crate) async fn end_current_session(req: &Request, ctx: &Ctx) -> ApiResult<()> {
    if let Some(value) = cookie(req, &ctx.transport.session_cookie()) {
        sessions::delete(&ctx.db, &token_hash(&value)).await?;
    }
    Ok(())
}

/// `POST /user`: registers; the first user becomes admin; the new user is logged in.
pub async fn register(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    crate::web::sso_only::gate_sign_in(ctx, None).await?;
    throttle::take_auth_route(ctx, "register").await?;
    if registration::closed(ctx).await? {
        return Err(ApiError::ForbiddenWith("forbidden"));
    }
    let input = Input::read(req).await?;
    let registration = registration::checked(ctx, &input.fields).await?;
    let user = registration::create(ctx, &registration, None).await?;
    end_current_session(req, ctx).await?;
    let cookie = start_session(ctx, user.id).await?;
    json_with_headers(
        201,
        &session_payload(ctx, "account created", &user).await?,
        &[("Set-Cookie", cookie)],
    )
}

pub(crate) use crate::http::user_agent;

/// `POST /user/login`. Both sign-in guards count the attempt before anything is checked (an
/// unknown e-mail too); after `LOGIN_THROTTLE` attempts for an e-mail from one address, or too
/// many for the e-mail from anywhere, the next answer 429 until their wait is over, even with the
/// right password.
pub async fn login(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "login").await?;
    let input = Input::read(req).await?;
    let email = input.get("email").and_then(serde_json::Value::as_str);
    crate::web::sso_only::gate_sign_in(ctx, email).await?;
    let login = user::login(&input.fields)?;
    let guards = Guards::new(ctx, &login.email)?;
    guards.take(ctx).await?;
    let user = users::find_by_email(&ctx.db, &login.email)
        .await?
        .ok_or_else(|| ValidationErrors::single("email", messages::UNKNOWN_EMAIL))?;
    let now = ctx.now as i64;
    let user_agent = user_agent(req);
    let origin = Origin {
        ip: ctx.ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    // A user who chose passkeys only cannot be signed in by a password, right or wrong; the
    // password is still checked (the answer takes as long) and the attempt logged as failed.
    let right = verify_password(&login.password, &user.password).await?;
    if !right || ctx.preferences(&user).use_webauthn_only() {
        auth_log::login(&ctx.db, user.id, &origin, Method::Password, false, now).await?;
        crate::notifications::failed_login(ctx, &user, &origin).await;
        return Err(ApiError::WrongPassword);
    }
    auth_log::login(&ctx.db, user.id, &origin, Method::Password, true, now).await?;
    crate::notifications::signed_in(ctx, &user, &origin).await;
    // The KDF's parameters live in each record: a record from older ones is upgraded now, while
    // the password is at hand.
    if needs_rehash(&user.password) {
        users::set_password(
            &ctx.db,
            user.id,
            &hash_password(&login.password).await?,
            now,
            SignOut::Nobody,
        )
        .await?;
    }
    guards.clear(ctx).await?;
    signed_in(req, ctx, &user).await
}

/// A sign-in that passed (password or passkey): the request's earlier session ends, a new one
/// starts, and the answer is 2FAuth's `authenticated` payload with its cookie.
pub(crate) async fn signed_in(req: &Request, ctx: &Ctx, user: &User) -> ApiResult<Response> {
    end_current_session(req, ctx).await?;
    let cookie = start_session(ctx, user.id).await?;
    json_with_headers(
        200,
        &session_payload(ctx, "authenticated", user).await?,
        &[("Set-Cookie", cookie)],
    )
}

/// `GET /user/logout`: 2FAuth's method, but like every route that changes state it needs the
/// CSRF header (419 without), so that a link or an image on another site cannot sign anyone out.
pub async fn logout(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    if let Via::Session(hash) = &caller.via {
        sessions::delete(&ctx.db, hash).await?;
    }
    signed_out(req, ctx, &caller, "signed out").await
}

/// After sessions ended: the logout in the authentication log, the cookie cleared, `message`.
async fn signed_out(
    req: &Request,
    ctx: &Ctx,
    caller: &Caller,
    message: &str,
) -> ApiResult<Response> {
    let user_agent = user_agent(req);
    let origin = Origin {
        ip: ctx.ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    auth_log::logout(&ctx.db, caller.user.id, &origin, ctx.now as i64).await?;
    json_with_headers(
        200,
        &Message::new(message),
        &[("Set-Cookie", auth::clear_session_cookie(ctx.transport))],
    )
}

/// `DELETE /user/sessions` (Twofold's): signs the user out of every session, this one included —
/// what to do after leaving a session open on a device one no longer holds.
pub async fn logout_everywhere(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    sessions::delete_all(&ctx.db, caller.user.id).await?;
    signed_out(req, ctx, &caller, "signed out everywhere").await
}
