//! `/api/v1/backup`: the caller's automatic encrypted backups (Twofold's own routes; 2FAuth has
//! none). Every query is the caller's row only: there is no id to name another user's.

use twofold_core::backup::{self, Destination, Settings, Stored};
use twofold_core::contract;
use twofold_core::dates::iso8601;
use twofold_core::export;
use twofold_core::messages;
use twofold_core::validation::ValidationErrors;
use worker::{Request, Response};

use crate::auth::Caller;
use crate::backups;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json, no_content};
use crate::platform::{fill_random, random_bytes};
use crate::store::backups::{self as store, Row, Saved};

/// The resource of a stored row.
fn resource(row: &Row) -> ApiResult<contract::Backup> {
    let destination = row.destination()?;
    let (mut webdav_url, mut webdav_username) = (None, None);
    let (mut s3_endpoint, mut s3_region, mut s3_bucket, mut s3_access_key_id) =
        (None, None, None, None);
    match &destination {
        Destination::R2 => {}
        Destination::Webdav { url, username } => {
            webdav_url = Some(url.clone());
            webdav_username = Some(username.clone());
        }
        Destination::S3 {
            endpoint,
            region,
            bucket,
            access_key_id,
        } => {
            s3_endpoint = Some(endpoint.clone());
            s3_region = Some(region.clone());
            s3_bucket = Some(bucket.clone());
            s3_access_key_id = Some(access_key_id.clone());
        }
    }
    Ok(contract::Backup {
        enabled: row.enabled(),
        schedule: row.schedule()?.as_str().into(),
        retention: row.retention,
        destination: destination.kind().into(),
        webdav_url,
        webdav_username,
        s3_endpoint,
        s3_region,
        s3_bucket,
        s3_access_key_id,
        secret_set: row.has_secret(),
        next_run_at: iso8601(row.next_run_at),
        last_run_at: row.last_run_at.map(iso8601),
        last_outcome: row.last_outcome.clone(),
        last_error: row.last_error.clone(),
        last_file: row.last_file.clone(),
    })
}

async fn mine(ctx: &Ctx, caller: &Caller) -> ApiResult<Row> {
    store::find(&ctx.db, caller.user.id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /api/v1/backup`: 404 until set up.
pub async fn show(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    json(200, &resource(&mine(ctx, caller).await?)?)
}

/// A new random master key and its Aegis password slot for `password` (the one scrypt run).
fn new_key(password: &str) -> ApiResult<(String, [u8; 32])> {
    let master = random_bytes::<32>()?;
    let mut failed = None;
    let mut random = |buf: &mut [u8]| {
        if let Err(e) = fill_random(buf) {
            failed = Some(e);
        }
    };
    let slot = export::aegis_password_slot(password, &master, &mut random);
    match failed {
        Some(error) => Err(error),
        None => Ok((slot.to_string(), master)),
    }
}

/// `PUT /api/v1/backup`: sets up or changes the caller's backups; 200 with the resource. A new
/// `password` makes a new master key and slot (one scrypt run, here and only here).
pub async fn update(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let row = store::find(&ctx.db, caller.user.id).await?;
    let stored_destination = match &row {
        Some(row) if row.has_secret() => Some(row.destination()?),
        _ => None,
    };
    let stored = Stored {
        destination_with_secret: stored_destination.as_ref(),
        password: row.is_some(),
    };
    let settings = Settings::parse(input.fields(), stored)?;
    if settings.destination == Destination::R2 && ctx.backups_bucket().is_none() {
        return Err(
            ValidationErrors::single("destination", messages::DESTINATION_UNAVAILABLE).into(),
        );
    }
    let key = settings.password.as_deref().map(new_key).transpose()?;
    let secret = match (&settings.secret, settings.destination.needs_secret()) {
        (Some(secret), _) => Some(Some(secret.as_str())),
        // R2 needs none: a stored one is forgotten.
        (None, false) => Some(None),
        (None, true) => None,
    };
    let now = ctx.now as i64;
    // A first setup, or a new schedule, is due at the next scheduled run.
    let next_run_at = match &row {
        Some(row) if row.schedule().ok() == Some(settings.schedule) => row.next_run_at,
        _ => now,
    };
    let saved = Saved {
        enabled: settings.enabled,
        schedule: settings.schedule,
        retention: settings.retention,
        destination: &settings.destination,
        secret,
        key: key.as_ref().map(|(slot, master)| (slot.as_str(), *master)),
        next_run_at,
    };
    store::save(&ctx.db, ctx.vault()?, caller.user.id, &saved).await?;
    show(ctx, caller).await
}

/// `DELETE /api/v1/backup`: 204; the files already written stay where they are.
pub async fn destroy(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    if !store::delete(&ctx.db, caller.user.id).await? {
        return Err(ApiError::NotFound);
    }
    no_content()
}

/// Seconds between two backups on request: each costs a sealing's CPU and the destination's
/// requests, which a user clicking (or a script) must not repeat at will.
const RUN_COOLDOWN: i64 = 60;

/// `POST /api/v1/backup/run`: makes a backup now; 200 with the resource, whose `last_outcome`
/// says how it went, or 429 within [`RUN_COOLDOWN`] of the last run. The schedule is left as it
/// was.
pub async fn run(ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let row = mine(ctx, caller).await?;
    let now = ctx.now as i64;
    // The check and the mark are one UPDATE, so that parallel requests cannot all pass it.
    if !store::start_on_request(&ctx.db, row.user_id, now, RUN_COOLDOWN).await? {
        let wait = row
            .last_run_at
            .map_or(RUN_COOLDOWN, |at| at + RUN_COOLDOWN - now)
            .clamp(1, RUN_COOLDOWN) as u64;
        return Err(ApiError::TooManyAttempts {
            limit: 1,
            reset_at: now as u64 + wait,
            retry_after: wait,
        });
    }
    let outcome = backups::run(ctx, &row)
        .await
        .map_err(|e| backup::error_text(&e));
    store::record(&ctx.db, row.user_id, now, &outcome).await?;
    show(ctx, caller).await
}
