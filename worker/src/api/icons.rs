//! `/api/v1/icons`: icon upload, official logos from the logo libraries, packs, deletion (2FAuth's icon routes),
//! and the public `GET /storage/icons/{filename}`.

use serde_json::Value;
use twofold_core::contract::IconFile;
use twofold_core::icon::{self, Collection, Kind, LogoRequest};
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json, no_content};
use crate::platform::random_bytes;
use crate::store::icons;
use crate::tools;

/// Largest icon accepted: its encrypted base64 must fit a D1 row (2 MB).
const MAX_BYTES: usize = 1_000_000;

/// The logo libraries' addresses, overridable by Worker variables (tests use a local server).
fn library(ctx: &Ctx, name: &str, default: &str) -> String {
    let mut base = ctx.var(name).unwrap_or_else(|| default.to_string());
    if !base.ends_with('/') && !base.ends_with(".json") {
        base.push('/');
    }
    base
}

/// Checks an image and gives what is stored: SVGs sanitised, other images as they are.
fn storable(bytes: &[u8]) -> Option<(Kind, Vec<u8>)> {
    if bytes.len() > MAX_BYTES {
        return None;
    }
    match icon::detect(bytes)? {
        Kind::Svg => {
            let text = core::str::from_utf8(bytes).ok()?;
            Some((Kind::Svg, tools::sanitize_svg(text)?.into_bytes()))
        }
        kind => Some((kind, bytes.to_vec())),
    }
}

/// Stores an icon under a fresh random name and answers it.
async fn keep(ctx: &Ctx, caller: &Caller, kind: Kind, bytes: &[u8]) -> ApiResult<String> {
    let filename = icon::file_name(&random_bytes::<40>()?, kind);
    let stored = icons::insert(
        &ctx.db,
        ctx.vault()?,
        &filename,
        kind.mime(),
        bytes,
        caller.user.id,
        ctx.now as i64,
    )
    .await?;
    if !stored {
        return Err(ValidationErrors::single("icon", messages::ICON_QUOTA).into());
    }
    Ok(filename)
}

/// `POST /api/v1/icons` (multipart `icon`): 201 `{filename}`.
pub async fn upload(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let file = input
        .file("icon")
        .ok_or_else(|| ValidationErrors::single("icon", messages::required("icon")))?;
    let (kind, bytes) = storable(&file.bytes)
        .ok_or_else(|| ValidationErrors::single("icon", messages::image("icon")))?;
    let filename = keep(ctx, caller, kind, &bytes).await?;
    json(201, &IconFile { filename })
}

/// The first storable logo among `candidates`.
async fn first_logo(candidates: &[String]) -> Option<(Kind, Vec<u8>)> {
    for url in candidates {
        if let Some(found) = crate::outbound::get(url)
            .await
            .as_deref()
            .and_then(storable)
        {
            return Some(found);
        }
    }
    None
}

/// Looks a logo up in its library.
async fn find_logo(ctx: &Ctx, request: &LogoRequest, strict: bool) -> Option<(Kind, Vec<u8>)> {
    match request.collection {
        Collection::Tfa => {
            let index = library(
                ctx,
                "LOGOLIB_TFA_URL",
                "https://2fa.directory/api/v3/tfa.json",
            );
            let images = library(
                ctx,
                "LOGOLIB_TFA_IMG_URL",
                "https://raw.githubusercontent.com/2factorauth/twofactorauth/master/img/",
            );
            let list = twofold_core::input::json_value(&crate::outbound::get(&index).await?)?;
            let wanted = icon::tfa_key(&request.service);
            let domain = list.as_array()?.iter().find_map(|entry| {
                let name = entry.get(0)?.as_str()?;
                (icon::tfa_key(name) == wanted).then(|| entry.get(1)?.get("domain")?.as_str())?
            })?;
            let first = domain.chars().next()?.to_ascii_lowercase();
            first_logo(&[format!("{images}{first}/{domain}.svg")]).await
        }
        Collection::Selfh | Collection::DashboardIcons => {
            let base = match request.collection {
                Collection::Selfh => library(
                    ctx,
                    "LOGOLIB_SELFH_URL",
                    "https://cdn.jsdelivr.net/gh/selfhst/icons/",
                ),
                _ => library(
                    ctx,
                    "LOGOLIB_DASHBOARDICONS_URL",
                    "https://cdn.jsdelivr.net/gh/homarr-labs/dashboard-icons/",
                ),
            };
            let found = first_logo(&icon::logo_candidates(
                &base,
                &request.service,
                &request.variant,
            ))
            .await;
            match found {
                None if request.variant != "regular" && !strict => {
                    first_logo(&icon::logo_candidates(&base, &request.service, "regular")).await
                }
                found => found,
            }
        }
    }
}

/// `POST /api/v1/icons/default` `{service, iconCollection?, variant?}`: 201 `{filename}`, or 204
/// when the library has no logo for the service.
pub async fn official(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let prefs = caller.preferences(ctx);
    let request = icon::logo_request(&input.fields, &prefs.icon_collection())?;
    let strict = prefs.icon_variant_strict_fetch();
    match find_logo(ctx, &request, strict).await {
        Some((kind, bytes)) => {
            let filename = keep(ctx, caller, kind, &bytes).await?;
            json(201, &IconFile { filename })
        }
        None => no_content(),
    }
}

/// `GET /api/v1/icons/packs`: Twofold serves no icon packs from a disk (a Worker has none).
pub fn packs() -> ApiResult<Response> {
    json(200, &Vec::<Value>::new())
}

/// `DELETE /api/v1/icons/{filename}`: 204 (also for unknown names); 403 when an account of
/// another user shows it.
pub async fn destroy(ctx: &Ctx, caller: &Caller, filename: &str) -> ApiResult<Response> {
    if icons::used_by_others(&ctx.db, filename, caller.user.id).await? {
        return Err(ApiError::ForbiddenWith("unauthorized"));
    }
    icons::delete(&ctx.db, filename).await?;
    no_content()
}

/// `GET /storage/icons/{filename}`: public, as 2FAuth serves its icon folder. SVGs go out with a
/// policy that forbids scripts even if one slipped through sanitising.
pub async fn serve(ctx: &Ctx, filename: &str) -> ApiResult<Response> {
    if !icon::is_file_name(filename) {
        return Err(ApiError::NotFound);
    }
    let (mime, bytes) = icons::find(&ctx.db, ctx.vault()?, filename)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut response = Response::from_bytes(bytes)?;
    let headers = response.headers_mut();
    headers.set("Content-Type", &mime)?;
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    )?;
    headers.set("Cache-Control", "private, max-age=86400")?;
    Ok(response)
}
