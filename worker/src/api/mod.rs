//! `/api/v1/*`: the 2FAuth-compatible REST API, one module per resource.

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

use crate::auth::api_caller;
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
        (Route::OpenApi, Get) => return openapi::document(),
        (Route::UserName | Route::OpenApi, _) => return Err(ApiError::MethodNotAllowed),
        _ => {}
    }
    let caller = api_caller(&req, ctx).await?;
    let (r, c) = (&mut req, &caller);
    match (route, method) {
        (Route::User, Get) => user::show(ctx, c),
        (Route::Preferences, Get) => preferences::index(ctx, c),
        (Route::Preference(name), Get) => preferences::show(ctx, c, name),
        (Route::Preference(name), Put) => preferences::update(r, ctx, c, name).await,
        (Route::TwoFAccounts, Get) => accounts::index(r, ctx, c).await,
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
        (Route::TwoFAccountOtp(id), Get) => accounts::otp(ctx, c, id).await,
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
        (Route::Settings, Get) => settings::index(c),
        (Route::Settings, Post) => settings::store(r, ctx, c).await,
        (Route::Setting(name), Get) => settings::show(c, name),
        (Route::Setting(name), Put) => settings::update(r, ctx, c, name).await,
        (Route::Setting(name), Delete) => settings::destroy(ctx, c, name).await,
        (Route::Features, Get) => features::index(c),
        (Route::Feature(name), Get) => features::show(c, name),
        (Route::Users, Get) => users::index(ctx, c).await,
        (Route::Users, Post) => users::store(r, ctx, c).await,
        (Route::ManagedUser(id), Get) => users::show(ctx, c, id).await,
        (Route::ManagedUser(id), Delete) => users::destroy(ctx, c, id).await,
        (Route::UserPromote(id), Patch) => users::promote(r, ctx, c, id).await,
        (Route::UserPasswordReset(id), Patch) => users::reset_password(ctx, c, id).await,
        (Route::UserTokens(id), Delete) => users::revoke_tokens(ctx, c, id).await,
        (Route::UserAuthentications(id), Get) => users::authentications(r, ctx, c, id).await,
        (Route::UserCredentials(id), Delete) => users::revoke_credentials(ctx, c, id).await,
        (Route::SystemReencrypt, Post) => system::reencrypt(r, ctx, c).await,
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
        _ => Err(ApiError::MethodNotAllowed),
    }
}
