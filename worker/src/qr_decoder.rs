//! QR codes read from images in a WebAssembly module of their own (worker/qr-decoder.mjs): the
//! npm package's browser build of the core with the `qr-decode` feature. Its image decoders
//! weighed a quarter of the worker's `.wasm` (220 KB gzip) for one route; apart, only an isolate
//! that reads an image loads them.

use twofold_core::qr_decode::DecodeError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/qr-decoder.mjs")]
extern "C" {
    #[wasm_bindgen(catch, js_name = decodeQr)]
    fn decode_qr(image: &[u8]) -> Result<String, JsValue>;
}

/// Why an image gave no text.
pub enum Failure {
    /// One of 2FAuth's cases.
    Decode(DecodeError),
    /// The decoder itself failed (a trap in its module): the detail, for the server's log.
    Decoder(String),
}

/// The text of the first readable QR code in `image`, after 2FAuth's decoding rule.
pub fn decode(image: &[u8]) -> Result<String, Failure> {
    decode_qr(image).map_err(|error| {
        let code = js_sys::Reflect::get(&error, &"code".into())
            .ok()
            .and_then(|code| code.as_string());
        match code.as_deref().and_then(DecodeError::from_code) {
            Some(case) => Failure::Decode(case),
            None => Failure::Decoder(format!("QR decoder: {error:?}")),
        }
    })
}
