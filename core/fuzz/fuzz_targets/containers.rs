//! The container readers behind import detection — SQLite databases, ZIP archives, Java
//! serialization, SharedPreferences XML — each fed mutated files that keep its magic number, so
//! every run reaches the reader instead of stopping at detection.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::import::{Limits, import_bytes};

const SMALL: Limits = Limits {
    kdf_memory: 1 << 20,
    kdf_work: 4 << 20,
};

const MAGIC: [&[u8]; 4] = [
    b"SQLite format 3\0",
    b"PK\x03\x04",
    b"\xac\xed\x00\x05",
    b"<?xml version='1.0' ?><map>",
];

fuzz_target!(|data: &[u8]| {
    // Seeds are whole files: taken as they are when they start with a magic number; any other
    // input picks a reader with its first byte and gets its magic number.
    if MAGIC.iter().any(|magic| data.starts_with(magic)) {
        let _ = import_bytes(data, Some("test"), SMALL);
        return;
    }
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut file = MAGIC[usize::from(pick) % MAGIC.len()].to_vec();
    file.extend_from_slice(rest);
    let _ = import_bytes(&file, Some("test"), SMALL);
});
