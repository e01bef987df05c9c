//! Twofold's Cloudflare Worker: the 2FAuth-compatible API (`/api/v1`), the web session routes,
//! and the web app's static assets.
//!
//! A request travels: [`fetch`] → [`route`] → `throttle` (API) → `auth` → `api::<resource>` / `web::<route>` →
//! `twofold_core` (rules) → `store::<table>` (D1) → `error` (the one place errors become HTTP).

mod api;
mod auth;
mod context;
mod crypto;
mod error;
mod http;
mod platform;
mod registration;
mod store;
mod throttle;
mod web;

use worker::{Context, Env, Method, Request, Response, event};

use context::Ctx;
use error::{ApiError, ApiResult};

/// Who answered: the worker's own routes, or the static assets of the web app.
enum Answer {
    Worker(Response),
    Asset(Response),
}

/// The methods workers-rs tells apart.
const KNOWN_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
];

/// Paths the worker answers; anything else is a static asset of the web app.
async fn route(mut req: Request, env: Env) -> ApiResult<Answer> {
    let path = req.path();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // workers-rs reads a method it does not know (QUERY, PROPFIND, ...) as GET: refuse those here,
    // as 2FAuth's router does.
    if !KNOWN_METHODS.contains(&req.inner().method().as_str()) {
        return Err(ApiError::MethodNotAllowed);
    }
    let method = req.method();
    let secure = http::is_https(&req);
    let ip = req.headers().get("cf-connecting-ip").ok().flatten();
    let ctx = || Ctx::new(env.clone(), platform::now(), secure, ip.clone());
    match (segments.as_slice(), method) {
        (["api", "v1", rest @ ..], _) => {
            let ctx = ctx()?;
            // Counted before authentication: unauthenticated calls use the quota too.
            let quota = throttle::take(&req, &ctx).await?;
            let mut response = match api::handle(req, &ctx, rest).await {
                Ok(response) => response,
                Err(error) => error.into_response()?,
            };
            if let Some(quota) = quota {
                throttle::stamp(&mut response, quota)?;
            }
            Ok(response)
        }
        (["refresh-csrf"], Method::Get) => web::session::refresh_csrf(&req, &ctx()?),
        (["storage", "icons", name], Method::Get) => api::icons::serve(&ctx()?, name).await,
        (["user"], Method::Post) => web::session::register(&mut req, &ctx()?).await,
        (["user"], Method::Put) => web::profile::update(&mut req, &ctx()?).await,
        (["user"], Method::Delete) => web::profile::destroy(&mut req, &ctx()?).await,
        (["user", "password"], Method::Patch) => {
            web::profile::change_password(&mut req, &ctx()?).await
        }
        (["user", "password", "lost"], Method::Post) => {
            web::password_reset::lost(&mut req, &ctx()?).await
        }
        (["user", "password", "reset"], Method::Post) => {
            web::password_reset::reset(&mut req, &ctx()?).await
        }
        // The reset link opens the web app's page.
        (["user", "password", "reset"], Method::Get) => return asset(req, &env).await,
        (["user", "login"], Method::Post) => web::session::login(&mut req, &ctx()?).await,
        (["user", "logout"], Method::Get) => web::session::logout(&req, &ctx()?).await,
        (["user", "offline-key"], Method::Get) => web::offline_key::show(&req, &ctx()?).await,
        (["oauth", "personal-access-tokens"], Method::Get) => {
            web::tokens::index(&req, &ctx()?).await
        }
        (["oauth", "personal-access-tokens"], Method::Post) => {
            web::tokens::create(&mut req, &ctx()?).await
        }
        (["oauth", "personal-access-tokens", id], Method::Delete) => {
            let id = id.to_string();
            web::tokens::revoke(&req, &ctx()?, &id).await
        }
        (["system", "infos"], Method::Get) => web::system::infos(&req, &ctx()?).await,
        (["refresh-csrf"] | ["user"] | ["user", "login"] | ["user", "logout"], _)
        | (["system", "infos"], _)
        | (["user", "offline-key"], _)
        | (["user", "password"] | ["user", "password", "lost" | "reset"], _)
        | (["oauth", "personal-access-tokens", ..], _) => Err(ApiError::MethodNotAllowed),
        _ => return asset(req, &env).await,
    }
    .map(Answer::Worker)
}

/// A static file of the web app (its SPA fallback serves `index.html` for app pages).
async fn asset(req: Request, env: &Env) -> ApiResult<Answer> {
    Ok(Answer::Asset(
        env.assets("ASSETS")?.fetch_request(req).await?,
    ))
}

/// Headers every answer of the worker carries (static pages get theirs from `web/static/_headers`).
const SECURITY_HEADERS: [(&str, &str); 3] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
];

/// The Worker's entry point.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let mut response = match route(req, env).await {
        Ok(Answer::Asset(response)) => return Ok(response),
        Ok(Answer::Worker(response)) => response,
        Err(error) => error.into_response()?,
    };
    for (name, value) in SECURITY_HEADERS {
        response.headers_mut().set(name, value)?;
    }
    // Secrets travel in these answers: never cache them.
    if !response.headers().has("Cache-Control")? {
        response.headers_mut().set("Cache-Control", "no-store")?;
    }
    Ok(response)
}
