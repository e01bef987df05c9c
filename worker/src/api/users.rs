//! `/api/v1/users`: users management, for admins only (as in 2FAuth).

use serde_json::Value;
use twofold_core::contract::{
    AuthenticationLogEntry, ManagedUser, ManagedUserWrapped, PasswordReset,
};
use twofold_core::dates::{self, ago};
use twofold_core::input::laravel_boolean;
use twofold_core::user_agent;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::api::user::user_read;
use crate::auth::{Caller, new_token};
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json, no_content};
use crate::maintenance::retention_days;
use crate::platform::{TimeZone, hash_password, random_bytes};
use crate::registration;
use crate::store::auth_log::Entry;
use crate::store::users::{Managed, SignOut};
use crate::store::{auth_log, password_resets, tokens, users, webauthn};

/// Most log entries one answer carries.
const MAX_LOG_ENTRIES: i64 = 1000;

/// A user as the users management shows one: the user resource, then how many accounts they own
/// and when they were last seen and registered.
fn item(ctx: &Ctx, m: &Managed) -> ManagedUser {
    let now = ctx.now as i64;
    ManagedUser {
        user: user_read(ctx, &m.user),
        twofaccounts_count: m.twofaccounts_count,
        last_seen_at: m.last_seen_at.map(|t| ago(t, now)),
        created_at: ago(m.created_at, now),
    }
}

/// The user `raw_id` (404 when there is none).
async fn target(ctx: &Ctx, raw_id: &str) -> ApiResult<Managed> {
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    users::find_managed(&ctx.db, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The wrapped single-user answer: `info` plus the state of resets and credentials, and the reset
/// link just made, if any.
async fn wrapped(ctx: &Ctx, id: i64, link: Option<String>) -> ApiResult<ManagedUserWrapped> {
    let m = users::find_managed(&ctx.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = ctx.now as i64;
    let reset = password_resets::find(&ctx.db, id).await?.map(|p| {
        match p.created_at > now - password_resets::LIFETIME || p.token_hash.is_none() {
            true => PasswordReset::Pending(dates::iso8601(p.created_at)),
            false => PasswordReset::Expired(0),
        }
    });
    Ok(ManagedUserWrapped {
        info: item(ctx, &m),
        password_reset: reset,
        valid_personal_access_tokens: tokens::count_valid(&ctx.db, id, now).await?,
        webauthn_credentials: webauthn::count(&ctx.db, id).await?,
        password_reset_link: link,
    })
}

/// `GET /api/v1/users`.
pub async fn index(ctx: &Ctx) -> ApiResult<Response> {
    let all = users::list_managed(&ctx.db).await?;
    json(200, &all.iter().map(|m| item(ctx, m)).collect::<Vec<_>>())
}

/// `POST /api/v1/users` `{name, email, password, password_confirmation, is_admin}`: 201 wrapped.
pub async fn store(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let is_admin = input.get("is_admin").and_then(laravel_boolean);
    let registration = registration::checked(ctx, &input.fields).await;
    let mut errors = match &registration {
        Err(ApiError::Validation(errors)) => errors.clone(),
        Err(_) | Ok(_) => ValidationErrors::new(),
    };
    if is_admin.is_none() {
        let message = match input.get("is_admin") {
            None | Some(Value::Null) => messages::required("is_admin"),
            Some(_) => messages::boolean("is_admin"),
        };
        errors.add("is_admin", message);
    }
    let registration = match (registration, is_admin) {
        (Ok(r), Some(_)) if errors.is_empty() => r,
        (Err(e @ ApiError::Internal(_)), _) => return Err(e),
        _ => return Err(errors.into()),
    };
    let user = registration::create(ctx, &registration, is_admin).await?;
    json(201, &wrapped(ctx, user.id, None).await?)
}

/// `GET /api/v1/users/{id}`.
pub async fn show(ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    json(200, &wrapped(ctx, m.user.id, None).await?)
}

/// `DELETE /api/v1/users/{id}`: never the only admin.
pub async fn destroy(ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    match users::delete_unless_last_admin(&ctx.db, m.user.id).await? {
        true => {
            crate::backups::erase_instance_files(ctx, m.user.id).await;
            no_content()
        }
        false => Err(ApiError::ForbiddenWith(messages::LAST_ADMIN_DELETE)),
    }
}

/// `PATCH /api/v1/users/{id}/promote` `{is_admin}`: never demotes the only admin.
pub async fn promote(req: &mut Request, ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    let input = Input::read(req).await?;
    let is_admin = match input.get("is_admin") {
        None | Some(Value::Null) => {
            return Err(
                ValidationErrors::single("is_admin", messages::required("is_admin")).into(),
            );
        }
        Some(v) => laravel_boolean(v)
            .ok_or_else(|| ValidationErrors::single("is_admin", messages::boolean("is_admin")))?,
    };
    if !users::set_admin(&ctx.db, m.user.id, is_admin, ctx.now as i64).await? {
        return Err(ApiError::ForbiddenWith(messages::LAST_ADMIN_DEMOTE));
    }
    json(200, &wrapped(ctx, m.user.id, None).await?)
}

/// `PATCH /api/v1/users/{id}/password/reset`: the password is replaced by a random one and a
/// reset link is made; every session and token of the user ends. Twofold sends no mail, so the link comes back in this answer
/// (`password_reset_link`, Twofold's extension) for the admin to pass on; it is valid 60 minutes.
pub async fn reset_password(ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    let now = ctx.now as i64;
    let random = crate::crypto::token_text(&random_bytes::<9>()?);
    // Whoever held the old password, or a session or token opened with it, is out.
    let record = hash_password(&random).await?;
    users::set_password(&ctx.db, m.user.id, &record, now, SignOut::Everyone).await?;
    let token = new_token()?;
    password_resets::put(&ctx.db, m.user.id, &token_hash(&token), now).await?;
    let link = format!(
        "/user/password/reset?token={token}&email={}",
        percent_encoding::utf8_percent_encode(&m.user.email, percent_encoding::NON_ALPHANUMERIC)
    );
    json(200, &wrapped(ctx, m.user.id, Some(link)).await?)
}

/// `DELETE /api/v1/users/{id}/pats`: revokes every token of the user.
pub async fn revoke_tokens(ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    tokens::revoke_all(&ctx.db, m.user.id, ctx.now as i64).await?;
    no_content()
}

/// `DELETE /api/v1/users/{id}/credentials`: removes every passkey of the user, which turns
/// `useWebauthnOnly` off (the password signs in again).
pub async fn revoke_credentials(ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    webauthn::remove(&ctx.db, m.user.id, None).await?;
    no_content()
}

/// A query parameter under Laravel's `sometimes|numeric`.
fn numeric(input: &Input, field: &str) -> ApiResult<Option<f64>> {
    match input.query.get(field) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .and_then(|s| twofold_core::input::parse_f64(s.trim()))
            .or_else(|| v.as_f64())
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| ValidationErrors::single(field, messages::numeric(field)).into()),
    }
}

fn log_entry(e: &Entry, zone: &TimeZone) -> AuthenticationLogEntry {
    let agent = e.user_agent.as_deref().map(user_agent::parse);
    let duration = match (e.login_at, e.logout_at) {
        (Some(a), Some(b)) if b >= a => Some(dates::duration((b - a) as u64)),
        _ => None,
    };
    AuthenticationLogEntry {
        id: e.id,
        ip_address: e.ip_address.clone(),
        user_agent: e.user_agent.clone(),
        browser: agent.and_then(|a| a.browser).map(Into::into),
        platform: agent.and_then(|a| a.platform).map(Into::into),
        device: agent.map(|a| a.device.into()),
        login_at: e.login_at.map(|t| zone.log_date(t)),
        logout_at: e.logout_at.map(|t| zone.log_date(t)),
        login_successful: e.login_successful != 0,
        duration,
        login_method: e.login_method.clone(),
    }
}

/// `GET /api/v1/users/{id}/authentications?limit=n&period=months`: newest first, dates in the
/// admin's time zone.
pub async fn authentications(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let m = target(ctx, raw_id).await?;
    let input = Input::read(req).await?;
    let (limit, period) = (numeric(&input, "limit")?, numeric(&input, "period")?);
    let now = ctx.now as i64;
    let retention_days = retention_days(ctx, "AUTHENTICATION_LOG_RETENTION");
    let since = period.map_or(i64::MIN, |months| {
        now - (months.max(0.0) * 30.0 * 86_400.0) as i64
    });
    let limit = limit.map_or(MAX_LOG_ENTRIES, |l| {
        (l.max(0.0) as i64).min(MAX_LOG_ENTRIES)
    });
    let entries = auth_log::list(
        &ctx.db,
        m.user.id,
        since,
        limit,
        now - retention_days * 86_400,
    )
    .await?;
    let zone = caller.time_zone(ctx);
    let list: Vec<AuthenticationLogEntry> = entries.iter().map(|e| log_entry(e, &zone)).collect();
    json(200, &list)
}
