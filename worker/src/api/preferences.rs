//! `/api/v1/user/preferences`: the user's 41 preferences, with the instance's defaults and locks.

use serde_json::Value;
use twofold_core::contract;
use twofold_core::input::laravel_boolean;
use twofold_core::preferences::{self, Preference};
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json};
use crate::store::{users, webauthn};

/// Longest preference value accepted, as JSON text.
const MAX_VALUE: usize = 1000;

fn resolved(ctx: &Ctx, caller: &Caller) -> Vec<Preference> {
    ctx.resolved_preferences(&caller.user)
}

fn item(p: &Preference) -> contract::Preference {
    contract::Preference {
        key: p.key.into(),
        value: p.value.clone(),
        locked: Some(p.locked),
    }
}

/// `GET /api/v1/user/preferences`.
pub fn index(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    json(
        200,
        &resolved(ctx, caller).iter().map(item).collect::<Vec<_>>(),
    )
}

/// `GET /api/v1/user/preferences/{name}`: 404 for an unknown name.
pub fn show(ctx: &Ctx, caller: &Caller, name: &str) -> ApiResult<Response> {
    let all = resolved(ctx, caller);
    let p = all
        .iter()
        .find(|p| p.key == name)
        .ok_or(ApiError::NotFound)?;
    json(200, &item(p))
}

/// `PUT /api/v1/user/preferences/{name}` `{"value": ...}`: 201 `{key, value}`; a locked
/// preference is 403 with an empty message, as 2FAuth answers.
pub async fn update(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    name: &str,
) -> ApiResult<Response> {
    let key = preferences::known(name).ok_or(ApiError::NotFound)?;
    if resolved(ctx, caller)
        .iter()
        .any(|p| p.key == key && p.locked)
    {
        return Err(ApiError::ForbiddenWith(""));
    }
    let input = Input::read(req).await?;
    let value = match input.get("value") {
        None | Some(Value::Null) => {
            return Err(ValidationErrors::single("value", messages::required("value")).into());
        }
        // 2FAuth checks no type; a size bound keeps the user row within D1's limits.
        Some(v) if v.to_string().len() > MAX_VALUE => {
            return Err(
                ValidationErrors::single("value", messages::max_chars("value", MAX_VALUE)).into(),
            );
        }
        Some(v) => v.clone(),
    };
    // Passwords off with no passkey to sign in with would lock the user out.
    if key == "useWebauthnOnly"
        && laravel_boolean(&value) == Some(true)
        && webauthn::count(&ctx.db, caller.user.id).await? == 0
    {
        return Err(ValidationErrors::single("value", messages::NO_PASSKEY).into());
    }
    users::set_preference(&ctx.db, caller.user.id, key, &value).await?;
    json(
        201,
        &contract::Preference {
            key: key.into(),
            value,
            locked: None,
        },
    )
}
