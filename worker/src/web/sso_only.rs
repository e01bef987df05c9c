//! 2FAuth's `useSsoOnly` gates: who may still sign in by password or passkey, register, or manage
//! tokens and passkeys while single sign-on is the rule, and the refusal to edit an account a
//! provider manages. The rules are `twofold_core::oidc::sso_only_allows`; this module reads the
//! settings and the user they apply to.

use twofold_core::oidc::{Gated, sso_only_allows};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, users, users::User};

/// `useSsoOnly`'s gate on signing in by password or passkey and on registering: 405 unless the
/// account of `email` is an admin's (2FAuth's middleware reads the e-mail of the request).
pub async fn gate_sign_in(ctx: &Ctx, email: Option<&str>) -> ApiResult<()> {
    let all = store::settings::all(&ctx.db).await?;
    if sso_only_allows(&all, None, Gated::SignIn) {
        return Ok(());
    }
    let admin = match email {
        Some(email) => {
            users::find_by_email(&ctx.db, &twofold_core::case::to_lowercase(email.trim()))
                .await?
                .map(|u| u.is_admin != 0)
        }
        None => None,
    };
    match sso_only_allows(&all, admin, Gated::SignIn) {
        true => Ok(()),
        false => Err(ApiError::SsoOnly),
    }
}

/// `useSsoOnly`'s gate on a signed-in user's tokens or passkey registrations: 403 for non-admins
/// (tokens allowed by `allowPatWhileSsoOnly`).
pub fn gate_management(caller: &Caller, what: Gated) -> ApiResult<()> {
    match sso_only_allows(&caller.settings, Some(caller.is_admin()), what) {
        true => Ok(()),
        false => Err(ApiError::SsoOnlyForbidden),
    }
}

/// 2FAuth's answer to a profile or password change of an account a provider manages.
pub fn refuse_if_external(user: &User) -> ApiResult<()> {
    match user.oauth_provider {
        Some(_) => Err(ApiError::BadRequest(
            twofold_core::messages::EXTERNAL_ACCOUNT.into(),
        )),
        None => Ok(()),
    }
}
