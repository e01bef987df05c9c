//! `/api/v1/settings`: the instance's settings, for admins only (as in 2FAuth).

use serde_json::Value;
use twofold_core::contract::Setting;
use twofold_core::settings::{self, Deletion, UpdateError};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, Reason};
use crate::http::{Input, json, no_content};
use crate::store;
use crate::tools;

fn item(key: &str, value: &Value) -> Setting {
    Setting {
        key: key.into(),
        value: value.clone(),
    }
}

/// `GET /api/v1/settings`: natives, then custom settings.
pub fn index(caller: &Caller) -> ApiResult<Response> {
    let all = &caller.settings;
    json(
        200,
        &all.iter().map(|(k, v)| item(k, v)).collect::<Vec<_>>(),
    )
}

/// `GET /api/v1/settings/{name}`: 404 for an unknown name.
pub fn show(caller: &Caller, name: &str) -> ApiResult<Response> {
    let all = &caller.settings;
    let value = settings::value(all, name).ok_or(ApiError::NotFound)?;
    json(200, &item(name, value))
}

/// `POST /api/v1/settings` `{key, value}`: 201.
pub async fn store(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let all = &caller.settings;
    let (key, value) = settings::new_setting(&input.fields, |k| settings::value(all, k).is_some())?;
    store::settings::put(&ctx.db, &key, &value).await?;
    json(201, &item(&key, &value))
}

/// `PUT /api/v1/settings/{name}` `{value}`: 200; creates a custom setting when missing.
pub async fn update(req: &mut Request, ctx: &Ctx, name: &str) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let value = settings::update_value(name, &input.fields, |rule| {
        tools::rule_matches(rule, "").is_some()
    })
    .map_err(|e| match e {
        UpdateError::Invalid(errors) => ApiError::Validation(errors),
        UpdateError::Fixed(why) => ApiError::BadRequest(why.into()),
    })?;
    store::settings::put(&ctx.db, name, &value).await?;
    json(200, &item(name, &value))
}

/// `DELETE /api/v1/settings/{name}`: 204; natives with a non-empty default are 400.
pub async fn destroy(ctx: &Ctx, caller: &Caller, name: &str) -> ApiResult<Response> {
    let all = &caller.settings;
    settings::value(all, name).ok_or(ApiError::NotFound)?;
    match settings::deletion(name) {
        Deletion::Refused => Err(ApiError::BadRequestWith(Reason::List(
            twofold_core::messages::NATIVE_SETTING,
        ))),
        Deletion::Remove => {
            store::settings::remove(&ctx.db, name).await?;
            no_content()
        }
    }
}
