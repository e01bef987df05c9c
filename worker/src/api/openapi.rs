//! `GET /api/v1/openapi.json`: Twofold's own OpenAPI 3.1 description of every route it serves.

use worker::Response;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::append_headers;

/// Where scripts/build-web.sh puts `worker/openapi.json` among the static assets: the document
/// (≈ 200 KB, written by hand and checked against live responses by the black-box suites) is
/// read when asked for, instead of weighing on the `.wasm` of every isolate.
const ASSET: &str = "/api/v1/openapi.json";

/// Serves the document.
pub async fn document(ctx: &Ctx) -> ApiResult<Response> {
    let document = ctx
        .asset(ASSET, "application/json")
        .await?
        .ok_or_else(|| ApiError::Internal(format!("{ASSET} is missing from the assets")))?;
    let mut response = Response::from_bytes(document)?;
    append_headers(
        response.headers_mut(),
        &[("Content-Type", "application/json".into())],
    )?;
    Ok(response)
}
