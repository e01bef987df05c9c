//! Who is calling: a bearer personal access token, or a web session cookie with its CSRF header;
//! behind an authenticating proxy or Cloudflare Access, only whom they name (`external_auth`).

use serde::de::DeserializeOwned;
use serde_json::Value;
use twofold_core::contract::{Pref, Preferences};
use twofold_core::preferences::kick_after_seconds;
use worker::{D1PreparedStatement, Request};

use crate::context::Ctx;

use crate::crypto::{ct_eq, token_hash, token_text};
use crate::error::{ApiError, ApiResult};
use crate::http::{Transport, cookie, set_cookie};
use crate::platform::{TimeZone, random_bytes};
use crate::replication;
use crate::store::users::User;
use crate::store::{self, Owner, Rows, sessions, settings, tokens};

/// The CSRF cookie the web app reads and echoes in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "XSRF-TOKEN";
/// The header that must equal the CSRF cookie.
pub const CSRF_HEADER: &str = "X-XSRF-TOKEN";

/// How the caller authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// `Authorization: Bearer <personal access token>`.
    Token,
    /// The session cookie; holds the session's stored hash.
    Session(String),
    /// A reverse proxy or Cloudflare Access (`crate::external_auth`).
    Proxy,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user.
    pub user: User,
    /// The credential used.
    pub via: Via,
    /// The instance's settings, read with the caller in the same query.
    pub settings: Vec<(String, Value)>,
}

impl Caller {
    /// The caller authentication found; from now on his `lang` preference chooses the language
    /// of the request's error messages.
    fn new(ctx: &Ctx, user: User, via: Via) -> Self {
        let keeps_cookies = match via {
            Via::Session(_) => replication::Caller::WithCookies,
            Via::Token | Via::Proxy => replication::Caller::WithoutCookies,
        };
        ctx.signed_in(&user, keeps_cookies);
        let settings = settings::from_json(user.settings.as_deref().unwrap_or("[]"));
        Self {
            user,
            via,
            settings,
        }
    }

    /// Whether the caller administers the instance.
    pub fn is_admin(&self) -> bool {
        self.user.is_admin != 0
    }

    /// 403 for anyone but an admin.
    pub fn require_admin(&self) -> ApiResult<()> {
        match self.is_admin() {
            true => Ok(()),
            false => Err(ApiError::Forbidden),
        }
    }

    /// The caller's preferences, with the instance's `USERPREF_*` variables applied.
    pub fn preferences(&self, ctx: &Ctx) -> Preferences {
        ctx.preferences(&self.user)
    }

    /// The caller's `timezone` preference, for the dates 2FAuth writes in it.
    pub fn time_zone(&self, ctx: &Ctx) -> TimeZone {
        TimeZone::new(&self.preferences(ctx).timezone())
    }
}

/// The inactivity after which `user`'s cookie session ends (`kickUserAfter`), if any.
fn kick_after(ctx: &Ctx, user: &User) -> Option<u64> {
    match ctx.preferences(user).kick_user_after {
        Pref::Typed(minutes) => kick_after_seconds(&Value::from(minutes)),
        Pref::Other(value) => kick_after_seconds(&value),
    }
}

fn bearer(req: &Request) -> Option<String> {
    let header = req.headers().get("authorization").ok()??;
    let (scheme, token) = header.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// True when the `X-XSRF-TOKEN` header equals the `XSRF-TOKEN` cookie.
pub fn csrf_ok(req: &Request) -> bool {
    let header = req.headers().get(CSRF_HEADER).ok().flatten();
    match (cookie(req, CSRF_COOKIE), header) {
        (Some(cookie), Some(header)) if !cookie.is_empty() => {
            ct_eq(cookie.as_bytes(), header.as_bytes())
        }
        _ => false,
    }
}

/// Web routes that change state: 419 unless the CSRF header matches its cookie.
pub fn require_csrf(req: &Request) -> ApiResult<()> {
    if csrf_ok(req) {
        Ok(())
    } else {
        Err(ApiError::CsrfMismatch)
    }
}

/// Uses are recorded at most this often (seconds): enough for `last_seen_at` and for inactivity
/// counted in minutes, without a write on every request.
const TOUCH_EVERY: i64 = 15;

/// The hash of the session cookie's value (never on a cross-origin request).
fn session_cookie(req: &Request, ctx: &Ctx) -> Option<String> {
    // A page of another origin never acts with the user's session, whatever its CORS answer.
    if crate::cors::is_cross_origin(req) {
        return None;
    }
    cookie(req, &ctx.transport.session_cookie()).map(|value| token_hash(&value))
}

/// The caller of the live session `live` (its cookie hashes to `hash`), if any. A session idle
/// for longer than the user's `kickUserAfter` ends here with 418, as 2FAuth's inactivity kick
/// does (bearer tokens are never kicked).
async fn session_caller_of(
    ctx: &Ctx,
    hash: &str,
    live: Option<sessions::Live>,
) -> ApiResult<Option<Caller>> {
    let Some(live) = live else {
        return Ok(None);
    };
    let now = ctx.now as i64;
    let kick = kick_after(ctx, &live.user);
    let idle = now.saturating_sub(live.session_last_seen_at);
    if kick.is_some_and(|limit| idle > limit as i64) {
        sessions::delete(&ctx.db, hash).await?;
        return Err(ApiError::Inactivity);
    }
    if idle >= TOUCH_EVERY {
        sessions::touch(&ctx.db, hash, live.user.id, now).await?;
    }
    let via = Via::Session(hash.to_string());
    Ok(Some(Caller::new(ctx, live.user, via)))
}

/// What an `/api/v1` request presents to authenticate with, hashed as stored.
enum Credential {
    /// A bearer token.
    Token(String),
    /// A session cookie, on a request that carries the CSRF header (as Passport's cookie guard
    /// demands).
    Session(String),
}

impl Credential {
    /// The credential of an `/api/v1` request, if any: a bearer token wins over a cookie.
    fn of(req: &Request, ctx: &Ctx) -> Option<Self> {
        if let Some(token) = bearer(req) {
            return Some(Self::Token(token_hash(&token)));
        }
        if !csrf_ok(req) {
            return None;
        }
        session_cookie(req, ctx).map(Self::Session)
    }

    /// Its lookup, on the primary, which has every write: a session ended or a token revoked a
    /// moment ago is refused at once, whatever the replica.
    fn lookup(&self, ctx: &Ctx) -> ApiResult<D1PreparedStatement> {
        let (db, now) = (ctx.primary()?, ctx.now as i64);
        match self {
            Self::Token(hash) => tokens::lookup(db, hash, now),
            Self::Session(hash) => sessions::lookup(db, hash, now),
        }
    }

    /// Whose it is, from its lookup's row: none when it is not valid.
    async fn admit(&self, ctx: &Ctx, found: Option<User>) -> ApiResult<Option<Caller>> {
        match self {
            Self::Token(_) => Ok(found.map(|user| Caller::new(ctx, user, Via::Token))),
            Self::Session(hash) => session_caller_of(ctx, hash, sessions::live(found)?).await,
        }
    }

    /// Whose it is, when it is valid.
    async fn caller(&self, ctx: &Ctx) -> ApiResult<Option<Caller>> {
        let found = self.lookup(ctx)?.row().await?;
        self.admit(ctx, found).await
    }

    /// Its holder, for a statement that resolves him itself.
    fn owner(&self, now: u64) -> Owner {
        match self {
            Self::Token(hash) => Owner::Token(hash.clone(), now as i64),
            Self::Session(hash) => Owner::Session(hash.clone(), now as i64),
        }
    }
}

/// The caller of an `/api/v1` route: a valid bearer token, or a live session whose request carries
/// the CSRF header. Anything else is 401.
pub async fn api_caller(req: &Request, ctx: &Ctx) -> ApiResult<Caller> {
    // Under a proxy or Access, they alone authenticate (no token, no session).
    if let Some(user) = crate::external_auth::user(req, ctx).await? {
        return Ok(Caller::new(ctx, user, Via::Proxy));
    }
    let credential = Credential::of(req, ctx).ok_or(ApiError::Unauthenticated)?;
    credential
        .caller(ctx)
        .await?
        .ok_or(ApiError::Unauthenticated)
}

/// `error`, a fault of the request's own input, for a caller only: anyone else gets
/// authentication's answer (401), as when authentication runs before the input is read.
pub async fn refused_after<T>(req: &Request, ctx: &Ctx, error: ApiError) -> ApiResult<T> {
    api_caller(req, ctx).await?;
    Err(error)
}

/// [`api_caller`], and `read` of the caller's rows (all of them, as one `C`) in the same batch
/// as the lookup: one round trip to the database instead of two, and one snapshot of it.
/// `read` gets the credential's holder as an [`Owner`] that its statement, prepared on
/// `ctx.primary()`, resolves in SQL by authentication's own rule (nothing for a credential that
/// is not valid); its rows count only once authentication found the caller. Under a proxy, which
/// names its user in a statement of its own, `read` follows authentication.
pub async fn api_caller_with<C: DeserializeOwned>(
    req: &Request,
    ctx: &Ctx,
    read: impl FnOnce(Owner) -> ApiResult<D1PreparedStatement>,
) -> ApiResult<(Caller, C)> {
    if let Some(user) = crate::external_auth::user(req, ctx).await? {
        let caller = Caller::new(ctx, user, Via::Proxy);
        let rows = read(Owner::User(caller.user.id))?.rows_as().await?;
        return Ok((caller, rows));
    }
    let credential = Credential::of(req, ctx).ok_or(ApiError::Unauthenticated)?;
    let read = read(credential.owner(ctx.now))?;
    let (found, unread) =
        store::lookup_and_read(ctx.primary()?, credential.lookup(ctx)?, read).await?;
    let caller = credential
        .admit(ctx, found)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    Ok((caller, unread.rows()?))
}

/// The caller of a web route: a live session only (bearer tokens do not open web routes).
pub async fn session_caller(req: &Request, ctx: &Ctx) -> ApiResult<Caller> {
    if let Some(user) = crate::external_auth::user(req, ctx).await? {
        return Ok(Caller::new(ctx, user, Via::Proxy));
    }
    let hash = session_cookie(req, ctx).ok_or(ApiError::Unauthenticated)?;
    Credential::Session(hash)
        .caller(ctx)
        .await?
        .ok_or(ApiError::Unauthenticated)
}

/// A fresh random token as cookie-safe text (256 bits).
pub fn new_token() -> ApiResult<String> {
    Ok(token_text(&random_bytes::<32>()?))
}

/// Opens a session for `user_id`: stores its hash and returns the `Set-Cookie` header value.
pub async fn start_session(ctx: &Ctx, user_id: i64) -> ApiResult<String> {
    let value = new_token()?;
    sessions::insert(&ctx.db, &token_hash(&value), user_id, ctx.now as i64).await?;
    Ok(set_cookie(
        &ctx.transport.session_cookie(),
        &value,
        sessions::LIFETIME,
        true,
        ctx.transport.secure_cookies(),
    ))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(transport: Transport) -> String {
    set_cookie(
        &transport.session_cookie(),
        "",
        0,
        true,
        transport.secure_cookies(),
    )
}
