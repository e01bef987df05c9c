//! The current user (`GET /api/v1/user`) and the payload shared with the login answers.

use serde_json::Value;
use twofold_core::contract::{self, AppSettings, Deprecation, SessionPayload, UserRead};
use twofold_core::settings;
use worker::Response;

use crate::auth::{Caller, Via};
use crate::context::Ctx;
use crate::error::ApiResult;
use crate::http::{json, json_with_headers};
use crate::store;
use crate::store::users::User;

/// Instance settings the web app needs with the user.
fn app_settings(all: &[(String, Value)]) -> AppSettings {
    AppSettings {
        enable_sharing: settings::enabled(all, "enableSharing"),
        enable_all_users_sharing_scope: settings::enabled(all, "enableAllUsersSharingScope"),
    }
}

/// The payload of `POST /user/login` and `POST /user`: `message` first, then the user.
pub async fn session_payload(ctx: &Ctx, message: &str, user: &User) -> ApiResult<SessionPayload> {
    Ok(SessionPayload {
        message: message.into(),
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        oauth_provider: user.oauth_provider.clone(),
        preferences: ctx.preferences(user),
        app_settings: app_settings(&store::settings::all(&ctx.db).await?),
        is_admin: user.is_admin != 0,
    })
}

/// `GET /api/v1/user`: the user resource with how they signed in and the instance's settings.
pub fn show(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let user = &caller.user;
    let by_proxy = caller.via == Via::Proxy;
    json(
        200,
        &contract::User {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            oauth_provider: user.oauth_provider.clone(),
            authenticated_by_proxy: by_proxy,
            preferences: caller.preferences(ctx),
            app_settings: app_settings(&caller.settings),
            is_admin: caller.is_admin(),
            proxy_logout_url: by_proxy.then(|| ctx.var("PROXY_LOGOUT_URL")).flatten(),
        },
    )
}

/// The user resource (`UserRead`), in 2FAuth's key order.
pub fn user_read(ctx: &Ctx, user: &User) -> UserRead {
    UserRead {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        oauth_provider: user.oauth_provider.clone(),
        preferences: ctx.preferences(user),
        is_admin: user.is_admin != 0,
    }
}

/// `GET /api/v1/user/name`: deprecated and public; 2FAuth answers only that it is deprecated.
pub fn name() -> ApiResult<Response> {
    json_with_headers(
        200,
        &Deprecation { deprecation: true },
        &[("Deprecation", "Tue, 21 Mar 2023 00:00:00 GMT".to_string())],
    )
}
