//! Requests the worker itself sends: logo libraries, OpenID providers, key servers. Each answer is
//! read only when it is a 200 of bounded size; anything else is `None`, and the caller decides
//! what a silent counterpart means (no icon, a failed sign-in, a refused assertion).

use futures_util::StreamExt;
use serde_json::Value;
use worker::{Fetch, Method, Request, Url};

/// The largest answer read (logos, JSON documents, key sets).
pub const MAX_BYTES: usize = 1_000_000;

/// Sends `method` to `url` with `headers` and `body`; the body of a 200 of at most [`MAX_BYTES`].
async fn send(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Option<Vec<u8>> {
    let url = Url::parse(url).ok()?;
    let sent = web_sys::Headers::new().ok()?;
    for (name, value) in headers {
        sent.set(name, value).ok()?;
    }
    // web-sys' init, not workers-rs': that one's `cf` properties bring their serialisers
    // (image resizing options and serde-wasm-bindgen's, ≈ 13 KB raw) into the .wasm.
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_ref());
    init.set_headers(&sent);
    if let Some(body) = body {
        init.set_body(&body.into());
    }
    let request = web_sys::Request::new_with_str_and_init(url.as_str(), &init).ok()?;
    let mut response = Fetch::Request(Request::from(request)).send().await.ok()?;
    if response.status_code() != 200 {
        return None;
    }
    let bytes = response.bytes().await.ok()?;
    (bytes.len() <= MAX_BYTES).then_some(bytes)
}

/// A GET of `url`: its body.
pub async fn get(url: &str) -> Option<Vec<u8>> {
    send(Method::Get, url, &[], None).await
}

/// A GET of a JSON document, with extra request `headers` (a bearer token, a user agent).
pub async fn get_json(url: &str, headers: &[(&str, &str)]) -> Option<Value> {
    let mut all = vec![("Accept", "application/json")];
    all.extend_from_slice(headers);
    twofold_core::input::json_value(&send(Method::Get, url, &all, None).await?)
}

/// A POST of an `application/x-www-form-urlencoded` body (an OAuth token request), answered in JSON.
pub async fn post_form_json(
    url: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Option<Value> {
    let body = form
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let mut all = vec![
        ("Accept", "application/json"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    all.extend_from_slice(headers);
    twofold_core::input::json_value(&send(Method::Post, url, &all, Some(body)).await?)
}

/// Form-encodes one name or value.
fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// How long an exchange with a storage server may take, answer included: a server that never
/// answers must not hold the scheduled run (and the users after it) until the platform kills it.
const STORAGE_TIMEOUT_MS: u32 = 30_000;

/// An exchange with a storage server (backups): any method, including WebDAV's (`PROPFIND`),
/// `body` as bytes; answers the status and, for a listing (`GET`, `PROPFIND`), the body of at most
/// [`MAX_BYTES`], or why nothing came back (the text is stored for the user to read: it names no
/// secret). Other answers' bodies are not read: a hostile server could send one without end.
pub async fn exchange(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<(u16, Vec<u8>), String> {
    let unreachable = || {
        format!(
            "{method} {} failed: the server could not be reached in time",
            host(url)
        )
    };
    let sent = web_sys::Headers::new().map_err(|_| unreachable())?;
    for (name, value) in headers {
        sent.set(name, value).map_err(|_| unreachable())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&sent);
    // A redirect would resend the credentials elsewhere: a storage server has no reason to.
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        STORAGE_TIMEOUT_MS,
    )));
    if let Some(body) = body {
        init.set_body(&js_sys::Uint8Array::from(body).into());
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init)
        .map_err(|_| format!("{method} {}: not a valid URL", host(url)))?;
    let mut response = Fetch::Request(Request::from(request))
        .send()
        .await
        .map_err(|_| unreachable())?;
    let status = response.status_code();
    if !matches!(method, "GET" | "PROPFIND") || !(200..=299).contains(&status) {
        return Ok((status, Vec::new()));
    }
    let too_large = || format!("{method} {} answered more than 1 MB", host(url));
    let announced = response.headers().get("Content-Length").ok().flatten();
    if announced
        .and_then(|l| l.parse::<usize>().ok())
        .is_some_and(|l| l > MAX_BYTES)
    {
        return Err(too_large());
    }
    // Read chunk by chunk, so that an answer without end stops at the cap.
    let mut stream = response.stream().map_err(|_| unreachable())?;
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend(chunk.map_err(|_| unreachable())?);
        if bytes.len() > MAX_BYTES {
            return Err(too_large());
        }
    }
    Ok((status, bytes))
}

/// The host of `url`, to name a server in a message without its path or credentials.
pub fn host(url: &str) -> String {
    Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "the server".into())
}
