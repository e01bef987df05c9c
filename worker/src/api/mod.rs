//! `/api/v1/*`: the 2FAuth-compatible REST API, one module per resource.

pub mod openapi;
pub mod twofaccounts;
pub mod user;

use worker::{Method, Request, Response};

use crate::auth::api_caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};

/// The routes under `/api/v1`, recognised before authentication so that unknown paths answer
/// 404 `unknowkn endpoint` to anyone, as 2FAuth does.
enum Route<'a> {
    User,
    UserName,
    OpenApi,
    TwoFAccounts,
    TwoFAccount(&'a str),
    TwoFAccountOtp(&'a str),
}

fn recognise<'a>(segments: &[&'a str]) -> Option<Route<'a>> {
    Some(match segments {
        ["user"] => Route::User,
        ["user", "name"] => Route::UserName,
        ["openapi.json"] => Route::OpenApi,
        ["twofaccounts"] => Route::TwoFAccounts,
        ["twofaccounts", id] => Route::TwoFAccount(id),
        // 2FAuth constrains this id to digits: anything else is no route at all.
        ["twofaccounts", id, "otp"] if id.bytes().all(|b| b.is_ascii_digit()) => {
            Route::TwoFAccountOtp(id)
        }
        _ => return None,
    })
}

/// Dispatches an `/api/v1` request (`segments` follow `v1`).
pub async fn handle(mut req: Request, ctx: &Ctx, segments: &[&str]) -> ApiResult<Response> {
    let route = recognise(segments).ok_or(ApiError::UnknownEndpoint)?;
    let method = req.method();
    // Public routes first.
    match (&route, &method) {
        (Route::UserName, Method::Get) => return user::name(),
        (Route::OpenApi, Method::Get) => return openapi::document(),
        (Route::UserName | Route::OpenApi, _) => return Err(ApiError::MethodNotAllowed),
        _ => {}
    }
    let caller = api_caller(&req, &ctx.db, ctx.now).await?;
    match (route, method) {
        (Route::User, Method::Get) => user::show(&caller),
        (Route::TwoFAccounts, Method::Get) => twofaccounts::index(&mut req, ctx, &caller).await,
        (Route::TwoFAccounts, Method::Post) => twofaccounts::store(&mut req, ctx, &caller).await,
        (Route::TwoFAccount(id), Method::Get) => {
            twofaccounts::show(&mut req, ctx, &caller, id).await
        }
        (Route::TwoFAccountOtp(id), Method::Get) => twofaccounts::otp(ctx, &caller, id).await,
        _ => Err(ApiError::MethodNotAllowed),
    }
}
