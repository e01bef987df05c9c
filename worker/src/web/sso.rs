//! Single sign-on, 2FAuth's routes: `GET /socialite/redirect/{openid|github}` sends the browser
//! to the provider, `GET /socialite/callback/{driver}` brings it back signed in (302 `/accounts`)
//! or to `/error?err=sso_*`. Beyond 2FAuth's bare code flow: a `state` that is single-use,
//! short-lived and bound to the browser by a cookie; PKCE; a `nonce`; and, when the provider
//! publishes discovery, its ID token verified against its keys. Ours: `GET /socialite/providers`,
//! which providers the sign-in page may offer. The rules are `twofold_core::oidc`'s and `jwt`'s.

use serde::Serialize;
use serde_json::Value;
use twofold_core::jwt::{Expected, Jwt};
use twofold_core::oidc::{self, Authorization, Discovery, Driver, NewUser, ProviderUser};
use twofold_core::settings;
use worker::{Request, Response};

use crate::auth::{new_token, start_session};
use crate::context::Ctx;
use crate::crypto::{hex, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::http::{append_headers, cookie, json};
use crate::outbound;
use crate::platform::{hash_password, random_bytes, verify_signature};
use crate::store::auth_log::{self, Method, Origin};
use crate::store::users::{self, External, User};
use crate::store::{self, sso_states};
use crate::throttle;
use crate::web::session::{end_current_session, user_agent};

/// The cookie that binds a sign-in under way to the browser that started it.
const BROWSER_COOKIE: &str = "twofold_sso";
/// How long a sign-in may stay at the provider (seconds).
const STATE_LIFETIME: i64 = 600;
/// Clock skew allowed on the ID token's times (seconds).
const LEEWAY: u64 = 60;
/// The discovery document's place under an issuer (OpenID Connect Discovery §4).
const WELL_KNOWN: &str = "/.well-known/openid-configuration";
/// GitHub's sites, overridable (`TWOFOLD_GITHUB_URL`, `TWOFOLD_GITHUB_API_URL`) for GitHub
/// Enterprise Server or a test's loopback server.
const GITHUB_URL: &str = "https://github.com";
const GITHUB_API_URL: &str = "https://api.github.com";

/// Where a sign-in ends when it does not end signed in (2FAuth's `/error?err=...` page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    BadProviderSetup,
    Disabled,
    Failed,
    EmailAlreadyUsed,
    NoRegister,
}

impl Failure {
    fn location(self) -> &'static str {
        match self {
            Self::BadProviderSetup => "/error?err=sso_bad_provider_setup",
            Self::Disabled => "/error?err=sso_disabled",
            Self::Failed => "/error?err=sso_failed",
            Self::EmailAlreadyUsed => "/error?err=sso_email_already_used",
            Self::NoRegister => "/error?err=sso_no_register",
        }
    }
}

/// A 302 to `location`, with `headers`.
fn found(location: &str, headers: &[(&str, String)]) -> ApiResult<Response> {
    let mut response = Response::empty()?.with_status(302);
    append_headers(
        response.headers_mut(),
        &[("Location", location.to_string())],
    )?;
    append_headers(response.headers_mut(), headers)?;
    Ok(response)
}

/// How the ID token is checked, when the provider publishes discovery.
struct IdToken {
    issuer: String,
    jwks_uri: String,
}

/// A provider as the Worker's variables configure it.
struct Provider {
    driver: Driver,
    client_id: String,
    client_secret: String,
    authorize: String,
    token: String,
    /// OpenID's userinfo, GitHub's `/user`.
    userinfo: Option<String>,
    id_token: Option<IdToken>,
}

/// The variables of `driver` that must be set, without asking the provider anything:
/// `(client_id, client_secret)` and, for OpenID, either discovery or the three endpoints.
fn configured(ctx: &Ctx, driver: Driver) -> Option<(String, String)> {
    let var = |name: &str| ctx.var(name).filter(|v| !v.trim().is_empty());
    let (id, secret) = match driver {
        Driver::OpenId => (var("OPENID_CLIENT_ID")?, var("OPENID_CLIENT_SECRET")?),
        Driver::GitHub => (var("GITHUB_CLIENT_ID")?, var("GITHUB_CLIENT_SECRET")?),
    };
    let endpoints = [
        "OPENID_AUTHORIZE_URL",
        "OPENID_TOKEN_URL",
        "OPENID_USERINFO_URL",
    ];
    let reachable = driver == Driver::GitHub
        || var("OPENID_DISCOVERY_URL").is_some()
        || endpoints.iter().all(|name| var(name).is_some());
    reachable.then_some((id, secret))
}

/// `OPENID_DISCOVERY_URL` read as the document's URL or as the issuer's: `(document, issuer)`.
fn discovery_urls(setting: &str) -> (String, String) {
    let setting = setting.trim().trim_end_matches('/');
    match setting.strip_suffix(WELL_KNOWN) {
        Some(issuer) => (setting.to_string(), issuer.to_string()),
        None => (format!("{setting}{WELL_KNOWN}"), setting.to_string()),
    }
}

impl Provider {
    /// The provider of `driver`: `None` when it is not configured, or its discovery document
    /// cannot be had or names another issuer.
    async fn load(ctx: &Ctx, driver: Driver) -> Option<Self> {
        let (client_id, client_secret) = configured(ctx, driver)?;
        let var = |name: &str| ctx.var(name).filter(|v| !v.trim().is_empty());
        if driver == Driver::GitHub {
            let web = var("TWOFOLD_GITHUB_URL").unwrap_or_else(|| GITHUB_URL.into());
            let api = var("TWOFOLD_GITHUB_API_URL").unwrap_or_else(|| GITHUB_API_URL.into());
            let (web, api) = (web.trim_end_matches('/'), api.trim_end_matches('/'));
            return Some(Self {
                driver,
                client_id,
                client_secret,
                authorize: format!("{web}/login/oauth/authorize"),
                token: format!("{web}/login/oauth/access_token"),
                userinfo: Some(format!("{api}/user")),
                id_token: None,
            });
        }
        let discovery = match var("OPENID_DISCOVERY_URL") {
            Some(setting) => {
                let (document, issuer) = discovery_urls(&setting);
                let document = outbound::get_json(&document, &[]).await?;
                Some(Discovery::read(&document, Some(&issuer))?)
            }
            None => None,
        };
        // The variables 2FAuth reads win over discovery, so a provider's odd endpoint can be set.
        let endpoint = |name: &str, found: Option<&String>| var(name).or_else(|| found.cloned());
        let d = discovery.as_ref();
        Some(Self {
            driver,
            client_id,
            client_secret,
            authorize: endpoint("OPENID_AUTHORIZE_URL", d.map(|d| &d.authorization_endpoint))?,
            token: endpoint("OPENID_TOKEN_URL", d.map(|d| &d.token_endpoint))?,
            userinfo: endpoint(
                "OPENID_USERINFO_URL",
                d.and_then(|d| d.userinfo_endpoint.as_ref()),
            ),
            id_token: discovery.map(|d| IdToken {
                issuer: d.issuer,
                jwks_uri: d.jwks_uri,
            }),
        })
    }

    fn scope(&self) -> &'static str {
        match self.driver {
            Driver::OpenId => "openid profile email",
            Driver::GitHub => "read:user user:email",
        }
    }
}

/// This site's callback for `driver` (what the provider must have registered).
fn redirect_uri(req: &Request, driver: Driver) -> ApiResult<String> {
    let origin = req.url()?.origin().ascii_serialization();
    Ok(format!("{origin}/socialite/callback/{}", driver.as_str()))
}

/// The PKCE verifier and the nonce of a sign-in, derived from its state with `APP_KEY`: nothing
/// stored can answer the provider's checks.
fn secrets_of(ctx: &Ctx, state: &str) -> ApiResult<(String, String)> {
    Ok((
        ctx.keyed_hash("sso pkce verifier", state)?,
        ctx.keyed_hash("sso nonce", state)?,
    ))
}

/// `GET /socialite/redirect/{driver}`: 302 to the provider, or to `/error?err=sso_bad_provider_setup`
/// (checked first, as 2FAuth) or `sso_disabled`.
pub async fn redirect(req: &Request, ctx: &Ctx, driver: &str) -> ApiResult<Response> {
    throttle::take_auth_route(ctx, "sso").await?;
    let driver = Driver::from_route(driver).ok_or(ApiError::NotFound)?;
    if configured(ctx, driver).is_none() {
        return found(Failure::BadProviderSetup.location(), &[]);
    }
    let all = store::settings::all(&ctx.db).await?;
    if !settings::enabled(&all, "enableSso") {
        return found(Failure::Disabled.location(), &[]);
    }
    let Some(provider) = Provider::load(ctx, driver).await else {
        return found(Failure::BadProviderSetup.location(), &[]);
    };
    // One browser cookie serves every sign-in it starts (two tabs do not undo each other).
    let browser = match cookie(req, BROWSER_COOKIE).filter(|v| v.len() >= 32) {
        Some(value) => value,
        None => new_token()?,
    };
    let state = new_token()?;
    let now = ctx.now as i64;
    sso_states::issue(
        &ctx.db,
        &token_hash(&state),
        driver.as_str(),
        &token_hash(&browser),
        now,
        now + STATE_LIFETIME,
    )
    .await?;
    let (verifier, nonce) = secrets_of(ctx, &state)?;
    let redirect_uri = redirect_uri(req, driver)?;
    let url = oidc::authorization_url(&Authorization {
        endpoint: &provider.authorize,
        client_id: &provider.client_id,
        redirect_uri: &redirect_uri,
        scope: provider.scope(),
        state: &state,
        nonce: (driver == Driver::OpenId).then_some(nonce.as_str()),
        verifier: &verifier,
    });
    let mut browser_cookie = format!(
        "{BROWSER_COOKIE}={browser}; Path=/socialite; Max-Age={STATE_LIFETIME}; SameSite=Lax; HttpOnly"
    );
    if ctx.transport.secure_cookies() {
        browser_cookie.push_str("; Secure");
    }
    found(&url, &[("Set-Cookie", browser_cookie)])
}

/// `GET /socialite/callback/{driver}`: the provider's answer. Signed in: 302 `/accounts` with the
/// session cookie; else 302 `/error?err=sso_*`.
pub async fn callback(req: &Request, ctx: &Ctx, driver: &str) -> ApiResult<Response> {
    throttle::take_auth_route(ctx, "sso").await?;
    let driver = Driver::from_route(driver).ok_or(ApiError::NotFound)?;
    let all = store::settings::all(&ctx.db).await?;
    if !settings::enabled(&all, "enableSso") {
        return found(Failure::Disabled.location(), &[]);
    }
    let person = match provider_user(req, ctx, driver).await? {
        Ok(person) => person,
        Err(failure) => return found(failure.location(), &[]),
    };
    let user = match account(ctx, &all, driver, &person).await? {
        Ok(user) => user,
        Err(failure) => return found(failure.location(), &[]),
    };
    let user_agent = user_agent(req);
    let origin = Origin {
        ip: ctx.ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    auth_log::login(&ctx.db, user.id, &origin, Method::Sso, true, ctx.now as i64).await?;
    end_current_session(req, ctx).await?;
    let session = start_session(ctx, user.id).await?;
    found("/accounts", &[("Set-Cookie", session)])
}

/// The user the provider vouches for in this callback, after every check: the state was issued
/// to this browser for this driver and is used once, the code is exchanged with the PKCE
/// verifier, and the ID token (when the provider publishes its keys) is signed by it, for us,
/// fresh, and answers this sign-in's nonce. Any failure is `sso_failed`.
async fn provider_user(
    req: &Request,
    ctx: &Ctx,
    driver: Driver,
) -> ApiResult<Result<ProviderUser, Failure>> {
    let url = req.url()?;
    let query = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    };
    let (Some(state), Some(code)) = (query("state"), query("code")) else {
        return Ok(Err(Failure::Failed));
    };
    // The state is consumed before anything else is looked at: a replay finds nothing.
    let Some(taken) = sso_states::take(&ctx.db, &token_hash(&state), ctx.now as i64).await? else {
        return Ok(Err(Failure::Failed));
    };
    let browser = cookie(req, BROWSER_COOKIE).map(|value| token_hash(&value));
    if taken.driver != driver.as_str() || browser.as_deref() != Some(taken.browser_hash.as_str()) {
        return Ok(Err(Failure::Failed));
    }
    let Some(provider) = Provider::load(ctx, driver).await else {
        return Ok(Err(Failure::Failed));
    };
    let (verifier, nonce) = secrets_of(ctx, &state)?;
    let redirect_uri = redirect_uri(req, driver)?;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", redirect_uri.as_str()),
        ("client_id", provider.client_id.as_str()),
        ("client_secret", provider.client_secret.as_str()),
        ("code_verifier", verifier.as_str()),
    ];
    let Some(tokens) = outbound::post_form_json(&provider.token, &form, &[]).await else {
        return Ok(Err(Failure::Failed));
    };
    let Some(access_token) = tokens.get("access_token").and_then(Value::as_str) else {
        return Ok(Err(Failure::Failed));
    };
    let id_claims = match &provider.id_token {
        Some(check) => {
            let token = tokens.get("id_token").and_then(Value::as_str);
            match verified_claims(ctx, &provider, check, token, &nonce).await {
                Some(claims) => Some(claims),
                None => return Ok(Err(Failure::Failed)),
            }
        }
        None => None,
    };
    let info = match &provider.userinfo {
        Some(endpoint) => userinfo(&provider, endpoint, access_token).await,
        None => id_claims.clone(),
    };
    let Some(person) = info.and_then(|info| ProviderUser::from_userinfo(driver, &info)) else {
        return Ok(Err(Failure::Failed));
    };
    // The userinfo must be about the ID token's subject (OpenID Connect Core §5.3.2).
    if let Some(claims) = &id_claims
        && claims.get("sub").and_then(Value::as_str) != Some(person.id.as_str())
    {
        return Ok(Err(Failure::Failed));
    }
    Ok(Ok(person))
}

/// The claims of an ID token that passes every check, else `None`.
async fn verified_claims(
    ctx: &Ctx,
    provider: &Provider,
    check: &IdToken,
    token: Option<&str>,
    nonce: &str,
) -> Option<Value> {
    let jwt = Jwt::parse(token?).ok()?;
    let expected = Expected {
        issuer: &check.issuer,
        audience: &provider.client_id,
        nonce: Some(nonce),
        leeway: LEEWAY,
    };
    jwt.validate(&expected, ctx.now).ok()?;
    let jwks = outbound::get_json(&check.jwks_uri, &[]).await?;
    let signature = jwt.signature_check(&jwks).ok()?;
    verify_signature(&signature)
        .await
        .then(|| jwt.claims.clone())
}

/// The provider's description of the user: OpenID's userinfo, or GitHub's `/user` completed by
/// the primary verified address of `/user/emails` when the profile shows none.
async fn userinfo(provider: &Provider, endpoint: &str, access_token: &str) -> Option<Value> {
    let bearer = format!("Bearer {access_token}");
    // GitHub's API refuses requests without a User-Agent.
    let headers = [
        ("Authorization", bearer.as_str()),
        ("User-Agent", "Twofold"),
    ];
    let mut info = outbound::get_json(endpoint, &headers).await?;
    let missing = info
        .get("email")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty);
    if provider.driver == Driver::GitHub && missing {
        let emails = outbound::get_json(&format!("{endpoint}/emails"), &headers).await;
        let primary = emails
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|e| {
                e.get("primary") == Some(&Value::Bool(true))
                    && e.get("verified") == Some(&Value::Bool(true))
            })
            .and_then(|e| e.get("email").cloned());
        if let (Some(object), Some(email)) = (info.as_object_mut(), primary) {
            object.insert("email".into(), email);
        }
    }
    Some(info)
}

/// The account of the provider's user: found by his id with this provider (name and e-mail kept
/// in step with the provider's), or created as 2FAuth does (first user admin; refused when
/// registration is closed to SSO; never over an e-mail another account holds).
async fn account(
    ctx: &Ctx,
    all: &[(String, Value)],
    driver: Driver,
    person: &ProviderUser,
) -> ApiResult<Result<User, Failure>> {
    let name = person.account_name(driver);
    let email = person.account_email(driver);
    let now = ctx.now as i64;
    if let Some(user) = users::find_by_oauth(&ctx.db, driver.as_str(), &person.id).await? {
        if users::sync_external(&ctx.db, user.id, &name, &email, now).await? {
            let user = users::find(&ctx.db, user.id).await?;
            return Ok(user.ok_or(Failure::Failed));
        }
        return Ok(Err(clash(ctx, &name, &email).await?));
    }
    if oidc::new_user(all, users::any(&ctx.db).await?) == NewUser::Refused {
        return Ok(Err(Failure::NoRegister));
    }
    // Nobody signs in with this password: it only fills the column.
    let password = hash_password(&hex(&random_bytes::<32>()?)).await?;
    let external = External {
        name: &name,
        email: &email,
        provider: driver.as_str(),
        oauth_id: &person.id,
    };
    match users::insert_external(&ctx.db, &external, &password, now).await? {
        Some(user) => Ok(Ok(user)),
        None => Ok(Err(clash(ctx, &name, &email).await?)),
    }
}

/// Why a provider's user could not take his name and e-mail: the e-mail is another account's
/// (`sso_email_already_used`), or anything else (`sso_failed`).
async fn clash(ctx: &Ctx, name: &str, email: &str) -> ApiResult<Failure> {
    let (_, email_taken) = users::taken(&ctx.db, name, email).await?;
    Ok(if email_taken {
        Failure::EmailAlreadyUsed
    } else {
        Failure::Failed
    })
}

/// What the sign-in page may offer (`GET /socialite/providers`).
#[derive(Serialize)]
struct Offered {
    /// The configured providers, when `enableSso`.
    providers: Vec<&'static str>,
    /// `useSsoOnly`: the password and passkey forms are for admins only.
    #[serde(rename = "useSsoOnly")]
    use_sso_only: bool,
}

/// `GET /socialite/providers` (Twofold's, public): the providers the sign-in page shows a button
/// for — configured, and SSO enabled — without naming anything secret.
pub async fn providers(ctx: &Ctx) -> ApiResult<Response> {
    let all = store::settings::all(&ctx.db).await?;
    let providers = match settings::enabled(&all, "enableSso") {
        true => [Driver::OpenId, Driver::GitHub]
            .into_iter()
            .filter(|d| configured(ctx, *d).is_some())
            .map(Driver::as_str)
            .collect(),
        false => Vec::new(),
    };
    json(
        200,
        &Offered {
            providers,
            use_sso_only: settings::enabled(&all, "useSsoOnly"),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_is_read_from_the_document_or_under_the_issuer() {
        let (doc, issuer) = discovery_urls("https://id.example/realms/x/");
        assert_eq!(
            doc,
            "https://id.example/realms/x/.well-known/openid-configuration"
        );
        assert_eq!(issuer, "https://id.example/realms/x");
        let (doc, issuer) = discovery_urls("https://id.example/.well-known/openid-configuration");
        assert_eq!(doc, "https://id.example/.well-known/openid-configuration");
        assert_eq!(issuer, "https://id.example");
    }
}
