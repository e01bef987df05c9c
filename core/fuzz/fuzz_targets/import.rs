//! Every importer, through format detection: never panics, with or without a password. The
//! key-derivation limits are small so that a generated file cannot make each run slow.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::import::{Limits, import, import_bytes};

const SMALL: Limits = Limits {
    kdf_memory: 1 << 20,
    kdf_work: 4 << 20,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = core::str::from_utf8(data) {
        let _ = import(text);
    }
    let _ = import_bytes(data, Some("test"), SMALL);
});
