//! The heavy half of `core` (imports of other apps, exports, QR codes), loaded only when a screen
//! needs it: the browser build of the npm package `@twofold/core/qr-decode`, served under `/tools/`
//! (see `app.js`). The everyday app stays small; the code path is still `core`'s.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A failure of the tools: the npm package's error `code` (`PASSWORD_REQUIRED`, `WRONG_PASSWORD`,
/// `NOT_DETECTED`, ...) and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolError {
    /// The package's error code; `LOAD_FAILED` when the tools could not be loaded.
    pub code: String,
    /// What went wrong, in English.
    pub message: String,
}

impl From<JsValue> for ToolError {
    fn from(e: JsValue) -> Self {
        let field = |k: &str| Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string());
        Self {
            code: field("code").unwrap_or_else(|| "LOAD_FAILED".into()),
            message: field("message").unwrap_or_else(|| "The tools could not be loaded.".into()),
        }
    }
}

/// A module `app.js` loads on demand through `window.<loader>()` (and caches).
async fn module(loader: &str) -> Result<JsValue, ToolError> {
    let window = web_sys::window().ok_or_else(|| ToolError::from(JsValue::NULL))?;
    let load: Function = Reflect::get(&window, &loader.into())?.dyn_into()?;
    let promise: Promise = load.call0(&JsValue::NULL)?.dyn_into()?;
    Ok(JsFuture::from(promise).await?)
}

/// Calls one function of such a module, waiting for its answer when it is a promise.
pub(crate) async fn call_in(
    loader: &str,
    name: &str,
    args: &[JsValue],
) -> Result<JsValue, ToolError> {
    let module = module(loader).await?;
    let function: Function = Reflect::get(&module, &name.into())?.dyn_into()?;
    let args: js_sys::Array = args.iter().collect();
    let answer = function.apply(&JsValue::NULL, &args)?;
    match answer.dyn_into::<Promise>() {
        Ok(promise) => Ok(JsFuture::from(promise).await?),
        Err(value) => Ok(value),
    }
}

/// Calls one function of the tools.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, ToolError> {
    call_in("twofoldTools", name, args).await
}

/// The text of the QR code in an image (PNG, JPEG, GIF, WebP).
pub async fn decode_qr(image: &[u8]) -> Result<String, ToolError> {
    let text = call("decodeQr", &[Uint8Array::from(image).into()]).await?;
    Ok(text.as_string().unwrap_or_default())
}

/// Reads another app's export: `{format, accounts, errors}` (see the npm package's `importData`).
pub async fn import_data(data: &[u8], password: Option<&str>) -> Result<Value, ToolError> {
    let password = password.map_or(JsValue::UNDEFINED, JsValue::from_str);
    let result = call("importData", &[Uint8Array::from(data).into(), password]).await?;
    let text = js_sys::JSON::stringify(&result)?;
    Ok(serde_json::from_str(&String::from(text)).unwrap_or(Value::Null))
}

/// Exports accounts (2FAuth fields) as `format`: `2fauth` (a JSON document), `otpauth` (text),
/// `google` (`{uris, skipped}`).
pub async fn export_data(accounts: &Value, format: &str) -> Result<Value, ToolError> {
    let accounts = js_sys::JSON::parse(&accounts.to_string())?;
    let result = call("exportData", &[accounts, format.into()]).await?;
    if let Some(text) = result.as_string() {
        return Ok(Value::String(text));
    }
    let text = js_sys::JSON::stringify(&result)?;
    Ok(serde_json::from_str(&String::from(text)).unwrap_or(Value::Null))
}

/// A QR code as SVG text.
pub async fn qr_svg(text: &str) -> Result<String, ToolError> {
    Ok(call("qrSvg", &[text.into()])
        .await?
        .as_string()
        .unwrap_or_default())
}
