//! Exports: 2FAuth's JSON vault (schema 1) and otpauth documents, plain otpauth lists, Google
//! Authenticator migration URIs (in batches, one QR code each), and Aegis vaults (plain or
//! encrypted with a password).

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine;
use serde_json::{Value, json};

use crate::account::TwoFAccount;
use crate::input::url_decode;

/// The `app` value of exports. 2FAuth's importer recognises a 2FAuth export by this prefix and
/// Twofold speaks the API of 2FAuth 8.0.1, so exports say so.
pub const APP: &str = "2fauth_v8.0.1";

/// An account with its icon file, if the icon store has one.
pub struct ExportItem<'a> {
    /// The account (with `legacy_uri`).
    pub account: &'a TwoFAccount,
    /// The icon's MIME type, when its file exists.
    pub icon_mime: Option<&'a str>,
    /// The icon file in base64, when it exists.
    pub icon_file: Option<&'a str>,
}

impl<'a> ExportItem<'a> {
    /// An account whose icon file is not available (or not exported).
    pub fn without_icon(account: &'a TwoFAccount) -> Self {
        Self {
            account,
            icon_mime: None,
            icon_file: None,
        }
    }
}

/// The 2FAuth JSON export (`schema` 1), `datetime` as an ISO 8601 UTC string.
pub fn twofauth_json(items: &[ExportItem<'_>], datetime: &str) -> Value {
    let data: Vec<Value> = items
        .iter()
        .map(|item| {
            let a = item.account;
            json!({
                "otp_type": a.otp_type,
                "account": a.account,
                "service": a.service,
                "icon": a.icon,
                "icon_mime": item.icon_mime,
                "icon_file": item.icon_file,
                "secret": a.secret,
                "digits": a.digits,
                "algorithm": a.algorithm,
                "period": a.period,
                "counter": a.counter,
                "legacy_uri": a.legacy_uri,
            })
        })
        .collect();
    json!({ "app": APP, "schema": 1, "datetime": datetime, "data": data })
}

/// The otpauth export: each account's regenerated URI, URL-decoded as 2FAuth outputs it.
pub fn otpauth_json(accounts: &[&TwoFAccount], datetime: &str) -> Value {
    let data: Vec<Value> = accounts
        .iter()
        .map(|a| json!({ "uri": url_decode(&a.uri()) }))
        .collect();
    json!({ "app": APP, "datetime": datetime, "data": data })
}

/// One provisioning URI per line (percent-encoded, so each line is a valid URI).
pub fn otpauth_list(accounts: &[&TwoFAccount]) -> String {
    let mut out = String::new();
    for a in accounts {
        out.push_str(&a.uri());
        out.push('\n');
    }
    out
}

/// Google Authenticator migration URIs and the accounts it cannot carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleExport {
    /// One `otpauth-migration://offline?data=...` URI per batch (one QR code each).
    pub uris: Vec<String>,
    /// Indexes of the accounts Google Authenticator cannot hold (Steam, digits other than 6 or 8).
    pub skipped: Vec<usize>,
}

/// Accounts per migration QR code: small enough for a phone camera to read comfortably.
pub const GOOGLE_BATCH: usize = 10;

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn field_varint(out: &mut Vec<u8>, field: u64, value: u64) {
    varint(out, field << 3);
    varint(out, value);
}

fn field_bytes(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    varint(out, (field << 3) | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Google Authenticator's migration format (`batch_id` identifies the export across its batches).
pub fn google_migration(accounts: &[&TwoFAccount], batch_id: u32) -> GoogleExport {
    let mut skipped = Vec::new();
    let mut encoded = Vec::new();
    for (i, a) in accounts.iter().enumerate() {
        match google_parameters(a) {
            Some(p) => encoded.push(p),
            None => skipped.push(i),
        }
    }
    let batches = encoded.chunks(GOOGLE_BATCH);
    let count = batches.len() as u64;
    let uris = batches
        .enumerate()
        .map(|(index, batch)| {
            let mut payload = Vec::new();
            for p in batch {
                field_bytes(&mut payload, 1, p);
            }
            field_varint(&mut payload, 2, 1);
            field_varint(&mut payload, 3, count);
            field_varint(&mut payload, 4, index as u64);
            field_varint(&mut payload, 5, u64::from(batch_id));
            let data = base64::engine::general_purpose::STANDARD.encode(payload);
            let data: String =
                percent_encoding::utf8_percent_encode(&data, percent_encoding::NON_ALPHANUMERIC)
                    .collect();
            alloc::format!("otpauth-migration://offline?data={data}")
        })
        .collect();
    GoogleExport { uris, skipped }
}

/// One account as Google's `OtpParameters` message; `None` for what Google Authenticator cannot
/// hold (Steam, digits other than 6 or 8, a secret that is not base32).
fn google_parameters(a: &TwoFAccount) -> Option<Vec<u8>> {
    use crate::account::OtpType;
    use crate::otp::Algorithm;
    let digits = match a.digits {
        6 => 1,
        8 => 2,
        _ => return None,
    };
    if a.otp_type == OtpType::Steamtotp {
        return None;
    }
    let secret = crate::base32::decode(a.secret.shown()).ok()?;
    let mut p = Vec::new();
    field_bytes(&mut p, 1, &secret);
    field_bytes(&mut p, 2, a.account.as_bytes());
    if let Some(issuer) = &a.service {
        field_bytes(&mut p, 3, issuer.as_bytes());
    }
    let algorithm = match a.algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
        Algorithm::Md5 => 4,
    };
    field_varint(&mut p, 4, algorithm);
    field_varint(&mut p, 5, digits);
    field_varint(&mut p, 6, if a.otp_type == OtpType::Hotp { 1 } else { 2 });
    if let Some(counter) = a.counter {
        field_varint(&mut p, 7, counter);
    }
    if let Some(period) = a.period.filter(|p| *p != 30) {
        field_varint(&mut p, 8, period);
    }
    Some(p)
}

fn uuid(bytes: [u8; 16]) -> String {
    let mut b = bytes;
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| alloc::format!("{x:02x}")).collect();
    alloc::format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn aegis_db(accounts: &[&TwoFAccount], random: &mut dyn FnMut(&mut [u8])) -> Value {
    use crate::account::OtpType;
    let entries: Vec<Value> = accounts
        .iter()
        .map(|a| {
            let mut id = [0u8; 16];
            random(&mut id);
            let mut info = json!({
                "secret": crate::base32::unpadded(a.secret.shown()),
                "algo": a.algorithm.as_str().to_ascii_uppercase(),
                "digits": a.digits,
            });
            let map = info.as_object_mut();
            match (a.otp_type, map) {
                (OtpType::Hotp, Some(m)) => m.insert("counter".into(), json!(a.counter.unwrap_or(0))),
                (_, Some(m)) => m.insert("period".into(), json!(a.period.unwrap_or(30))),
                _ => None,
            };
            json!({
                "type": match a.otp_type { OtpType::Totp => "totp", OtpType::Hotp => "hotp", OtpType::Steamtotp => "steam" },
                "uuid": uuid(id),
                "name": a.account,
                "issuer": a.service.clone().unwrap_or_default(),
                "note": "",
                "favorite": false,
                "icon": null,
                "info": info,
            })
        })
        .collect();
    json!({ "version": 2, "entries": entries })
}

/// An Aegis vault, unencrypted. `random` fills entry UUIDs.
pub fn aegis_json(accounts: &[&TwoFAccount], random: &mut dyn FnMut(&mut [u8])) -> Value {
    json!({ "version": 1, "header": { "slots": null, "params": null }, "db": aegis_db(accounts, random) })
}

/// The scrypt cost of encrypted Aegis exports (Aegis' own: N = 2^15, r = 8, p = 1).
pub const AEGIS_SCRYPT_LOG_N: u8 = 15;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|x| alloc::format!("{x:02x}")).collect()
}

/// AES-256-GCM as Aegis stores it: the ciphertext and its 16-byte tag apart.
fn seal(key: &[u8; 32], nonce: &[u8; 12], plain: &[u8]) -> (Vec<u8>, Vec<u8>) {
    use aes_gcm::aead::{Aead, KeyInit};
    use aes_gcm::{Aes256Gcm, Nonce};
    let cipher = Aes256Gcm::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    // Encryption only fails beyond GCM's 64 GiB bound.
    let mut sealed = cipher
        .encrypt(&Nonce::from(*nonce), plain)
        .unwrap_or_default();
    let tag = sealed.split_off(sealed.len().saturating_sub(16));
    (sealed, tag)
}

/// An Aegis password slot (type 1) for `master`: the master key sealed with AES-256-GCM under a
/// key derived from `password` by scrypt at [`AEGIS_SCRYPT_LOG_N`], r = 8, p = 1. This is the
/// costly step (one scrypt run); the slot can then seal any number of vaults with
/// [`aegis_sealed`]. `random` supplies the salt, the nonce and the slot's UUID.
pub fn aegis_password_slot(
    password: &str,
    master: &[u8; 32],
    random: &mut dyn FnMut(&mut [u8]),
) -> Value {
    let (mut salt, mut nonce, mut id) = ([0u8; 32], [0u8; 12], [0u8; 16]);
    for buf in [&mut salt[..], &mut nonce[..], &mut id[..]] {
        random(buf);
    }
    let params = scrypt::Params::new(AEGIS_SCRYPT_LOG_N, 8, 1).unwrap_or_else(|_| unreachable!());
    let mut derived = [0u8; 32];
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut derived)
        .unwrap_or_else(|_| unreachable!());
    let (sealed_key, key_tag) = seal(&derived, &nonce, master);
    json!({
        "type": 1, "uuid": uuid(id), "key": hex(&sealed_key),
        "key_params": { "nonce": hex(&nonce), "tag": hex(&key_tag) },
        "n": 1u32 << AEGIS_SCRYPT_LOG_N, "r": 8, "p": 1, "salt": hex(&salt), "repaired": true, "is_backup": false,
    })
}

/// An Aegis encrypted vault of `accounts` sealed with `master` and a fresh nonce, opened by
/// `slot` (from [`aegis_password_slot`] for the same master key). No key derivation: cheap enough
/// for every scheduled backup. `random` supplies the nonce and entry UUIDs.
pub fn aegis_sealed(
    accounts: &[&TwoFAccount],
    slot: &Value,
    master: &[u8; 32],
    random: &mut dyn FnMut(&mut [u8]),
) -> Value {
    let mut nonce = [0u8; 12];
    random(&mut nonce);
    let db = serde_json::to_vec(&aegis_db(accounts, random)).unwrap_or_default();
    let (sealed_db, db_tag) = seal(master, &nonce, &db);
    json!({
        "version": 1,
        "header": {
            "slots": [slot],
            "params": { "nonce": hex(&nonce), "tag": hex(&db_tag) },
        },
        "db": base64::engine::general_purpose::STANDARD.encode(sealed_db),
    })
}

/// An Aegis vault encrypted as Aegis encrypts: a random master key seals the database with
/// AES-256-GCM, and a password slot (scrypt) seals the master key. `random` supplies keys,
/// nonces, salt and UUIDs.
pub fn aegis_encrypted(
    accounts: &[&TwoFAccount],
    password: &str,
    random: &mut dyn FnMut(&mut [u8]),
) -> Value {
    let mut master = [0u8; 32];
    random(&mut master);
    let slot = aegis_password_slot(password, &master, random);
    aegis_sealed(accounts, &slot, &master, random)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Rules;

    fn account() -> TwoFAccount {
        let Value::Object(body) = json!({"service": "service", "account": "account", "otp_type": "totp",
            "secret": "A4GRFHVVRBGY7UIW", "digits": 7, "period": 40, "algorithm": "sha256"})
        else {
            unreachable!()
        };
        TwoFAccount::from_params(&body, Rules::Store, || [0; 64]).unwrap()
    }

    #[test]
    fn twofauth_document_shape() {
        let a = account();
        let doc = twofauth_json(
            &[ExportItem::without_icon(&a)],
            "2023-03-22T11:11:33.000000Z",
        );
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["app", "schema", "datetime", "data"]);
        let item: Vec<&str> = doc["data"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            item,
            [
                "otp_type",
                "account",
                "service",
                "icon",
                "icon_mime",
                "icon_file",
                "secret",
                "digits",
                "algorithm",
                "period",
                "counter",
                "legacy_uri"
            ]
        );
        assert_eq!(
            doc["data"][0]["legacy_uri"],
            "otpauth://totp/service%3Aaccount?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW"
        );
    }

    #[test]
    fn otpauth_document_is_url_decoded() {
        let a = account();
        let doc = otpauth_json(&[&a], "x");
        assert!(doc.get("schema").is_none());
        assert_eq!(
            doc["data"][0]["uri"],
            "otpauth://totp/service:account?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW"
        );
        assert_eq!(url_decode("a+b%20c%3A"), "a b c:");
    }
}

#[cfg(all(test, feature = "import"))]
mod round_trips {
    //! Every exporter's output imports back to the same accounts.
    use super::*;
    use crate::import::{Entry, import, import_with_password};
    use alloc::string::ToString;

    fn accounts() -> Vec<TwoFAccount> {
        [
            "otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=8&period=40&algorithm=sha256",
            "otpauth://hotp/Bank:me%40example.com?secret=GJTGC5LUNA&issuer=Bank&counter=42&algorithm=sha512",
            "otpauth://totp/plain?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/Ünï%20côde:jo%3Fhn?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cn%C3%AF%20c%C3%B4de",
        ]
        .iter()
        .map(|u| TwoFAccount::from_uri(Some(&Value::from(*u)), None).unwrap())
        .chain(core::iter::once(
            TwoFAccount::from_uri(Some(&Value::from("otpauth://totp/Steam:gamer?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE&issuer=Steam")), None).unwrap(),
        ))
        .collect()
    }

    /// The fields an export must keep (not `legacy_uri` or icons).
    type Essence = (
        String,
        Option<String>,
        String,
        String,
        u32,
        String,
        Option<u64>,
        Option<u64>,
    );

    fn essence(a: &TwoFAccount) -> Essence {
        (
            a.otp_type.as_str().into(),
            a.service.clone(),
            a.account.clone(),
            a.secret.shown().into(),
            a.digits,
            a.algorithm.as_str().into(),
            a.period,
            a.counter,
        )
    }

    fn imported(entries: &[Entry]) -> Vec<Essence> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Account(a) => essence(a),
                Entry::Invalid { error, .. } => panic!("{error}"),
            })
            .collect()
    }

    fn counter_random() -> impl FnMut(&mut [u8]) {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                n = n.wrapping_add(37);
                *b = n;
            }
        }
    }

    #[test]
    fn every_exporter_round_trips() {
        let owned = accounts();
        let all: Vec<&TwoFAccount> = owned.iter().collect();
        let expected: Vec<_> = owned.iter().map(essence).collect();

        let items: Vec<ExportItem<'_>> = all.iter().map(|a| ExportItem::without_icon(a)).collect();
        let doc = twofauth_json(&items, "2026-11-28T00:00:00.000000Z").to_string();
        assert_eq!(
            imported(&import(&doc).unwrap().entries),
            expected,
            "2FAuth JSON"
        );

        assert_eq!(
            imported(&import(&otpauth_list(&all)).unwrap().entries),
            expected,
            "otpauth list"
        );

        let uris: Vec<String> = otpauth_json(&all, "x")["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["uri"].as_str().unwrap().into())
            .collect();
        assert_eq!(uris.len(), all.len());

        let aegis = aegis_json(&all, &mut counter_random()).to_string();
        assert_eq!(
            imported(&import(&aegis).unwrap().entries),
            expected,
            "Aegis"
        );

        let locked = aegis_encrypted(&all, "pass phrase", &mut counter_random()).to_string();
        assert!(matches!(
            import(&locked),
            Err(crate::import::ImportError::Encrypted(_))
        ));
        assert_eq!(
            imported(
                &import_with_password(&locked, Some("pass phrase"))
                    .unwrap()
                    .entries
            ),
            expected,
            "Aegis encrypted"
        );
        assert!(import_with_password(&locked, Some("wrong")).is_err());
    }

    /// One slot (one scrypt run) seals any number of vaults: each opens with the password, each
    /// under its own nonce, and a slot for another master key opens none.
    #[test]
    fn a_stored_slot_seals_many_vaults() {
        let owned = accounts();
        let all: Vec<&TwoFAccount> = owned.iter().collect();
        let expected: Vec<_> = owned.iter().map(essence).collect();
        let mut random = counter_random();
        let master = [7u8; 32];
        let slot = aegis_password_slot("backup pass", &master, &mut random);
        let first = aegis_sealed(&all, &slot, &master, &mut random);
        let second = aegis_sealed(&all[..2], &slot, &master, &mut random);
        assert_eq!(first["header"]["slots"][0], slot);
        assert_ne!(
            first["header"]["params"]["nonce"],
            second["header"]["params"]["nonce"]
        );
        let open = |v: &Value, password| {
            import_with_password(&v.to_string(), Some(password)).map(|i| imported(&i.entries))
        };
        assert_eq!(open(&first, "backup pass").unwrap(), expected);
        assert_eq!(open(&second, "backup pass").unwrap(), expected[..2]);
        assert!(open(&first, "another").is_err());
        let other = aegis_password_slot("backup pass", &[8u8; 32], &mut random);
        let mismatched = aegis_sealed(&all, &other, &master, &mut random);
        assert!(open(&mismatched, "backup pass").is_err());
    }

    #[test]
    fn google_batches_and_skips() {
        let owned = accounts();
        let mut all: Vec<&TwoFAccount> = owned.iter().collect();
        let many: Vec<TwoFAccount> = (0..23)
            .map(|i| {
                TwoFAccount::from_uri(
                    Some(&Value::from(alloc::format!(
                        "otpauth://totp/S{i}:a{i}?secret=JBSWY3DPEHPK3PXP"
                    ))),
                    None,
                )
                .unwrap()
            })
            .collect();
        all.extend(many.iter());
        let export = google_migration(&all, 7);
        assert_eq!(
            export.skipped,
            [4],
            "Steam cannot go to Google Authenticator"
        );
        assert_eq!(export.uris.len(), 3, "27 accounts in batches of 10");
        let back = import(&export.uris.join("\n")).unwrap();
        let expected: Vec<_> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 4)
            .map(|(_, a)| essence(a))
            .collect();
        assert_eq!(imported(&back.entries), expected);
    }
}
