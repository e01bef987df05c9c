//! The worker's rarely used parts, in a WebAssembly module of their own (worker/tools.mjs): the
//! core's browser build with every feature (`scripts/build-npm.sh worker-tools`: QR decoding,
//! the importers and their key derivations, the registration rule's regex engine). In the worker's own `.wasm` they
//! weighed more than a third of it for three routes; apart, only an isolate that reads an image,
//! an import or a registration rule loads them, and the others start smaller.

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
        let code = js_sys::Reflect::get(&error, &"code".into())
            .ok()
            .and_then(|code| code.as_string());
        match code.as_deref().and_then(DecodeError::from_code) {
            Some(case) => Failure::Refused(case),
            None => Failure::Module(format!("QR decoder: {error:?}")),
        }
    })
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
