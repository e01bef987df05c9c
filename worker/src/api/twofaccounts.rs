//! `/api/v1/twofaccounts`: list, create, show, and one-time passwords of stored accounts.

use serde::Serialize;
use serde_json::Value;
use twofold_core::account::{EmbeddedOtp, OtpError, OtpType, TwoFAccount};
use twofold_core::input::laravel_integer;
use twofold_core::otp::Algorithm;
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::api::user::preferences;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json};
use crate::platform::random_bytes;
use crate::store::groups;
use crate::store::twofaccounts::{self as store, INDECIPHERABLE, Row};

/// 2FAuth's message when a stored secret cannot be decrypted.
const UNDECIPHERABLE_SECRET: &str =
    "The secret cannot be deciphered. This is mainly caused by a wrong APP_KEY";

/// The account resource (`TwoFAccountReadResource`), in 2FAuth's key order.
#[derive(Serialize)]
struct Read {
    id: i64,
    group_id: Option<i64>,
    otp_type: OtpType,
    account: String,
    service: Option<String>,
    icon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    digits: u32,
    algorithm: Algorithm,
    period: Option<u64>,
    counter: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    otp: Option<EmbeddedOtp>,
}

/// Builds the resource of a stored row; `otp_at` adds the embedded code for TOTP/Steam.
fn read(row: &Row, vault: &Vault, with_secret: bool, otp_at: Option<u64>) -> ApiResult<Read> {
    let account = row.open(vault, with_secret || otp_at.is_some())?;
    let otp = match otp_at {
        Some(now) if account.secret != INDECIPHERABLE => account.embedded_otp(now).ok().flatten(),
        _ => None,
    };
    Ok(Read {
        id: row.id,
        group_id: row.group_id,
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
    })
}

/// `ids=1,2,3`: present but empty, or not comma-separated digits, is a 422.
fn parse_ids(input: &Input) -> ApiResult<Option<Vec<i64>>> {
    if !input.query.contains_key("ids") {
        return Ok(None);
    }
    let raw = match input.query.get("ids") {
        Some(Value::String(s)) => s.as_str(),
        _ => return Err(ValidationErrors::single("ids", messages::required("ids")).into()),
    };
    let ids: Option<Vec<i64>> = raw
        .split(',')
        .map(|p| {
            p.parse()
                .ok()
                .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    ids.map(Some).ok_or_else(|| {
        ValidationErrors::single(
            "ids",
            "IDs must be comma separated, without trailing comma.",
        )
        .into()
    })
}

/// `GET /api/v1/twofaccounts`: the caller's accounts in the caller's order; the secret only with
/// a true `withSecret`; with any `withOtp` every TOTP/Steam item gets a code for one shared time.
pub async fn index(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let ids = parse_ids(&input)?;
    let with_secret = input.php_bool("withSecret").unwrap_or(false);
    let otp_at = input.has("withOtp").then_some(ctx.now);
    let rows = store::list_owned(&ctx.db, caller.user.id, ids.as_deref()).await?;
    let vault = ctx.vault()?;
    let items = rows
        .iter()
        .map(|row| read(row, &vault, with_secret, otp_at))
        .collect::<ApiResult<Vec<_>>>()?;
    json(200, &items)
}

/// Validates `group_id` (sometimes, nullable, integer ≥ 0) without touching storage.
fn group_id_rule(input: &Input) -> Result<Option<i64>, ValidationErrors> {
    match input.get("group_id") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match laravel_integer(v) {
            Some(id) if id >= 0 => Ok(Some(id)),
            Some(_) => Err(ValidationErrors::single(
                "group_id",
                messages::min("group_id", 0),
            )),
            None => Err(ValidationErrors::single(
                "group_id",
                messages::integer("group_id"),
            )),
        },
    }
}

/// Where a new account goes (§3.2.1): an explicit group if it is the caller's, `0` for none, or
/// when omitted the `defaultGroup` preference (`-1` = the active group).
async fn target_group(
    ctx: &Ctx,
    caller: &Caller,
    requested: Option<i64>,
) -> ApiResult<Option<i64>> {
    let candidate = match requested {
        Some(0) => return Ok(None),
        Some(id) => id,
        None => {
            let prefs = preferences(&caller.user);
            let pref = |name: &str| prefs.get(name).and_then(laravel_integer).unwrap_or(0);
            match pref("defaultGroup") {
                -1 => pref("activeGroup"),
                id => id,
            }
        }
    };
    if candidate <= 0 {
        return Ok(None);
    }
    let owner = groups::owner(&ctx.db, candidate).await?;
    Ok((owner == Some(caller.user.id)).then_some(candidate))
}

/// `POST /api/v1/twofaccounts`: from `{uri, custom_otp?}` or from parameters; 201 with the
/// resource, secret shown unless `withSecret` is false.
pub async fn store(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let random = random_bytes::<64>()?;
    let account = if input.has("uri") {
        TwoFAccount::from_uri(input.get("uri"), input.get("custom_otp"))
    } else {
        TwoFAccount::from_params(&input.fields, || random)
    };
    let group = group_id_rule(&input);
    let (account, group) = match (account, group) {
        (Ok(account), Ok(group)) => (account, group),
        (account, group) => {
            let mut errors = account.err().unwrap_or_default();
            errors.merge(group.err().unwrap_or_default());
            return Err(errors.into());
        }
    };
    if let Some(id) = group.filter(|id| *id > 0)
        && groups::owner(&ctx.db, id).await?.is_none()
    {
        return Err(
            ValidationErrors::single("group_id", messages::invalid_selection("group_id")).into(),
        );
    }
    let group = target_group(ctx, caller, group).await?;
    let vault = ctx.vault()?;
    let id = store::insert(&ctx.db, &vault, caller.user.id, &account, ctx.now as i64).await?;
    if let Some(group_id) = group {
        groups::assign_statement(&ctx.db, id, caller.user.id, group_id)?
            .run()
            .await?;
    }
    let with_secret = input.php_bool("withSecret").unwrap_or(true);
    let otp = input
        .has("withOtp")
        .then(|| account.embedded_otp(ctx.now).ok().flatten())
        .flatten();
    json(
        201,
        &Read {
            id,
            group_id: group,
            otp_type: account.otp_type,
            account: account.account.clone(),
            service: account.service.clone(),
            icon: account.icon.clone(),
            secret: with_secret.then(|| account.secret.clone()),
            digits: account.digits,
            algorithm: account.algorithm,
            period: account.period,
            counter: account.counter,
            otp,
        },
    )
}

/// Account `raw_id` if the caller may see it: 404 when it does not exist, 403 when it is another
/// user's (`foreign` chooses the 403 body).
async fn visible(ctx: &Ctx, caller: &Caller, raw_id: &str, foreign: ApiError) -> ApiResult<Row> {
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let row = store::find(&ctx.db, caller.user.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.user_id != caller.user.id {
        return Err(foreign);
    }
    Ok(row)
}

/// `GET /api/v1/twofaccounts/{id}`: the secret is shown unless `withSecret` is false.
pub async fn show(
    req: &mut Request,
    ctx: &Ctx,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let row = visible(ctx, caller, raw_id, ApiError::Forbidden).await?;
    let with_secret = input.php_bool("withSecret").unwrap_or(true);
    let otp_at = input.has("withOtp").then_some(ctx.now);
    json(200, &read(&row, &ctx.vault()?, with_secret, otp_at)?)
}

/// `GET /api/v1/twofaccounts/{id}/otp`: a code now; an HOTP counter moves forward and is saved.
pub async fn otp(ctx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let vault = ctx.vault()?;
    let row = visible(
        ctx,
        caller,
        raw_id,
        ApiError::ForbiddenWith("Sharing feature is disabled"),
    )
    .await?;
    let mut account = row.open(&vault, true)?;
    if account.secret == INDECIPHERABLE {
        return Err(ApiError::BadRequest(UNDECIPHERABLE_SECRET));
    }
    if twofold_core::base32::decode(&account.secret).is_err() {
        return Err(ApiError::BadRequest("not a valid base32 encoded secret"));
    }
    if account.otp_type == OtpType::Hotp {
        let used = store::take_counter(&ctx.db, row.id, ctx.now as i64)
            .await?
            .ok_or(ApiError::InvalidOtpParameters(
                "The counter has reached its maximum value",
            ))?;
        account.counter = Some(used);
    }
    let otp = account.otp(ctx.now).map_err(|OtpError::InvalidSecret| {
        ApiError::BadRequest("not a valid base32 encoded secret")
    })?;
    json(200, &otp)
}
