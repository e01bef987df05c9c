//! FreeOTP 2.x backups: despite the `.xml` name, a Java-serialized map of strings
//! ([`super::java_map`]). `masterKey` describes the password-derived key (PBKDF2 with HMAC-SHA1 on
//! older Android versions, HMAC-SHA512 on newer ones; rounds and salt in the entry) and holds the
//! AES-GCM-wrapped master key. Each account has two entries: `<uuid>` (its secret wrapped under
//! the master key the same way) and `<uuid>-token` (type, algorithm, digits, period, counter,
//! issuer, label as FreeOTP+ writes them). A wrapped key is `mCipherText` (ciphertext and tag),
//! its nonce inside the DER of `mParameters` (a bare OCTET STRING, or a SEQUENCE of the nonce and
//! the tag length: both occur), and `mToken` as the associated data. Counters are stored as is.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::Value;

use super::decrypt::{self, Prf};
use super::freeotp::{signed_bytes, token_entry};
use super::{Entry, Format, ImportError, Limits, Unlock, string};

const MASTER: &str = "masterKey";
/// FreeOTP uses 100 000 rounds; more is refused as a denial of service.
const MAX_ROUNDS: u32 = 1_000_000;

pub(super) fn detect(entries: &[(String, String)]) -> bool {
    entries.iter().any(|(k, _)| k == MASTER)
}

fn get<'a>(entries: &'a [(String, String)], key: &str) -> Option<&'a str> {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

pub(super) fn read(
    entries: &[(String, String)],
    unlock: Unlock,
) -> Result<Vec<Entry>, ImportError> {
    let unreadable = ImportError::Unreadable(Format::FreeOtp);
    let master: Value = get(entries, MASTER)
        .and_then(|m| serde_json::from_str(m).ok())
        .ok_or(unreadable.clone())?;
    let password = unlock.password(Format::FreeOtp)?;
    let master_key = open_master(&master, password, unlock.limits)?;
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(uuid) = key.strip_suffix("-token") else {
            continue;
        };
        let token: Value = serde_json::from_str(value).map_err(|_| unreadable.clone())?;
        let secret = get(entries, uuid)
            .and_then(|wrapped| serde_json::from_str::<Value>(wrapped).ok())
            .and_then(|w| string(&w, "key"))
            .and_then(|inner| serde_json::from_str::<Value>(&inner).ok())
            .map(|sealed| unwrap(&sealed, &master_key))
            .transpose()
            .map_err(|_| unreadable.clone())?;
        out.push(token_entry(&token, secret, 0));
    }
    Ok(out)
}

/// Derives the password key and unwraps the master key with it.
fn open_master(master: &Value, password: &str, limits: Limits) -> Result<[u8; 32], ImportError> {
    let unreadable = ImportError::Unreadable(Format::FreeOtp);
    let rounds = master["mIterations"]
        .as_u64()
        .and_then(|r| u32::try_from(r).ok())
        .filter(|r| (1..=MAX_ROUNDS).contains(r))
        .ok_or(unreadable.clone())?;
    let salt = master["mSalt"]
        .as_array()
        .and_then(|s| signed_bytes(s))
        .ok_or(unreadable.clone())?;
    let prf = match master["mAlgorithm"].as_str() {
        Some("PBKDF2withHmacSHA1") => Prf::Sha1,
        Some("PBKDF2withHmacSHA256") => Prf::Sha256,
        Some("PBKDF2withHmacSHA512") => Prf::Sha512,
        _ => return Err(unreadable),
    };
    let derived = decrypt::pbkdf2(prf, password.as_bytes(), &salt, rounds, limits)
        .map_err(|_| ImportError::TooCostly(Format::FreeOtp))?;
    let key = unwrap(&master["mEncryptedKey"], &derived)
        .map_err(|_| ImportError::WrongPassword(Format::FreeOtp))?;
    key.try_into().map_err(|_| unreadable)
}

/// Opens one wrapped key: AES-GCM under `key`, nonce from the DER parameters, `mToken` as AAD.
fn unwrap(sealed: &Value, key: &[u8; 32]) -> Result<Vec<u8>, decrypt::Rejected> {
    let bytes = |name: &str| {
        sealed[name]
            .as_array()
            .and_then(|b| signed_bytes(b))
            .ok_or(decrypt::Rejected)
    };
    if sealed["mCipher"].as_str() != Some("AES/GCM/NoPadding") {
        return Err(decrypt::Rejected);
    }
    let nonce = der_nonce(&bytes("mParameters")?).ok_or(decrypt::Rejected)?;
    let aad = sealed["mToken"].as_str().unwrap_or_default();
    decrypt::aes_gcm_aad(key, &nonce, &bytes("mCipherText")?, aad.as_bytes())
}

/// The nonce of `GCMParameters`: `OCTET STRING`, or `SEQUENCE { OCTET STRING, INTEGER }`.
fn der_nonce(der: &[u8]) -> Option<Vec<u8>> {
    let body = match der {
        [0x30, len, rest @ ..] if usize::from(*len) == rest.len() => rest,
        _ => der,
    };
    match body {
        [0x04, len, rest @ ..] => rest.get(..usize::from(*len)).map(<[u8]>::to_vec),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_in_both_der_shapes() {
        let nonce = [7u8; 12];
        let mut bare = alloc::vec![0x04, 12];
        bare.extend_from_slice(&nonce);
        let mut sequence = alloc::vec![0x30, 17];
        sequence.extend_from_slice(&bare);
        sequence.extend_from_slice(&[0x02, 0x01, 0x10]);
        assert_eq!(der_nonce(&bare).as_deref(), Some(&nonce[..]));
        assert_eq!(der_nonce(&sequence).as_deref(), Some(&nonce[..]));
        assert_eq!(der_nonce(&[0x04, 12, 1, 2]), None);
        assert_eq!(der_nonce(&[0x30, 5, 0x04]), None);
    }
}
