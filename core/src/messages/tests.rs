extern crate std;

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use serde_json::{Map, Value, json};

use super::*;
use crate::locale::{self, LOCALES, Locale};

/// A table of `pairs`, for a language counting as `plural`.
fn table(plural: PluralRule, pairs: &[(&str, &str)]) -> Table {
    let object: Map<String, Value> = pairs
        .iter()
        .map(|(english, text)| ((*english).into(), Value::from(*text)))
        .collect();
    Table::from_json(serde_json::to_string(&object).unwrap().as_bytes(), plural).unwrap()
}

fn french() -> Table {
    table(
        PluralRule::OneForZeroAndOne,
        &[
            (REQUIRED, "Le champ :attribute est obligatoire."),
            (MIN, "Le champ :attribute doit valoir au moins :min."),
            (
                MIN_CHARS,
                "Le champ :attribute doit contenir au moins :min caractères.",
            ),
            (BETWEEN, "Entre :min et :max pour :attribute."),
            (GROUP_RESERVED, "Nom réservé, choisissez-en un autre"),
            (
                LOGIN_LOCKOUT,
                "Trop d'essais. Réessayez dans {seconds} secondes.",
            ),
            (
                MORE_ERRORS,
                "(et :count autre erreur)|(et :count autres erreurs)",
            ),
        ],
    )
}

#[test]
fn placeholders_are_filled_once_and_unknown_ones_kept() {
    assert_eq!(required("otp_type"), "The otp type field is required.");
    assert_eq!(
        between("digits", 5, 10),
        "The digits field must be between 5 and 10."
    );
    // A value is never read for placeholders.
    assert_eq!(fill(":a and :b", &[("a", ":b"), ("b", "x")]), ":b and x");
    assert_eq!(fill("keep :this", &[]), "keep :this");
    assert_eq!(fill("no placeholder: here", &[]), "no placeholder: here");
    assert_eq!(placeholders(BETWEEN), ["attribute", "min", "max"]);
    assert_eq!(placeholders(LOGIN_LOCKOUT), ["{seconds}"]);
    assert!(placeholders(URL).iter().all(|p| *p == "attribute"));
}

#[test]
fn a_message_takes_its_template_translation_with_its_values() {
    let fr = french();
    assert_eq!(
        translate(&required("otp_type"), &fr),
        "Le champ otp type est obligatoire."
    );
    // The values move with their placeholders, in the translation's order.
    assert_eq!(
        translate(&between("digits", 5, 10), &fr),
        "Entre 5 et 10 pour digits."
    );
    // Field names with dots, digits and spaces are values like any other.
    assert_eq!(
        translate(&required("user_ids.0"), &fr),
        "Le champ user ids.0 est obligatoire."
    );
    assert_eq!(
        translate(GROUP_RESERVED, &fr),
        "Nom réservé, choisissez-en un autre"
    );
    // 2FAuth's `{seconds}` stays as it is written.
    assert_eq!(
        translate(LOGIN_LOCKOUT, &fr),
        "Trop d'essais. Réessayez dans {seconds} secondes."
    );
}

#[test]
fn the_most_specific_template_wins() {
    let fr = french();
    // `… at least :min.` could write this one too, with `:min` = "8 characters".
    assert_eq!(
        translate(&min_chars("password", 8), &fr),
        "Le champ password doit contenir au moins 8 caractères."
    );
    assert_eq!(
        translate(&min("counter", 0), &fr),
        "Le champ counter doit valoir au moins 0."
    );
}

#[test]
fn unknown_messages_stay_english() {
    let fr = french();
    for english in [
        "not found",
        "Unauthenticated.",
        "unknowkn endpoint",
        "",
        "The",
    ] {
        assert_eq!(translate(english, &fr), english);
    }
    // A template's text around another message is not a match.
    assert_eq!(
        translate("Oh. The x field is required.", &fr),
        "Oh. The x field is required."
    );
    assert_eq!(
        translate("The  field is required.", &fr),
        "The  field is required."
    );
}

#[test]
fn the_summary_counts_in_each_languages_forms() {
    assert_eq!(summary("First.", 0, None), "First.");
    assert_eq!(summary("First.", 1, None), "First. (and 1 more error)");
    assert_eq!(summary("First.", 2, None), "First. (and 2 more errors)");
    let fr = french();
    assert_eq!(summary("A.", 1, Some(&fr)), "A. (et 1 autre erreur)");
    assert_eq!(summary("A.", 3, Some(&fr)), "A. (et 3 autres erreurs)");
    let ru = table(
        PluralRule::EastSlavic,
        &[(
            MORE_ERRORS,
            "(и ещё :count ошибка)|(и ещё :count ошибки)|(и ещё :count ошибок)",
        )],
    );
    let counted: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 112]
        .iter()
        .map(|n| summary("A.", *n, Some(&ru)))
        .collect();
    assert_eq!(
        counted,
        [
            "A. (и ещё 1 ошибка)",
            "A. (и ещё 2 ошибки)",
            "A. (и ещё 5 ошибок)",
            "A. (и ещё 11 ошибок)",
            "A. (и ещё 21 ошибка)",
            "A. (и ещё 22 ошибки)",
            "A. (и ещё 25 ошибок)",
            "A. (и ещё 112 ошибок)",
        ]
    );
    let ja = table(
        PluralRule::Invariable,
        &[(MORE_ERRORS, "(他 :count 件のエラー)")],
    );
    assert_eq!(summary("A。", 4, Some(&ja)), "A。 (他 4 件のエラー)");
    // A table without the text counts in English.
    let bare = table(PluralRule::EastSlavic, &[]);
    assert_eq!(summary("A.", 5, Some(&bare)), "A. (and 5 more errors)");
}

#[test]
fn an_error_body_is_translated_in_place() {
    let fr = french();
    let mut errors = crate::validation::ValidationErrors::new();
    errors.add("account", required("account"));
    errors.add("otp_type", required("otp_type"));
    errors.add("otp_type", "not from a template");
    let mut body = crate::contract::Error::new(errors.message());
    body.errors = match serde_json::to_value(&errors).unwrap() {
        Value::Object(fields) => Some(fields),
        _ => None,
    };
    body.translate(&fr);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "message": "Le champ account est obligatoire. (et 2 autres erreurs)",
            "errors": {
                "account": ["Le champ account est obligatoire."],
                "otp_type": ["Le champ otp type est obligatoire.", "not from a template"],
            },
        })
    );
    let mut conflict = crate::contract::Error::new("conflict");
    conflict.reason = Some(json!([GROUP_RESERVED, "other"]));
    conflict.translate(&fr);
    assert_eq!(
        serde_json::to_value(&conflict).unwrap(),
        json!({"message": "conflict", "reason": ["Nom réservé, choisissez-en un autre", "other"]})
    );
    let mut field = crate::contract::Error::new(GROUP_RESERVED);
    field.reason = Some(json!({"uri": required("uri")}));
    field.translate(&fr);
    assert_eq!(
        serde_json::to_value(&field).unwrap(),
        json!({
            "message": "Nom réservé, choisissez-en un autre",
            "reason": {"uri": "Le champ uri est obligatoire."},
        })
    );
}

#[test]
fn the_catalogue_has_each_template_once() {
    for (i, template) in CATALOGUE.iter().enumerate() {
        assert!(!template.is_empty());
        assert!(!CATALOGUE[..i].contains(template), "twice: {template}");
    }
}

/// A table that writes each template back between marks: a message translates to itself
/// between marks exactly when a template of the catalogue wrote it (and the right one won).
fn marked() -> Table {
    let pairs: Vec<(&str, String)> = CATALOGUE.iter().map(|t| (*t, format!("«{t}»"))).collect();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(e, t)| (*e, t.as_str())).collect();
    table(PluralRule::OneForOne, &pairs)
}

/// Values that break some rule of some field.
fn bad_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(""),
        json!(" "),
        json!(0),
        json!(1),
        json!(-1),
        json!(4),
        json!(11),
        json!(99999999999i64),
        json!(1.5),
        json!(true),
        json!([]),
        json!([1, 1, "x"]),
        json!((0..120).collect::<Vec<_>>()),
        json!({}),
        json!("x:y"),
        json!("All"),
        json!("a\"b"),
        json!("not base32 !"),
        json!("otpauth://totp/?secret=A4GRFHVVRBGY7UIW"),
        json!("otpauth://x/y"),
        json!("a\nb"),
        json!("ftp://x"),
        json!("https://"),
        json!("webdav"),
        json!("s3"),
        json!("r2"),
        json!("nope"),
        json!("useEncryption"),
        json!("([)"),
        json!("a@b.c|nope"),
        json!("short"),
        json!("x".repeat(300)),
        json!("1,,2"),
    ]
}

/// The fields the rules read.
const FIELDS: &[&str] = &[
    "uri",
    "custom_otp",
    "service",
    "account",
    "icon",
    "otp_type",
    "secret",
    "digits",
    "algorithm",
    "period",
    "counter",
    "group_id",
    "name",
    "email",
    "password",
    "password_confirmation",
    "currentPassword",
    "token",
    "show_in_chips",
    "user_ids",
    "user_id",
    "new_owner_id",
    "confirm_password",
    "key",
    "value",
    "ids",
    "orderedIds",
    "enabled",
    "schedule",
    "retention",
    "destination",
    "webdav_url",
    "webdav_username",
    "webdav_password",
    "s3_endpoint",
    "s3_region",
    "s3_bucket",
    "s3_access_key_id",
    "s3_secret_access_key",
    "backup_password",
    "iconCollection",
    "variant",
    "iconPack",
    "id",
    "rawId",
    "type",
    "response",
    "alias",
];

type Rule = fn(&Map<String, Value>) -> Option<crate::validation::ValidationErrors>;

/// Every rule of `core` that answers 422, each reading a body.
fn rules() -> Vec<Rule> {
    use crate::account::{Rules, TwoFAccount};
    fn err<T, E>(result: Result<T, E>) -> Option<E> {
        result.err()
    }
    fn compiles(rule: &str) -> bool {
        crate::settings::rule_matches(rule, "").is_some()
    }
    vec![
        |b| err(TwoFAccount::from_params(b, Rules::Store, || [0; 64])),
        |b| err(TwoFAccount::from_params(b, Rules::Update, || [0; 64])),
        |b| err(TwoFAccount::from_params(b, Rules::Otp, || [0; 64])),
        |b| err(TwoFAccount::from_uri(b.get("uri"), b.get("custom_otp"))),
        |b| err(crate::group::validate(b)),
        |b| err(crate::user::registration(b)),
        |b| err(crate::user::login(b)),
        |b| err(crate::user::token_name(b)),
        |b| err(crate::user::profile_update(b)),
        |b| err(crate::user::password_change(b)),
        |b| err(crate::user::lost_password(b)),
        |b| err(crate::user::password_reset(b)),
        |b| err(crate::user::webauthn_recovery(b)),
        |b| err(crate::sharing::user_ids(b)),
        |b| err(crate::sharing::transfer(b, 1)),
        |b| err(crate::ids::parse(b.get("ids"))),
        |b| err(crate::ids::parse_array(b.get("orderedIds"), "orderedIds")),
        |b| {
            err(crate::ids::array_within_limit(
                b.get("user_ids"),
                "user_ids",
            ))
        },
        |b| err(crate::settings::new_setting(b, |_| false)),
        |b| match crate::settings::update_value("restrictList", b, compiles) {
            Err(crate::settings::UpdateError::Invalid(e)) => Some(e),
            _ => None,
        },
        |b| match crate::settings::update_value("restrictRule", b, compiles) {
            Err(crate::settings::UpdateError::Invalid(e)) => Some(e),
            _ => None,
        },
        |b| match crate::settings::update_value("showOtpAsDot", b, compiles) {
            Err(crate::settings::UpdateError::Invalid(e)) => Some(e),
            _ => None,
        },
        |b| err(crate::backup::Settings::parse(b, Default::default())),
        |b| err(crate::icon::logo_request(b, "selfh")),
        |b| err(crate::webauthn::input::registration(b)),
        |b| err(crate::webauthn::input::sign_in(b)),
        |b| err(crate::webauthn::input::credential_name(b)),
    ]
}

/// Every message the rules of `core` write for bodies of one bad field, of every field bad at
/// once, and of each backup destination with its fields bad.
fn messages_of_rules() -> Vec<String> {
    let mut bodies: Vec<Map<String, Value>> = vec![Map::new()];
    for value in bad_values() {
        let all: Map<String, Value> = FIELDS
            .iter()
            .map(|f| ((*f).into(), value.clone()))
            .collect();
        bodies.push(all);
        for field in FIELDS {
            bodies.push([((*field).into(), value.clone())].into_iter().collect());
            for destination in ["webdav", "s3"] {
                let mut body: Map<String, Value> =
                    [((*field).into(), value.clone())].into_iter().collect();
                body.insert("destination".into(), json!(destination));
                bodies.push(body);
            }
        }
    }
    bodies.push(
        [
            ("iconPack".into(), json!("x")),
            ("iconCollection".into(), json!("nope")),
            ("variant".into(), json!("dark")),
        ]
        .into_iter()
        .collect(),
    );
    bodies.push(
        [
            ("iconCollection".into(), json!("tfa")),
            ("variant".into(), json!("dark")),
        ]
        .into_iter()
        .collect(),
    );
    bodies.push(
        [("iconCollection".into(), json!("tfa"))]
            .into_iter()
            .collect(),
    );
    let mut found = Vec::new();
    for body in &bodies {
        for rule in rules() {
            if let Some(errors) = rule(body) {
                for (_, messages) in errors.fields() {
                    found.extend(messages.iter().cloned());
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_message_the_rules_write_comes_from_the_catalogue() {
    let marked = marked();
    let mut written = messages_of_rules();
    assert!(
        written.len() > 60,
        "the bodies reach few rules: {written:?}"
    );
    // The words written elsewhere: passkey refusals, codes of undecipherable secrets, QR codes.
    use crate::webauthn::WebauthnError::*;
    for refusal in [
        Malformed,
        WrongCeremony,
        ChallengeMismatch,
        OriginMismatch,
        RpIdMismatch,
        UserNotPresent,
        UserNotVerified,
        UnsupportedAlgorithm,
        CounterRegressed,
    ] {
        written.push(refusal.to_string());
    }
    written.push(
        crate::account::OtpError::UndecipherableSecret
            .message()
            .into(),
    );
    #[cfg(feature = "qr-decode")]
    {
        use crate::qr_decode::DecodeError::*;
        for error in [
            NotAnImage,
            NotDetected,
            Undecodable,
            InvalidChecksum,
            TooLarge,
        ] {
            written.push(error.message().into());
        }
    }
    written.extend([
        numeric("limit"),
        invalid("after"),
        image("icon"),
        dimensions("qrcode"),
        required_without("payload", "file"),
        migration_unreadable("Aegis"),
        migration_too_costly("Ente Auth"),
        passkeys_limit(20),
        body_too_large(2 << 20),
    ]);
    let stray: Vec<&String> = written
        .iter()
        .filter(|m| translate(m, &marked) != format!("«{m}»"))
        .collect();
    assert!(stray.is_empty(), "not from the catalogue: {stray:?}");
}

#[test]
fn every_english_template_is_reached_by_the_rules() {
    // Templates the rules above never write (each is written by the worker or a builder of
    // this module, and checked with them).
    let elsewhere = [
        NUMERIC,
        INVALID,
        IMAGE,
        DIMENSIONS,
        REQUIRED_WITHOUT,
        TOO_MANY_IDS,
        URI_ALONE,
        UNKNOWN_EMAIL,
        POLICY_REFUSED,
        OWNER_NOT_RECIPIENT,
        INVALID_RESET_TOKEN,
        RETRY_LATER,
        WRONG_CURRENT_PASSWORD,
        EXTERNAL_ACCOUNT,
        LAST_ADMIN_DELETE,
        LAST_ADMIN_DEMOTE,
        SHARING_DISABLED,
        ALL_USERS_SCOPE_DISABLED,
        SHARED_WITH_ALL,
        SSO_ONLY,
        NOT_WITH_PROXY,
        NATIVE_SETTING,
        LOGIN_LOCKOUT,
        UNDECIPHERABLE,
        MIGRATION_UNSUPPORTED,
        MIGRATION_ENCRYPTED,
        MIGRATION_UNREADABLE,
        QR_NOT_AN_IMAGE,
        QR_NOT_DETECTED,
        QR_UNDECODABLE,
        QR_CHECKSUM,
        INVALID_RECOVERY_TOKEN,
        NO_MAIL_FOR_RECOVERY,
        PASSKEY_KNOWN,
        PASSKEYS_LIMIT,
        NO_PASSKEY,
        DESTINATION_UNAVAILABLE,
        ICON_QUOTA,
        WRONG_IMPORT_PASSWORD,
        MIGRATION_TOO_COSTLY,
        QR_TOO_LONG,
        ALWAYS_ENCRYPTED,
        ICONS_ALWAYS_IN_DATABASE,
        MAIL_FAILED,
        BODY_TOO_LARGE,
        MORE_ERRORS,
    ];
    let written = messages_of_rules();
    let single = |template: &str| table(PluralRule::OneForOne, &[(template, "✓")]);
    let unreached: Vec<&&str> = CATALOGUE
        .iter()
        .filter(|t| !elsewhere.contains(t) && !PASSKEY_REFUSALS.contains(t))
        .filter(|t| {
            let only = single(t);
            !written.iter().any(|m| translate(m, &only) == "✓")
        })
        .collect();
    assert!(unreached.is_empty(), "never written: {unreached:?}");
}

/// The non-test text of every Rust file under `dir`.
fn sources(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap().to_string();
            found.push((path, code));
        }
    }
    found
}

/// The arguments of the call whose `(` is at the start of `text`, split at top-level commas.
fn arguments(text: &str) -> Vec<&str> {
    let (mut depth, mut in_string, mut escaped, mut start) = (0, false, false, 1);
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            _ if in_string && escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    out.push(text[start..i].trim());
                    return out;
                }
            }
            ',' if depth == 1 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

#[test]
fn no_validation_message_is_written_in_place() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut inline = Vec::new();
    for dir in ["core/src", "worker/src"] {
        for (path, code) in sources(&format!("{root}/{dir}")) {
            for call in ["ValidationErrors::single(", ".add("] {
                for (at, _) in code.match_indices(call) {
                    let args = arguments(&code[at + call.len() - 1..]);
                    let Some(message) = args.get(1) else { continue };
                    let written_here = message.starts_with('"')
                        || message.starts_with("format!")
                        || message.starts_with("alloc::format!")
                        || message.starts_with("String::from");
                    if written_here {
                        inline.push(format!("{}: {message}", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        inline.is_empty(),
        "write these from `messages`: {inline:#?}"
    );
}

/// Every language's table of the API's messages, read from `worker/locales/`.
fn tables() -> Vec<(Locale, Map<String, Value>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../worker/locales");
    let mut found: Vec<(Locale, Map<String, Value>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let code = path.file_stem().unwrap().to_str().unwrap().to_string();
            let locale = locale::find(&code)
                .filter(|l| l.code == code && *l != ENGLISH)
                .unwrap_or_else(|| panic!("{code}: no such language"));
            let text = std::fs::read_to_string(&path).unwrap();
            let table = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{code}: {e}"));
            (locale, table)
        })
        .collect();
    found.sort_by_key(|(l, _)| l.code);
    found
}

#[test]
fn every_language_but_english_has_a_table() {
    let codes: Vec<_> = tables().iter().map(|(l, _)| l.code).collect();
    let mut expected: Vec<_> = LOCALES
        .iter()
        .filter(|l| **l != ENGLISH)
        .map(|l| l.code)
        .collect();
    expected.sort_unstable();
    assert_eq!(codes, expected);
}

#[test]
fn every_table_translates_the_catalogue_and_nothing_else_with_its_placeholders() {
    for (locale, entries) in tables() {
        let code = locale.code;
        let missing: Vec<_> = CATALOGUE
            .iter()
            .filter(|t| !entries.contains_key(**t))
            .collect();
        assert!(missing.is_empty(), "{code}: missing {missing:#?}");
        for (english, text) in &entries {
            assert!(
                CATALOGUE.contains(&english.as_str()),
                "{code}: no message is written from {english:?}"
            );
            let text = text
                .as_str()
                .unwrap_or_else(|| panic!("{code}: {english:?} is not a text"));
            assert!(!text.trim().is_empty(), "{code}: {english:?} is empty");
            let forms: Vec<&str> = match english.as_str() {
                MORE_ERRORS => text.split('|').collect(),
                _ => vec![text],
            };
            if english == MORE_ERRORS {
                assert_eq!(
                    forms.len(),
                    locale.plural.forms(),
                    "{code}: forms of {english:?}"
                );
            }
            let mut wanted = placeholders(english.split('|').next().unwrap());
            wanted.sort_unstable();
            for form in forms {
                let mut found = placeholders(form);
                found.sort_unstable();
                assert_eq!(
                    found, wanted,
                    "{code}: placeholders of {english:?} in {form:?}"
                );
            }
        }
    }
}

#[test]
fn every_table_reads_as_one() {
    for (locale, entries) in tables() {
        let json = serde_json::to_vec(&entries).unwrap();
        let table = Table::from_json(&json, locale.plural).unwrap();
        assert_eq!(table.entries().len(), CATALOGUE.len(), "{}", locale.code);
        // A message of the catalogue leaves English in every language.
        let message = required("name");
        assert_ne!(translate(&message, &table), message, "{}", locale.code);
    }
}
