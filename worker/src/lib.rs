//! Twofold's Cloudflare Worker: the 2FAuth-compatible API (`/api/v1`), the web session routes,
//! and the web app's static assets.
//!
//! A request travels: [`fetch`] → [`route`] → `throttle` (API) → `auth` → `api::<resource>` / `web::<route>` →
//! `twofold_core` (rules) → `store::<table>` (D1) → `error` (the one place errors become HTTP).

mod api;
mod auth;
mod backups;
mod context;
mod cors;
#[cfg(feature = "cpu-bench")]
mod cpu_bench;
mod crypto;
mod error;
mod external_auth;
mod http;
mod i18n;
mod login_guard;
mod mail;
mod maintenance;
mod notifications;
mod outbound;
mod platform;
mod registration;
mod replication;
mod store;
mod throttle;
mod tools;
mod web;

use worker::{Context, Env, Method, Request, Response, ScheduleContext, ScheduledEvent, event};

use context::Ctx;
use error::{ApiError, ApiResult};

/// Who answered: the worker's own routes, or the static assets of the web app.
enum Answer {
    Worker(Response),
    Asset(Response),
    /// An error's answer, already in the caller's language.
    Failed(Response),
}

/// The methods workers-rs tells apart.
const KNOWN_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
];

/// Paths the worker answers; anything else is a static asset of the web app. A request's error
/// becomes its answer here, in the caller's language (`i18n`).
async fn route(req: Request, env: Env) -> ApiResult<Answer> {
    let path = req.path();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // workers-rs reads a method it does not know (QUERY, PROPFIND, ...) as GET: refuse those here,
    // as 2FAuth's router does.
    if !KNOWN_METHODS.contains(&req.inner().method().as_str()) {
        return Err(ApiError::MethodNotAllowed);
    }
    if segments.starts_with(&["api", "v1"])
        && let Some(preflight) = cors::preflight(&req)?
    {
        return Ok(Answer::Worker(preflight));
    }
    let transport = http::Transport::of(&req);
    let ip = req.headers().get("cf-connecting-ip").ok().flatten();
    let bookmark = replication::requested(&req, transport);
    let mut ctx = Ctx::new(
        env.clone(),
        platform::now(),
        transport,
        ip,
        bookmark.as_ref().map(|b| b.bookmark.as_str()),
    )?;
    ctx.accept_language = req.headers().get("accept-language")?.unwrap_or_default();
    let mut answer = match dispatch(req, &env, &ctx, &segments).await {
        Err(error) => Answer::Failed(i18n::respond(error, &ctx).await?),
        Ok(answer) => answer,
    };
    if let Answer::Worker(response) | Answer::Failed(response) = &mut answer {
        let sessions = ctx.sessions();
        replication::stamp(
            response,
            &sessions,
            transport,
            bookmark.as_ref(),
            ctx.caller(),
        );
    }
    Ok(answer)
}

/// The route table.
async fn dispatch(mut req: Request, env: &Env, ctx: &Ctx, segments: &[&str]) -> ApiResult<Answer> {
    let method = req.method();
    // Sign-in by a reverse proxy or Cloudflare Access (issue 14): what they replace is refused.
    if let Some(answer) = external_auth::refuse(env, segments, &method)? {
        return Ok(Answer::Worker(answer));
    }
    #[cfg(feature = "cpu-bench")]
    if segments == ["__cpu-bench", "list"] {
        return cpu_bench::list(&mut req, ctx).await.map(Answer::Worker);
    }
    match (segments, method) {
        (["api", "v1", rest @ ..], _) => {
            // Counted before authentication: unauthenticated calls use the quota too.
            let quota = throttle::take(&req, ctx).await?;
            let mut response = match api::handle(req, ctx, rest).await {
                Ok(response) => response,
                Err(error) => i18n::respond(error, ctx).await?,
            };
            if let Some(quota) = quota {
                throttle::stamp(&mut response, quota)?;
            }
            cors::allow(response.headers_mut())?;
            Ok(response)
        }
        (["refresh-csrf"], Method::Get) => web::session::refresh_csrf(&req, ctx),
        (["storage", "icons", name], Method::Get) => api::icons::serve(ctx, name).await,
        (["user"], Method::Post) => web::session::register(&mut req, ctx).await,
        (["user"], Method::Put) => web::profile::update(&mut req, ctx).await,
        (["user"], Method::Delete) => web::profile::destroy(&mut req, ctx).await,
        (["user", "password"], Method::Patch) => web::profile::change_password(&mut req, ctx).await,
        (["user", "password", "lost"], Method::Post) => {
            web::password_reset::lost(&mut req, ctx).await
        }
        (["user", "password", "reset"], Method::Post) => {
            web::password_reset::reset(&mut req, ctx).await
        }
        // The reset link opens the web app's page.
        (["user", "password", "reset"], Method::Get) => return asset(req, env).await,
        (["user", "login"], Method::Post) => web::session::login(&mut req, ctx).await,
        (["user", "logout"], Method::Get) => web::session::logout(&req, ctx).await,
        (["user", "sessions"], Method::Delete) => web::session::logout_everywhere(&req, ctx).await,
        (["user", "offline-key"], Method::Get) => web::offline_key::show(&req, ctx).await,
        (["oauth", "personal-access-tokens"], Method::Get) => web::tokens::index(&req, ctx).await,
        (["oauth", "personal-access-tokens"], Method::Post) => {
            web::tokens::create(&mut req, ctx).await
        }
        (["oauth", "personal-access-tokens", id], Method::Delete) => {
            let id = id.to_string();
            web::tokens::revoke(&req, ctx, &id).await
        }
        (["system", "infos"], Method::Get) => web::system::infos(&req, ctx).await,
        // E-mail (mail.rs): the admin's test, passkey recovery (web/webauthn_recovery.rs).
        (["system", "test-email"], Method::Post) => web::system::test_email(&req, ctx).await,
        (["webauthn", "lost"], Method::Post) => web::webauthn_recovery::lost(&mut req, ctx).await,
        (["webauthn", "recover"], Method::Post) => {
            web::webauthn_recovery::recover(&mut req, ctx).await
        }
        // The web app's pages: asking for the recovery link, and where it leads.
        (["webauthn", "lost" | "recover"], Method::Get) => return asset(req, env).await,
        (["system", "test-email"] | ["webauthn", "lost" | "recover"], _) => {
            Err(ApiError::MethodNotAllowed)
        }
        // Passkeys (web/webauthn.rs).
        (["webauthn", "register", "options"], Method::Post) => {
            web::webauthn::register_options(&req, ctx).await
        }
        (["webauthn", "register"], Method::Post) => web::webauthn::register(&mut req, ctx).await,
        (["webauthn", "login", "options"], Method::Post) => {
            web::webauthn::login_options(&mut req, ctx).await
        }
        (["webauthn", "login"], Method::Post) => web::webauthn::login(&mut req, ctx).await,
        (["webauthn", "credentials"], Method::Get) => web::webauthn::index(&req, ctx).await,
        (["webauthn", "credentials", id, "name"], Method::Patch) => {
            let id = id.to_string();
            web::webauthn::rename(&mut req, ctx, &id).await
        }
        (["webauthn", "credentials", id], Method::Delete) => {
            let id = id.to_string();
            web::webauthn::destroy(&req, ctx, &id).await
        }
        // Single sign-on (web/sso.rs): 2FAuth's redirect and callback, our list of providers.
        (["socialite", "redirect", driver], Method::Get) => {
            let driver = driver.to_string();
            web::sso::redirect(&req, ctx, &driver).await
        }
        (["socialite", "callback", driver], Method::Get) => {
            let driver = driver.to_string();
            web::sso::callback(&req, ctx, &driver).await
        }
        (["socialite", "providers"], Method::Get) => web::sso::providers(ctx).await,
        (["socialite", "redirect" | "callback", _] | ["socialite", "providers"], _) => {
            Err(ApiError::MethodNotAllowed)
        }
        (["refresh-csrf"] | ["user"] | ["user", "login" | "logout" | "sessions"], _)
        | (["system", "infos"], _)
        | (["user", "offline-key"], _)
        | (["user", "password"] | ["user", "password", "lost" | "reset"], _)
        | (["oauth", "personal-access-tokens", ..], _)
        | (["webauthn", "register" | "login"], _)
        | (["webauthn", "register" | "login", "options"], _)
        | (["webauthn", "credentials", ..], _) => Err(ApiError::MethodNotAllowed),
        _ => return asset(req, env).await,
    }
    .map(Answer::Worker)
}

/// A static file of the web app (its SPA fallback serves `index.html` for app pages). The assets
/// answer from the method, path and headers alone: a body the request carries (a GET may) is not
/// passed on, since its stream would still be read after the answer went — an uncaught error for
/// which workerd restarts the isolate, failing the requests it was serving.
async fn asset(req: Request, env: &Env) -> ApiResult<Answer> {
    // web-sys' init, not workers-rs' (outbound.rs says why).
    let init = web_sys::RequestInit::new();
    init.set_method(req.method().as_ref());
    init.set_headers(req.headers().as_ref());
    let bare = web_sys::Request::new_with_str_and_init(req.url()?.as_str(), &init)
        .map_err(worker::Error::from)?;
    Ok(Answer::Asset(
        env.assets("ASSETS")?
            .fetch_request(Request::from(bare))
            .await?,
    ))
}

/// Headers every answer of the worker carries (static pages get theirs from `web/static/_headers`).
const SECURITY_HEADERS: [(&str, &str); 3] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
];

/// HSTS on HTTPS answers: a browser that has seen one never tries the site over plain HTTP again
/// (static pages carry it through `web/static/_headers`).
const HSTS: (&str, &str) = ("Strict-Transport-Security", "max-age=31536000");

/// The Worker's entry point.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let transport = http::Transport::of(&req);
    let api = req.path().starts_with("/api/v1/");
    let (mut response, failed) = match route(req, env).await {
        Ok(Answer::Asset(response)) => return Ok(response),
        Ok(Answer::Worker(response)) => (response, false),
        Ok(Answer::Failed(response)) => (response, true),
        // Before the request's context exists (an unknown method, a CORS preflight): English.
        Err(error) => (error.into_response()?, true),
    };
    // Errors of the API are readable cross-origin too (a 401 or 429 tells the caller why).
    if failed && api {
        cors::allow(response.headers_mut())?;
    }
    for (name, value) in SECURITY_HEADERS {
        response.headers_mut().set(name, value)?;
    }
    if transport.https {
        response.headers_mut().set(HSTS.0, HSTS.1)?;
    }
    // Secrets travel in these answers: never cache them.
    if !response.headers().has("Cache-Control")? {
        response.headers_mut().set("Cache-Control", "no-store")?;
    }
    Ok(response)
}

/// The scheduled runs: the backups that are due on their cron ([`backups::CRON`]), else the
/// clean-up ([`maintenance`]). What they did goes to the log, as counts only.
#[event(scheduled)]
pub async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let transport = http::Transport {
        https: true,
        local: false,
    };
    let ctx = match Ctx::new(env, platform::now(), transport, None, None) {
        Ok(ctx) => ctx,
        Err(error) => return worker::console_error!("scheduled run failed: {error:?}"),
    };
    if event.cron() == backups::CRON {
        match backups::run_due(&ctx).await {
            Ok((done, failed)) => worker::console_log!("backups: {done} made, {failed} failed"),
            Err(error) => worker::console_error!("backups failed: {error:?}"),
        }
        return;
    }
    match maintenance::run(&ctx).await {
        Ok(deleted) => worker::console_log!("clean-up: {deleted:?}"),
        Err(error) => worker::console_error!("clean-up failed: {error:?}"),
    }
}
