//! Request reading and response writing shared by every handler: 2FAuth's input conventions
//! (query merged with body, trimmed, empty strings as null), cookies, JSON answers.

use futures_util::StreamExt;
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;
use worker::{Headers, Method, Request, Response, ResponseBuilder};

use crate::error::{ApiError, ApiResult};

/// An uploaded file of a multipart request.
pub struct Upload {
    /// The content.
    pub bytes: Vec<u8>,
}

/// A request's input as Laravel's `$request->all()` sees it: query parameters, overridden by a
/// JSON, urlencoded or multipart body, normalised (trimmed, `""` → `null`); files apart.
pub struct Input {
    /// Merged fields.
    pub fields: Map<String, Value>,
    /// Keys present in the query string (some 2FAuth rules look only there).
    pub query: Map<String, Value>,
    /// Uploaded files by field name.
    pub files: Vec<(String, Upload)>,
}

/// A multipart form's text fields and files.
async fn read_form(
    form: &wasm_bindgen::JsValue,
    fields: &mut Map<String, Value>,
    files: &mut Vec<(String, Upload)>,
) {
    for (key, value) in form_entries(form) {
        match value.as_string() {
            Some(text) => {
                fields.insert(key, Value::String(text));
            }
            None => {
                let Ok(file) = value.dyn_into::<web_sys::File>() else {
                    continue;
                };
                let bytes = worker::File::from(file).bytes().await.unwrap_or_default();
                files.push((key, Upload { bytes }));
            }
        }
    }
}

/// A form-urlencoded or JSON body; `None` when it does not read.
fn parse_body(body: &[u8], content_type: &str) -> Option<Value> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return Some(Value::Object(
            url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect(),
        ));
    }
    twofold_core::input::json_value(body)
}

impl Input {
    /// Reads query and body. A body that is not valid JSON or a form counts as empty, as Laravel
    /// treats it, so that the validation rules report what is missing. A body over the route's
    /// [`body_limit`] is refused with 413 and never buffered: at once from its `Content-Length`,
    /// else once it has streamed past the limit.
    pub async fn read(req: &mut Request) -> ApiResult<Self> {
        let url = req.url()?;
        let mut query = Map::new();
        for (k, v) in url.query_pairs() {
            query.insert(k.into_owned(), Value::String(v.into_owned()));
        }
        let mut fields = query.clone();
        let mut files = Vec::new();
        let content_type = req.headers().get("content-type")?.unwrap_or_default();
        if !matches!(req.method(), Method::Get | Method::Head) {
            let body = capped_body(req, body_limit(url.path())).await?;
            if content_type.starts_with("multipart/form-data") {
                // An unreadable multipart body counts as empty, like any other unreadable body.
                if let Some(form) = parse_form(body, &content_type).await {
                    read_form(&form, &mut fields, &mut files).await;
                }
            } else if let Some(Value::Object(body)) = parse_body(&body, &content_type) {
                fields.extend(body);
            }
        }
        let mut fields = Value::Object(fields);
        twofold_core::input::normalize(&mut fields);
        let mut query = Value::Object(query);
        twofold_core::input::normalize(&mut query);
        Ok(Self {
            fields: into_map(fields),
            query: into_map(query),
            files,
        })
    }

    /// The uploaded file of field `key`.
    pub fn file(&self, key: &str) -> Option<&Upload> {
        self.files.iter().find(|(k, _)| k == key).map(|(_, f)| f)
    }

    /// Every field, as normalised.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// A field's value, `None` when absent.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }

    /// True when the key is present, even with a `null` value (Laravel's `has`).
    pub fn has(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    /// PHP's `FILTER_VALIDATE_BOOLEAN` of a field; `None` when absent.
    pub fn php_bool(&self, key: &str) -> Option<bool> {
        self.fields.get(key).map(|v| match v {
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64() == Some(1.0),
            Value::String(s) => twofold_core::input::php_bool(s),
            _ => false,
        })
    }
}

/// The most bytes a request body may have on `path`: imports and images get more room than the
/// 2 MiB every other route allows.
pub fn body_limit(path: &str) -> usize {
    const MIB: usize = 1024 * 1024;
    match path.trim_end_matches('/') {
        "/api/v1/twofaccounts/migration" => 8 * MIB,
        "/api/v1/qrcode/decode" => 4 * MIB,
        _ => 2 * MIB,
    }
}

/// The body, refused with 413 as soon as it is known to exceed `limit` bytes.
async fn capped_body(req: &mut Request, limit: usize) -> ApiResult<Vec<u8>> {
    let too_large = || ApiError::PayloadTooLarge(limit);
    let declared = req.headers().get("content-length")?;
    if declared.is_some_and(|n| n.trim().parse::<u64>().map_or(true, |n| n > limit as u64)) {
        return Err(too_large());
    }
    // No body at all reads as empty.
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new());
    };
    let mut body = Vec::new();
    let mut over = false;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return Ok(Vec::new());
        };
        // Past the limit the rest is read and dropped, never kept: the runtime sends no answer
        // before the request's body is consumed.
        over = over || body.len() + chunk.len() > limit;
        if !over {
            body.extend_from_slice(&chunk);
        }
    }
    if over { Err(too_large()) } else { Ok(body) }
}

/// A multipart body parsed by the runtime, from bytes already read.
async fn parse_form(mut body: Vec<u8>, content_type: &str) -> Option<wasm_bindgen::JsValue> {
    let headers = web_sys::Headers::new().ok()?;
    headers.set("content-type", content_type).ok()?;
    let init = web_sys::ResponseInit::new();
    init.set_headers(&headers);
    let response =
        web_sys::Response::new_with_opt_u8_array_and_init(Some(&mut body), &init).ok()?;
    wasm_bindgen_futures::JsFuture::from(response.form_data().ok()?)
        .await
        .ok()
}

/// The entries of a multipart form, the first of each name only (the one Laravel reads): each
/// file is then read once, so a body repeating a name cannot multiply what is copied.
fn form_entries(form: &wasm_bindgen::JsValue) -> Vec<(String, wasm_bindgen::JsValue)> {
    let mut seen = std::collections::HashSet::new();
    js_sys::try_iter(form)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.ok()?.into();
            let name = pair.get(0).as_string()?;
            seen.insert(name.clone()).then(|| (name, pair.get(1)))
        })
        .collect()
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The value of cookie `name`, if sent.
pub fn cookie(req: &Request, name: &str) -> Option<String> {
    let header = req.headers().get("cookie").ok()??;
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// A `Set-Cookie` value. `http_only` hides it from scripts; `secure` when served over HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age: u64, http_only: bool, secure: bool) -> String {
    let mut out = format!("{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax");
    if http_only {
        out.push_str("; HttpOnly");
    }
    if secure {
        out.push_str("; Secure");
    }
    out
}

/// How a request reached the worker, for what cookies and headers promise about transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transport {
    /// Served over HTTPS.
    pub https: bool,
    /// Addressed to this machine (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`).
    pub local: bool,
}

impl Transport {
    /// The transport of `req`, from its URL.
    pub fn of(req: &Request) -> Self {
        req.url().map_or(
            Self {
                https: false,
                local: false,
            },
            |url| Self {
                https: url.scheme() == "https",
                local: url.host_str().is_some_and(is_local_host),
            },
        )
    }

    /// Cookies get `Secure` unless the app is served over plain HTTP on this machine (`wrangler
    /// dev`): anywhere else a cookie must never travel in clear.
    pub fn secure_cookies(self) -> bool {
        self.https || !self.local
    }

    /// The name cookie `name` goes by: over HTTPS with the `__Host-` prefix, which browsers accept
    /// only from a secure origin, for this host alone (no `Domain`) and the whole site
    /// (`Path=/`), so neither a sibling subdomain nor a plain-HTTP page can plant or shadow it.
    pub fn cookie_name(self, name: &str) -> String {
        if self.https {
            format!("__Host-{name}")
        } else {
            name.to_string()
        }
    }

    /// The session cookie's name ([`Transport::cookie_name`]).
    pub fn session_cookie(self) -> String {
        self.cookie_name("twofold_session")
    }
}

/// Whether a URL host names this machine.
fn is_local_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A JSON response with a status.
pub fn json<T: Serialize>(status: u16, body: &T) -> ApiResult<Response> {
    json_text(status, serde_json::to_string(body)?)
}

/// A JSON response of a body already serialised: the response is built by one function for
/// every resource type, only the serialisation is per type.
pub fn json_text(status: u16, body: String) -> ApiResult<Response> {
    Ok(ResponseBuilder::new()
        .with_status(status)
        .with_header("Content-Type", "application/json")?
        .fixed(body.into_bytes()))
}

/// A JSON response with extra headers (e.g. `Set-Cookie`).
pub fn json_with_headers<T: Serialize>(
    status: u16,
    body: &T,
    headers: &[(&str, String)],
) -> ApiResult<Response> {
    let mut response = json(status, body)?;
    append_headers(response.headers_mut(), headers)?;
    Ok(response)
}

/// Appends headers to a response's header map.
pub fn append_headers(target: &mut Headers, headers: &[(&str, String)]) -> ApiResult<()> {
    for (name, value) in headers {
        target.append(name, value).map_err(ApiError::from)?;
    }
    Ok(())
}

/// 204 No Content.
pub fn no_content() -> ApiResult<Response> {
    Ok(Response::empty()?.with_status(204))
}

/// The request's `User-Agent`, for the authentication log.
pub fn user_agent(req: &Request) -> Option<String> {
    req.headers()
        .get("user-agent")
        .ok()
        .flatten()
        .map(|ua| ua.chars().take(500).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_lax_and_optionally_secure() {
        assert_eq!(
            set_cookie("a", "b", 60, true, false),
            "a=b; Path=/; Max-Age=60; SameSite=Lax; HttpOnly"
        );
        assert!(set_cookie("a", "b", 60, false, true).ends_with("; Secure"));
    }

    #[test]
    fn bodies_are_capped_per_route() {
        assert_eq!(body_limit("/api/v1/twofaccounts"), 2 << 20);
        assert_eq!(body_limit("/user/login"), 2 << 20);
        assert_eq!(body_limit("/api/v1/twofaccounts/migration"), 8 << 20);
        assert_eq!(body_limit("/api/v1/icons/"), 2 << 20);
        assert_eq!(body_limit("/api/v1/qrcode/decode"), 4 << 20);
    }

    #[test]
    fn only_plain_http_on_this_machine_goes_without_secure_cookies() {
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.8.0.1",
            "[::1]",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "example.org",
            "localhost.example.org",
            "10.0.0.1",
            "192.168.1.2",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
        let dev = Transport {
            https: false,
            local: true,
        };
        assert!(!dev.secure_cookies());
        assert_eq!(dev.session_cookie(), "twofold_session");
        let lan = Transport {
            https: false,
            local: false,
        };
        assert!(
            lan.secure_cookies(),
            "a LAN address over http still marks cookies Secure"
        );
        let public = Transport {
            https: true,
            local: false,
        };
        assert!(public.secure_cookies());
        assert_eq!(public.session_cookie(), "__Host-twofold_session");
    }
}
