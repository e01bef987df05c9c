//! The Battle.net app's internal storage: its SharedPreferences file, where the authenticator's
//! serial and device secret are hex text XOR-masked with one key the app ships (the same on every
//! installation, so it hides nothing). The secret unmasks to the hex form of the TOTP key:
//! service `Battle.net`, account the serial, SHA1, 8 digits, 30 s.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::Value;

use super::android_prefs::{self, Pref};
use super::decrypt::hex;
use super::{Entry, Fields, Format, ImportError};
use crate::base32;

const SERIAL: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
const SECRET: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";

/// The app's mask, as long as the longest masked value (the 40 hex characters of a 20-byte key).
const MASK: [u8; 40] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
    0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
    0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f,
];

pub(super) fn detect(prefs: &[Pref]) -> bool {
    android_prefs::get(prefs, SERIAL).is_some() && android_prefs::get(prefs, SECRET).is_some()
}

/// Unmasks one value: hex bytes XOR the mask, read as text.
fn unmask(masked: &str) -> Option<String> {
    let bytes = hex(masked)?;
    if bytes.len() > MASK.len() {
        return None;
    }
    let plain: Vec<u8> = bytes.iter().zip(MASK).map(|(b, m)| b ^ m).collect();
    String::from_utf8(plain).ok()
}

pub(super) fn read(prefs: &[Pref]) -> Result<Vec<Entry>, ImportError> {
    let unreadable = ImportError::Unreadable(Format::BattleNet);
    let value = |name| android_prefs::get(prefs, name).and_then(unmask);
    let (serial, secret) = (value(SERIAL), value(SECRET));
    let (Some(serial), Some(secret)) = (serial, secret.as_deref().and_then(hex)) else {
        return Err(unreadable);
    };
    Ok(alloc::vec![
        Fields {
            otp_type: Some("totp".into()),
            service: Some("Battle.net".into()),
            account: Some(serial),
            secret: Some(base32::encode(&secret)),
            algorithm: Some("sha1".into()),
            digits: Some(Value::from(8)),
            period: Some(Value::from(30)),
            counter: None,
        }
        .into_entry()
    ])
}
