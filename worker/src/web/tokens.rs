//! `/oauth/personal-access-tokens`: list, create (shown once), revoke. Session users only.

use twofold_core::contract::{PersonalAccessToken, PersonalAccessTokenCreated};
use twofold_core::user::token_name;
use worker::{Request, Response};

use crate::auth::{new_token, require_csrf, session_caller};
use crate::context::Ctx;
use crate::crypto::{hex, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json, no_content};
use crate::platform::random_bytes;
use crate::store::tokens;
use crate::web::sso_only::gate_management;
use twofold_core::dates::iso8601;
use twofold_core::oidc::Gated;

/// `GET /oauth/personal-access-tokens`: the caller's live tokens (never their values).
pub async fn index(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    let caller = session_caller(req, ctx).await?;
    gate_management(&caller, Gated::Tokens)?;
    let list: Vec<PersonalAccessToken> = tokens::list(&ctx.db, caller.user.id, ctx.now as i64)
        .await?
        .into_iter()
        .map(|t| PersonalAccessToken {
            id: t.id,
            user_id: caller.user.id,
            name: t.name,
            scopes: Vec::new(),
            revoked: false,
            created_at: iso8601(t.created_at),
            updated_at: iso8601(t.updated_at),
            expires_at: iso8601(t.expires_at),
        })
        .collect();
    json(200, &list)
}

/// `POST /oauth/personal-access-tokens`: a new token, returned once and stored only as a hash.
pub async fn create(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    gate_management(&caller, Gated::Tokens)?;
    let input = Input::read(req).await?;
    let name = token_name(&input.fields)?;
    let id = hex(&random_bytes::<20>()?);
    let token = new_token()?;
    tokens::insert(
        &ctx.db,
        &id,
        caller.user.id,
        &name,
        &token_hash(&token),
        ctx.now as i64,
    )
    .await?;
    json(
        200,
        &PersonalAccessTokenCreated {
            token_type: "Bearer".into(),
            expires_in: tokens::LIFETIME,
            access_token: token,
            access_token_id: id,
        },
    )
}

/// `DELETE /oauth/personal-access-tokens/{id}`: 204, or an empty 404 for an unknown token.
pub async fn revoke(req: &Request, ctx: &Ctx, id: &str) -> ApiResult<Response> {
    require_csrf(req)?;
    let caller = session_caller(req, ctx).await?;
    gate_management(&caller, Gated::Tokens)?;
    if !tokens::revoke(&ctx.db, caller.user.id, id, ctx.now as i64).await? {
        return Err(ApiError::NotFoundEmpty);
    }
    no_content()
}
