//! The signed-in user's own account (2FAuth's web routes for it): `PUT /user` (profile), `PATCH /user/password`,
//! `DELETE /user`.

use serde_json::Value;
use twofold_core::contract::Message;
use twofold_core::user;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::api::user::user_read;
use crate::auth::{self, Via, require_csrf, session_caller};
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, append_headers, json, no_content};
use crate::login_guard::confirm_password;
use crate::platform::hash_password;
use crate::registration;
use crate::store::users::{self, SignOut};
use crate::web::sso_only::refuse_if_external;

/// `PUT /user` `{name, email, password}`: 200 with the user.
pub async fn update(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    let input = Input::read(req).await?;
    let update = user::profile_update(&input.fields)?;
    let me = &caller.user;
    let (name_taken, email_taken) = users::taken(&ctx.db, &update.name, &update.email).await?;
    let mut errors = ValidationErrors::new();
    if name_taken && update.name != me.name {
        errors.add("name", messages::taken("name"));
    }
    if email_taken && update.email != me.email {
        errors.add("email", messages::taken("email"));
    }
    let all = &caller.settings;
    if update.email != me.email && !registration::email_allowed(all, &update.email) {
        errors.add("email", messages::POLICY_REFUSED);
    }
    errors.into_result()?;
    refuse_if_external(me)?;
    if !confirm_password(ctx, me, &update.password).await? {
        return Err(ApiError::BadRequest(
            messages::WRONG_CURRENT_PASSWORD.into(),
        ));
    }
    users::set_profile(&ctx.db, me.id, &update.name, &update.email, ctx.now as i64).await?;
    let user = users::find(&ctx.db, me.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    json(200, &user_read(ctx, &user))
}

/// `PATCH /user/password` `{currentPassword, password, password_confirmation, revokeTokens?}`:
/// the user's other sessions end (whoever had the old password is signed out elsewhere), and with
/// `revokeTokens` (Twofold's) the personal access tokens are revoked too.
pub async fn change_password(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    let input = Input::read(req).await?;
    let (current, new) = user::password_change(&input.fields)?;
    refuse_if_external(&caller.user)?;
    if !confirm_password(ctx, &caller.user, &current).await? {
        return Err(ApiError::BadRequest(
            messages::WRONG_CURRENT_PASSWORD.into(),
        ));
    }
    let Via::Session(keep) = &caller.via else {
        return Err(ApiError::Unauthenticated);
    };
    let sign_out = SignOut::OtherSessions {
        keep,
        tokens: input.php_bool("revokeTokens").unwrap_or(false),
    };
    let record = hash_password(&new).await?;
    users::set_password(&ctx.db, caller.user.id, &record, ctx.now as i64, sign_out).await?;
    json(200, &Message::new("Password successfully changed"))
}

/// `DELETE /user` `{password}`: 204, everything of the user goes; never the only admin.
pub async fn destroy(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    let input = Input::read(req).await?;
    let password = match input.get("password") {
        Some(Value::String(p)) => p.clone(),
        _ => {
            return Err(
                ValidationErrors::single("password", messages::required("password")).into(),
            );
        }
    };
    if !confirm_password(ctx, &caller.user, &password).await? {
        return Err(ApiError::BadRequest(
            messages::WRONG_CURRENT_PASSWORD.into(),
        ));
    }
    if !users::delete_unless_last_admin(&ctx.db, caller.user.id).await? {
        return Err(ApiError::BadRequest(messages::LAST_ADMIN_DELETE.into()));
    }
    crate::backups::erase_instance_files(ctx, caller.user.id).await;
    let mut response = no_content()?;
    append_headers(
        response.headers_mut(),
        &[("Set-Cookie", auth::clear_session_cookie(ctx.transport))],
    )?;
    Ok(response)
}
