//! Passkeys (WebAuthn), 2FAuth's routes: `POST /webauthn/register/options`, `/webauthn/register`,
//! `/webauthn/login/options`, `/webauthn/login`, `GET /webauthn/credentials`,
//! `PATCH /webauthn/credentials/{id}/name`, `DELETE /webauthn/credentials/{id}`. Every rule on what
//! the authenticator answers is `twofold_core::webauthn`'s; here are the challenges (single-use,
//! short-lived, bound to the ceremony and to the user they were issued for), the stored keys, and
//! the one signature WebCrypto verifies.

use twofold_core::contract::{WebauthnCredential, WebauthnCredentialName};
use twofold_core::dates::iso8601;
use twofold_core::messages;
use twofold_core::validation::ValidationErrors;
use twofold_core::webauthn::{
    self as rules, RelyingParty, TIMEOUT_MS, UserVerification, WebauthnError, decode, encode, input,
};
use worker::{Request, Response};

use crate::auth::{require_csrf, session_caller};
use crate::context::Ctx;
use crate::crypto::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json, no_content};
use crate::login_guard::Guards;
use crate::platform::{random_bytes, verify_signature};
use crate::store::auth_log::{self, Method, Origin};
use crate::store::users::{self, User};
use crate::store::webauthn::{self, Ceremony, NewRow};
use crate::throttle;
use crate::web::session::{signed_in, user_agent};
use crate::web::sso_only::{gate_management, gate_sign_in};
use twofold_core::oidc::Gated;

/// The most passkeys one user keeps (each is a row any signed-in user could otherwise add forever).
const MAX_PER_USER: i64 = 50;

/// This site as a relying party: `WEBAUTHN_ID` (else the request's host), `WEBAUTHN_NAME` (else
/// `Twofold`), `WEBAUTHN_USER_VERIFICATION`, and the request's origin, which every ceremony's
/// client data must name.
struct Site {
    id: String,
    name: String,
    origin: String,
    verification: UserVerification,
}

impl Site {
    fn of(req: &Request, ctx: &Ctx) -> ApiResult<Self> {
        let url = req.url()?;
        let host = url.host_str().unwrap_or_default().to_string();
        let set = |name: &str| ctx.var(name).filter(|v| !v.trim().is_empty());
        Ok(Self {
            id: set("WEBAUTHN_ID").unwrap_or(host),
            name: set("WEBAUTHN_NAME").unwrap_or_else(|| "Twofold".into()),
            origin: url.origin().ascii_serialization(),
            verification: UserVerification::from_setting(
                &set("WEBAUTHN_USER_VERIFICATION").unwrap_or_default(),
            ),
        })
    }

    fn rp(&self) -> RelyingParty<'_> {
        RelyingParty {
            id: &self.id,
            name: &self.name,
            origin: &self.origin,
            verification: self.verification,
        }
    }
}

/// The user's handle in passkeys: opaque and stable (a keyed hash of the id), so an authenticator
/// learns neither the id nor the e-mail from it.
fn user_handle(ctx: &Ctx, user_id: i64) -> ApiResult<Vec<u8>> {
    let hash = ctx.keyed_hash("webauthn user", &user_id.to_string())?;
    Ok(hash.as_bytes()[..32.min(hash.len())].to_vec())
}

/// Issues a challenge for `ceremony` (kept as a hash until it is answered or expires).
async fn issue(ctx: &Ctx, ceremony: Ceremony, user_id: Option<i64>) -> ApiResult<[u8; 32]> {
    let challenge = random_bytes::<32>()?;
    let expires_at = ctx.now as i64 + (TIMEOUT_MS / 1000) as i64;
    webauthn::issue(
        &ctx.db,
        &token_hash(&encode(&challenge)),
        ceremony,
        user_id,
        expires_at,
    )
    .await?;
    Ok(challenge)
}

/// Consumes the challenge a response answers: the challenge and the user it was issued for, or
/// `None` when it was never issued for this ceremony, was already answered, or expired.
async fn answered(
    ctx: &Ctx,
    client_data_json: &[u8],
    ceremony: Ceremony,
) -> ApiResult<Option<(Vec<u8>, Option<i64>)>> {
    let Some(challenge) = input::challenge_of(client_data_json) else {
        return Ok(None);
    };
    let issued = webauthn::take(
        &ctx.db,
        &token_hash(&encode(&challenge)),
        ceremony,
        ctx.now as i64,
    )
    .await?;
    Ok(issued.map(|user| (challenge, user)))
}

/// `POST /webauthn/register/options`: the options of `navigator.credentials.create` for the
/// signed-in user, their passkeys excluded.
pub async fn register_options(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "webauthn register").await?;
    let caller = session_caller(req, ctx).await?;
    gate_management(&caller, Gated::Passkeys)?;
    let site = Site::of(req, ctx)?;
    let user = &caller.user;
    let exclude: Vec<Vec<u8>> = webauthn::list(&ctx.db, user.id)
        .await?
        .iter()
        .filter_map(|c| decode(&c.id))
        .collect();
    let challenge = issue(ctx, Ceremony::Register, Some(user.id)).await?;
    let handle = user_handle(ctx, user.id)?;
    json(
        200,
        &rules::creation_options(
            &site.rp(),
            (&handle, &user.email, &user.name),
            &challenge,
            &exclude,
        ),
    )
}

/// A registration the rules refuse: 422 on `response`, in words.
fn refused(error: WebauthnError) -> ApiError {
    ValidationErrors::single("response", error.to_string()).into()
}

/// `POST /webauthn/register`: stores the new passkey (204), with the `name` or `alias` sent.
pub async fn register(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "webauthn register").await?;
    let caller = session_caller(req, ctx).await?;
    gate_management(&caller, Gated::Passkeys)?;
    if webauthn::count(&ctx.db, caller.user.id).await? >= MAX_PER_USER {
        return Err(ValidationErrors::single("id", messages::passkeys_limit(MAX_PER_USER)).into());
    }
    let site = Site::of(req, ctx)?;
    let body = Input::read(req).await?;
    let registration = input::registration(&body.fields)?;
    let issued = answered(ctx, &registration.client_data_json, Ceremony::Register).await?;
    let challenge = match issued {
        Some((challenge, Some(user))) if user == caller.user.id => challenge,
        _ => return Err(refused(WebauthnError::ChallengeMismatch)),
    };
    let credential = rules::register(
        &site.rp(),
        &challenge,
        &registration.client_data_json,
        &registration.attestation_object,
    )
    .map_err(refused)?;
    let alias = input::registration_name(&body.fields);
    let id = encode(&credential.id);
    let transports = serde_json::to_string(&registration.transports).unwrap_or_default();
    let handle = encode(&user_handle(ctx, caller.user.id)?);
    let row = NewRow {
        id: &id,
        user_id: caller.user.id,
        alias: alias.as_deref(),
        user_handle: &handle,
        public_key: &encode(&credential.public_key),
        counter: credential.sign_count,
        transports: &transports,
    };
    if !webauthn::insert(&ctx.db, &row, ctx.now as i64).await? {
        return Err(ValidationErrors::single("id", messages::PASSKEY_KNOWN).into());
    }
    no_content()
}

/// `POST /webauthn/login/options`: the options of `navigator.credentials.get`. With an `email`
/// (2FAuth's clients), that user's passkeys; without (ours), any discoverable passkey of this
/// site, chosen on the authenticator.
pub async fn login_options(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "login").await?;
    let site = Site::of(req, ctx)?;
    let body = Input::read(req).await?;
    let mut errors = ValidationErrors::new();
    let email = input::optional_email(&body.fields, &mut errors);
    errors.into_result()?;
    let (user_id, allow) = match email {
        Some(email) => {
            let user = users::find_by_email(&ctx.db, &email)
                .await?
                .ok_or_else(|| ValidationErrors::single("email", messages::UNKNOWN_EMAIL))?;
            let allow = webauthn::list(&ctx.db, user.id)
                .await?
                .iter()
                .filter_map(|c| decode(&c.id))
                .collect();
            (Some(user.id), allow)
        }
        None => (None, Vec::new()),
    };
    let challenge = issue(ctx, Ceremony::Login, user_id).await?;
    json(200, &rules::request_options(&site.rp(), &challenge, &allow))
}

/// `POST /webauthn/login`: signs in with a passkey. Behind the same guards as the password (the
/// attempt is counted before anything is checked); any failure is 401 `unauthorized`, and a
/// failure for a known user is logged as a failed login.
pub async fn login(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    throttle::take_auth_route(ctx, "login").await?;
    let site = Site::of(req, ctx)?;
    let body = Input::read(req).await?;
    // As 2FAuth's middleware: before the body is validated, on the e-mail sent.
    let email = body.fields.get("email").and_then(serde_json::Value::as_str);
    gate_sign_in(ctx, email).await?;
    let answer = input::sign_in(&body.fields)?;
    let id = encode(&answer.credential_id);
    let stored = webauthn::find(&ctx.db, &id).await?;
    let owner = match &stored {
        Some(stored) => users::find(&ctx.db, stored.user_id).await?,
        None => None,
    };
    // The counters are those of the e-mail typed, else of the passkey's owner, else of the
    // unknown credential: a flood of made-up passkeys is throttled like a flood of passwords.
    let guard_key = answer
        .email
        .clone()
        .or_else(|| owner.as_ref().map(|u| u.email.clone()))
        .unwrap_or_else(|| format!("passkey {id}"));
    let guards = Guards::new(ctx, &guard_key)?;
    guards.take(ctx).await?;
    let (Some(stored), Some(user)) = (stored, owner) else {
        return Err(ApiError::WrongPassword);
    };
    // Someone else's passkey under a typed e-mail: refused, and counted on that e-mail's guards
    // only — it writes nothing in the passkey owner's log.
    if answer
        .email
        .as_ref()
        .is_some_and(|email| *email != user.email)
    {
        return Err(ApiError::WrongPassword);
    }
    // A discoverable passkey names its owner only now: SSO-only keeps it for admins too.
    if answer.email.is_none() {
        gate_sign_in(ctx, Some(&user.email)).await?;
    }
    let user_agent = user_agent(req);
    let origin = Origin {
        ip: ctx.ip.as_deref(),
        user_agent: user_agent.as_deref(),
    };
    let verified = verify(ctx, &site, &answer, &stored, &user).await?;
    auth_log::login(
        &ctx.db,
        user.id,
        &origin,
        Method::Webauthn,
        verified,
        ctx.now as i64,
    )
    .await?;
    if !verified {
        return Err(ApiError::WrongPassword);
    }
    crate::notifications::signed_in(ctx, &user, &origin).await;
    guards.clear(ctx).await?;
    signed_in(req, ctx, &user).await
}

/// Every check of a sign-in answer for `stored`, owned by `user`: the challenge was issued (for
/// this user, if for anyone) and is used once, the user handle is the one registered, the rules
/// pass, the signature verifies, and the counter is stored before anyone else moved it.
async fn verify(
    ctx: &Ctx,
    site: &Site,
    answer: &input::SignIn,
    stored: &webauthn::Stored,
    user: &User,
) -> ApiResult<bool> {
    // A discoverable passkey (a challenge issued for nobody) must name its user, and the name
    // must be the one it was registered under.
    let challenge = match answered(ctx, &answer.client_data_json, Ceremony::Login).await? {
        Some((challenge, None)) if answer.user_handle.is_some() => challenge,
        Some((challenge, Some(issued_for))) if issued_for == user.id => challenge,
        _ => return Ok(false),
    };
    if answer
        .user_handle
        .as_ref()
        .is_some_and(|handle| encode(handle) != stored.user_handle)
    {
        return Ok(false);
    }
    let Some(public_key) = decode(&stored.public_key) else {
        return Ok(false);
    };
    let counter = u32::try_from(stored.counter).unwrap_or(u32::MAX);
    let Ok(assertion) = rules::assert(
        &site.rp(),
        &challenge,
        (&public_key, counter),
        &answer.client_data_json,
        &answer.authenticator_data,
        &answer.signature,
    ) else {
        return Ok(false);
    };
    if !verify_signature(&assertion.verification).await {
        return Ok(false);
    }
    let id = encode(&answer.credential_id);
    webauthn::record_use(
        &ctx.db,
        &id,
        stored.counter,
        assertion.sign_count,
        ctx.now as i64,
    )
    .await
}

/// `GET /webauthn/credentials`: the signed-in user's passkeys.
pub async fn index(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    let caller = session_caller(req, ctx).await?;
    let list: Vec<WebauthnCredential> = webauthn::list(&ctx.db, caller.user.id)
        .await?
        .into_iter()
        .map(|c| WebauthnCredential {
            id: c.id,
            alias: c.alias,
            created_at: iso8601(c.created_at),
            last_used_at: c.last_used_at.map(iso8601),
        })
        .collect();
    json(200, &list)
}

/// `PATCH /webauthn/credentials/{id}/name`: 200 `{name}`, or 404 for a passkey the user lacks.
pub async fn rename(req: &mut Request, ctx: &Ctx, id: &str) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    let body = Input::read(req).await?;
    let name = input::credential_name(&body.fields)?;
    if !webauthn::rename(&ctx.db, caller.user.id, id, &name, ctx.now as i64).await? {
        return Err(ApiError::NotFound);
    }
    json(200, &WebauthnCredentialName { name })
}

/// `DELETE /webauthn/credentials/{id}`: 204 (also for a passkey the user lacks, as 2FAuth); the
/// last one gone, `useWebauthnOnly` is off.
pub async fn destroy(req: &Request, ctx: &Ctx, id: &str) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    webauthn::remove(&ctx.db, caller.user.id, Some(id)).await?;
    no_content()
}
