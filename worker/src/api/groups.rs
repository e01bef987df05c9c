//! `/api/v1/groups`: the caller's groups, the virtual "All" group (id 0), assignment and order.

use twofold_core::contract;
use twofold_core::group::{self, ALL};
use twofold_core::ids;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::api::twofaccounts::Viewer;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json, no_content};
use crate::store::groups::{self as store, Group};
use crate::store::{Owner, twofaccounts};

/// A group as 2FAuth shows it.
fn resource(g: &Group) -> contract::Group {
    contract::Group {
        id: g.id,
        name: g.name.clone(),
        show_in_chips: Some(g.show_in_chips != 0),
        twofaccounts_count: g.twofaccounts_count,
    }
}

/// The virtual group of every visible account.
async fn all_group(ctx: &Ctx, caller: &Caller) -> ApiResult<contract::Group> {
    let (owned, shared) = crate::api::twofaccounts::visible_counts(ctx, caller).await?;
    Ok(contract::Group {
        id: 0,
        name: ALL.into(),
        show_in_chips: None,
        twofaccounts_count: owned + shared,
    })
}

/// Group `raw_id` if it is the caller's: 404 when missing, 403 when another user's. Id 0 is the
/// virtual group, which exists for everyone but belongs to no one (`None`).
async fn owned(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Option<Group>> {
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    if id == 0 {
        return Ok(None);
    }
    let g = store::find(&ctx.db, id).await?.ok_or(ApiError::NotFound)?;
    if g.user_id != caller.user.id {
        return Err(ApiError::Forbidden);
    }
    Ok(Some(g))
}

/// A real group of the caller's (the virtual group is refused with 403).
async fn owned_real(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Group> {
    owned(ctx, caller, raw_id).await?.ok_or(ApiError::Forbidden)
}

/// `GET /api/v1/groups`: "All" first, then the caller's groups in order.
pub async fn index(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let mut list = vec![all_group(ctx, caller).await?];
    list.extend(
        store::list(&ctx.db, caller.user.id)
            .await?
            .iter()
            .map(resource),
    );
    json(200, &list)
}

/// Validates a body and the per-user uniqueness of its name.
async fn validated(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    except: Option<i64>,
) -> ApiResult<group::GroupInput> {
    let input = Input::read(req).await?;
    let parsed = group::validate(&input.fields);
    if let Ok(g) = &parsed
        && store::name_taken(&ctx.db, caller.user.id, &g.name, except).await?
    {
        return Err(ValidationErrors::single("name", messages::taken("name")).into());
    }
    Ok(parsed?)
}

/// `POST /api/v1/groups`: 201; `show_in_chips` is `null` when not sent, as 2FAuth answers.
pub async fn store(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let g = validated(req, ctx, caller, None).await?;
    let id = store::insert(
        &ctx.db,
        caller.user.id,
        &g.name,
        g.show_in_chips.unwrap_or(false),
        ctx.now as i64,
    )
    .await?;
    json(
        201,
        &contract::Group {
            id,
            name: g.name,
            show_in_chips: g.show_in_chips,
            twofaccounts_count: 0,
        },
    )
}

/// `GET /api/v1/groups/{id}`.
pub async fn show(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    match owned(ctx, caller, raw_id).await? {
        Some(g) => json(200, &resource(&g)),
        None => json(200, &all_group(ctx, caller).await?),
    }
}

/// `PUT /api/v1/groups/{id}`.
pub async fn update(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let existing = owned_real(ctx, caller, raw_id).await?;
    let g = validated(req, ctx, caller, Some(existing.id)).await?;
    store::update(
        &ctx.db,
        existing.id,
        &g.name,
        g.show_in_chips,
        ctx.now as i64,
    )
    .await?;
    let updated = store::find(&ctx.db, existing.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    json(200, &resource(&updated))
}

/// `DELETE /api/v1/groups/{id}`: assignments released, preferences pointing at it reset.
pub async fn destroy(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let g = owned_real(ctx, caller, raw_id).await?;
    store::delete(&ctx.db, g.id).await?;
    no_content()
}

/// `POST /api/v1/groups/{id}/assign` `{"ids":[...]}`: 403 when an account is another user's.
pub async fn assign(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let g = owned_real(ctx, caller, raw_id).await?;
    let input = Input::read(req).await?;
    let list = ids::parse_array(input.get("ids"), "ids")?;
    // The caller files his own accounts and those shared with him, each user in his own groups.
    crate::api::twofaccounts::visible_rows(ctx, caller, &list).await?;
    store::assign_statement(&ctx.db, &list, caller.user.id, g.id)?
        .run()
        .await?;
    let updated = store::find(&ctx.db, g.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    json(200, &resource(&updated))
}

/// `GET /api/v1/groups/{id}/twofaccounts`: the group's accounts (collection rules); 0 = all.
pub async fn accounts(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let group = owned(ctx, caller, raw_id).await?;
    let viewer = Viewer::of(caller);
    let mut rows = twofaccounts::list_visible(&ctx.db, Owner::User(caller.user.id), None)
        .await?
        .seen_by(caller.user.id, viewer.sharing());
    if let Some(g) = group {
        rows.retain(|r| r.group_id == Some(g.id));
        // 2FAuth answers this list in storage order, not the user's.
        rows.sort_by_key(|r| r.id);
    }
    crate::api::twofaccounts::respond_collection(&rows, ctx, viewer, &input)
}

/// `POST /api/v1/groups/reorder` `{"orderedIds":[...]}`.
pub async fn reorder(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    // One query per id below: the list is capped first.
    ids::array_within_limit(input.get("orderedIds"), "orderedIds")?;
    let requested = ids::parse_array(input.get("orderedIds"), "orderedIds")?;
    for id in &requested {
        if let Some(g) = store::find(&ctx.db, *id).await?
            && g.user_id != caller.user.id
        {
            return Err(ApiError::Forbidden);
        }
    }
    let mine: Vec<i64> = store::list(&ctx.db, caller.user.id)
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    let order = ids::reorder(&requested, &mine);
    store::reorder(&ctx.db, caller.user.id, &order).await?;
    crate::api::twofaccounts::order_saved(&order)
}
