//! Request reading and response writing shared by every handler: 2FAuth's input conventions
//! (query merged with body, trimmed, empty strings as null), cookies, JSON answers.

use serde::Serialize;
use serde_json::{Map, Value};
use worker::{FormData, FormEntry, Headers, Method, Request, Response};

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

impl Input {
    /// Reads query and body. A body that is not valid JSON or a form counts as empty, as Laravel
    /// treats it, so that the validation rules report what is missing.
    pub async fn read(req: &mut Request) -> ApiResult<Self> {
        let url = req.url()?;
        let mut query = Map::new();
        for (k, v) in url.query_pairs() {
            query.insert(k.into_owned(), Value::String(v.into_owned()));
        }
        let mut fields = query.clone();
        let mut files = Vec::new();
        let content_type = req.headers().get("content-type")?.unwrap_or_default();
        if content_type.starts_with("multipart/form-data") {
            // An unreadable multipart body counts as empty, like any other unreadable body.
            if let Ok(form) = req.form_data().await {
                let js: wasm_bindgen::JsValue = form.into();
                let keys = form_keys(&js);
                let form = FormData::from(js);
                for key in keys {
                    match form.get(&key) {
                        Some(FormEntry::Field(value)) => {
                            fields.insert(key, Value::String(value));
                        }
                        Some(FormEntry::File(file)) => {
                            let bytes = file.bytes().await.unwrap_or_default();
                            files.push((key, Upload { bytes }));
                        }
                        None => {}
                    }
                }
            }
        } else if !matches!(req.method(), Method::Get | Method::Head) {
            let text = req.text().await.unwrap_or_default();
            let body = if content_type.starts_with("application/x-www-form-urlencoded") {
                Some(Value::Object(
                    url::form_urlencoded::parse(text.as_bytes())
                        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                        .collect(),
                ))
            } else {
                serde_json::from_str::<Value>(&text).ok()
            };
            if let Some(Value::Object(body)) = body {
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

/// The field names of a multipart form, each once.
fn form_keys(form: &wasm_bindgen::JsValue) -> Vec<String> {
    let mut keys: Vec<String> = js_sys::try_iter(form)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.ok()?.into();
            pair.get(0).as_string()
        })
        .collect();
    keys.dedup();
    keys
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

/// True when the request came over HTTPS (cookies then get `Secure`).
pub fn is_https(req: &Request) -> bool {
    req.url().map(|u| u.scheme() == "https").unwrap_or(false)
}

/// A JSON response with a status.
pub fn json<T: Serialize>(status: u16, body: &T) -> ApiResult<Response> {
    Ok(Response::from_json(body)?.with_status(status))
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
}
