//! The sign-in guards in front of every password check (rules in
//! [`twofold_core::login_throttle`]): one counter per (e-mail, client address) with 2FAuth's
//! `LOGIN_THROTTLE`, one per e-mail with backoff. Both are taken before the password is checked,
//! whether or not the e-mail has an account, and cleared by a successful sign-in.

use twofold_core::login_throttle::Rule;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::platform::verify_password;
use crate::store::login_attempts;
use crate::store::users::User;

/// Failed logins allowed per e-mail and address in a minute (`LOGIN_THROTTLE`, 2FAuth's default
/// 5; 0 turns both guards off).
fn login_throttle(ctx: &Ctx) -> i64 {
    ctx.var("LOGIN_THROTTLE")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(5)
}

/// The two counters of one sign-in attempt.
pub struct Guards {
    pair: String,
    account: String,
    limit: i64,
}

impl Guards {
    /// The counters of `email` (lower-cased) from the request's address.
    pub fn new(ctx: &Ctx, email: &str) -> ApiResult<Self> {
        let address = ctx.ip.as_deref().unwrap_or_default();
        Ok(Self {
            pair: ctx.keyed_hash("login pair", &format!("{email}|{address}"))?,
            account: ctx.keyed_hash("login account", email)?,
            limit: login_throttle(ctx),
        })
    }

    /// Counts this attempt on both counters; 429 with the seconds to wait when either is shut.
    pub async fn take(&self, ctx: &Ctx) -> ApiResult<()> {
        if self.limit <= 0 {
            return Ok(());
        }
        let now = ctx.now as i64;
        let rules = [
            (&self.pair, Rule::Pair { limit: self.limit }),
            (&self.account, Rule::Account),
        ];
        for (key, rule) in rules {
            if let Some(wait) = login_attempts::take(&ctx.db, key, rule, now).await? {
                return Err(ApiError::LoginLockout(wait));
            }
        }
        Ok(())
    }

    /// Forgets both counters after the right password.
    pub async fn clear(&self, ctx: &Ctx) -> ApiResult<()> {
        if self.limit <= 0 {
            return Ok(());
        }
        login_attempts::clear(&ctx.db, &[&self.pair, &self.account]).await
    }
}

/// Checks the signed-in user's password where a route asks for it again (profile, password
/// change, account deletion, ownership transfer), behind the same guards as signing in: a stolen
/// session or token must not buy unlimited guesses (429 once they are shut).
pub async fn confirm_password(ctx: &Ctx, user: &User, password: &str) -> ApiResult<bool> {
    let guards = Guards::new(ctx, &user.email)?;
    guards.take(ctx).await?;
    let right = verify_password(password, &user.password).await?;
    if right {
        guards.clear(ctx).await?;
    }
    Ok(right)
}
