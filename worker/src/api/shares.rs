//! Sharing and ownership (2FAuth's sharing routes): `/api/v1/twofaccounts/{id}/recipients`, `/shares`,
//! `/shares/all`, `/shares/{userid}` and `/owner`. Only the owner manages them, and only while
//! the admin allows sharing (`enableSharing`; `enableAllUsersSharingScope` for all users).

use twofold_core::access::{self, Right, Sharing};
use twofold_core::contract::{self, OwnerChanged, Shares};
use twofold_core::sharing;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, Reason};
use crate::http::{Input, json, no_content};
use crate::login_guard::confirm_password;
use crate::notifications::{self, Sharing as Notice};
use crate::platform::TimeZone;
use crate::store::Owner;
use crate::store::shares::{self, Recipient};
use crate::store::twofaccounts::{self, Row};
use crate::store::users;

/// Account `raw_id`, the caller's, with sharing allowed: 403 `Sharing feature is disabled`,
/// 404 missing, 403 another user's.
async fn managed(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<(Row, Sharing)> {
    let sharing = Sharing::from_settings(&caller.settings);
    if !sharing.enabled {
        return Err(ApiError::ForbiddenWith(messages::SHARING_DISABLED));
    }
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let row = twofaccounts::find(&ctx.db, Owner::User(caller.user.id), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    access::allows(caller.user.id, &row.facts(), Right::Own, sharing)
        .map_err(|_| ApiError::Forbidden)?;
    Ok((row, sharing))
}

/// Recipients as 2FAuth lists them, share dates in the caller's time zone.
fn recipients_json(list: &[Recipient], zone: &TimeZone) -> Vec<contract::Recipient> {
    let one = |r: &Recipient| contract::Recipient {
        id: r.id,
        name: r.name.clone(),
        is_shared_with: r.shared_since.is_some(),
        is_shared_since: r.shared_since.map(|since| zone.log_date(since)),
    };
    list.iter().map(one).collect()
}

/// The shares of an account shared with all users.
fn with_all(row: &Row) -> Shares {
    Shares {
        twofaccount_id: row.id,
        is_shared_with_all: true,
        specific_users: None,
    }
}

/// The shares of an account with these users.
fn with_users(ctx: &Ctx, caller: &Caller, row: &Row, users: &[Recipient]) -> Shares {
    Shares {
        twofaccount_id: row.id,
        is_shared_with_all: false,
        specific_users: Some(recipients_json(users, &caller.time_zone(ctx))),
    }
}

/// The shares of an account: with all users, or the users it is shared with.
async fn state(ctx: &Ctx, caller: &Caller, row: &Row, sharing: Sharing) -> ApiResult<Shares> {
    if sharing.all_users && shares::is_with_all(&ctx.db, row.id).await? {
        return Ok(with_all(row));
    }
    let users = shares::specific(&ctx.db, row.id).await?;
    Ok(with_users(ctx, caller, row, &users))
}

/// The users the account is explicitly shared with (whom share notices go to).
async fn shared_with(ctx: &Ctx, row: &Row) -> ApiResult<Vec<i64>> {
    Ok(shares::specific(&ctx.db, row.id)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// `GET /api/v1/twofaccounts/{id}/recipients?filter[nameOrEmail]=`.
pub async fn recipients(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let (row, _) = managed(ctx, caller, raw_id).await?;
    let input = Input::read(req).await?;
    let filter = sharing::recipient_filter(
        input
            .query
            .get("filter[nameOrEmail]")
            .map(|v| v.as_str().unwrap_or_default()),
    );
    let list = shares::recipients(&ctx.db, row.id, row.user_id, &filter).await?;
    json(200, &recipients_json(&list, &caller.time_zone(ctx)))
}

/// `GET /api/v1/twofaccounts/{id}/shares`.
pub async fn index(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let (row, sharing) = managed(ctx, caller, raw_id).await?;
    json(200, &state(ctx, caller, &row, sharing).await?)
}

/// `POST /api/v1/twofaccounts/{id}/shares` `{user_ids}`: 201 when a share is new, else 200.
pub async fn store(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let (row, sharing) = managed(ctx, caller, raw_id).await?;
    if sharing.all_users && shares::is_with_all(&ctx.db, row.id).await? {
        return Err(ApiError::Conflict(messages::SHARED_WITH_ALL));
    }
    let input = Input::read(req).await?;
    // Each id is looked up and shared with: the list is capped first.
    twofold_core::ids::array_within_limit(input.fields.get("user_ids"), "user_ids")?;
    let ids = sharing::user_ids(&input.fields)?;
    let mut errors = ValidationErrors::new();
    let known = users::existing(&ctx.db, &ids).await?;
    for (i, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            errors.add(
                &format!("user_ids.{i}"),
                messages::invalid_selection(&format!("user_ids.{i}")),
            );
        }
    }
    errors.into_result()?;
    if ids.contains(&caller.user.id) {
        return Err(ApiError::UnprocessableReason(Reason::Field(
            "user_ids",
            messages::OWNER_NOT_RECIPIENT,
        )));
    }
    let before = shared_with(ctx, &row).await?;
    let created = shares::with_users(&ctx.db, row.id, &ids, ctx.now as i64).await?;
    let mut requested = shares::specific(&ctx.db, row.id).await?;
    requested.retain(|r| ids.contains(&r.id));
    let new: Vec<i64> = requested
        .iter()
        .map(|r| r.id)
        .filter(|id| !before.contains(id))
        .collect();
    notifications::sharing(ctx, &caller.user, &row, &new, Notice::Shared).await;
    json(
        if created > 0 { 201 } else { 200 },
        &with_users(ctx, caller, &row, &requested),
    )
}

/// `DELETE /api/v1/twofaccounts/{id}/shares`: every share ends.
pub async fn destroy(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let (row, sharing) = managed(ctx, caller, raw_id).await?;
    let before = shared_with(ctx, &row).await?;
    shares::revoke_all(&ctx.db, row.id, sharing.all_users).await?;
    notifications::sharing(ctx, &caller.user, &row, &before, Notice::Unshared).await;
    no_content()
}

/// `POST /api/v1/twofaccounts/{id}/shares/all`: 201 new, 200 already; user shares are replaced.
pub async fn share_all(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let (row, sharing) = managed(ctx, caller, raw_id).await?;
    if !sharing.all_users {
        return Err(ApiError::ForbiddenWith(messages::ALL_USERS_SCOPE_DISABLED));
    }
    let created = shares::with_all(&ctx.db, row.id, ctx.now as i64).await?;
    json(if created { 201 } else { 200 }, &with_all(&row))
}

/// `DELETE /api/v1/twofaccounts/{id}/shares/{userid}`: 204 even without such a share; 409 while
/// shared with all users.
pub async fn revoke(
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
    raw_user: &str,
) -> ApiResult<Response> {
    let (row, sharing) = managed(ctx, caller, raw_id).await?;
    let user_id: i64 = raw_user.parse().map_err(|_| ApiError::NotFound)?;
    users::find(&ctx.db, user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if sharing.all_users && shares::is_with_all(&ctx.db, row.id).await? {
        return Err(ApiError::Conflict(messages::SHARED_WITH_ALL));
    }
    let had = shared_with(ctx, &row).await?.contains(&user_id);
    shares::revoke(&ctx.db, row.id, user_id).await?;
    if had {
        notifications::sharing(ctx, &caller.user, &row, &[user_id], Notice::Unshared).await;
    }
    no_content()
}

/// `PATCH /api/v1/twofaccounts/{id}/owner` `{new_owner_id, confirm_password}`.
pub async fn transfer(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let (row, _) = managed(ctx, caller, raw_id).await?;
    let input = Input::read(req).await?;
    let (new_owner, password) = sharing::transfer(&input.fields, caller.user.id)?;
    if users::find(&ctx.db, new_owner).await?.is_none() {
        return Err(ValidationErrors::single(
            "new_owner_id",
            messages::invalid_selection("new_owner_id"),
        )
        .into());
    }
    if !confirm_password(ctx, &caller.user, &password).await? {
        return Err(ApiError::WrongPassword);
    }
    twofaccounts::transfer(&ctx.db, ctx.vault()?, &row, new_owner, ctx.now as i64).await?;
    notifications::sharing(ctx, &caller.user, &row, &[new_owner], Notice::Transferred).await;
    json(
        200,
        &OwnerChanged {
            twofaccount_id: row.id,
            owner_id: new_owner,
        },
    )
}
