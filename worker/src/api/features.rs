//! `/api/v1/features`: which optional features this instance offers (§3.12).

use serde_json::{Value, json};
use twofold_core::settings;
use worker::Response;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::json;
use crate::store;

/// Every feature with its state; sharing follows the admin settings, the others are always on.
async fn features(ctx: &Ctx) -> ApiResult<Vec<Value>> {
    let all = store::settings::all(&ctx.db).await?;
    let state = |on: bool| if on { "enabled" } else { "disabled" };
    Ok([
        ("iconPack", true),
        ("sharing", settings::enabled(&all, "enableSharing")),
        (
            "allUsersSharingScope",
            settings::enabled(&all, "enableAllUsersSharingScope"),
        ),
        ("showNextOtp", true),
        ("groupChips", true),
    ]
    .into_iter()
    .map(|(name, on)| json!({ "name": name, "state": state(on) }))
    .collect())
}

/// `GET /api/v1/features`.
pub async fn index(ctx: &Ctx) -> ApiResult<Response> {
    json(200, &features(ctx).await?)
}

/// `GET /api/v1/features/{feature}`: 404 for an unknown feature.
pub async fn show(ctx: &Ctx, name: &str) -> ApiResult<Response> {
    let all = features(ctx).await?;
    let feature = all
        .iter()
        .find(|f| f["name"] == name)
        .ok_or(ApiError::NotFound)?;
    json(200, feature)
}
