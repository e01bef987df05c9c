//! Every importer, through format detection: never panics, with or without a password.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = twofold_core::import::import(data);
    let _ = twofold_core::import::import_with_password(data, Some("test"));
});
