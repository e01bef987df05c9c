//! QR decoding of arbitrary bytes (PNG, JPEG, GIF, WebP headers included): never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = twofold_core::qr_decode::decode(data);
});
