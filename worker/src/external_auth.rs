//! Sign-in by someone in front of the Worker (issue 14): a reverse proxy naming the user in a
//! header (`AUTHENTICATION_GUARD=reverse-proxy-guard`), or Cloudflare Access and its signed
//! assertion (`cloudflare-access`). Either replaces sessions and tokens on every authenticated
//! route, as 2FAuth's proxy guard does. The rules are core's (`proxy_auth`, `cf_access`, `jwt`);
//! here are the headers, the key fetches and the user rows.

use std::cell::RefCell;

use serde_json::Value;
use twofold_core::cf_access::{self, AccessError, AccessSettings};
use twofold_core::jwt::{Jwt, JwtError};
use twofold_core::proxy_auth::{
    ConfigError, Guard, ProxyRefusal, ProxySettings, VISIT_EVERY, header_of,
};
use twofold_core::signature::SignatureCheck;
use worker::{Env, Method, Request, Response};

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::store::auth_log::{self, Origin};
use crate::store::users::{self, By};
use crate::{cors, outbound, platform};

fn misconfigured(error: ConfigError) -> ApiError {
    ApiError::Misconfigured(error.message())
}

/// The guard `AUTHENTICATION_GUARD` names.
pub fn guard(env: &Env) -> ApiResult<Guard> {
    let setting = env.var("AUTHENTICATION_GUARD").ok().map(|v| v.to_string());
    Guard::parse(setting.as_deref()).map_err(misconfigured)
}

/// What the route table does first under a proxy: sign-in, sign-out, registration, passwords,
/// tokens, passkeys and the offline key (bound to a session and a password) answer 405, and
/// the sign-in pages lead to the accounts. `None` lets the request through.
pub fn refuse(env: &Env, segments: &[&str], method: &Method) -> ApiResult<Option<Response>> {
    // A guard that cannot be read answers on the authenticated routes (`caller`).
    if !guard(env).is_ok_and(Guard::is_external) {
        return Ok(None);
    }
    let page = matches!(
        segments,
        ["login"] | ["register"] | ["password", "request"] | ["user", "password", "reset"]
    );
    if page && *method == Method::Get {
        let mut to_accounts = Response::empty()?.with_status(302);
        to_accounts.headers_mut().set("Location", "/accounts")?;
        return Ok(Some(to_accounts));
    }
    let refused = matches!(
        segments,
        ["user"]
            | [
                "user",
                "login" | "logout" | "sessions" | "offline-key" | "password"
            ]
            | ["user", "password", "lost" | "reset"]
            | ["oauth", "personal-access-tokens", ..]
            | ["webauthn", ..]
    );
    match refused {
        true => Err(ApiError::NotWithProxy),
        false => Ok(None),
    }
}

/// The user the proxy or Access names (with the instance's settings, as a caller lookup reads
/// them), or `None` under the session guard.
pub async fn user(req: &Request, ctx: &Ctx) -> ApiResult<Option<users::User>> {
    let guard = Guard::parse(ctx.var("AUTHENTICATION_GUARD").as_deref()).map_err(misconfigured)?;
    // A page of another origin never acts with the proxy's sign-in (the browser would send the
    // proxy's cookie along), as it never acts with a session.
    if guard.is_external() && cors::is_cross_origin(req) {
        return Err(ApiError::UntrustedProxy);
    }
    // The proxy's secret is best kept a Worker secret; the rest are plain variables.
    let var = |name: &str| match name {
        "AUTH_PROXY_SECRET" => ctx.secret(name).filter(|s| !s.is_empty()),
        _ => ctx.var(name),
    };
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (user, method) = match guard {
        Guard::Session => return Ok(None),
        Guard::ReverseProxy => {
            let settings = ProxySettings::from_vars(&var).map_err(misconfigured)?;
            let identity = settings
                .identify(&header, ctx.ip.as_deref())
                .map_err(|refusal| match refusal {
                    ProxyRefusal::UntrustedProxy => ApiError::UntrustedProxy,
                    ProxyRefusal::MissingUser => ApiError::ProxyAuthRequired,
                })?;
            let user =
                remote_user(ctx, By::Name, &identity.name, identity.email.as_deref()).await?;
            (user, auth_log::Method::Proxy)
        }
        Guard::CloudflareAccess => {
            let settings = AccessSettings::from_vars(&var).map_err(misconfigured)?;
            let email = access_email(req, ctx, &settings).await?;
            let user = remote_user(ctx, By::Email, &email, Some(&email)).await?;
            (user, auth_log::Method::CloudflareAccess)
        }
    };
    let ip = ctx
        .var("PROXY_HEADER_FOR_IP")
        .and_then(|name| header_of(&name))
        .and_then(|name| header(&name))
        .or_else(|| ctx.ip.clone());
    let user_agent = crate::http::user_agent(req);
    let origin = Origin {
        ip: ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    let now = ctx.now as i64;
    auth_log::visit(&ctx.db, user.id, &origin, method, now, VISIT_EVERY).await?;
    Ok(Some(user))
}

/// The user a proxy names (by name) or Access names (by e-mail): found, e-mail kept in sync, or
/// created on the first request.
async fn remote_user(ctx: &Ctx, by: By, key: &str, email: Option<&str>) -> ApiResult<users::User> {
    let now = ctx.now as i64;
    if let Some(mut user) = users::find_remote(ctx.primary()?, by, key).await? {
        if let Some(email) = email
            && user.email != email
            && users::sync_email(&ctx.db, user.id, email, now).await?
        {
            user.email = email.to_string();
        }
        return Ok(user);
    }
    users::insert_remote(&ctx.db, key, email, now).await?;
    users::find_remote(&ctx.db, by, key)
        .await?
        .ok_or_else(|| ApiError::Internal("a user named by the proxy could not be created".into()))
}

/// The e-mail a valid Access assertion names; 407 without one, 403 for any other.
async fn access_email(req: &Request, ctx: &Ctx, settings: &AccessSettings) -> ApiResult<String> {
    let token = req
        .headers()
        .get(cf_access::ASSERTION_HEADER)
        .ok()
        .flatten()
        .filter(|t| !t.trim().is_empty())
        .ok_or(ApiError::ProxyAuthRequired)?;
    let refused = |error: AccessError| {
        // Why, for the administrator; never the token.
        worker::console_log!("Access assertion refused: {error:?}");
        ApiError::UntrustedProxy
    };
    let jwt = Jwt::parse(token.trim()).map_err(|e| refused(AccessError::Token(e)))?;
    jwt.validate(&settings.expected(), ctx.now)
        .map_err(|e| refused(AccessError::Token(e)))?;
    let check = signature_check(settings, &jwt, ctx.now)
        .await
        .map_err(|e| refused(AccessError::Token(e)))?;
    if !platform::verify_signature(&check).await {
        return Err(refused(AccessError::Token(JwtError::Malformed)));
    }
    cf_access::user_email(&jwt).map_err(refused)
}

/// The team's keys as this isolate last fetched them, and when it last tried.
struct Keys {
    url: String,
    jwks: Option<Value>,
    tried_at: u64,
}

thread_local! {
    // Kept for the isolate's life: the keys change only when Cloudflare rotates them, which an
    // unknown `kid` reveals.
    static KEYS: RefCell<Option<Keys>> = const { RefCell::new(None) };
}

/// The signature check of `jwt` with the team's key it names: from the cached keys, or the keys
/// fetched again when its `kid` is unknown (at most every `REFRESH_EVERY` seconds).
async fn signature_check(
    settings: &AccessSettings,
    jwt: &Jwt,
    now: u64,
) -> Result<SignatureCheck, JwtError> {
    let url = settings.certs_url();
    let (cached, tried_at) = KEYS.with_borrow(|keys| match keys {
        Some(k) if k.url == url => (k.jwks.clone(), Some(k.tried_at)),
        _ => (None, None),
    });
    if let Some(jwks) = &cached {
        match jwt.signature_check(jwks) {
            Err(JwtError::UnknownKey) => {}
            found => return found,
        }
    }
    if !cf_access::may_refresh(tried_at, now) {
        return Err(JwtError::UnknownKey);
    }
    let fetched = outbound::get_json(&url, &[]).await;
    if fetched.is_none() {
        worker::console_error!("Access keys could not be fetched from {url}");
    }
    let jwks = fetched.or(cached);
    KEYS.set(Some(Keys {
        url,
        jwks: jwks.clone(),
        tried_at: now,
    }));
    jwt.signature_check(&jwks.ok_or(JwtError::UnknownKey)?)
}
