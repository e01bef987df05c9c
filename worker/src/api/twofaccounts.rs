//! `/api/v1/twofaccounts`: accounts (list, create, show, update, delete, bulk operations, order),
//! their one-time passwords and logs, preview, export and QR codes.

use base64::Engine;
use serde_json::Value;
use twofold_core::access::{self, Access, Mark, Refusal, Right, Sharing};
use twofold_core::account::{OtpType, Rules, TwoFAccount};
use twofold_core::contract::{
    AccountCount, AccountFlags as Flags, Message, OrderSaved, OtpLog, Pref, QrCode,
    TwoFAccountPreview, TwoFAccountRead as Read,
};
use twofold_core::export::{self, ExportItem};
use twofold_core::group::default_target;
use twofold_core::ids;
use twofold_core::input::{laravel_boolean, laravel_integer};
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::{self, Caller};
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::error::{ApiError, ApiResult, Reason};
use crate::http::{Input, json, no_content};
use crate::platform::random_bytes;
use crate::store::Owner;
use crate::store::groups;
use crate::store::otp_logs::{self, Entry};
use crate::store::shares;
use crate::store::twofaccounts::{self as store, Row};
use crate::tools::{self, Failure};
use twofold_core::dates::iso8601;

/// Who is looking: the caller and what sharing allows.
#[derive(Clone, Copy)]
pub struct Viewer<'a> {
    caller: &'a Caller,
    sharing: Sharing,
}

impl<'a> Viewer<'a> {
    /// The caller under the instance's sharing settings.
    pub fn of(caller: &'a Caller) -> Self {
        Self {
            caller,
            sharing: Sharing::from_settings(&caller.settings),
        }
    }

    /// What sharing allows.
    pub fn sharing(&self) -> Sharing {
        self.sharing
    }

    /// Whether the viewer has `right` to `row` (core's rules); the refusal says why not.
    fn allows(&self, row: &Row, right: Right) -> Result<Access, Refusal> {
        access::allows(self.caller.user.id, &row.facts(), right, self.sharing)
    }

    /// `row` if it exists and the viewer may see it: 404 when it does not exist, 403 otherwise —
    /// `unshared` while sharing is off.
    fn seen(&self, row: Option<Row>, unshared: ApiError) -> ApiResult<Row> {
        let row = row.ok_or(ApiError::NotFound)?;
        match self.allows(&row, Right::See) {
            Ok(_) => Ok(row),
            Err(Refusal::SharingOff) => Err(unshared),
            Err(Refusal::Foreign) => Err(ApiError::Forbidden),
        }
    }

    fn flags(&self, row: &Row) -> Flags {
        match access::mark(self.caller.user.id, &row.facts(), self.sharing) {
            Mark::Borrowed => Flags {
                is_borrowed: Some(true),
                borrowed_by: Some(row.owner_name.clone()),
                ..Flags::default()
            },
            Mark::SharedWithAll => Flags {
                is_shared_with_all: Some(true),
                ..Flags::default()
            },
            Mark::SharedWithUsers => Flags {
                is_shared: Some(true),
                ..Flags::default()
            },
            Mark::None => Flags::default(),
        }
    }
}

/// The resource of a decrypted account; `otp_at` adds the embedded code (TOTP/Steam only).
fn read(
    id: i64,
    group_id: Option<i64>,
    flags: Flags,
    account: TwoFAccount,
    with_secret: bool,
    otp_at: Option<u64>,
) -> Read {
    let otp = otp_at.and_then(|now| account.embedded_otp(now).ok().flatten());
    Read {
        id,
        group_id,
        flags,
        otp_type: account.otp_type,
        account: account.account,
        service: account.service,
        icon: account.icon,
        secret: with_secret.then_some(account.secret),
        digits: account.digits,
        algorithm: account.algorithm,
        period: account.period,
        counter: account.counter,
        otp,
    }
}

/// The resource of a stored account as `viewer` may see it: borrowers never get the secret.
fn read_row(
    row: &Row,
    vault: &Vault,
    viewer: Viewer,
    with_secret: bool,
    otp_at: Option<u64>,
) -> ApiResult<Read> {
    let shown = viewer
        .allows(row, Right::See)
        .is_ok_and(Access::shows_secret);
    let with_secret = with_secret && shown;
    let account = row.open(vault, with_secret || otp_at.is_some())?;
    Ok(read(
        row.id,
        row.group_id,
        viewer.flags(row),
        account,
        with_secret,
        otp_at,
    ))
}

/// Lists of resources: secrets only with a true `withSecret`; any `withOtp` adds codes for one
/// shared timestamp.
pub(crate) fn collection(
    rows: &[Row],
    vault: &Vault,
    viewer: Viewer,
    input: &Input,
    now: u64,
) -> ApiResult<Vec<Read>> {
    let with_secret = input.php_bool("withSecret").unwrap_or(false);
    let otp_at = input.has("withOtp").then_some(now);
    rows.iter()
        .map(|row| read_row(row, vault, viewer, with_secret, otp_at))
        .collect()
}

/// Answers a list of rows under the collection rules.
pub fn respond_collection(
    rows: &[Row],
    ctx: &Ctx,
    viewer: Viewer,
    input: &Input,
) -> ApiResult<Response> {
    json(
        200,
        &collection(rows, ctx.vault()?, viewer, input, ctx.now)?,
    )
}

/// `GET /api/v1/twofaccounts`: the caller's accounts in the caller's order, optionally only `ids`
/// (foreign or unknown ids silently dropped). The rows are read in one batch with
/// authentication's lookup ([`auth::api_caller_with`]), on the primary where it reads.
pub async fn index(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let filter = match input.query.contains_key("ids") {
        true => ids::parse(input.query.get("ids")).map(Some),
        false => Ok(None),
    };
    // Malformed ids are 422 for a caller only: anyone else is 401 first.
    let filter = match filter {
        Ok(filter) => filter,
        Err(invalid) => return auth::refused_after(req, ctx, invalid.into()).await,
    };
    let db = ctx.primary()?;
    let (caller, rows): (_, store::Candidates) = auth::api_caller_with(req, ctx, |owner| {
        store::list_visible_statement(db, owner, filter.as_deref())
    })
    .await?;
    let viewer = Viewer::of(&caller);
    let rows = rows.seen_by(caller.user.id, viewer.sharing);
    respond_collection(&rows, ctx, viewer, &input)
}

/// A bulk operation's `ids`: 422 when malformed, 400 when 100 or more.
fn bulk_ids(input: &Input) -> ApiResult<Vec<i64>> {
    let list = ids::parse(input.get("ids"))?;
    if !ids::within_limit(&list) {
        return Err(ApiError::BadRequestWith(Reason::List(
            messages::TOO_MANY_IDS,
        )));
    }
    Ok(list)
}

/// The existing accounts among `list`, all the caller's, else 403 (unknown ids are ignored).
async fn owned_rows(ctx: &Ctx, caller: &Caller, list: &[i64]) -> ApiResult<Vec<Row>> {
    let viewer = Viewer::of(caller);
    let rows = store::find_many(&ctx.db, caller.user.id, list).await?;
    if rows.iter().any(|r| viewer.allows(r, Right::Own).is_err()) {
        return Err(ApiError::Forbidden);
    }
    Ok(rows)
}

/// The existing accounts among `list`, all visible to the caller (his or shared with him), else
/// 403 (unknown ids are ignored).
pub async fn visible_rows(ctx: &Ctx, caller: &Caller, list: &[i64]) -> ApiResult<Vec<Row>> {
    let viewer = Viewer::of(caller);
    let rows = store::find_many(&ctx.db, caller.user.id, list).await?;
    if rows.iter().any(|r| viewer.allows(r, Right::See).is_err()) {
        return Err(ApiError::Forbidden);
    }
    Ok(rows)
}

/// Account `raw_id` if the caller may see it (his, or shared with him): 404 when it does not
/// exist, 403 otherwise — `unshared` while sharing is off (2FAuth words some routes so).
async fn visible<'a>(
    ctx: &Ctx,
    caller: &'a Caller,
    raw_id: &str,
    unshared: ApiError,
) -> ApiResult<(Row, Viewer<'a>)> {
    let viewer = Viewer::of(caller);
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let row = store::find(&ctx.db, Owner::User(caller.user.id), id).await?;
    Ok((viewer.seen(row, unshared)?, viewer))
}

/// Account `raw_id` if it is the caller's: 404 when it does not exist, `foreign` when it is
/// another user's.
async fn owned(ctx: &Ctx, caller: &Caller, raw_id: &str, foreign: ApiError) -> ApiResult<Row> {
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let row = store::find(&ctx.db, Owner::User(caller.user.id), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Viewer::of(caller)
        .allows(&row, Right::Own)
        .map_err(|_| foreign)?;
    Ok(row)
}

/// A valid `group_id`: `0` (no group) or an existing group, with its owner as read once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GroupChoice {
    id: i64,
    owner: Option<i64>,
}

impl GroupChoice {
    /// The group if it is the caller's; another user's group silently means none (2FAuth).
    fn for_caller(self, caller: &Caller) -> Option<i64> {
        (self.id > 0 && self.owner == Some(caller.user.id)).then_some(self.id)
    }
}

/// `group_id`: sometimes, nullable, integer ≥ 0, and when > 0 an existing group (anyone's).
/// Storage failures are errors, never taken for a missing group.
async fn group_id_rule(
    ctx: &Ctx,
    input: &Input,
) -> ApiResult<Result<Option<GroupChoice>, ValidationErrors>> {
    let invalid = |message: String| Ok(Err(ValidationErrors::single("group_id", message)));
    let id = match input.get("group_id") {
        None | Some(Value::Null) => return Ok(Ok(None)),
        Some(v) => match laravel_integer(v) {
            Some(id) if id >= 0 => id,
            Some(_) => return invalid(messages::min("group_id", 0)),
            None => return invalid(messages::integer("group_id")),
        },
    };
    if id == 0 {
        return Ok(Ok(Some(GroupChoice { id, owner: None })));
    }
    match groups::owner(&ctx.db, id).await? {
        Some(owner) => Ok(Ok(Some(GroupChoice {
            id,
            owner: Some(owner),
        }))),
        None => invalid(messages::invalid_selection("group_id")),
    }
}

/// Runs the account rules and the group rule, reporting both rules' errors together.
async fn validated(
    ctx: &Ctx,
    input: &Input,
    account: Result<TwoFAccount, ValidationErrors>,
) -> ApiResult<(TwoFAccount, Option<GroupChoice>)> {
    match (account, group_id_rule(ctx, input).await?) {
        (Ok(account), Ok(group)) => Ok((account, group)),
        (account, group) => {
            let mut errors = account.err().unwrap_or_default();
            errors.merge(group.err().unwrap_or_default());
            Err(errors.into())
        }
    }
}

/// Where a new account goes (2FAuth's creation rules): an explicit group if it is the caller's, `0` for none, or
/// when omitted the `defaultGroup` preference (`-1` = the active group).
async fn target_group(
    ctx: &Ctx,
    caller: &Caller,
    requested: Option<GroupChoice>,
) -> ApiResult<Option<i64>> {
    if let Some(choice) = requested {
        return Ok(choice.for_caller(caller));
    }
    let prefs = caller.preferences(ctx);
    // 2FAuth reads these as integers, also from numeric strings.
    let pref = |pref: &Pref<i64>| match pref {
        Pref::Typed(id) => *id,
        Pref::Other(value) => laravel_integer(value).unwrap_or(0),
    };
    let Some(candidate) = default_target(pref(&prefs.default_group), pref(&prefs.active_group))
    else {
        return Ok(None);
    };
    Ok((groups::owner(&ctx.db, candidate).await? == Some(caller.user.id)).then_some(candidate))
}

/// Parses a URI body (`uri`, `custom_otp`) or a parameter body.
fn account_from(input: &Input, rules: Rules) -> ApiResult<Result<TwoFAccount, ValidationErrors>> {
    if input.has("uri") {
        return Ok(TwoFAccount::from_uri(
            input.get("uri"),
            input.get("custom_otp"),
        ));
    }
    let random = random_bytes::<64>()?;
    Ok(TwoFAccount::from_params(&input.fields, rules, || random))
}

/// `POST /api/v1/twofaccounts`: 201 with the resource, secret shown unless `withSecret` is false.
pub async fn store(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let parsed = account_from(&input, Rules::Store)?;
    let (account, group) = validated(ctx, &input, parsed).await?;
    let group = target_group(ctx, caller, group).await?;
    let id = store::insert(
        &ctx.db,
        ctx.vault()?,
        caller.user.id,
        &account,
        ctx.now as i64,
    )
    .await?;
    if let Some(group_id) = group {
        groups::assign_statement(&ctx.db, &[id], caller.user.id, group_id)?
            .run()
            .await?;
    }
    let with_secret = input.php_bool("withSecret").unwrap_or(true);
    let otp_at = input.has("withOtp").then_some(ctx.now);
    json(
        201,
        &read(id, group, Flags::default(), account, with_secret, otp_at),
    )
}

/// `GET /api/v1/twofaccounts/{id}`: the secret is shown unless `withSecret` is false.
pub async fn show(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let (row, viewer) = visible(ctx, caller, raw_id, ApiError::Forbidden).await?;
    let with_secret = input.php_bool("withSecret").unwrap_or(true);
    let otp_at = input.has("withOtp").then_some(ctx.now);
    json(
        200,
        &read_row(&row, ctx.vault()?, viewer, with_secret, otp_at)?,
    )
}

/// `PUT /api/v1/twofaccounts/{id}`: full replacement (2FAuth's update rules); `legacy_uri` is kept; `group_id`
/// `0`/`null` withdraws from the caller's group, another id files it there if it is the caller's.
pub async fn update(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let row = owned(ctx, caller, raw_id, ApiError::Forbidden).await?;
    let input = Input::read(req).await?;
    let random = random_bytes::<64>()?;
    let parsed = TwoFAccount::from_params(&input.fields, Rules::Update, || random);
    let (account, requested) = validated(ctx, &input, parsed).await?;
    store::update(&ctx.db, ctx.vault()?, &row, &account, ctx.now as i64).await?;
    let group = if !input.has("group_id") || requested.map(|c| c.id) == row.group_id {
        row.group_id
    } else {
        let target = requested.and_then(|c| c.for_caller(caller));
        let statement = match target {
            Some(group_id) => {
                groups::assign_statement(&ctx.db, &[row.id], caller.user.id, group_id)?
            }
            None => groups::withdraw_statement(&ctx.db, &[row.id], caller.user.id)?,
        };
        statement.run().await?;
        target
    };
    let with_secret = input.php_bool("withSecret").unwrap_or(true);
    let flags = Viewer::of(caller).flags(&row);
    json(200, &read(row.id, group, flags, account, with_secret, None))
}

/// `DELETE /api/v1/twofaccounts/{id}`.
pub async fn destroy(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let row = owned(ctx, caller, raw_id, ApiError::Forbidden).await?;
    store::delete_many(&ctx.db, &[row.id]).await?;
    no_content()
}

/// `DELETE /api/v1/twofaccounts?ids=1,2`: all or nothing (403 if one is another user's).
pub async fn destroy_many(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let list = bulk_ids(&input)?;
    let rows = owned_rows(ctx, caller, &list).await?;
    let existing: Vec<i64> = rows.iter().map(|r| r.id).collect();
    store::delete_many(&ctx.db, &existing).await?;
    no_content()
}

/// `GET /api/v1/twofaccounts/count`.
pub async fn count(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let (owned, shared) = visible_counts(ctx, caller).await?;
    json(
        200,
        &AccountCount {
            owned,
            shared,
            total: owned + shared,
        },
    )
}

/// How many accounts the caller owns, and how many others share with him.
pub async fn visible_counts(ctx: &Ctx, caller: &Caller) -> ApiResult<(i64, i64)> {
    let sharing = Sharing::from_settings(&caller.settings);
    let owned = store::count_owned(&ctx.db, caller.user.id).await?;
    let shared = match sharing.enabled {
        true => shares::count_borrowed(&ctx.db, caller.user.id, sharing.all_users).await?,
        false => 0,
    };
    Ok((owned, shared))
}

/// `POST /api/v1/twofaccounts/reorder`: 2FAuth's algorithm (core), positions 1..n saved.
pub async fn reorder(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let requested = ids::parse_array(input.get("orderedIds"), "orderedIds")?;
    visible_rows(ctx, caller, &requested).await?;
    let sharing = Sharing::from_settings(&caller.settings);
    let visible: Vec<i64> = store::list_visible(&ctx.db, Owner::User(caller.user.id), None)
        .await?
        .seen_by(caller.user.id, sharing)
        .iter()
        .map(|r| r.id)
        .collect();
    let order = ids::reorder(&requested, &visible);
    store::reorder(&ctx.db, caller.user.id, &order).await?;
    order_saved(&order)
}

/// 2FAuth's answer to a reorder: the full resulting order.
pub fn order_saved(order: &[i64]) -> ApiResult<Response> {
    json(
        200,
        &OrderSaved {
            message: "order saved".into(),
            ordered_ids: order.to_vec(),
        },
    )
}

/// `PATCH /api/v1/twofaccounts/withdraw?ids=..`: out of the caller's groups.
pub async fn withdraw(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let list = bulk_ids(&input)?;
    visible_rows(ctx, caller, &list).await?;
    groups::withdraw_statement(&ctx.db, &list, caller.user.id)?
        .run()
        .await?;
    json(200, &Message::new("accounts withdrawn"))
}

/// Generates a code (400 when the secret cannot give one: undecipherable, or not base32).
fn generate(account: &TwoFAccount, now: u64) -> ApiResult<twofold_core::account::Otp> {
    Ok(account.otp(now)?)
}

/// `GET /api/v1/twofaccounts/{id}/otp`: a code now, logged; an HOTP counter is taken atomically
/// (the increment and the log row are one D1 batch).
pub async fn otp(req: &Request, ctx: &Ctx, raw_id: &str) -> ApiResult<Response> {
    let Ok(id) = raw_id.parse::<i64>() else {
        return auth::refused_after(req, ctx, ApiError::NotFound).await;
    };
    // The row is read with authentication's lookup, on the primary as [`index`]'s.
    let db = ctx.primary()?;
    let (caller, rows): (_, Vec<Row>) =
        auth::api_caller_with(req, ctx, |owner| store::find_statement(db, owner, id)).await?;
    let caller = &caller;
    let sharing_off = ApiError::ForbiddenWith(messages::SHARING_DISABLED);
    let row = Viewer::of(caller).seen(rows.into_iter().next(), sharing_off)?;
    let vault = ctx.vault()?;
    let mut account = row.open(vault, true)?;
    account.check_usable()?;
    let log = otp_logs::insert_statement(
        &ctx.db,
        &Entry {
            twofaccount_id: row.id,
            requester: &caller.user,
            owner_id: row.user_id,
            ip: ctx.ip.as_deref(),
            otp_type: account.otp_type.as_str(),
            generated_at: ctx.now as i64,
        },
    )?;
    if account.otp_type == OtpType::Hotp {
        let results = ctx
            .db
            .batch(vec![
                store::take_counter_statement(&ctx.db, row.id, ctx.now as i64)?,
                log,
            ])
            .await?;
        let taken = results
            .first()
            .map(store::taken_counter)
            .transpose()?
            .flatten();
        account.counter = Some(taken.ok_or(ApiError::InvalidOtpParameters(
            "The counter has reached its maximum value",
        ))?);
    } else {
        log.run().await?;
    }
    json(200, &generate(&account, ctx.now)?)
}

/// `POST /api/v1/twofaccounts/otp`: a code for a URI or parameters, nothing stored.
pub async fn otp_of_request(req: &mut Request, ctx: &Ctx) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    if input.has("uri") {
        let extra = input
            .fields
            .keys()
            .filter(|k| *k != "uri" && *k != "custom_otp")
            .count();
        if extra > 0 {
            return Err(ApiError::BadRequestWith(Reason::Field(
                "uri",
                messages::URI_ALONE,
            )));
        }
    }
    let account = account_from(&input, Rules::Otp)??;
    json(200, &generate(&account, ctx.now)?)
}

/// `POST /api/v1/twofaccounts/preview`: what a URI would create, nothing stored.
pub async fn preview(req: &mut Request) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let a = TwoFAccount::from_uri(input.get("uri"), input.get("custom_otp"))?;
    let with_secret = input.php_bool("withSecret").unwrap_or(true);
    json(
        200,
        &TwoFAccountPreview {
            otp_type: a.otp_type,
            account: a.account,
            service: a.service,
            icon: a.icon,
            secret: with_secret.then_some(a.secret),
            digits: a.digits,
            algorithm: a.algorithm,
            period: a.period,
            counter: a.counter,
        },
    )
}

/// `GET /api/v1/twofaccounts/export?ids=..[&otpauth=1]`: owned accounts only (403 otherwise).
pub async fn export(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let otpauth = match input.get("otpauth") {
        None | Some(Value::Null) => false,
        Some(v) => laravel_boolean(v)
            .ok_or_else(|| ValidationErrors::single("otpauth", messages::boolean("otpauth")))?,
    };
    let list = bulk_ids(&input)?;
    let rows = owned_rows(ctx, caller, &list).await?;
    let vault = ctx.vault()?;
    let accounts = rows
        .iter()
        .map(|r| r.open_full(vault))
        .collect::<ApiResult<Vec<_>>>()?;
    let datetime = iso8601(ctx.now as i64);
    let document = if otpauth {
        export::otpauth_json(&accounts.iter().collect::<Vec<_>>(), &datetime)
    } else {
        // Icons travel inside the export (MIME type and base64), as 2FAuth writes them.
        let mut icons = Vec::with_capacity(accounts.len());
        for account in &accounts {
            let file = match &account.icon {
                Some(name) => crate::store::icons::find(&ctx.db, vault, name).await?,
                None => None,
            };
            icons.push(file.map(|(mime, bytes)| {
                (
                    mime,
                    base64::engine::general_purpose::STANDARD.encode(bytes),
                )
            }));
        }
        let items: Vec<ExportItem<'_>> = accounts
            .iter()
            .zip(&icons)
            .map(|(account, icon)| ExportItem {
                account,
                icon_mime: icon.as_ref().map(|(mime, _)| mime.as_str()),
                icon_file: icon.as_ref().map(|(_, data)| data.as_str()),
            })
            .collect();
        export::twofauth_json(&items, &datetime)
    };
    json(200, &document)
}

/// `GET /api/v1/twofaccounts/{id}/qrcode`: the regenerated URI as an SVG data URI (owner only).
pub async fn qrcode(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let row = owned(ctx, caller, raw_id, ApiError::Forbidden).await?;
    let account = row.open(ctx.vault()?, true)?;
    let svg = tools::qr_svg(&account.uri()).map_err(|failure| match failure {
        Failure::Refused(()) => ApiError::BadRequest(messages::QR_TOO_LONG.into()),
        Failure::Module(detail) => ApiError::Internal(detail),
    })?;
    let data = base64::engine::general_purpose::STANDARD.encode(svg);
    json(
        200,
        &QrCode {
            qrcode: format!("data:image/svg+xml;base64,{data}"),
        },
    )
}

/// `GET /api/v1/twofaccounts/{id}/otp-logs?period=<months>&limit=<n>`: owner only, newest first.
pub async fn otp_logs(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let row = owned(ctx, caller, raw_id, ApiError::Forbidden).await?;
    let positive = |key: &str, default: i64| {
        input
            .get(key)
            .and_then(laravel_integer)
            .filter(|v| *v > 0)
            .unwrap_or(default)
    };
    let months = positive("period", 12);
    let limit = positive("limit", 1000).min(1000);
    let since = ctx.now as i64 - months.saturating_mul(30 * 24 * 3600);
    let logs: Vec<OtpLog> = otp_logs::list(&ctx.db, row.id, since, limit)
        .await?
        .into_iter()
        .map(|log| OtpLog {
            counter: match log.otp_type == "hotp" {
                true => log.counter.and_then(|c| c.parse::<u64>().ok()),
                false => None,
            },
            requester_name: log.requester_name,
            requester_email: log.requester_email,
            owner_name: log.owner_name,
            owner_email: log.owner_email,
            ip_address: log.ip_address,
            generated_at: iso8601(log.generated_at),
            otp_type: log.otp_type,
        })
        .collect();
    json(200, &logs)
}
