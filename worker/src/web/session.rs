//! `GET /refresh-csrf`, `POST /user` (register), `POST /user/login`, `GET /user/logout`.

use serde_json::json;
use twofold_core::user::{self, UNKNOWN_EMAIL};
use twofold_core::validation::ValidationErrors;
use worker::{Request, Response};

use crate::api::user::session_payload;
use crate::auth::{
    self, CSRF_COOKIE, SESSION_COOKIE, Via, require_csrf, session_caller, start_session,
};
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, append_headers, cookie, json_with_headers, set_cookie};
use crate::platform::{hash_password, needs_rehash, verify_password};
use crate::registration;
use crate::store::auth_log::{self, Origin};
use crate::store::{login_attempts, sessions, users};

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
                set_cookie(CSRF_COOKIE, &token, sessions::LIFETIME, false, ctx.secure),
            ),
            ("Content-Type", "text/plain; charset=utf-8".into()),
            ("Cache-Control", "no-store".into()),
        ],
    )?;
    Ok(response)
}

/// Posting credentials while logged in first ends the current session (2FAuth's `forceLogout`).
async fn end_current_session(req: &Request, ctx: &Ctx) -> ApiResult<()> {
    if let Some(value) = cookie(req, SESSION_COOKIE) {
        sessions::delete(&ctx.db, &token_hash(&value)).await?;
    }
    Ok(())
}

/// `POST /user`: registers; the first user becomes admin; the new user is logged in.
pub async fn register(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    if registration::closed(ctx).await? {
        return Err(ApiError::ForbiddenWith("forbidden"));
    }
    let input = Input::read(req).await?;
    let registration = registration::checked(ctx, &input.fields).await?;
    let user = registration::create(ctx, &registration, None).await?;
    end_current_session(req, ctx).await?;
    let cookie = start_session(&ctx.db, user.id, ctx.now, ctx.secure).await?;
    json_with_headers(
        201,
        &session_payload(ctx, "account created", &user).await?,
        &[("Set-Cookie", cookie)],
    )
}

/// The request's `User-Agent`, for the authentication log.
fn user_agent(req: &Request) -> Option<String> {
    req.headers()
        .get("user-agent")
        .ok()
        .flatten()
        .map(|ua| ua.chars().take(500).collect())
}

/// Failed logins allowed per e-mail and address in a minute (`LOGIN_THROTTLE`, 2FAuth's default
/// 5; 0 turns the limit off).
fn login_throttle(ctx: &Ctx) -> i64 {
    ctx.var("LOGIN_THROTTLE")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(5)
}

/// `POST /user/login`. After `LOGIN_THROTTLE` wrong passwords for an e-mail from one address, the
/// next attempts answer 429 until the minute is over, even with the right password.
pub async fn login(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let input = Input::read(req).await?;
    let login = user::login(&input.fields)?;
    let user = users::find_by_email(&ctx.db, &login.email)
        .await?
        .ok_or_else(|| ValidationErrors::single("email", UNKNOWN_EMAIL))?;
    let limit = login_throttle(ctx);
    let attempts_key = token_hash(&format!(
        "{}|{}",
        login.email,
        ctx.ip.as_deref().unwrap_or_default()
    ));
    let now = ctx.now as i64;
    let recent = match limit {
        0 => None,
        _ => login_attempts::current(&ctx.db, &attempts_key, now).await?,
    };
    if let Some((failures, start)) = recent
        && failures >= limit
    {
        return Err(ApiError::LoginLockout(
            (start + login_attempts::WINDOW - now).max(1) as u64,
        ));
    }
    let user_agent = user_agent(req);
    let origin = Origin {
        ip: ctx.ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    if !verify_password(&login.password, &user.password).await? {
        if limit > 0 {
            login_attempts::fail(&ctx.db, &attempts_key, now).await?;
        }
        auth_log::login(&ctx.db, user.id, &origin, false, now).await?;
        return Err(ApiError::WrongPassword);
    }
    auth_log::login(&ctx.db, user.id, &origin, true, now).await?;
    // The KDF's parameters live in each record: a record from older ones is upgraded now, while
    // the password is at hand.
    if needs_rehash(&user.password) {
        users::set_password(
            &ctx.db,
            user.id,
            &hash_password(&login.password).await?,
            now,
        )
        .await?;
    }
    if recent.is_some() {
        login_attempts::clear(&ctx.db, &attempts_key).await?;
    }
    end_current_session(req, ctx).await?;
    let cookie = start_session(&ctx.db, user.id, ctx.now, ctx.secure).await?;
    json_with_headers(
        200,
        &session_payload(ctx, "authenticated", &user).await?,
        &[("Set-Cookie", cookie)],
    )
}

/// `GET /user/logout`.
pub async fn logout(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    let caller = session_caller(req, ctx).await?;
    if let Via::Session(hash) = &caller.via {
        sessions::delete(&ctx.db, hash).await?;
    }
    let user_agent = user_agent(req);
    let origin = Origin {
        ip: ctx.ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    auth_log::logout(&ctx.db, caller.user.id, &origin, ctx.now as i64).await?;
    json_with_headers(
        200,
        &json!({ "message": "signed out" }),
        &[("Set-Cookie", auth::clear_session_cookie(ctx.secure))],
    )
}
