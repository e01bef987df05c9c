//! Cross-origin calls to `/api/v1`, as 2FAuth (Laravel's CORS defaults) answers them: any origin
//! may call with a bearer token — the 2FAuth browser extension does so from its own origin when
//! the browser does not grant it the server's site — but never with credentials, so a cookie
//! session can never be used from another origin (see also [`crate::auth`], which ignores the
//! session cookie on a cross-origin request).

use worker::{Headers, Request, Response};

use crate::error::ApiResult;

/// Request headers a cross-origin caller may send (besides the CORS-safelisted ones).
/// `X-D1-Bookmark` is ours: a caller that sends back the last answer's bookmark may read from a
/// nearby replica ([`crate::replication`]).
const ALLOWED_HEADERS: &str =
    "Authorization, Content-Type, X-Requested-With, Accept, X-D1-Bookmark";
/// Methods of the API.
const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
/// How long a browser may keep a preflight's answer, in seconds.
const MAX_AGE: &str = "7200";

/// The answer to a CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`),
/// or `None` when `req` is not one.
pub fn preflight(req: &Request) -> ApiResult<Option<Response>> {
    let headers = req.headers();
    if req.inner().method() != "OPTIONS"
        || !headers.has("origin")?
        || !headers.has("access-control-request-method")?
    {
        return Ok(None);
    }
    let mut response = Response::empty()?.with_status(204);
    let out = response.headers_mut();
    allow(out)?;
    out.set("Access-Control-Allow-Methods", ALLOWED_METHODS)?;
    out.set("Access-Control-Allow-Headers", ALLOWED_HEADERS)?;
    out.set("Access-Control-Max-Age", MAX_AGE)?;
    Ok(Some(response))
}

/// Lets any origin read an API answer; `*` never carries credentials, so browsers send no
/// cookies to be read back.
pub fn allow(headers: &mut Headers) -> worker::Result<()> {
    headers.set("Access-Control-Allow-Origin", "*")?;
    headers.set("Access-Control-Expose-Headers", crate::replication::HEADER)
}

/// Whether `req` comes from a page of another origin than the one it is addressed to (browsers
/// send `Origin` on every cross-origin call and on same-origin calls that change state).
pub fn is_cross_origin(req: &Request) -> bool {
    let Ok(Some(origin)) = req.headers().get("origin") else {
        return false;
    };
    req.url().map_or(true, |url| {
        origin.trim_end_matches('/') != url.origin().ascii_serialization()
    })
}
