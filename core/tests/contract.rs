//! Every resource of `twofold_core::contract`, serialised from samples of each of its variants,
//! against its schema in `worker/openapi.json` (found by component name or by the route that
//! answers it): a drift between the types the worker serialises and the published document fails
//! here, before any server starts. The validator below covers exactly the JSON Schema keywords
//! the document uses and refuses any other, so a new keyword cannot pass unchecked.

use regex_automata::meta::Regex;
use serde::Serialize;
use serde_json::{Map, Number, Value, json};
use twofold_core::contract::*;

const DOCUMENT: &str = include_str!("../../worker/openapi.json");

/// Where a resource's schema is: a component, or a route's answer (method, path, status).
enum Schema {
    Component(&'static str),
    Route(&'static str, &'static str, &'static str),
}

struct Validator {
    document: Value,
}

impl Validator {
    fn new() -> Self {
        Self {
            document: serde_json::from_str(DOCUMENT).expect("openapi.json is JSON"),
        }
    }

    fn schema(&self, at: &Schema) -> &Value {
        let pointer = match at {
            Schema::Component(name) => format!("/components/schemas/{name}"),
            Schema::Route(method, path, status) => format!(
                "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
                path.replace('~', "~0").replace('/', "~1")
            ),
        };
        self.document
            .pointer(&pointer)
            .unwrap_or_else(|| panic!("no schema at {pointer}"))
    }

    /// Validates `value` against `schema`, collecting every violation with its JSON path.
    fn check(&self, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let Value::Object(schema) = schema else {
            panic!("schema at {path} is not an object");
        };
        for (keyword, rule) in schema {
            match keyword.as_str() {
                "description" | "format" => {}
                "$ref" => {
                    let target = rule
                        .as_str()
                        .and_then(|r| r.strip_prefix('#'))
                        .and_then(|p| self.document.pointer(p))
                        .unwrap_or_else(|| panic!("unresolved $ref {rule} at {path}"));
                    self.check(target, value, path, errors);
                }
                "type" => {
                    let allowed: Vec<&str> = match rule {
                        Value::String(one) => vec![one.as_str()],
                        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                        _ => panic!("bad type at {path}"),
                    };
                    if !allowed.iter().any(|t| has_type(value, t)) {
                        errors.push(at(path, format!("{value} is not of type {allowed:?}")));
                    }
                }
                "const" if value != rule => errors.push(at(path, format!("{value} is not {rule}"))),
                "enum" if !rule.as_array().is_some_and(|a| a.contains(value)) => {
                    errors.push(at(path, format!("{value} is not one of {rule}")))
                }
                "const" | "enum" => {}
                "oneOf" => {
                    let matching = rule
                        .as_array()
                        .expect("oneOf is a list")
                        .iter()
                        .filter(|s| {
                            let mut sub = Vec::new();
                            self.check(s, value, path, &mut sub);
                            sub.is_empty()
                        })
                        .count();
                    if matching != 1 {
                        errors.push(at(
                            path,
                            format!("matches {matching} schemas of oneOf, not one"),
                        ));
                    }
                }
                "minimum" | "maximum" => {
                    let (Some(v), Some(bound)) = (value.as_f64(), rule.as_f64()) else {
                        continue;
                    };
                    if (keyword == "minimum" && v < bound) || (keyword == "maximum" && v > bound) {
                        errors.push(at(path, format!("{v} breaks {keyword} {bound}")));
                    }
                }
                "minLength" | "maxLength" => {
                    let Some(s) = value.as_str() else { continue };
                    let (n, bound) = (s.chars().count() as u64, rule.as_u64().unwrap());
                    if (keyword == "minLength" && n < bound)
                        || (keyword == "maxLength" && n > bound)
                    {
                        errors.push(at(path, format!("length {n} breaks {keyword} {bound}")));
                    }
                }
                "pattern" => {
                    let Some(s) = value.as_str() else { continue };
                    let regex = Regex::new(rule.as_str().unwrap()).expect("a valid pattern");
                    if !regex.is_match(s) {
                        errors.push(at(path, format!("{s:?} does not match {rule}")));
                    }
                }
                "required" => {
                    let Some(object) = value.as_object() else {
                        continue;
                    };
                    for key in rule.as_array().unwrap().iter().filter_map(Value::as_str) {
                        if !object.contains_key(key) {
                            errors.push(at(path, format!("missing required key {key}")));
                        }
                    }
                }
                "properties" => {
                    let Some(object) = value.as_object() else {
                        continue;
                    };
                    for (key, sub) in rule.as_object().expect("properties is an object") {
                        if let Some(item) = object.get(key) {
                            self.check(sub, item, &format!("{path}.{key}"), errors);
                        }
                    }
                }
                "additionalProperties" => {
                    let Some(object) = value.as_object() else {
                        continue;
                    };
                    let listed = schema.get("properties").and_then(Value::as_object);
                    for (key, item) in object {
                        if listed.is_some_and(|l| l.contains_key(key)) {
                            continue;
                        }
                        match rule {
                            Value::Bool(true) => {}
                            Value::Bool(false) => {
                                errors.push(format!("{path}: unexpected key {key}"))
                            }
                            sub => self.check(sub, item, &format!("{path}.{key}"), errors),
                        }
                    }
                }
                "minProperties" | "maxProperties" => {
                    let Some(object) = value.as_object() else {
                        continue;
                    };
                    let (n, bound) = (object.len() as u64, rule.as_u64().unwrap());
                    if (keyword == "minProperties" && n < bound)
                        || (keyword == "maxProperties" && n > bound)
                    {
                        errors.push(at(path, format!("{n} keys break {keyword} {bound}")));
                    }
                }
                "items" => {
                    let Some(list) = value.as_array() else {
                        continue;
                    };
                    for (i, item) in list.iter().enumerate() {
                        self.check(rule, item, &format!("{path}[{i}]"), errors);
                    }
                }
                "minItems" | "maxItems" => {
                    let Some(list) = value.as_array() else {
                        continue;
                    };
                    let (n, bound) = (list.len() as u64, rule.as_u64().unwrap());
                    if (keyword == "minItems" && n < bound) || (keyword == "maxItems" && n > bound)
                    {
                        errors.push(at(path, format!("{n} items break {keyword} {bound}")));
                    }
                }
                other => panic!("keyword {other} at {path} is not supported by this validator"),
            }
        }
    }

    /// The violations of `sample` against the schema at `at`, and of its keys' order against the
    /// order the schema lists its properties in (2FAuth's key order, which clients see).
    fn violations<T: Serialize>(&self, at: &Schema, sample: &T) -> Vec<String> {
        let value = serde_json::to_value(sample).expect("serialisable");
        let schema = self.schema(at);
        let mut errors = Vec::new();
        self.check(schema, &value, "$", &mut errors);
        let resolved = match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => self.document.pointer(&r[1..]).unwrap(),
            None => schema,
        };
        if let (Some(listed), Some(object)) = (
            resolved.get("properties").and_then(Value::as_object),
            value.as_object(),
        ) {
            let order: Vec<&String> = listed.keys().filter(|k| object.contains_key(*k)).collect();
            let sent: Vec<&String> = object.keys().filter(|k| listed.contains_key(*k)).collect();
            if order != sent {
                errors.push(format!(
                    "$: keys in order {sent:?}, the document lists {order:?}"
                ));
            }
        }
        errors
    }
}

/// A violation at a JSON path.
fn at(path: &str, why: String) -> String {
    format!("{path}: {why}")
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        other => panic!("unknown type {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Samples of every resource, each variant

fn account(flags: AccountFlags, otp_type: OtpType, secret: bool, otp: bool) -> TwoFAccountRead {
    let hotp = otp_type == OtpType::Hotp;
    TwoFAccountRead {
        id: 7,
        group_id: Some(2),
        flags,
        otp_type,
        account: "ann@example.org".into(),
        service: Some("Example".into()),
        icon: Some(format!("{}.png", "a".repeat(40))),
        secret: secret.then(|| "JBSWY3DPEHPK3PXP".into()),
        digits: if otp_type == OtpType::Steamtotp { 5 } else { 6 },
        algorithm: Algorithm::Sha256,
        period: (!hotp).then_some(30),
        counter: hotp.then_some(4),
        otp: otp.then(|| EmbeddedOtp {
            password: "123456".into(),
            generated_at: 1_700_000_000,
            next_password: "654321".into(),
        }),
    }
}

fn accounts() -> Vec<TwoFAccountRead> {
    let borrowed = AccountFlags {
        is_borrowed: Some(true),
        borrowed_by: Some("Bob".into()),
        ..AccountFlags::default()
    };
    let shared = AccountFlags {
        is_shared: Some(true),
        ..AccountFlags::default()
    };
    let shared_with_all = AccountFlags {
        is_shared_with_all: Some(true),
        ..AccountFlags::default()
    };
    let mut unfiled = account(AccountFlags::default(), OtpType::Totp, false, false);
    unfiled.group_id = None;
    unfiled.service = None;
    unfiled.icon = None;
    // A migration's invalid entry: its error travels in `secret`.
    let mut invalid = account(AccountFlags::default(), OtpType::Totp, true, false);
    invalid.id = -2;
    invalid.secret = Some("The secret is invalid".into());
    vec![
        account(AccountFlags::default(), OtpType::Totp, true, true),
        account(AccountFlags::default(), OtpType::Steamtotp, true, true),
        account(AccountFlags::default(), OtpType::Hotp, true, false),
        account(borrowed, OtpType::Totp, false, true),
        account(shared, OtpType::Hotp, true, false),
        account(shared_with_all, OtpType::Totp, false, false),
        unfiled,
        invalid,
    ]
}

fn codes() -> Vec<Otp> {
    let timed = |otp_type| Otp::Timed {
        password: "123456".into(),
        otp_type,
        generated_at: 1_700_000_000,
        period: 30,
        next_password: "654321".into(),
    };
    vec![
        timed(OtpType::Totp),
        timed(OtpType::Steamtotp),
        Otp::Counter {
            password: "123456".into(),
            otp_type: OtpType::Hotp,
            counter: 5,
        },
    ]
}

fn preferences() -> Vec<Preferences> {
    let mut stored = Map::new();
    stored.insert("theme".into(), json!("dark"));
    stored.insert("formatPasswordBy".into(), json!(3));
    stored.insert("kickUserAfter".into(), json!("5"));
    stored.insert("iconPack".into(), json!("pack"));
    let resolved = twofold_core::preferences::merged(&stored, &|_| None);
    vec![Preferences::default(), Preferences::from_map(resolved)]
}

fn user_read(preferences: Preferences) -> UserRead {
    UserRead {
        id: 1,
        name: "Ann".into(),
        email: "ann@example.org".into(),
        oauth_provider: None,
        preferences,
        is_admin: true,
    }
}

fn managed(last_seen: bool) -> ManagedUser {
    ManagedUser {
        user: user_read(Preferences::default()),
        twofaccounts_count: 3,
        last_seen_at: last_seen.then(|| "2 days ago".into()),
        created_at: "1 week ago".into(),
    }
}

fn app_settings() -> AppSettings {
    AppSettings {
        enable_sharing: true,
        enable_all_users_sharing_scope: false,
    }
}

fn recipient(shared: bool) -> Recipient {
    Recipient {
        id: 2,
        name: "Bob".into(),
        is_shared_with: shared,
        is_shared_since: shared.then(|| "Thu, May 2, 2024 6:32 AM".into()),
    }
}

// ---------------------------------------------------------------------------------------------

/// Every sample with where its schema is.
fn samples() -> Vec<(Schema, Value)> {
    use Schema::{Component, Route};
    let v = |sample: &dyn erased::Serialize| sample.to_value();
    let mut all: Vec<(Schema, Value)> = Vec::new();
    for a in accounts() {
        all.push((Component("TwoFAccountRead"), v(&a)));
    }
    all.push((Route("get", "/api/v1/twofaccounts", "200"), v(&accounts())));
    for secret in [Some("JBSWY3DPEHPK3PXP".into()), None] {
        let preview = TwoFAccountPreview {
            otp_type: OtpType::Hotp,
            account: "ann".into(),
            service: None,
            icon: None,
            secret,
            digits: 8,
            algorithm: Algorithm::Md5,
            period: None,
            counter: Some(0),
        };
        all.push((Component("TwoFAccountPreview"), v(&preview)));
    }
    for otp in codes() {
        all.push((Component("Otp"), v(&otp)));
        all.push((Route("post", "/api/v1/twofaccounts/otp", "200"), v(&otp)));
    }
    all.push((
        Component("EmbeddedOtp"),
        v(&EmbeddedOtp {
            password: "1".into(),
            generated_at: 1,
            next_password: "2".into(),
        }),
    ));
    all.push((
        Route("get", "/api/v1/twofaccounts/count", "200"),
        v(&AccountCount {
            owned: 2,
            shared: 1,
            total: 3,
        }),
    ));
    all.push((
        Component("OrderSaved"),
        v(&OrderSaved {
            message: "order saved".into(),
            ordered_ids: vec![3, 1, 2],
        }),
    ));
    all.push((
        Route("get", "/api/v1/twofaccounts/{id}/qrcode", "200"),
        v(&QrCode {
            qrcode: "data:image/svg+xml;base64,PHN2Zz4=".into(),
        }),
    ));
    all.push((
        Route("post", "/api/v1/qrcode/decode", "200"),
        v(&QrDecoded {
            data: "otpauth://totp/a?secret=A".into(),
        }),
    ));
    for counter in [None, Some(4)] {
        let log = OtpLog {
            requester_name: "Ann".into(),
            requester_email: "ann@example.org".into(),
            owner_name: "Bob".into(),
            owner_email: "bob@example.org".into(),
            ip_address: counter.map(|_| "127.0.0.1".into()),
            generated_at: "2024-05-02T06:32:00.000000Z".into(),
            otp_type: if counter.is_some() { "hotp" } else { "totp" }.into(),
            counter,
        };
        all.push((Component("OtpLog"), v(&log)));
    }
    for route in [
        Route("post", "/api/v1/icons", "201"),
        Route("post", "/api/v1/icons/default", "201"),
    ] {
        let file = IconFile {
            filename: format!("{}.svg", "Ab1".repeat(13) + "x"),
        };
        all.push((route, v(&file)));
    }
    for (id, chips) in [(0, None), (4, Some(true)), (5, Some(false))] {
        let group = Group {
            id,
            name: "All".into(),
            show_in_chips: chips,
            twofaccounts_count: 2,
        };
        all.push((Component("Group"), v(&group)));
    }
    for prefs in preferences() {
        all.push((Component("Preferences"), v(&prefs)));
        all.push((Component("UserRead"), v(&user_read(prefs.clone()))));
        all.push((
            Component("User"),
            v(&User {
                id: 1,
                name: "Ann".into(),
                email: "ann@example.org".into(),
                oauth_provider: None,
                authenticated_by_proxy: false,
                preferences: prefs.clone(),
                app_settings: app_settings(),
                is_admin: false,
                proxy_logout_url: None,
            }),
        ));
        // Behind a proxy: the logout address travels with the user.
        all.push((
            Component("User"),
            v(&User {
                id: 2,
                name: "jane".into(),
                email: "2@remote".into(),
                oauth_provider: None,
                authenticated_by_proxy: true,
                preferences: prefs.clone(),
                app_settings: app_settings(),
                is_admin: true,
                proxy_logout_url: Some("https://proxy.example/logout".into()),
            }),
        ));
        for message in ["authenticated", "account created"] {
            let payload = SessionPayload {
                message: message.into(),
                id: 1,
                name: "Ann".into(),
                email: "ann@example.org".into(),
                oauth_provider: None,
                preferences: prefs.clone(),
                app_settings: app_settings(),
                is_admin: true,
            };
            all.push((Component("SessionPayload"), v(&payload)));
        }
        all.push((
            Route("get", "/system/infos", "200"),
            v(&SystemInfos {
                common: serde_json::from_value(json!({
                    "Date": "2024-05-02T06:32:00.000000Z", "userAgent": null, "Version": "0.1.0",
                    "Environment": "Cloudflare Workers", "Users": 2, "THROTTLE_API": null,
                }))
                .unwrap(),
                admin_settings: serde_json::from_value(json!({ "enableSharing": true })).unwrap(),
                user_preferences: prefs,
            }),
        ));
    }
    all.push((Component("AppSettings"), v(&app_settings())));
    let preference = |locked| Preference {
        key: "theme".into(),
        value: json!("dark"),
        locked,
    };
    all.push((
        Route("get", "/api/v1/user/preferences/{name}", "200"),
        v(&preference(Some(true))),
    ));
    all.push((
        Route("get", "/api/v1/user/preferences", "200"),
        v(&twofold_core::preferences::DEFAULTS
            .iter()
            .map(|(key, d)| Preference {
                key: (*key).into(),
                value: d.to_json(),
                locked: Some(false),
            })
            .collect::<Vec<_>>()),
    ));
    all.push((
        Route("put", "/api/v1/user/preferences/{name}", "201"),
        v(&preference(None)),
    ));
    for last_seen in [true, false] {
        all.push((Component("ManagedUser"), v(&managed(last_seen))));
    }
    for (reset, link) in [
        (None, None),
        (
            Some(PasswordReset::Pending("2024-05-02T06:32:00.000000Z".into())),
            None,
        ),
        (Some(PasswordReset::Expired(0)), None),
        (
            Some(PasswordReset::Pending("2024-05-02T06:32:00.000000Z".into())),
            Some("/user/password/reset?token=t&email=ann%40example%2Eorg".into()),
        ),
    ] {
        let wrapped = ManagedUserWrapped {
            info: managed(true),
            password_reset: reset,
            valid_personal_access_tokens: 1,
            webauthn_credentials: 0,
            password_reset_link: link,
        };
        all.push((Component("ManagedUserWrapped"), v(&wrapped)));
    }
    for complete in [true, false] {
        let some = |s: &str| complete.then(|| s.to_string());
        let entry = AuthenticationLogEntry {
            id: 9,
            ip_address: some("127.0.0.1"),
            user_agent: some("Mozilla/5.0"),
            browser: some("Firefox"),
            platform: some("Linux"),
            device: some("desktop"),
            login_at: some("Thu, May 2, 2024 6:32 AM"),
            logout_at: some("Thu, May 2, 2024 7:32 AM"),
            login_successful: complete,
            duration: some("1 hour"),
            login_method: some("password"),
        };
        all.push((Component("AuthenticationLogEntry"), v(&entry)));
    }
    all.push((
        Route("get", "/api/v1/user/name", "200"),
        v(&Deprecation { deprecation: true }),
    ));
    all.push((
        Route("get", "/user/offline-key", "200"),
        v(&OfflineKey {
            key: format!("{}=", "A".repeat(43)),
        }),
    ));
    all.push((
        Component("PersonalAccessToken"),
        v(&PersonalAccessToken {
            id: "ab".repeat(20),
            user_id: 1,
            name: "cli".into(),
            scopes: vec![],
            revoked: false,
            created_at: "2024-05-02T06:32:00.000000Z".into(),
            updated_at: "2024-05-02T06:32:00.000000Z".into(),
            expires_at: "2025-05-02T06:32:00.000000Z".into(),
        }),
    ));
    all.push((
        Component("PersonalAccessTokenCreated"),
        v(&PersonalAccessTokenCreated {
            token_type: "Bearer".into(),
            expires_in: 31_536_000,
            access_token: "t".repeat(43),
            access_token_id: "ab".repeat(20),
        }),
    ));
    for (alias, last_used_at) in [
        (Some("Phone"), Some("2024-05-03T07:00:00.000000Z")),
        (None, None),
    ] {
        all.push((
            Component("WebauthnCredential"),
            v(&WebauthnCredential {
                id: "AQIDBA".into(),
                alias: alias.map(Into::into),
                created_at: "2024-05-02T06:32:00.000000Z".into(),
                last_used_at: last_used_at.map(Into::into),
            }),
        ));
    }
    all.push((
        Component("WebauthnCredentialName"),
        v(&WebauthnCredentialName {
            name: "Laptop".into(),
        }),
    ));
    for shared in [true, false] {
        all.push((Component("Recipient"), v(&recipient(shared))));
    }
    all.push((
        Component("Shares"),
        v(&Shares {
            twofaccount_id: 7,
            is_shared_with_all: true,
            specific_users: None,
        }),
    ));
    all.push((
        Component("Shares"),
        v(&Shares {
            twofaccount_id: 7,
            is_shared_with_all: false,
            specific_users: Some(vec![recipient(true), recipient(false)]),
        }),
    ));
    all.push((
        Route("patch", "/api/v1/twofaccounts/{id}/owner", "200"),
        v(&OwnerChanged {
            twofaccount_id: 7,
            owner_id: 2,
        }),
    ));
    for value in [json!(true), json!("x"), json!(3), json!(null)] {
        let setting = Setting {
            key: "k".into(),
            value,
        };
        all.push((Component("Setting"), v(&setting)));
    }
    for state in [FeatureState::Enabled, FeatureState::Disabled] {
        let feature = Feature {
            name: "sharing".into(),
            state,
        };
        all.push((Component("Feature"), v(&feature)));
    }
    let some = |s: &str| Some(s.to_string());
    let never = Backup {
        enabled: true,
        schedule: "daily".into(),
        retention: 7,
        destination: "webdav".into(),
        webdav_url: some("https://dav.example/backups/"),
        webdav_username: some("me"),
        s3_endpoint: None,
        s3_region: None,
        s3_bucket: None,
        s3_access_key_id: None,
        secret_set: true,
        next_run_at: "2024-05-02T06:32:00.000000Z".into(),
        last_run_at: None,
        last_outcome: None,
        last_error: None,
        last_file: None,
    };
    let failed = Backup {
        enabled: false,
        schedule: "weekly".into(),
        destination: "s3".into(),
        webdav_url: None,
        webdav_username: None,
        s3_endpoint: some("https://s3.example"),
        s3_region: some("us-east-1"),
        s3_bucket: some("vault"),
        s3_access_key_id: some("AKID"),
        last_run_at: some("2024-05-01T06:32:00.000000Z"),
        last_outcome: some("failure"),
        last_error: some("the destination answered 403"),
        ..never.clone()
    };
    let done = Backup {
        destination: "r2".into(),
        webdav_url: None,
        webdav_username: None,
        secret_set: false,
        last_run_at: some("2024-05-01T06:32:00.000000Z"),
        last_outcome: some("success"),
        last_file: some("twofold-backup-20240501T063200Z.json"),
        ..never.clone()
    };
    for backup in [never, failed, done] {
        all.push((Component("Backup"), v(&backup)));
    }
    for next in [Some("a:1".to_string()), None] {
        let batch = Reencryption {
            reencrypted: 3,
            undecipherable: vec![4],
            undecipherable_icons: vec!["x.png".into()],
            next,
        };
        all.push((Route("post", "/api/v1/system/reencrypt", "200"), v(&batch)));
    }
    for (route, text) in [
        (
            Route("patch", "/user/password", "200"),
            "Password successfully changed",
        ),
        (Route("get", "/user/logout", "200"), "signed out"),
        (
            Route("delete", "/user/sessions", "200"),
            "signed out everywhere",
        ),
        (
            Route("patch", "/api/v1/twofaccounts/withdraw", "200"),
            "accounts withdrawn",
        ),
        (
            Route("post", "/user/password/lost", "200"),
            "We have emailed your password reset link!",
        ),
        (Component("Error"), "not found"),
    ] {
        all.push((
            route,
            v(&Message {
                message: text.into(),
            }),
        ));
    }
    let error = |errors: Option<Value>, reason: Option<Value>| Error {
        message: "bad request".into(),
        errors: errors.map(|e| serde_json::from_value(e).unwrap()),
        reason,
    };
    all.push((Component("Error"), v(&error(None, Some(json!("conflict"))))));
    all.push((Component("BadRequest"), v(&error(None, Some(json!(["a"]))))));
    all.push((
        Component("BadRequest"),
        v(&error(None, Some(json!({"uri": "b"})))),
    ));
    all.push((
        Component("ValidationError"),
        v(&error(
            Some(json!({"uri": ["The uri field is required."]})),
            None,
        )),
    ));
    all
}

/// `Serialize` behind a reference of one type, so samples of every type go in one list. Each
/// sample also reads back as itself, from text and from a `Value` (the web app's way): the types
/// read key by key (`read_by_key!`) name their keys a second time, and a key there that differs
/// from the written one fails here.
mod erased {
    pub trait Serialize {
        fn to_value(&self) -> serde_json::Value;
    }
    impl<T> Serialize for T
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug,
    {
        fn to_value(&self) -> serde_json::Value {
            let value = serde_json::to_value(self).expect("serialisable");
            let text = value.to_string();
            assert_eq!(
                &serde_json::from_str::<T>(&text).expect("reads back"),
                self,
                "{text}"
            );
            assert_eq!(
                &serde_json::from_value::<T>(value.clone()).expect("reads back"),
                self
            );
            value
        }
    }
}

#[test]
fn every_resource_matches_the_openapi_document() {
    let validator = Validator::new();
    let failures: Vec<String> = samples()
        .iter()
        .flat_map(|(at, sample)| {
            let name = match at {
                Schema::Component(name) => (*name).to_string(),
                Schema::Route(method, path, status) => format!("{method} {path} {status}"),
            };
            validator
                .violations(at, sample)
                .into_iter()
                .map(move |e| format!("{name} {sample}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The document's components that are resources: each has a sample above. (Request bodies and
/// the export files, which `core::export` writes, are not resources of the contract.)
#[test]
fn every_component_has_a_sample() {
    let validator = Validator::new();
    let sampled: Vec<String> = samples()
        .iter()
        .filter_map(|(at, _)| match at {
            Schema::Component(name) => Some((*name).to_string()),
            Schema::Route(..) => None,
        })
        .collect();
    let not_resources = ["TwoFAccountStore", "Export", "ExportOtpauth"];
    let missing: Vec<&String> = validator.document["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !sampled.contains(k) && !not_resources.contains(&k.as_str()))
        .collect();
    assert!(missing.is_empty(), "no sample for {missing:?}");
}

/// The validator itself rejects what it must: a wrong type, a missing key, an extra key, a key
/// out of order, a broken pattern.
#[test]
fn the_validator_catches_drift() {
    let validator = Validator::new();
    let group = Schema::Component("Group");
    let bad = [
        json!({"id": "1", "name": "g", "show_in_chips": true, "twofaccounts_count": 0}),
        json!({"id": 1, "name": "g", "show_in_chips": true}),
        json!({"id": 1, "name": "g", "show_in_chips": true, "twofaccounts_count": 0, "x": 1}),
        json!({"name": "g", "id": 1, "show_in_chips": true, "twofaccounts_count": 0}),
    ];
    for value in bad {
        assert!(!validator.violations(&group, &value).is_empty(), "{value}");
    }
    let key = Schema::Route("get", "/user/offline-key", "200");
    assert!(
        !validator
            .violations(&key, &json!({"key": "short"}))
            .is_empty()
    );
    let otp = Schema::Component("Otp");
    let both = json!({"password": "1", "otp_type": "hotp", "counter": 1});
    assert!(validator.violations(&otp, &both).is_empty());
    assert!(
        !validator
            .violations(
                &otp,
                &json!({"password": "1", "otp_type": "totp", "counter": 1})
            )
            .is_empty()
    );
    let number = Number::from_f64(2.0).map(Value::Number).unwrap();
    assert!(has_type(&number, "integer"));
}
