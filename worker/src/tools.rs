//! The worker's rarely used parts, in a WebAssembly module of their own (worker/tools.mjs): the
//! core's browser build with every feature (`scripts/build-npm.sh worker-tools`: QR codes read and
//! drawn, the importers and their key derivations, the registration rule's regex engine, the SVG
//! sanitiser). In the worker's own `.wasm` they weighed a third of it for a few routes; apart, only
//! an isolate that reads an image or an import, draws a QR code, checks a registration rule or
//! stores an SVG icon instantiates them and gives them a memory (workerd still compiles every
//! module of the upload when an isolate starts). Hostile files (imports, images, SVGs) are parsed
//! there, in a memory that is not the worker's.

use twofold_core::imported::{self, ImportError, Imported, Limits};
use twofold_core::qr_decode::DecodeError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/tools.mjs")]
extern "C" {
    #[wasm_bindgen(catch, js_name = decodeQr)]
    fn decode_qr(image: &[u8]) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_name = importWire)]
    fn import_wire(
        payload: &[u8],
        password: Option<&str>,
        kdf_memory: f64,
        kdf_work: f64,
    ) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_name = ruleMatches)]
    fn rule_matches_js(rule: &str, text: &str) -> Result<Option<bool>, JsValue>;
    #[wasm_bindgen(catch, js_name = qrSvg)]
    fn qr_svg_js(text: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_name = sanitizeSvg)]
    fn sanitize_svg_js(text: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_name = backupListing)]
    fn backup_listing_js(xml: &str, webdav_folder: Option<&str>) -> Result<Vec<String>, JsValue>;
}

/// Why the tools module gave no answer of its own.
pub enum Failure<E> {
    /// One of the documented cases.
    Refused(E),
    /// The module itself failed (a trap, an answer it should not give): the detail, for the
    /// server's log.
    Module(String),
}

/// The text of the first readable QR code in `image`, after 2FAuth's decoding rule.
pub fn decode(image: &[u8]) -> Result<String, Failure<DecodeError>> {
    decode_qr(image).map_err(|error| {
        match code(&error).as_deref().and_then(DecodeError::from_code) {
            Some(case) => Failure::Refused(case),
            None => Failure::Module(format!("QR decoder: {error:?}")),
        }
    })
}

/// The `code` of the module's refusals (its Errors carry one; a trap's do not).
fn code(error: &JsValue) -> Option<String> {
    js_sys::Reflect::get(error, &"code".into())
        .ok()
        .and_then(|code| code.as_string())
}

/// Reads another app's export (`core`'s `import::import_bytes`), its key derivations within
/// `limits`.
pub fn import(
    payload: &[u8],
    password: Option<&str>,
    limits: Limits,
) -> Result<Imported, Failure<ImportError>> {
    // f64 holds the limits exactly: they are powers of two far below 2^53.
    let text = import_wire(
        payload,
        password,
        limits.kdf_memory as f64,
        limits.kdf_work as f64,
    )
    .map_err(|error| Failure::Module(format!("importer: {error:?}")))?;
    match imported::from_wire(&text) {
        Some(outcome) => outcome.map_err(Failure::Refused),
        None => Err(Failure::Module("importer: an unreadable answer".into())),
    }
}

/// Whether `text` matches an admin's registration rule; `None` when the rule does not compile.
/// A failing module answers `None` too (logged): a new rule is refused and a set one lets nobody
/// in, so a broken module closes registration rather than opening it.
pub fn rule_matches(rule: &str, text: &str) -> Option<bool> {
    rule_matches_js(rule, text).unwrap_or_else(|error| {
        worker::console_error!("registration rule: {error:?}");
        None
    })
}

/// `text` as an SVG QR code; `Refused(())` when it is too long for one.
pub fn qr_svg(text: &str) -> Result<String, Failure<()>> {
    qr_svg_js(text).map_err(|error| match code(&error).as_deref() {
        Some("TOO_LONG") => Failure::Refused(()),
        _ => Failure::Module(format!("QR encoder: {error:?}")),
    })
}

/// An SVG icon made safe to serve; `None` when it cannot be, or when the module fails (logged):
/// an icon that was not sanitised is never stored.
pub fn sanitize_svg(text: &str) -> Option<String> {
    sanitize_svg_js(text).unwrap_or_else(|error| {
        worker::console_error!("SVG sanitiser: {error:?}");
        None
    })
}

/// The files a storage server's listing names (`core`'s `backup::webdav_files` with
/// `webdav_folder`, the folder's path, else `backup::s3_keys`); when the module fails (logged),
/// the text a backup run stores for the user.
pub fn backup_listing(xml: &str, webdav_folder: Option<&str>) -> Result<Vec<String>, String> {
    backup_listing_js(xml, webdav_folder).map_err(|error| {
        worker::console_error!("backup listing: {error:?}");
        "the listing could not be read".to_string()
    })
}
