//! `GET /api/v1/openapi.json`: Twofold's own OpenAPI 3.1 description of every route it serves.

use worker::Response;

use crate::error::ApiResult;
use crate::http::append_headers;

/// The document, written by hand and checked against live responses by the black-box suite.
const DOCUMENT: &str = include_str!("../../openapi.json");

/// Serves the document.
pub fn document() -> ApiResult<Response> {
    let mut response = Response::ok(DOCUMENT)?;
    append_headers(
        response.headers_mut(),
        &[("Content-Type", "application/json".into())],
    )?;
    Ok(response)
}
