//! Ente Auth's encrypted export: `{version: 1, kdfParams: {memLimit, opsLimit, salt},
//! encryptedData, encryptionNonce}`. The key is libsodium's Argon2id `crypto_pwhash` of the
//! password; the data are one XChaCha20-Poly1305 secretstream message (the nonce is the stream
//! header) holding the plain export, an otpauth list.

use alloc::vec::Vec;

use base64::Engine;
use serde_json::Value;

use super::decrypt::{self, KdfRefusal};
use super::{Entry, Format, ImportError, Unlock, plain};

pub(super) fn detect(v: &Value) -> bool {
    v.get("kdfParams").is_some() && v.get("encryptedData").is_some()
}

pub(super) fn read(v: &Value, unlock: Unlock) -> Result<Vec<Entry>, ImportError> {
    let unreadable = || ImportError::Unreadable(Format::EnteAuth);
    if v["version"].as_u64() != Some(1) {
        return Err(unreadable());
    }
    let password = unlock.password(Format::EnteAuth)?;
    let bytes = |pointer: &str| v.pointer(pointer).and_then(Value::as_str).and_then(base64);
    let (Some(salt), Some(sealed), Some(header)) = (
        bytes("/kdfParams/salt"),
        bytes("/encryptedData"),
        bytes("/encryptionNonce"),
    ) else {
        return Err(unreadable());
    };
    let number = |pointer: &str| v.pointer(pointer).and_then(Value::as_u64);
    let cost = (
        number("/kdfParams/memLimit").ok_or_else(unreadable)?,
        number("/kdfParams/opsLimit").ok_or_else(unreadable)?,
    );
    let key =
        decrypt::argon2id(password.as_bytes(), &salt, cost, unlock.limits).map_err(|refusal| {
            match refusal {
                KdfRefusal::TooCostly => ImportError::TooCostly(Format::EnteAuth),
                KdfRefusal::Invalid => unreadable(),
            }
        })?;
    let opened = decrypt::secretstream_single(&key, &header, &sealed)
        .map_err(|_| ImportError::WrongPassword(Format::EnteAuth))?;
    let text = core::str::from_utf8(&opened).map_err(|_| unreadable())?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    plain::read(text)
}

/// Ente writes standard base64; libsodium's own tools default to URL-safe without padding.
fn base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
        .ok()
}
