//! 2FAuth's e-mail notifications, each behind its recipient's preference: a sign-in from a new
//! device (`notifyOnNewAuthDevice`), a failed sign-in (`notifyOnFailedLogin`), an account shared
//! or unshared (`notifyOnShare`), an account handed over (`notifyOnOwnershipTransfer`).
//!
//! Nothing here fails its caller: without mail they do nothing, and a mail that cannot go is
//! logged (a sign-in or a share must not fail because the mail server is down).

use twofold_core::email::{self, Content, Place, messages};

use crate::context::Ctx;
use crate::mail;
use crate::platform::TimeZone;
use crate::store::auth_log::{self, Origin};
use crate::store::twofaccounts::Row;
use crate::store::users::{self, User};

/// Where and when, in `user`'s time zone.
fn place(ctx: &Ctx, user: &User, origin: &Origin<'_>) -> Place {
    Place {
        when: TimeZone::new(&ctx.preferences(user).timezone()).log_date(ctx.now as i64),
        ip: origin.ip.map(str::to_string),
        device: origin.user_agent.and_then(email::device_words),
    }
}

/// After a successful sign-in was recorded: a mail when the device is new and the user asked.
pub async fn signed_in(ctx: &Ctx, user: &User, origin: &Origin<'_>) {
    if !mail::enabled(ctx) || !ctx.preferences(user).notify_on_new_auth_device() {
        return;
    }
    let history = auth_log::device_history(&ctx.db, user.id, origin).await;
    match history {
        Ok((earlier, created_at)) if email::is_new_device(earlier, created_at, ctx.now as i64) => {
            let content = messages::new_device(&user.name, &place(ctx, user, origin));
            mail::notify(ctx, &user.name, &user.email, content).await;
        }
        Ok(_) => {}
        Err(error) => worker::console_error!("new-device check failed: {error:?}"),
    }
}

/// After a failed sign-in of a known user: a mail when the user asked.
pub async fn failed_login(ctx: &Ctx, user: &User, origin: &Origin<'_>) {
    if mail::enabled(ctx) && ctx.preferences(user).notify_on_failed_login() {
        let content = messages::failed_login(&user.name, &place(ctx, user, origin));
        mail::notify(ctx, &user.name, &user.email, content).await;
    }
}

/// What a sharing mail calls the account: `Service (account)`, or the account alone.
fn label(ctx: &Ctx, row: &Row) -> String {
    let opened = ctx.vault().ok().and_then(|v| row.open(v, false).ok());
    match opened {
        Some(a) => match a.service.filter(|s| !s.is_empty()) {
            Some(service) => format!("{service} ({})", a.account),
            None => a.account,
        },
        None => "an account".into(),
    }
}

/// What happened to the recipients of a sharing mail.
#[derive(Debug, Clone, Copy)]
pub enum Sharing {
    /// The account is now shared with them.
    Shared,
    /// It no longer is.
    Unshared,
    /// It is theirs now.
    Transferred,
}

/// Mails `recipients` (user ids) that `owner` changed how `row` is shared with them, each as his
/// `notifyOnShare` / `notifyOnOwnershipTransfer` preference says.
pub async fn sharing(ctx: &Ctx, owner: &User, row: &Row, recipients: &[i64], what: Sharing) {
    if recipients.is_empty() || !mail::enabled(ctx) {
        return;
    }
    let account = label(ctx, row);
    for &id in recipients {
        let user = match users::find(&ctx.db, id).await {
            Ok(Some(user)) => user,
            Ok(None) => continue,
            Err(error) => {
                worker::console_error!("share notice: {error:?}");
                continue;
            }
        };
        let preferences = ctx.preferences(&user);
        let (wanted, content): (bool, Content) = match what {
            Sharing::Shared => (
                preferences.notify_on_share(),
                messages::shared(&user.name, &owner.name, &account),
            ),
            Sharing::Unshared => (
                preferences.notify_on_share(),
                messages::unshared(&user.name, &owner.name, &account),
            ),
            Sharing::Transferred => (
                preferences.notify_on_ownership_transfer(),
                messages::ownership_received(&user.name, &owner.name, &account),
            ),
        };
        if wanted {
            mail::notify(ctx, &user.name, &user.email, content).await;
        }
    }
}
