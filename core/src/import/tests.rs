//! Importer tests: samples of every format built here (the payloads of 2FAuth's own test data
//! among them); the real export files of `shared/fixtures/imports` are read in `real_files.rs`.

extern crate std;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use alloc::{format, vec};

use super::*;
use crate::account::OtpType;
use crate::otp::Algorithm;

const SECRET: &str = "A4GRFHVVRBGY7UIW";
const STEAM_SECRET: &str = "XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE";
const TOTP_URI: &str = "otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=sha256";
const HOTP_URI: &str = "otpauth://hotp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&counter=5&algorithm=sha256";
const STEAM_URI: &str = "otpauth://totp/Steam:account?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE&issuer=Steam&digits=5&period=30&algorithm=sha1";

/// (type, service, account, secret, digits, algorithm, period, counter)
pub(super) type Summary = (
    OtpType,
    Option<String>,
    String,
    String,
    u32,
    Algorithm,
    Option<u64>,
    Option<u64>,
);

pub(super) fn summary(e: &Entry) -> Summary {
    match e {
        Entry::Account(a) => (
            a.otp_type,
            a.service.clone(),
            a.account.clone(),
            a.secret.shown().into(),
            a.digits,
            a.algorithm,
            a.period,
            a.counter,
        ),
        Entry::Invalid { error, .. } => panic!("invalid entry: {error}"),
    }
}

fn totp_custom() -> Summary {
    (
        OtpType::Totp,
        Some("service".into()),
        "account".into(),
        SECRET.into(),
        7,
        Algorithm::Sha256,
        Some(40),
        None,
    )
}
fn hotp_custom() -> Summary {
    (
        OtpType::Hotp,
        Some("service".into()),
        "account".into(),
        SECRET.into(),
        7,
        Algorithm::Sha256,
        None,
        Some(5),
    )
}
fn steam() -> Summary {
    (
        OtpType::Steamtotp,
        Some("Steam".into()),
        "account".into(),
        STEAM_SECRET.into(),
        5,
        Algorithm::Sha1,
        Some(30),
        None,
    )
}

fn imported(payload: &str) -> (Format, Vec<Summary>) {
    let i = import(payload).unwrap_or_else(|e| panic!("{e:?} for {payload}"));
    (i.format, i.entries.iter().map(summary).collect())
}

#[test]
fn otpauth_lists_with_blank_lines_and_any_line_ending() {
    let payload = format!("{TOTP_URI}\r\n{HOTP_URI}\n\n{STEAM_URI}\r");
    assert_eq!(
        imported(&payload),
        (Format::Otpauth, vec![totp_custom(), hotp_custom(), steam()])
    );
    let steam_host = "otpauth://steam/Steam:account?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE";
    assert_eq!(imported(steam_host).1, vec![steam()]);
    assert_eq!(import("lorem ipsum"), Err(ImportError::Unsupported));
    assert_eq!(
        import(&format!("{TOTP_URI}\nlorem")),
        Err(ImportError::Unsupported)
    );
    assert_eq!(
        import("otpauth://Xotp/account?secret=A4GRFHVVRBGY7UIW"),
        Err(ImportError::Unsupported)
    );
    assert_eq!(import(""), Err(ImportError::Unsupported));
}

#[test]
fn a_bad_line_is_an_invalid_entry_not_a_failed_batch() {
    let i = import(&format!("{TOTP_URI}\notpauth://totp/account?secret=1.0")).unwrap();
    assert!(matches!(i.entries[0], Entry::Account(_)));
    assert!(matches!(&i.entries[1], Entry::Invalid { error, .. } if error.contains("otpauth")));
}

#[test]
fn twofauth_json() {
    let payload = format!(
        r#"{{"app":"2fauth_v3.4.1","schema":1,"datetime":"2022-12-14T14:53:06.173939Z","data":[
        {{"otp_type":"totp","account":"account","service":"service","icon":null,"icon_mime":null,"icon_file":null,"secret":"{SECRET}","digits":7,"algorithm":"sha256","period":40,"counter":null,"legacy_uri":"{TOTP_URI}"}},
        {{"otp_type":"hotp","account":"account","service":"service","icon":null,"secret":"{SECRET}","digits":7,"algorithm":"sha256","period":null,"counter":5,"legacy_uri":"x"}},
        {{"otp_type":"steamtotp","account":"account","service":"Steam","icon":null,"secret":"{STEAM_SECRET}","digits":5,"algorithm":"sha256","period":40,"counter":null,"legacy_uri":"x"}}]}}"#
    );
    assert_eq!(
        imported(&payload),
        (
            Format::TwoFAuth,
            vec![totp_custom(), hotp_custom(), steam()]
        )
    );
    let missing = r#"{"app":"2fauth_v3","schema":1,"data":[{"otp_type":"totp","account":"a"}]}"#;
    assert!(matches!(import(missing), Err(ImportError::Invalid(e)) if e.has("data.0.secret")));
}

#[test]
fn aegis_plain_and_encrypted() {
    let payload = format!(
        r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"version":2,"entries":[
        {{"type":"totp","uuid":"x","name":"account","issuer":"service","note":"","icon":null,"info":{{"secret":"{SECRET}","algo":"sha256","digits":7,"period":40}}}},
        {{"type":"hotp","name":"account","issuer":"service","icon":null,"info":{{"secret":"{SECRET}","algo":"sha256","digits":7,"counter":5}}}},
        {{"type":"steam","name":"account","issuer":"Steam","icon":"null","info":{{"secret":"{STEAM_SECRET}","algo":"sha1","digits":5,"period":30}}}}]}}}}"#
    );
    assert_eq!(
        imported(&payload),
        (Format::Aegis, vec![totp_custom(), hotp_custom(), steam()])
    );
    let encrypted = r#"{"version":1,"header":{"slots":[{"type":1}],"params":{}},"db":"1rX0ajzs"}"#;
    assert_eq!(
        import(encrypted),
        Err(ImportError::Encrypted(Format::Aegis))
    );
}

#[test]
fn twofas_plain_and_encrypted() {
    let payload = format!(
        r#"{{"schemaVersion":2,"appOrigin":"ios","services":[
        {{"secret":"{SECRET}","name":"service","otp":{{"account":"account","digits":7,"counter":0,"period":40,"algorithm":"sha256","tokenType":"TOTP"}},"type":"ManuallyAdded"}},
        {{"secret":"{SECRET}","name":"service","otp":{{"account":"account","digits":7,"counter":5,"period":30,"algorithm":"sha256","tokenType":"HOTP"}}}},
        {{"secret":"{SECRET}","name":"service","otp":{{"account":"account","tokenType":"XOTP"}}}}]}}"#
    );
    let i = import(&payload).unwrap();
    assert_eq!(i.format, Format::TwoFas);
    assert_eq!(
        i.entries[..2].iter().map(summary).collect::<Vec<_>>(),
        vec![totp_custom(), hotp_custom()]
    );
    assert!(
        matches!(i.entries[2], Entry::Invalid { .. }),
        "XOTP is an invalid entry"
    );
    let encrypted = r#"{"schemaVersion":4,"services":[],"servicesEncrypted":"abc"}"#;
    assert_eq!(
        import(encrypted),
        Err(ImportError::Encrypted(Format::TwoFas))
    );
}

#[test]
fn google_migration_uri() {
    let uri = "otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2FjY291bnQaB3NlcnZpY2UgASgBMAIKLAoKBw0SnrWITY/RFhILYWNjb3VudF9iaXMaC3NlcnZpY2VfYmlzIAEoATACEAEYASAA";
    let (format, entries) = imported(uri);
    assert_eq!(format, Format::GoogleAuthenticator);
    let base = (
        OtpType::Totp,
        Some("service".to_string()),
        "account".to_string(),
        SECRET.to_string(),
        6,
        Algorithm::Sha1,
        Some(30),
        None,
    );
    let bis = (
        OtpType::Totp,
        Some("service_bis".to_string()),
        "account_bis".to_string(),
        SECRET.to_string(),
        6,
        Algorithm::Sha1,
        Some(30),
        None,
    );
    assert_eq!(entries, vec![base.clone(), bis]);
    // Several batches, one per line.
    assert_eq!(imported(&format!("{uri}\n{uri}")).1.len(), 4);
    let truncated = "otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2FjY291bnQaB3NlcnZpY";
    assert_eq!(
        import(truncated),
        Err(ImportError::Unreadable(Format::GoogleAuthenticator))
    );
    assert_eq!(
        import("otpauthmigration://offline?data=CiQK"),
        Err(ImportError::Unsupported)
    );
}

#[test]
fn bitwarden() {
    let payload = format!(
        r#"{{"encrypted":false,"items":[
        {{"id":"1","name":"service","type":1,"login":{{"totp":"{TOTP_URI}","username":"account"}}}},
        {{"id":"2","name":"service","type":1,"login":{{"totp":"{HOTP_URI}","username":"account"}}}},
        {{"id":"3","name":"Steam","login":{{"totp":"steam://{STEAM_SECRET}","username":"account"}}}},
        {{"id":"4","name":"A password, no 2FA","login":{{"totp":null,"username":"me"}}}}]}}"#
    );
    assert_eq!(
        imported(&payload),
        (
            Format::Bitwarden,
            vec![totp_custom(), hotp_custom(), steam()]
        )
    );
    assert_eq!(
        import(r#"{"encrypted":true,"items":[]}"#),
        Err(ImportError::Encrypted(Format::Bitwarden))
    );
}

#[test]
fn andotp_freeotp_proton() {
    let andotp = format!(
        r#"[{{"secret":"{SECRET}","issuer":"service","label":"account","digits":7,"type":"TOTP","algorithm":"SHA256","period":40}},{{"secret":"{SECRET}","issuer":"service","label":"account","digits":7,"type":"HOTP","algorithm":"SHA256","counter":5}}]"#
    );
    assert_eq!(
        imported(&andotp),
        (Format::AndOtp, vec![totp_custom(), hotp_custom()])
    );
    // A4GRFHVVRBGY7UIW = 07 0d 12 9e b5 88 4d 8f d1 16, as Java's signed bytes.
    let bytes = "[7,13,18,-98,-75,-120,77,-113,-47,22]";
    let freeotp = format!(
        r#"{{"tokenOrder":[],"tokens":[{{"algo":"SHA256","counter":0,"digits":7,"issuerExt":"service","label":"account","period":40,"secret":{bytes},"type":"TOTP"}},{{"algo":"SHA256","counter":4,"digits":7,"issuerExt":"service","label":"account","period":30,"secret":{bytes},"type":"HOTP"}}]}}"#
    );
    assert_eq!(
        imported(&freeotp),
        (Format::FreeOtpPlus, vec![totp_custom(), hotp_custom()])
    );
    let proton = format!(
        r#"{{"version":1,"entries":[{{"content":{{"uri":"{TOTP_URI}","entry_type":"Totp","name":"account"}}}},{{"content":{{"uri":"otpauth://totp/Steam:account?secret={STEAM_SECRET}","entry_type":"Steam","name":"account"}}}}]}}"#
    );
    assert_eq!(
        imported(&proton),
        (Format::ProtonAuthenticator, vec![totp_custom(), steam()])
    );
}

#[test]
fn unknown_json_is_unsupported() {
    assert_eq!(
        import(r#"{"hello":"world"}"#),
        Err(ImportError::Unsupported)
    );
    assert_eq!(import("[1,2]"), Err(ImportError::Unsupported));
}

#[test]
fn aegis_vaults_with_too_many_password_slots_are_refused_before_any_scrypt() {
    use super::aegis::MAX_PASSWORD_SLOTS;
    use aes_gcm::aead::{Aead, KeyInit};
    use base64::Engine;
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let seal = |key: &[u8], nonce: &[u8; 12], plain: &[u8]| {
        let sealed = aes_gcm::Aes256Gcm::new_from_slice(key)
            .unwrap()
            .encrypt(nonce.into(), plain)
            .unwrap();
        let (ciphertext, tag) = sealed.split_at(sealed.len() - 16);
        (ciphertext.to_vec(), tag.to_vec())
    };
    // A vault as Aegis writes one: password "test" (scrypt N = 2^10 here) unwraps the master key.
    let (master, salt) = ([9u8; 32], [1u8; 32]);
    let mut derived = [0u8; 32];
    scrypt::scrypt(
        b"test",
        &salt,
        &scrypt::Params::new(10, 8, 1).unwrap(),
        &mut derived,
    )
    .unwrap();
    let (key, key_tag) = seal(&derived, &[2; 12], &master);
    let (db, db_tag) = seal(&master, &[3; 12], br#"{"version":2,"entries":[]}"#);
    let real_slot = serde_json::json!({"type": 1, "uuid": "y", "key": hex(&key),
        "key_params": {"nonce": hex(&[2; 12]), "tag": hex(&key_tag)},
        "n": 1024, "r": 8, "p": 1, "salt": hex(&salt)});
    let vault = serde_json::json!({"version": 1,
        "header": {"slots": [], "params": {"nonce": hex(&[3; 12]), "tag": hex(&db_tag)}},
        "db": base64::engine::general_purpose::STANDARD.encode(&db)});
    // Decoy slots: valid scrypt parameters (cheap here, 32 MiB in a real attack), wrong key.
    let decoy = serde_json::json!({"type": 1, "uuid": "x", "key": "00".repeat(32),
        "key_params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
        "n": 1024, "r": 8, "p": 1, "salt": "11".repeat(32)});
    let with_slots = |decoys: usize| {
        let mut v = vault.clone();
        let mut slots = vec![decoy.clone(); decoys];
        slots.push(real_slot.clone());
        // Biometric slots cost nothing and do not count.
        slots.extend(vec![serde_json::json!({"type": 2}); 10]);
        v["header"]["slots"] = Value::Array(slots);
        v.to_string()
    };
    let opened = import_with_password(&with_slots(MAX_PASSWORD_SLOTS - 1), Some("test"));
    assert!(opened.is_ok(), "{opened:?}");
    // Refused as too costly, not as a wrong password: decided from the header, before any slot's
    // derivation (the decoys' would fail first). No timing: the machine may be loaded.
    for decoys in [MAX_PASSWORD_SLOTS, 1000] {
        assert_eq!(
            import_with_password(&with_slots(decoys), Some("test")).map(|_| ()),
            Err(ImportError::TooCostly(Format::Aegis)),
            "{} password slots",
            decoys + 1
        );
    }
}

#[test]
fn andotp_encrypted_backups() {
    use aes_gcm::aead::{Aead, KeyInit};
    let plain = format!(
        r#"[{{"secret":"{SECRET}","issuer":"service","label":"account","digits":7,"type":"TOTP","algorithm":"SHA256","period":40}}]"#
    );
    let (rounds, salt, nonce) = (1000u32, [3u8; 12], [5u8; 12]);
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(b"secret pass", &salt, rounds, &mut key);
    let sealed = aes_gcm::Aes256Gcm::new_from_slice(&key)
        .unwrap()
        .encrypt(&nonce.into(), plain.as_bytes())
        .unwrap();
    let mut file = rounds.to_be_bytes().to_vec();
    file.extend_from_slice(&salt);
    file.extend_from_slice(&nonce);
    file.extend_from_slice(&sealed);
    let opened = import_bytes(&file, Some("secret pass"), Limits::DEVICE).unwrap();
    assert_eq!(opened.format, Format::AndOtp);
    assert_eq!(
        opened.entries.iter().map(summary).collect::<Vec<_>>(),
        vec![totp_custom()]
    );
    assert_eq!(
        import_bytes(&file, None, Limits::DEVICE),
        Err(ImportError::Encrypted(Format::AndOtp))
    );
    assert_eq!(
        import_bytes(&file, Some("wrong"), Limits::DEVICE),
        Err(ImportError::WrongPassword(Format::AndOtp))
    );
    assert_eq!(
        import_bytes(&[0xff, 0xfe, 0x00], None, Limits::DEVICE),
        Err(ImportError::Unsupported)
    );
    assert_eq!(
        import_bytes(TOTP_URI.as_bytes(), None, Limits::DEVICE)
            .unwrap()
            .format,
        Format::Otpauth,
        "text goes the text way"
    );
}

#[test]
fn bitwarden_csv() {
    let csv = format!(
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\r\n\
         ,,login,service,\"a note, with \"\"quotes\"\"\nand a line\",,0,https://x,account,pw,{TOTP_URI}\r\n\
         ,,login,No 2FA,,,0,,me,pw,\r\n\
         ,,login,Steam,,,0,,account,pw,steam://{STEAM_SECRET}\r\n"
    );
    assert_eq!(
        imported(&csv),
        (Format::Bitwarden, vec![totp_custom(), steam()])
    );
}

/// `samples/ente_encrypted.json` was sealed by libsodium itself (see the script beside it), so
/// this checks our Argon2id parameters and secretstream reader against the reference library.
#[test]
fn ente_encrypted_export_sealed_by_libsodium() {
    let file = include_str!("samples/ente_encrypted.json");
    let opened = import_with_password(file, Some("test")).unwrap();
    assert_eq!(opened.format, Format::EnteAuth);
    let [totp, hotp, steam, bad] = opened.entries.as_slice() else {
        panic!("{:?}", opened.entries)
    };
    assert_eq!(summary(totp), totp_custom(), "codeDisplay is ignored");
    let (kind, service, account, _, digits, _, _, counter) = summary(hotp);
    assert_eq!(
        (kind, service.as_deref(), account.as_str(), digits, counter),
        (OtpType::Hotp, Some("Ente HOTP"), "me", 6, Some(5))
    );
    assert_eq!(summary(steam).0, OtpType::Steamtotp);
    assert!(matches!(bad, Entry::Invalid { .. }), "one bad line");

    assert_eq!(import(file), Err(ImportError::Encrypted(Format::EnteAuth)));
    assert_eq!(
        import_with_password(file, Some("wrong")),
        Err(ImportError::WrongPassword(Format::EnteAuth))
    );
    // One flipped ciphertext byte fails the Poly1305 tag, even with the right password.
    let mut value: Value = serde_json::from_str(file).unwrap();
    let data = value["encryptedData"].as_str().unwrap().to_string();
    let flipped = if data.starts_with('b') { "c" } else { "b" };
    value["encryptedData"] = Value::from(format!("{flipped}{}", &data[1..]));
    assert_eq!(
        import_with_password(&value.to_string(), Some("test")),
        Err(ImportError::WrongPassword(Format::EnteAuth))
    );
}

#[test]
fn ente_parameters_are_bounded_before_the_key_derivation_runs() {
    let file = include_str!("samples/ente_encrypted.json");
    let mut value: Value = serde_json::from_str(file).unwrap();
    value["kdfParams"]["memLimit"] = Value::from(1u64 << 40);
    assert_eq!(
        import_with_password(&value.to_string(), Some("test")),
        Err(ImportError::TooCostly(Format::EnteAuth)),
        "1 TiB is refused at once"
    );
    value["kdfParams"]["memLimit"] = Value::from(256u64 << 20);
    assert_eq!(
        import_bytes(value.to_string().as_bytes(), Some("test"), Limits::WORKER),
        Err(ImportError::TooCostly(Format::EnteAuth)),
        "a Worker refuses Ente's 256 MiB setting"
    );
    for (key, bad) in [
        ("version", Value::from(2)),
        ("encryptionNonce", Value::from("not base64!")),
        ("kdfParams", Value::from("none")),
    ] {
        let mut broken: Value = serde_json::from_str(file).unwrap();
        broken[key] = bad;
        assert_eq!(
            import_with_password(&broken.to_string(), Some("test")),
            Err(ImportError::Unreadable(Format::EnteAuth)),
            "{key}"
        );
    }
}

#[test]
fn twofas_schema_one_and_three() {
    // Schema 1: no token type, no period or digits on some entries.
    let v1 = format!(
        r#"{{"schemaVersion":1,"services":[
        {{"name":"service","secret":"{SECRET}","otp":{{"account":"account","digits":7,"period":40,"algorithm":"SHA256"}}}},
        {{"name":"service","secret":"{SECRET}","otp":{{"account":"account"}}}}]}}"#
    );
    let i = import(&v1).unwrap();
    assert_eq!(i.format, Format::TwoFas);
    assert_eq!(summary(&i.entries[0]), totp_custom());
    let defaults = summary(&i.entries[1]);
    assert_eq!(
        (defaults.0, defaults.4, defaults.5, defaults.6),
        (OtpType::Totp, 6, Algorithm::Sha1, Some(30))
    );
    // Schema 3: token types and counters.
    let v3 = format!(
        r#"{{"schemaVersion":3,"services":[
        {{"name":"service","secret":"{SECRET}","otp":{{"account":"account","digits":7,"counter":5,"algorithm":"SHA256","tokenType":"HOTP"}}}},
        {{"name":"Steam","secret":"{STEAM_SECRET}","otp":{{"account":"account","tokenType":"STEAM"}}}}]}}"#
    );
    let i = import(&v3).unwrap();
    assert_eq!(summary(&i.entries[0]), hotp_custom());
    assert_eq!(summary(&i.entries[1]).0, OtpType::Steamtotp);
}

#[test]
fn steam_guard_files_in_every_shape() {
    // `shared_secret` is base64 of the secret whose base32 is STEAM_SECRET.
    let secret = "uk0xxpRWT7v+cG6hmhhGvkQuruQ=";
    let one = format!(r#"{{"shared_secret":"{secret}","account_name":"sophia","steamid":"1"}}"#);
    // Steam Desktop Authenticator's .maFile: the same object with a session.
    let ma_file = format!(
        r#"{{"shared_secret":"{secret}","account_name":"sophia","device_id":"android:x","fully_enrolled":true,"Session":{{"SteamID":1}}}}"#
    );
    let map = format!(
        r#"{{"accounts":{{"1":{{"shared_secret":"{secret}","account_name":"sophia"}},"2":{{"shared_secret":"{secret}","account_name":"noah"}}}}}}"#
    );
    for (file, count) in [(one, 1), (ma_file, 1), (map, 2)] {
        let i = import(&file).unwrap();
        assert_eq!(i.format, Format::Steam, "{file}");
        assert_eq!(i.entries.len(), count);
        let s = summary(&i.entries[0]);
        assert_eq!(
            (s.0, s.1.as_deref(), s.2.as_str(), s.3.as_str(), s.4),
            (OtpType::Steamtotp, Some("Steam"), "sophia", STEAM_SECRET, 5)
        );
    }
}

#[test]
fn stratum_legacy_encrypted_backup() {
    use cbc::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
    let json = format!(
        r#"{{"Authenticators":[{{"Type":2,"Issuer":"service","Username":"account","Secret":"{SECRET}","Algorithm":1,"Digits":7,"Period":40,"Counter":0}}]}}"#
    );
    let (salt, iv) = ([5u8; 20], [6u8; 16]);
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(b"pw", &salt, 64_000, &mut key);
    let sealed = cbc::Encryptor::<aes::Aes256>::new(&key.into(), &iv.into())
        .encrypt_padded_vec::<Pkcs7>(json.as_bytes());
    let mut file = b"AuthenticatorPro".to_vec();
    file.extend_from_slice(&salt);
    file.extend_from_slice(&iv);
    file.extend_from_slice(&sealed);
    let i = import_bytes(&file, Some("pw"), Limits::WORKER).unwrap();
    assert_eq!(i.format, Format::Stratum);
    assert_eq!(summary(&i.entries[0]), totp_custom());
    assert_eq!(
        import_bytes(&file, Some("other"), Limits::WORKER),
        Err(ImportError::WrongPassword(Format::Stratum))
    );
}

#[test]
fn a_zipped_otpauth_list_with_a_data_descriptor() {
    // Made by `samples/make-winauth-zip.sh`: ZipCrypto with a data descriptor (the check byte is
    // the time's), as WinAuth's protected export.
    let file = include_bytes!("samples/winauth.zip");
    let i = import_bytes(file, Some("win pass"), Limits::WORKER).unwrap();
    assert_eq!(i.format, Format::Otpauth);
    assert_eq!(
        i.entries.iter().map(summary).collect::<Vec<_>>(),
        [totp_custom()]
    );
    assert_eq!(
        import_bytes(file, None, Limits::WORKER),
        Err(ImportError::Encrypted(Format::Otpauth))
    );
    assert_eq!(
        import_bytes(file, Some("other"), Limits::WORKER),
        Err(ImportError::WrongPassword(Format::Otpauth))
    );
}

#[test]
fn totp_authenticator_internal_storage() {
    // The app's SharedPreferences: the account list as escaped JSON text, secrets in hex.
    let xml = r#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="STATIC_TOTP_CODES_LIST">[{&quot;base&quot;:16,&quot;digits&quot;:&quot;7&quot;,&quot;issuer&quot;:&quot;service&quot;,&quot;key&quot;:&quot;070D129EB5884D8FD116&quot;,&quot;name&quot;:&quot;account&quot;,&quot;period&quot;:&quot;40&quot;}]</string>
    <boolean name="isFirstRun" value="false" />
</map>"#;
    let i = import(xml).unwrap();
    assert_eq!(i.format, Format::TotpAuthenticator);
    let mut expected = totp_custom();
    expected.5 = Algorithm::Sha1;
    assert_eq!(
        i.entries.iter().map(summary).collect::<Vec<_>>(),
        [expected]
    );
}

#[test]
fn pbkdf2_formats_are_refused_before_deriving_when_too_costly_for_a_worker() {
    // An Authy file of 10 000 sealed tokens: 10 000 derivations, refused before the first (the
    // tokens are garbage: deriving would end in a decryption error, not this one).
    let token = r#"{&quot;encryptedSecret&quot;:&quot;AAAAAAAAAAAAAAAAAAAAAA==&quot;,&quot;salt&quot;:&quot;s&quot;,&quot;digits&quot;:6}"#;
    let xml = format!(
        r#"<map><string name="com.authy.storage.tokens.authenticator.key">[{}]</string></map>"#,
        vec![token; 10_000].join(",")
    );
    assert_eq!(
        import_bytes(xml.as_bytes(), Some("pw"), Limits::WORKER).map(|i| i.format),
        Err(ImportError::TooCostly(Format::Authy))
    );
    // An andOTP backup naming a million rounds.
    let mut file = 1_000_000u32.to_be_bytes().to_vec();
    file.extend_from_slice(&[0xffu8; 12 + 12 + 32]);
    assert_eq!(
        import_bytes(&file, Some("pw"), Limits::WORKER).map(|i| i.format),
        Err(ImportError::TooCostly(Format::AndOtp))
    );
}

#[test]
fn inputs_that_crashed_the_fuzzer_are_refused() {
    // Databases whose schema has a `)` before its first `(`.
    for file in [
        &include_bytes!("samples/fuzz/sqlite-schema-parens.bin")[..],
        include_bytes!("samples/fuzz/sqlite-schema-parens-2.bin"),
    ] {
        let _ = import_bytes(file, Some("test"), Limits::WORKER);
    }
}

#[test]
fn errors_read_as_2fauth_words_them() {
    assert_eq!(
        ImportError::Unsupported.to_string(),
        "Data do not match any supported format"
    );
    assert_eq!(
        ImportError::Unreadable(Format::Aegis).to_string(),
        "Invalid or unreadable Aegis data"
    );
    let invalid = ImportError::Invalid(crate::validation::ValidationErrors::single("data", "x"));
    assert_eq!(invalid.to_string(), "x");
}
