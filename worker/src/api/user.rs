//! The current user (`GET /api/v1/user`) and the payload shared with the login answers.

use serde_json::{Map, Value, json};
use twofold_core::{preferences, settings};
use worker::Response;

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::ApiResult;
use crate::http::{json, json_with_headers};
use crate::platform::TimeZone;
use crate::store;
use crate::store::users::User;

/// Instance settings the web app needs with the user.
fn app_settings(all: &[(String, Value)]) -> Value {
    json!({
        "enableSharing": settings::enabled(all, "enableSharing"),
        "enableAllUsersSharingScope": settings::enabled(all, "enableAllUsersSharingScope"),
    })
}

/// The user's stored preferences.
pub fn stored_preferences(user: &User) -> Map<String, Value> {
    serde_json::from_str::<Map<String, Value>>(&user.preferences).unwrap_or_default()
}

/// The user's preferences over the defaults, with the instance's `USERPREF_*` variables applied.
pub fn preferences(ctx: &Ctx, user: &User) -> Map<String, Value> {
    preferences::merged(&stored_preferences(user), &|name| ctx.var(name))
}

/// The user's `timezone` preference.
pub fn time_zone(ctx: &Ctx, user: &User) -> TimeZone {
    TimeZone::new(
        preferences(ctx, user)
            .get("timezone")
            .and_then(Value::as_str)
            .unwrap_or("UTC"),
    )
}

/// The payload of `POST /user/login` and `POST /user`: `message` first, then the user.
pub async fn session_payload(ctx: &Ctx, message: &str, user: &User) -> ApiResult<Value> {
    Ok(json!({
        "message": message,
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "oauth_provider": null,
        "preferences": preferences(ctx, user),
        "appSettings": app_settings(&store::settings::all(&ctx.db).await?),
        "is_admin": user.is_admin != 0,
    }))
}

/// `GET /api/v1/user`: the user resource with how they signed in and the instance's settings.
pub fn show(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let mut body = user_read(ctx, &caller.user);
    if let Some(map) = body.as_object_mut() {
        let is_admin = map.shift_remove("is_admin").unwrap_or_default();
        let preferences = map.shift_remove("preferences").unwrap_or_default();
        map.insert("authenticated_by_proxy".into(), Value::Bool(false));
        map.insert("preferences".into(), preferences);
        map.insert("appSettings".into(), app_settings(&caller.settings));
        map.insert("is_admin".into(), is_admin);
    }
    json(200, &body)
}

/// The user resource (`UserRead`), in 2FAuth's key order.
pub fn user_read(ctx: &Ctx, user: &User) -> Value {
    json!({
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "oauth_provider": null,
        "preferences": preferences(ctx, user),
        "is_admin": user.is_admin != 0,
    })
}

/// `GET /api/v1/user/name`: deprecated and public; 2FAuth answers only that it is deprecated.
pub fn name() -> ApiResult<Response> {
    json_with_headers(
        200,
        &json!({ "deprecation": true }),
        &[("Deprecation", "Tue, 21 Mar 2023 00:00:00 GMT".to_string())],
    )
}
