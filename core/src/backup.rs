//! Automatic encrypted backups: a user's settings (schedule, destination, retention) as they are
//! read from a request and checked, when a backup is due, what the files are called and which
//! ones retention removes. The file itself is an Aegis encrypted vault
//! (`export::aegis_sealed`); the worker only stores, sends and lists.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::input::{laravel_boolean, laravel_integer};
use crate::validation::{ValidationErrors, messages};

/// How often a backup is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Schedule {
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
}

impl Schedule {
    /// The schedule's name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::Weekly => "weekly",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        match name {
            "daily" => Some(Self::Daily),
            "weekly" => Some(Self::Weekly),
            _ => None,
        }
    }

    /// Seconds between two backups.
    pub fn period(self) -> i64 {
        match self {
            Self::Daily => 86_400,
            Self::Weekly => 7 * 86_400,
        }
    }
}

/// The scheduled run comes every hour: a backup is due from half an hour before its exact time,
/// so that the time of day stays where it was instead of slipping an hour each period.
const SLACK: i64 = 30 * 60;

/// When the next backup is due, after one made (or tried) at `now`. A failed run waits for its
/// next period too, so a destination that stays down is not hammered every hour.
pub fn next_run(schedule: Schedule, now: i64) -> i64 {
    now + schedule.period() - SLACK
}

/// Where backups go, without its secret (a WebDAV password, an S3 secret key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Destination {
    /// The instance's own R2 bucket, under a prefix per user.
    R2,
    /// A WebDAV folder (its URL), with HTTP Basic authentication.
    Webdav {
        /// The folder's URL, ending with `/`.
        url: String,
        /// The user name.
        username: String,
    },
    /// An S3-compatible bucket, requests signed with AWS SigV4.
    S3 {
        /// The service's URL (`https://s3.eu-west-1.amazonaws.com`, a MinIO server...).
        endpoint: String,
        /// The region signed for.
        region: String,
        /// The bucket (addressed in the path).
        bucket: String,
        /// The access key id.
        access_key_id: String,
    },
}

/// Reads what the derived `Serialize` writes (`{"type": "s3", "endpoint": ...}`, stored in D1)
/// through a JSON value: the derived reader of an internally tagged enum buffers its input in
/// serde's generic `Content`, ≈ 14 KB of code in the worker for a row read once per backup.
impl<'de> Deserialize<'de> for Destination {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(deserializer)?;
        let text = |name: &'static str| match value.get(name) {
            Some(Value::String(text)) => Ok(text.clone()),
            _ => Err(D::Error::missing_field(name)),
        };
        match value.get("type").and_then(Value::as_str) {
            Some("r2") => Ok(Self::R2),
            Some("webdav") => Ok(Self::Webdav {
                url: text("url")?,
                username: text("username")?,
            }),
            Some("s3") => Ok(Self::S3 {
                endpoint: text("endpoint")?,
                region: text("region")?,
                bucket: text("bucket")?,
                access_key_id: text("access_key_id")?,
            }),
            _ => Err(D::Error::custom("not a backup destination")),
        }
    }
}

impl Destination {
    /// The destination's name in the API: `r2`, `webdav` or `s3`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::R2 => "r2",
            Self::Webdav { .. } => "webdav",
            Self::S3 { .. } => "s3",
        }
    }

    /// Whether it needs a secret.
    pub fn needs_secret(&self) -> bool {
        !matches!(self, Self::R2)
    }

    /// Where a stored secret would be sent: the kind and the server. A secret stays usable only
    /// while this is unchanged — pointing the destination elsewhere asks for it again, so that
    /// whoever holds a session cannot send the stored password to a server of theirs.
    fn secret_bound_to(&self) -> (&'static str, &str) {
        match self {
            Self::R2 => ("r2", ""),
            Self::Webdav { url, .. } => ("webdav", url),
            Self::S3 { endpoint, .. } => ("s3", endpoint),
        }
    }
}

/// The fewest and most backups kept.
pub const RETENTION: (i64, i64) = (1, 100);
/// The shortest backup password.
pub const MIN_PASSWORD: usize = 8;
/// The longest text field.
const MAX_TEXT: usize = 255;
/// The longest URL.
const MAX_URL: usize = 2048;

/// A user's backup settings as sent (`PUT /api/v1/backup`), checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Whether scheduled backups run (a backup can still be made on request).
    pub enabled: bool,
    /// How often.
    pub schedule: Schedule,
    /// How many backups are kept (the newest).
    pub retention: u32,
    /// Where they go.
    pub destination: Destination,
    /// A new secret for the destination, when one was sent.
    pub secret: Option<String>,
    /// A new backup password, when one was sent.
    pub password: Option<String>,
}

/// What is stored already, which makes some fields optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stored<'a> {
    /// The stored destination, if its secret is stored too.
    pub destination_with_secret: Option<&'a Destination>,
    /// Whether a backup password is set up.
    pub password: bool,
}

fn text(
    input: &Map<String, Value>,
    field: &str,
    required: bool,
    max: usize,
    errors: &mut ValidationErrors,
) -> Option<String> {
    match input.get(field) {
        None | Some(Value::Null) => {
            if required {
                errors.add(field, messages::required(field));
            }
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() && required => {
            errors.add(field, messages::required(field));
            None
        }
        Some(Value::String(s)) if s.chars().count() > max => {
            errors.add(field, messages::max_chars(field, max));
            None
        }
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => {
            errors.add(field, messages::string(field));
            None
        }
    }
}

/// A [`text`] that goes into a request's header or signature (user name, region, access key
/// id), where a control character would break the line or forge another header.
fn header_text(
    input: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let value = text(input, field, true, MAX_TEXT, errors)?;
    if value.contains(char::is_control) {
        errors.add(field, messages::no_control_characters(field));
        return None;
    }
    Some(value)
}

fn url(input: &Map<String, Value>, field: &str, errors: &mut ValidationErrors) -> Option<String> {
    let value = text(input, field, true, MAX_URL, errors)?;
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or_default());
    match host {
        // ASCII hosts only: the worker's URL parser carries no Unicode tables (an international
        // name is written in its xn-- form), and a host it cannot parse would fail every run.
        Some(host)
            if !host.is_empty()
                && host.is_ascii()
                && !host.contains('%')
                && !value.contains(char::is_whitespace) =>
        {
            Some(value)
        }
        _ => {
            errors.add(field, messages::url(field));
            None
        }
    }
}

fn retention(input: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<u32> {
    let field = "retention";
    match input
        .get(field)
        .filter(|v| !v.is_null())
        .map(laravel_integer)
    {
        None => errors.add(field, messages::required(field)),
        Some(Some(n)) if (RETENTION.0..=RETENTION.1).contains(&n) => return Some(n as u32),
        Some(Some(_)) => errors.add(field, messages::between(field, RETENTION.0, RETENTION.1)),
        Some(None) => errors.add(field, messages::integer(field)),
    }
    None
}

fn destination(input: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<Destination> {
    match text(input, "destination", true, MAX_TEXT, errors).as_deref() {
        Some("r2") => Some(Destination::R2),
        Some("webdav") => {
            let url = url(input, "webdav_url", errors);
            let username = header_text(input, "webdav_username", errors);
            url.zip(username).map(|(mut url, username)| {
                if !url.ends_with('/') {
                    url.push('/');
                }
                Destination::Webdav { url, username }
            })
        }
        Some("s3") => {
            let endpoint = url(input, "s3_endpoint", errors);
            let (region, bucket, key) = (
                header_text(input, "s3_region", errors),
                text(input, "s3_bucket", true, MAX_TEXT, errors),
                header_text(input, "s3_access_key_id", errors),
            );
            let (endpoint, region, bucket, access_key_id) = (endpoint?, region?, bucket?, key?);
            Some(Destination::S3 {
                endpoint: endpoint.trim_end_matches('/').into(),
                region,
                bucket,
                access_key_id,
            })
        }
        Some(_) => {
            errors.add("destination", messages::invalid_selection("destination"));
            None
        }
        None => None,
    }
}

/// The destination's new secret, if sent; required when none is stored for the same server.
fn secret(
    input: &Map<String, Value>,
    destination: Option<&Destination>,
    stored: Stored<'_>,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let field = match destination? {
        Destination::R2 => return None,
        Destination::Webdav { .. } => "webdav_password",
        Destination::S3 { .. } => "s3_secret_access_key",
    };
    let kept = stored
        .destination_with_secret
        .map(Destination::secret_bound_to)
        == destination.map(Destination::secret_bound_to);
    // Taken as sent: spaces at either end are part of a password.
    let given = match input.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() > MAX_TEXT => {
            errors.add(field, messages::max_chars(field, MAX_TEXT));
            None
        }
        Some(Value::String(s)) => Some(s.clone()).filter(|s| !s.is_empty()),
        Some(_) => {
            errors.add(field, messages::string(field));
            None
        }
    };
    if given.is_none() && !kept && !errors.has(field) {
        errors.add(field, messages::required(field));
    }
    given
}

/// The new backup password, if sent; required when none is set up.
fn password(
    input: &Map<String, Value>,
    stored: Stored<'_>,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let field = "password";
    match input.get(field) {
        None | Some(Value::Null) if !stored.password => {
            errors.add(field, messages::required(field));
        }
        None | Some(Value::Null) => {}
        Some(Value::String(p)) if p.chars().count() < MIN_PASSWORD => {
            errors.add(field, messages::min_chars(field, MIN_PASSWORD));
        }
        Some(Value::String(p)) if p.chars().count() > MAX_TEXT => {
            errors.add(field, messages::max_chars(field, MAX_TEXT));
        }
        Some(Value::String(p)) => return Some(p.clone()),
        Some(_) => errors.add(field, messages::string(field)),
    }
    None
}

impl Settings {
    /// Reads and checks a request's body against what is stored. A secret is required for WebDAV
    /// and S3 unless the stored one is for the same server; the password unless one is set up.
    pub fn parse(input: &Map<String, Value>, stored: Stored<'_>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let enabled = match input.get("enabled") {
            None | Some(Value::Null) => true,
            Some(v) => laravel_boolean(v).unwrap_or_else(|| {
                errors.add("enabled", messages::boolean("enabled"));
                true
            }),
        };
        let schedule = text(input, "schedule", true, MAX_TEXT, &mut errors).and_then(|name| {
            Schedule::parse(&name).or_else(|| {
                errors.add("schedule", messages::invalid_selection("schedule"));
                None
            })
        });
        let retention = retention(input, &mut errors);
        let destination = destination(input, &mut errors);
        let secret = secret(input, destination.as_ref(), stored, &mut errors);
        let password = password(input, stored, &mut errors);
        errors.into_result()?;
        match (schedule, retention, destination) {
            (Some(schedule), Some(retention), Some(destination)) => Ok(Self {
                enabled,
                schedule,
                retention,
                destination,
                secret,
                password,
            }),
            // Each missing value added its error above.
            _ => Err(ValidationErrors::single(
                "destination",
                messages::required("destination"),
            )),
        }
    }
}

/// How every backup file's name begins: only such files are ever pruned.
pub const FILE_PREFIX: &str = "twofold-backup-";
/// How every backup file's name ends.
const FILE_SUFFIX: &str = ".json";

/// The file name of a backup made at `now`: `twofold-backup-YYYYMMDDTHHMMSSZ.json`, so that
/// names sort as times do.
pub fn file_name(now: i64) -> String {
    alloc::format!("{FILE_PREFIX}{}{FILE_SUFFIX}", crate::sigv4::amz_date(now))
}

/// Whether `name` is exactly one of [`file_name`]'s: `twofold-backup-` and `\d{8}T\d{6}Z.json`,
/// nothing before or after (a key in another "folder" of a bucket is not ours).
fn is_backup(name: &str) -> bool {
    name.strip_prefix(FILE_PREFIX)
        .and_then(|rest| rest.strip_suffix(FILE_SUFFIX))
        .is_some_and(|stamp| {
            let b = stamp.as_bytes();
            b.len() == 16
                && b[8] == b'T'
                && b[15] == b'Z'
                && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
        })
}

/// The most names a listing yields: a server cannot make a run handle more.
pub const MAX_LISTED: usize = 1000;

/// Files deleted per run beyond the retention: a listing padded with names cannot make a run
/// delete without bound.
const MAX_EXTRA_DELETES: usize = 10;

/// The backups to delete so that only the newest `keep` remain, at most `keep` + 10 of them;
/// files not named exactly by [`file_name`] are never touched.
pub fn to_prune<'a>(names: &[&'a str], keep: u32) -> Vec<&'a str> {
    let mut ours: Vec<&str> = names.iter().copied().filter(|n| is_backup(n)).collect();
    ours.sort_unstable_by(|a, b| b.cmp(a));
    ours.dedup();
    let keep = keep as usize;
    ours.into_iter()
        .skip(keep)
        .take(keep + MAX_EXTRA_DELETES)
        .collect()
}

/// The texts of every `element` (matched by local name, any namespace prefix), at most
/// [`MAX_LISTED`]. Unreadable XML lists nothing.
fn texts_of(xml: &str, element: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut inside = false;
    for token in xmlparser::Tokenizer::from(xml) {
        match token {
            Ok(xmlparser::Token::ElementStart { local, .. }) => inside = local.as_str() == element,
            Ok(xmlparser::Token::Text { text }) if inside && texts.len() < MAX_LISTED => {
                texts.push(text.as_str().trim().into());
                inside = false;
            }
            Ok(_) => {}
            Err(_) => return Vec::new(),
        }
    }
    texts
}

/// The keys of an S3 `ListObjectsV2` answer, whole (a key under another prefix keeps it, so it
/// never passes for one of ours).
pub fn s3_keys(xml: &str) -> Vec<String> {
    texts_of(xml, "Key")
}

/// The files directly in the folder at path `folder` that a WebDAV `PROPFIND` (depth 1) answer
/// lists, percent-decoded: not the folder itself, nor its sub-folders (collections), nor
/// anything in them. Unreadable XML lists nothing.
pub fn webdav_files(xml: &str, folder: &str) -> Vec<String> {
    let decode = |path: &str| {
        percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned()
    };
    let folder = alloc::format!("{}/", decode(folder).trim_end_matches('/'));
    let mut files = Vec::new();
    let (mut href, mut collection, mut element) = (None::<String>, false, "");
    for token in xmlparser::Tokenizer::from(xml) {
        match token {
            Ok(xmlparser::Token::ElementStart { local, .. }) => {
                element = local.as_str();
                match element {
                    "response" => (href, collection) = (None, false),
                    "collection" => collection = true,
                    _ => {}
                }
            }
            Ok(xmlparser::Token::Text { text }) if element == "href" => {
                href = Some(text.as_str().trim().into());
                element = "";
            }
            Ok(xmlparser::Token::ElementEnd {
                end: xmlparser::ElementEnd::Close(_, local),
                ..
            }) if local.as_str() == "response" => {
                // An href is an absolute path or a whole URL: its path counts.
                let Some(href) = href.take() else { continue };
                let path = match href.split_once("://") {
                    Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
                    None => &href,
                };
                let path = decode(path);
                let name = path.strip_prefix(folder.as_str()).unwrap_or_default();
                if !collection
                    && !name.is_empty()
                    && !name.contains('/')
                    && files.len() < MAX_LISTED
                {
                    files.push(name.into());
                }
            }
            Ok(_) => {}
            Err(_) => return Vec::new(),
        }
    }
    files
}

/// The most a stored failure says, in characters.
pub const MAX_ERROR: usize = 300;

/// A failure's cause as stored for the user to read: one line, bounded.
pub fn error_text(cause: &str) -> String {
    let line: String = cause
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.chars().take(MAX_ERROR).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn fields(e: &ValidationErrors) -> Vec<&str> {
        e.fields().iter().map(|(f, _)| f.as_str()).collect()
    }

    /// A destination reads back as it was stored, each kind; anything else is refused.
    #[test]
    fn destinations_read_back_as_stored() {
        let all = [
            Destination::R2,
            Destination::Webdav {
                url: "https://dav.example/backups/".into(),
                username: "ann".into(),
            },
            Destination::S3 {
                endpoint: "https://s3.example".into(),
                region: "eu-west-1".into(),
                bucket: "vault".into(),
                access_key_id: "AKIA1".into(),
            },
        ];
        for destination in all {
            let stored = serde_json::to_string(&destination).unwrap();
            assert_eq!(
                serde_json::from_str::<Destination>(&stored).unwrap(),
                destination
            );
        }
        assert_eq!(
            serde_json::to_string(&Destination::Webdav {
                url: "u".into(),
                username: "n".into()
            })
            .unwrap(),
            r#"{"type":"webdav","url":"u","username":"n"}"#
        );
        for bad in [
            r#"{"type":"ftp"}"#,
            r#"{"url":"u","username":"n"}"#,
            r#"{"type":"webdav","url":"u"}"#,
            r#"{"type":"s3","endpoint":"e","region":"r","bucket":1,"access_key_id":"k"}"#,
            r#""r2""#,
        ] {
            assert!(serde_json::from_str::<Destination>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_a_first_setup() {
        let s = Settings::parse(
            &body(
                json!({"schedule": "weekly", "retention": "7", "destination": "webdav",
                "webdav_url": "https://dav.example/backups", "webdav_username": "me",
                "webdav_password": "secret", "password": "long enough"}),
            ),
            Stored::default(),
        )
        .unwrap();
        assert!(s.enabled);
        assert_eq!(s.schedule, Schedule::Weekly);
        assert_eq!(s.retention, 7);
        assert_eq!(
            s.destination,
            Destination::Webdav {
                url: "https://dav.example/backups/".into(),
                username: "me".into()
            }
        );
        assert_eq!(s.secret.as_deref(), Some("secret"));
        assert_eq!(s.password.as_deref(), Some("long enough"));
    }

    #[test]
    fn names_every_bad_field() {
        let e = Settings::parse(
            &body(json!({"enabled": "maybe", "schedule": "hourly", "retention": 0,
                "destination": "s3", "s3_endpoint": "ftp://x", "s3_region": 3, "password": "short"})),
            Stored::default(),
        )
        .unwrap_err();
        assert_eq!(
            fields(&e),
            [
                "enabled",
                "schedule",
                "retention",
                "s3_endpoint",
                "s3_region",
                "s3_bucket",
                "s3_access_key_id",
                "password"
            ]
        );
        let e = Settings::parse(&body(json!({})), Stored::default()).unwrap_err();
        assert_eq!(
            fields(&e),
            ["schedule", "retention", "destination", "password"]
        );
        // Hosts the worker cannot parse: international names go in their xn-- form.
        for url in ["https://bücher.example/b/", "https://%C3%BC.example/b/"] {
            let e = Settings::parse(
                &body(json!({"enabled": true, "schedule": "daily", "retention": 3,
                    "destination": "webdav", "webdav_url": url, "webdav_username": "me",
                    "password": "long enough"})),
                Stored::default(),
            )
            .unwrap_err();
            assert_eq!(fields(&e), ["webdav_url"], "{url}");
        }
        let e = Settings::parse(
            &body(json!({"schedule": "daily", "retention": 101,
            "destination": "ftp", "password": "long enough"})),
            Stored::default(),
        )
        .unwrap_err();
        assert_eq!(fields(&e), ["retention", "destination"]);
    }

    #[test]
    fn keeps_secrets_as_sent_and_refuses_control_characters_in_header_fields() {
        let s = Settings::parse(
            &body(
                json!({"schedule": "daily", "retention": 1, "destination": "s3",
                "s3_endpoint": "https://s3.example", "s3_region": "r", "s3_bucket": "b",
                "s3_access_key_id": "k", "s3_secret_access_key": " spaced secret\t",
                "password": "long enough"}),
            ),
            Stored::default(),
        )
        .unwrap();
        assert_eq!(s.secret.as_deref(), Some(" spaced secret\t"));
        let e = Settings::parse(
            &body(
                json!({"schedule": "daily", "retention": 1, "destination": "s3",
                "s3_endpoint": "https://s3.example", "s3_region": "r\r\nX-Evil: 1",
                "s3_bucket": "b", "s3_access_key_id": "k\u{0}", "s3_secret_access_key": "s",
                "password": "long enough"}),
            ),
            Stored::default(),
        )
        .unwrap_err();
        assert_eq!(fields(&e), ["s3_region", "s3_access_key_id"]);
        let e = Settings::parse(
            &body(
                json!({"schedule": "daily", "retention": 1, "destination": "webdav",
                "webdav_url": "https://dav.example/", "webdav_username": "me\nyou",
                "webdav_password": "p", "password": "long enough"}),
            ),
            Stored::default(),
        )
        .unwrap_err();
        assert_eq!(fields(&e), ["webdav_username"]);
    }

    /// A stored secret is kept while the server stays the same, asked again when it changes.
    #[test]
    fn a_stored_secret_stays_with_its_server() {
        let stored = Destination::Webdav {
            url: "https://dav.example/b/".into(),
            username: "me".into(),
        };
        let stored = Stored {
            destination_with_secret: Some(&stored),
            password: true,
        };
        let same = body(
            json!({"schedule": "daily", "retention": 3, "destination": "webdav",
            "webdav_url": "https://dav.example/b", "webdav_username": "other"}),
        );
        let s = Settings::parse(&same, stored).unwrap();
        assert_eq!((s.secret, s.password), (None, None));
        let moved = body(
            json!({"schedule": "daily", "retention": 3, "destination": "webdav",
            "webdav_url": "https://evil.example/b", "webdav_username": "me"}),
        );
        assert_eq!(
            fields(&Settings::parse(&moved, stored).unwrap_err()),
            ["webdav_password"]
        );
        let s3 = body(
            json!({"schedule": "daily", "retention": 3, "destination": "s3",
            "s3_endpoint": "https://dav.example/b", "s3_region": "r", "s3_bucket": "b",
            "s3_access_key_id": "k"}),
        );
        assert_eq!(
            fields(&Settings::parse(&s3, stored).unwrap_err()),
            ["s3_secret_access_key"]
        );
        let r2 = body(json!({"schedule": "daily", "retention": 3, "destination": "r2"}));
        assert_eq!(Settings::parse(&r2, stored).unwrap().secret, None);
    }

    #[test]
    fn retention_keeps_the_newest_of_ours() {
        let names = [
            file_name(3 * 86_400),
            file_name(86_400),
            "notes.txt".into(),
            file_name(2 * 86_400),
            "twofold-backup-evil.json".into(),
            "twofold-backup-1970010XT000000Z.json".into(),
            file_name(4 * 86_400),
        ];
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(file_name(86_400), "twofold-backup-19700102T000000Z.json");
        assert_eq!(to_prune(&names, 2), [names[3], names[1]]);
        assert!(to_prune(&names, 4).is_empty());
    }

    #[test]
    fn retention_touches_only_exact_names_and_deletes_a_bounded_number() {
        let names = [
            "twofold-backup-ZZZZZZZZZZZZZZZZ.json",
            "twofold-backup-20991231T000000Zx.json",
            "old/twofold-backup-20991231T000000Z.json",
            "twofold-backup-2099123100000000.json",
        ];
        assert!(to_prune(&names, 0).is_empty());
        let many: Vec<String> = (0..100).map(|d| file_name(d * 86_400)).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(to_prune(&many, 1).len(), 11);
    }

    #[test]
    fn lists_files_of_webdav_and_keys_of_s3_answers() {
        let dav = r#"<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">
            <D:response><D:href>/dav/backups/</D:href><D:propstat><D:prop>
            <D:resourcetype><D:collection/></D:resourcetype></D:prop></D:propstat></D:response>
            <D:response><D:href>http://h/dav/backups/twofold-backup-20240501T063200Z.json</D:href>
            <D:propstat><D:prop><D:displayname>x</D:displayname><D:resourcetype/></D:prop></D:propstat></D:response>
            <D:response><D:href>/dav/backups/twofold-backup-20000101T000000Z.json/</D:href><D:propstat><D:prop>
            <D:resourcetype><D:collection/></D:resourcetype></D:prop></D:propstat></D:response>
            <D:response><D:href>/dav/backups/old/twofold-backup-20000101T000000Z.json</D:href></D:response>
            <D:response><D:href>/dav/elsewhere/twofold-backup-20000101T000000Z.json</D:href></D:response>
            <D:response><D:href>/dav/backups/my%20notes.txt</D:href></D:response></D:multistatus>"#;
        assert_eq!(
            webdav_files(dav, "/dav/backups/"),
            ["twofold-backup-20240501T063200Z.json", "my notes.txt"]
        );
        assert_eq!(
            webdav_files(dav, "/dav/backups"),
            webdav_files(dav, "/dav/backups/")
        );
        let s3 = r#"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
            <Name>vault</Name><Contents><Key>twofold-backup-20240501T063200Z.json</Key>
            <Size>10</Size></Contents><Contents><Key>old/twofold-backup-20991231T000000Z.json</Key>
            </Contents></ListBucketResult>"#;
        assert_eq!(
            s3_keys(s3),
            [
                "twofold-backup-20240501T063200Z.json",
                "old/twofold-backup-20991231T000000Z.json"
            ]
        );
        assert!(webdav_files("<D:href>a</D:href><=", "/").is_empty());
        let padded = alloc::format!("<L>{}</L>", "<Key>k</Key>".repeat(MAX_LISTED + 5));
        assert_eq!(s3_keys(&padded).len(), MAX_LISTED);
    }

    #[test]
    fn runs_keep_their_time_of_day() {
        let now = 1_000_000;
        assert_eq!(next_run(Schedule::Daily, now), now + 86_400 - SLACK);
        // The hourly run after the due time is within the hour of the first.
        assert!(next_run(Schedule::Daily, now) + 3600 - now - 86_400 < 3600);
        assert_eq!(next_run(Schedule::Weekly, now) - now, 7 * 86_400 - SLACK);
    }

    #[test]
    fn errors_are_one_bounded_line() {
        assert_eq!(error_text("a\nb"), "a b");
        assert_eq!(error_text(&"x".repeat(1000)).len(), MAX_ERROR);
    }
}
