//! The one module that talks to the server: same-origin `fetch` with the session cookie and the
//! CSRF header 2FAuth's web routes and cookie-authenticated API calls require. It knows nothing of
//! navigation or of the offline copy: a session that is over is reported (the error's
//! [`ApiError::session_over`], and a [`SESSION_OVER`] event on the window), and the session
//! ([`crate::session`]) acts on it.

use futures::FutureExt;
use serde::de::DeserializeOwned;

use crate::i18n::tr;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlDocument, RequestCredentials, RequestInit, Response};

/// A failed call: the HTTP status and 2FAuth's `message` (plus field errors for a 422).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the network failed.
    pub status: u16,
    /// 2FAuth's `message`.
    pub message: String,
    /// 2FAuth's `errors` object for a 422, if any.
    pub errors: Option<Value>,
    /// The session is over (a 401 from a route that needs one, or 2FAuth's 418).
    pub session_over: bool,
}

impl ApiError {
    fn network(message: impl Into<String>) -> Self {
        Self {
            status: 0,
            message: message.into(),
            errors: None,
            session_over: false,
        }
    }

    /// The first message of each field, for forms; falls back to `message`.
    pub fn details(&self) -> Vec<String> {
        let fields: Vec<String> = self
            .errors
            .as_ref()
            .and_then(Value::as_object)
            .map(|m| {
                m.values()
                    .filter_map(|v| v.get(0).and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if fields.is_empty() {
            vec![self.message.clone()]
        } else {
            fields
        }
    }
}

fn document_cookie(name: &str) -> Option<String> {
    let document: HtmlDocument = web_sys::window()?.document()?.dyn_into().ok()?;
    let cookies = document.cookie().ok()?;
    cookies.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The answer `app.js` fetched for `path` while the app was loading, once.
async fn prefetched(window: &web_sys::Window, path: &str) -> Option<(u16, String)> {
    let prefetch = js_sys::Reflect::get(window, &"twofoldPrefetch".into()).ok()?;
    let key = JsValue::from_str(path);
    let answer = js_sys::Reflect::get(&prefetch, &key).ok()?;
    let answer: js_sys::Promise = answer.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(prefetch.unchecked_ref::<js_sys::Object>(), &key);
    let answer = JsFuture::from(answer).await.ok()?;
    let status = js_sys::Reflect::get(&answer, &0.into()).ok()?.as_f64()?;
    let text = js_sys::Reflect::get(&answer, &1.into()).ok()?.as_string()?;
    Some((status as u16, text))
}

/// What a request carries.
#[derive(Clone, Copy)]
enum Body<'a> {
    None,
    Json(&'a Value),
    /// A multipart form (the browser writes its content type).
    Form(&'a web_sys::FormData),
}

async fn send(method: &str, path: &str, body: Body<'_>) -> Result<(u16, String), ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::network("no window"))?;
    if method == "GET"
        && let Some(answer) = prefetched(&window, path).await
    {
        return Ok(answer);
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(|_| ApiError::network("headers"))?;
    let set = |k: &str, v: &str| headers.set(k, v).map_err(|_| ApiError::network("headers"));
    set("Accept", "application/json")?;
    set("X-Requested-With", "XMLHttpRequest")?;
    if let Some(token) = document_cookie("XSRF-TOKEN") {
        set("X-XSRF-TOKEN", &token)?;
    }
    match body {
        Body::None => {}
        Body::Json(json) => {
            set("Content-Type", "application/json")?;
            init.set_body(&JsValue::from_str(&json.to_string()));
        }
        Body::Form(form) => init.set_body(form),
    }
    init.set_headers(&headers);
    let response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiError::network(tr("The server cannot be reached.")))?;
    let response: Response = response.unchecked_into();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((response.status(), text))
}

/// Makes sure the `XSRF-TOKEN` cookie exists (2FAuth's `GET /refresh-csrf`).
pub async fn ensure_csrf() -> Result<(), ApiError> {
    if document_cookie("XSRF-TOKEN").is_none() {
        send("GET", "/refresh-csrf", Body::None).await?;
    }
    Ok(())
}

/// Whether a failed call means the session is over: a 401 from a route that needs one, or 2FAuth's
/// 418 (signed out after inactivity). A 401 from the sign-in form, or from the passkey recovery
/// (which needs no session), is a wrong password instead.
fn session_over(path: &str, status: u16) -> bool {
    status == 418
        || (status == 401 && !path.starts_with("/user") && !path.starts_with("/webauthn/recover"))
}

/// The event a call that finds the session over dispatches on the window (synchronously, before
/// it returns). An event rather than a handler held here: calls answer in futures that run outside
/// any reactive owner, where no context can be read, and this layer must not know who listens.
pub const SESSION_OVER: &str = "twofold-session-over";

/// Tells whoever listens that the session is over (see [`SESSION_OVER`]).
fn report_session_over() {
    let event = web_sys::Event::new(SESSION_OVER);
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

/// Calls the server and decodes a JSON answer; non-2xx statuses become [`ApiError`]. An expired
/// CSRF token (419) is refreshed and the call made once more; a session that is over is reported
/// with a [`SESSION_OVER`] event as well as in the error. (These functions are no
/// `async fn`s: each would be a future of its own around the one exchange, for every type read.)
pub fn call<'a, T: DeserializeOwned + 'a>(
    method: &'a str,
    path: &'a str,
    body: Option<&'a Value>,
) -> impl Future<Output = Result<T, ApiError>> + 'a {
    exchange(method, path, body.map_or(Body::None, Body::Json)).map(|answer| decode(answer?))
}

/// [`call`] of a `GET`.
pub fn get<'a, T: DeserializeOwned + 'a>(
    path: &'a str,
) -> impl Future<Output = Result<T, ApiError>> + 'a {
    call("GET", path, None)
}

/// [`call`] whose answer's body is of no use: it is not read, only its status.
pub fn run<'a>(
    method: &'a str,
    path: &'a str,
    body: Option<&'a Value>,
) -> impl Future<Output = Result<(), ApiError>> + 'a {
    exchange(method, path, body.map_or(Body::None, Body::Json)).map(|answer| answer.map(drop))
}

/// [`call`] with a multipart form (`POST`), such as an uploaded file.
pub fn call_form<'a, T: DeserializeOwned + 'a>(
    path: &'a str,
    form: &'a web_sys::FormData,
) -> impl Future<Output = Result<T, ApiError>> + 'a {
    exchange("POST", path, Body::Form(form)).map(|answer| decode(answer?))
}

/// A successful answer, its status and text.
struct Answer(u16, String);

/// Decodes a successful answer (a 204 as `null`). Generic, so kept to these few lines: the
/// exchange itself is compiled once for every type.
fn decode<T: DeserializeOwned>(Answer(status, text): Answer) -> Result<T, ApiError> {
    let json = match status {
        204 => Value::Null,
        _ => serde_json::from_str(&text).unwrap_or(Value::Null),
    };
    serde_json::from_value(json).map_err(|e| ApiError {
        status,
        message: e.to_string(),
        errors: None,
        session_over: false,
    })
}

/// Makes the call: the CSRF token first (again after a 419), the session's end reported, and a
/// non-2xx status as an [`ApiError`] with 2FAuth's message and field errors.
async fn exchange(method: &str, path: &str, body: Body<'_>) -> Result<Answer, ApiError> {
    ensure_csrf().await?;
    let (mut status, mut text) = send(method, path, body).await?;
    if status == 419 {
        send("GET", "/refresh-csrf", Body::None).await?;
        (status, text) = send(method, path, body).await?;
    }
    let over = session_over(path, status);
    if over {
        report_session_over();
    }
    if (200..300).contains(&status) {
        return Ok(Answer(status, text));
    }
    let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let message = json
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("Unexpected error")
        .to_string();
    Err(ApiError {
        status,
        message,
        errors: json.get("errors").cloned(),
        session_over: over,
    })
}

#[cfg(test)]
mod tests {
    use super::session_over;

    #[test]
    fn a_401_ends_the_session_except_from_the_sign_in_form() {
        assert!(session_over("/api/v1/twofaccounts", 401));
        assert!(session_over("/oauth/personal-access-tokens", 401));
        assert!(session_over("/api/v1/user", 418));
        assert!(!session_over("/user/login", 401));
        assert!(!session_over("/api/v1/twofaccounts/9", 404));
    }
}
