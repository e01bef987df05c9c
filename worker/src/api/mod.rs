//! `/api/v1/*`: the 2FAuth-compatible REST API, one module per resource.

pub mod backup;
pub mod features;
pub mod groups;
pub mod icons;
pub mod migration;
pub mod openapi;
pub mod preferences;
pub mod qrcode;
pub mod settings;
pub mod shares;
pub mod system;
pub mod twofaccounts;
pub mod user;
pub mod users;

use worker::{Method, Request, Response};

use crate::auth::{Caller, api_caller};
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};

/// The routes under `/api/v1`, recognised before authentication so that unknown paths answer
/// 404 `unknowkn endpoint` to anyone, as 2FAuth does.
enum Route<'a> {
    User,
    UserName,
    Preferences,
    Preference(&'a str),
    OpenApi,
    TwoFAccounts,
    TwoFAccountsCount,
    TwoFAccountsReorder,
    TwoFAccountsWithdraw,
    TwoFAccountsOtp,
    TwoFAccountsPreview,
    TwoFAccountsExport,
    TwoFAccountsMigration,
    TwoFAccount(&'a str),
    TwoFAccountOtp(&'a str),
    TwoFAccountQrcode(&'a str),
    TwoFAccountOtpLogs(&'a str),
    Groups,
    GroupsReorder,
    Group(&'a str),
    GroupAssign(&'a str),
    GroupAccounts(&'a str),
    QrcodeDecode,
    Settings,
    Setting(&'a str),
    Features,
    Feature(&'a str),
    Users,
    ManagedUser(&'a str),
    UserPromote(&'a str),
    UserPasswordReset(&'a str),
    UserTokens(&'a str),
    UserAuthentications(&'a str),
    UserCredentials(&'a str),
    SystemReencrypt,
    Icons,
    IconsDefault,
    IconPacks,
    Icon(&'a str),
    Recipients(&'a str),
    Shares(&'a str),
    SharesAll(&'a str),
    Share(&'a str, &'a str),
    Owner(&'a str),
    Backup,
    BackupRun,
}

impl Route<'_> {
    /// Routes only an admin may call: a signed-in non-admin gets 403 once the method is known to
    /// be the route's (a wrong method is 405 for anyone), before the handler reads anything.
    fn admin_only(&self) -> bool {
        matches!(
            self,
            Route::Settings
                | Route::Setting(_)
                | Route::Users
                | Route::ManagedUser(_)
                | Route::UserPromote(_)
                | Route::UserPasswordReset(_)
                | Route::UserTokens(_)
                | Route::UserAuthentications(_)
                | Route::UserCredentials(_)
                | Route::SystemReencrypt
        )
    }

    /// Whether this admin route answers `method` (the arms of [`admin`]): any other is 405, for
    /// an admin too, before the admin check.
    fn admin_answers(&self, method: &Method) -> bool {
        use Method::{Delete, Get, Patch, Post, Put};
        matches!(
            (self, method),
            (Route::Settings | Route::Users, Get | Post)
                | (Route::Setting(_), Get | Put | Delete)
                | (Route::ManagedUser(_), Get | Delete)
                | (Route::UserPromote(_) | Route::UserPasswordReset(_), Patch)
                | (Route::UserTokens(_) | Route::UserCredentials(_), Delete)
                | (Route::UserAuthentications(_), Get)
                | (Route::SystemReencrypt, Post)
        )
    }
}

fn recognise<'a>(segments: &[&'a str]) -> Option<Route<'a>> {
    Some(match segments {
        ["user"] => Route::User,
        ["user", "name"] => Route::UserName,
        ["user", "preferences"] => Route::Preferences,
        ["user", "preferences", name] => Route::Preference(name),
        ["openapi.json"] => Route::OpenApi,
        ["twofaccounts"] => Route::TwoFAccounts,
        ["twofaccounts", "count"] => Route::TwoFAccountsCount,
        ["twofaccounts", "reorder"] => Route::TwoFAccountsReorder,
        ["twofaccounts", "withdraw"] => Route::TwoFAccountsWithdraw,
        ["twofaccounts", "otp"] => Route::TwoFAccountsOtp,
        ["twofaccounts", "preview"] => Route::TwoFAccountsPreview,
        ["twofaccounts", "export"] => Route::TwoFAccountsExport,
        ["twofaccounts", "migration"] => Route::TwoFAccountsMigration,
        ["twofaccounts", id] => Route::TwoFAccount(id),
        // 2FAuth constrains this id to digits: anything else is no route at all.
        ["twofaccounts", id, "otp"] if id.bytes().all(|b| b.is_ascii_digit()) => {
            Route::TwoFAccountOtp(id)
        }
        ["twofaccounts", id, "qrcode"] => Route::TwoFAccountQrcode(id),
        ["twofaccounts", id, "otp-logs"] => Route::TwoFAccountOtpLogs(id),
        ["twofaccounts", id, "recipients"] => Route::Recipients(id),
        ["twofaccounts", id, "shares"] => Route::Shares(id),
        ["twofaccounts", id, "shares", "all"] => Route::SharesAll(id),
        ["twofaccounts", id, "shares", user] => Route::Share(id, user),
        ["twofaccounts", id, "owner"] => Route::Owner(id),
        ["groups"] => Route::Groups,
        ["groups", "reorder"] => Route::GroupsReorder,
        ["groups", id] => Route::Group(id),
        ["groups", id, "assign"] => Route::GroupAssign(id),
        ["groups", id, "twofaccounts"] => Route::GroupAccounts(id),
        ["qrcode", "decode"] => Route::QrcodeDecode,
        ["settings"] => Route::Settings,
        ["settings", name] => Route::Setting(name),
        ["features"] => Route::Features,
        ["features", name] => Route::Feature(name),
        ["users"] => Route::Users,
        ["users", id] => Route::ManagedUser(id),
        ["users", id, "promote"] => Route::UserPromote(id),
        ["users", id, "password", "reset"] => Route::UserPasswordReset(id),
        ["users", id, "pats"] => Route::UserTokens(id),
        ["users", id, "authentications"] => Route::UserAuthentications(id),
        ["users", id, "credentials"] => Route::UserCredentials(id),
        ["system", "reencrypt"] => Route::SystemReencrypt,
        ["icons"] => Route::Icons,
        ["icons", "default"] => Route::IconsDefault,
        ["icons", "packs"] => Route::IconPacks,
        ["icons", name] => Route::Icon(name),
        ["backup"] => Route::Backup,
        ["backup", "run"] => Route::BackupRun,
        _ => return None,
    })
}

/// Dispatches an `/api/v1` request (`segments` follow `v1`).
pub async fn handle(mut req: Request, ctx: &Ctx, segments: &[&str]) -> ApiResult<Response> {
    use Method::{Delete, Get, Patch, Post, Put};
    use twofaccounts as accounts;

    let route = recognise(segments).ok_or(ApiError::UnknownEndpoint)?;
    let method = req.method();
    // Public routes first.
    match (&route, &method) {
        (Route::UserName, Get) => return user::name(),
        (Route::OpenApi, Get) => return openapi::document(ctx).await,
        (Route::UserName | Route::OpenApi, _) => return Err(ApiError::MethodNotAllowed),
        _ => {}
    }
    // What clients read most, the list of accounts and a code, read their rows in one batch
    // with authentication's lookup (`auth::api_caller_with`).
    match (&route, &method) {
        (Route::TwoFAccounts, Get) => return accounts::index(&mut req, ctx).await,
        (Route::TwoFAccountOtp(id), Get) => return accounts::otp(&req, ctx, id).await,
        _ => {}
    }
    let caller = api_caller(&req, ctx).await?;
    let (r, c) = (&mut req, &caller);
    if route.admin_only() {
        return admin(route, method, r, ctx, c).await;
    }
    match (route, method) {
        (Route::User, Get) => user::show(ctx, c),
        (Route::Preferences, Get) => preferences::index(ctx, c),
        (Route::Preference(name), Get) => preferences::show(ctx, c, name),
        (Route::Preference(name), Put) => preferences::update(r, ctx, c, name).await,
        (Route::TwoFAccounts, Post) => accounts::store(r, ctx, c).await,
        (Route::TwoFAccounts, Delete) => accounts::destroy_many(r, ctx, c).await,
        (Route::TwoFAccountsCount, Get) => accounts::count(ctx, c).await,
        (Route::TwoFAccountsReorder, Post) => accounts::reorder(r, ctx, c).await,
        (Route::TwoFAccountsWithdraw, Patch) => accounts::withdraw(r, ctx, c).await,
        (Route::TwoFAccountsOtp, Post) => accounts::otp_of_request(r, ctx).await,
        (Route::TwoFAccountsPreview, Post) => accounts::preview(r).await,
        (Route::TwoFAccountsExport, Get) => accounts::export(r, ctx, c).await,
        (Route::TwoFAccountsMigration, Post) => migration::migrate(r, ctx, c).await,
        (Route::TwoFAccount(id), Get) => accounts::show(r, ctx, c, id).await,
        (Route::TwoFAccount(id), Put) => accounts::update(r, ctx, c, id).await,
        (Route::TwoFAccount(id), Delete) => accounts::destroy(ctx, c, id).await,
        (Route::TwoFAccountQrcode(id), Get) => accounts::qrcode(ctx, c, id).await,
        (Route::TwoFAccountOtpLogs(id), Get) => accounts::otp_logs(r, ctx, c, id).await,
        (Route::Groups, Get) => groups::index(ctx, c).await,
        (Route::Groups, Post) => groups::store(r, ctx, c).await,
        (Route::GroupsReorder, Post) => groups::reorder(r, ctx, c).await,
        (Route::Group(id), Get) => groups::show(ctx, c, id).await,
        (Route::Group(id), Put) => groups::update(r, ctx, c, id).await,
        (Route::Group(id), Delete) => groups::destroy(ctx, c, id).await,
        (Route::GroupAssign(id), Post) => groups::assign(r, ctx, c, id).await,
        (Route::GroupAccounts(id), Get) => groups::accounts(r, ctx, c, id).await,
        (Route::QrcodeDecode, Post) => qrcode::decode(r).await,
        (Route::Features, Get) => features::index(c),
        (Route::Feature(name), Get) => features::show(c, name),
        (Route::Icons, Post) => icons::upload(r, ctx, c).await,
        (Route::IconsDefault, Post) => icons::official(r, ctx, c).await,
        (Route::IconPacks, Get) => icons::packs(),
        (Route::Icon(name), Delete) => icons::destroy(ctx, c, name).await,
        (Route::Recipients(id), Get) => shares::recipients(r, ctx, c, id).await,
        (Route::Shares(id), Get) => shares::index(ctx, c, id).await,
        (Route::Shares(id), Post) => shares::store(r, ctx, c, id).await,
        (Route::Shares(id), Delete) => shares::destroy(ctx, c, id).await,
        (Route::SharesAll(id), Post) => shares::share_all(ctx, c, id).await,
        (Route::Share(id, user), Delete) => shares::revoke(ctx, c, id, user).await,
        (Route::Owner(id), Patch) => shares::transfer(r, ctx, c, id).await,
        (Route::Backup, Get) => backup::show(ctx, c).await,
        (Route::Backup, Put) => backup::update(r, ctx, c).await,
        (Route::Backup, Delete) => backup::destroy(ctx, c).await,
        (Route::BackupRun, Post) => backup::run(ctx, c).await,
        _ => Err(ApiError::MethodNotAllowed),
    }
}

/// Dispatches an admin-only route: a wrong method is 405 for anyone; then anyone but an admin
/// gets 403, before the handler reads anything.
async fn admin(
    route: Route<'_>,
    method: Method,
    r: &mut Request,
    ctx: &Ctx,
    c: &Caller,
) -> ApiResult<Response> {
    use Method::{Delete, Get, Patch, Post, Put};
    if !route.admin_answers(&method) {
        return Err(ApiError::MethodNotAllowed);
    }
    c.require_admin()?;
    match (route, method) {
        (Route::Settings, Get) => settings::index(c),
        (Route::Settings, Post) => settings::store(r, ctx, c).await,
        (Route::Setting(name), Get) => settings::show(c, name),
        (Route::Setting(name), Put) => settings::update(r, ctx, name).await,
        (Route::Setting(name), Delete) => settings::destroy(ctx, c, name).await,
        (Route::Users, Get) => users::index(ctx).await,
        (Route::Users, Post) => users::store(r, ctx).await,
        (Route::ManagedUser(id), Get) => users::show(ctx, id).await,
        (Route::ManagedUser(id), Delete) => users::destroy(ctx, id).await,
        (Route::UserPromote(id), Patch) => users::promote(r, ctx, id).await,
        (Route::UserPasswordReset(id), Patch) => users::reset_password(ctx, id).await,
        (Route::UserTokens(id), Delete) => users::revoke_tokens(ctx, id).await,
        (Route::UserAuthentications(id), Get) => users::authentications(r, ctx, c, id).await,
        (Route::UserCredentials(id), Delete) => users::revoke_credentials(ctx, id).await,
        (Route::SystemReencrypt, Post) => system::reencrypt(r, ctx).await,
        _ => Err(ApiError::MethodNotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::recognise;
    use worker::Method;

    /// Every path under `/users`, `/settings` and `/system` is an admin's, and no other is: the
    /// handlers there no longer check it themselves.
    #[test]
    fn admin_routes_are_declared_admin_only() {
        let paths: [&[&str]; 16] = [
            &["settings"],
            &["settings", "x"],
            &["users"],
            &["users", "1"],
            &["users", "1", "promote"],
            &["users", "1", "password", "reset"],
            &["users", "1", "pats"],
            &["users", "1", "authentications"],
            &["users", "1", "credentials"],
            &["system", "reencrypt"],
            &["user"],
            &["user", "preferences"],
            &["twofaccounts"],
            &["groups", "1"],
            &["features"],
            &["icons"],
        ];
        for path in paths {
            let route = recognise(path).expect("a route");
            let admin = matches!(path[0], "settings" | "users" | "system");
            assert_eq!(route.admin_only(), admin, "{path:?}");
        }
    }

    /// Admin routes answer their methods only: 405 comes before the admin check.
    #[test]
    fn admin_routes_answer_their_methods() {
        let answers =
            |path: &[&str], method: Method| recognise(path).unwrap().admin_answers(&method);
        assert!(answers(&["users"], Method::Get));
        assert!(answers(&["users", "1", "promote"], Method::Patch));
        assert!(answers(&["settings", "x"], Method::Delete));
        assert!(!answers(&["users"], Method::Put));
        assert!(!answers(&["users", "1", "pats"], Method::Get));
        assert!(!answers(&["system", "reencrypt"], Method::Get));
    }
}
