//! The two-factor account (2FAuth's `TwoFAccount`): creation rules from parameters or from a URI,
//! normalisation, Steam forcing, and code generation.

use alloc::string::{String, ToString};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::base32;
use crate::input::{laravel_integer, laravel_unsigned};
use crate::otp::{self, Algorithm};
use crate::secret::Secret;
use crate::uri::{self, ParsedUri, UriError, UriKind, UriParts};
use crate::validation::{ValidationErrors, messages};

/// Which request's rules apply to parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// `POST /twofaccounts` (and preview): lower-casing, defaults, random secret when absent.
    Store,
    /// `PUT /twofaccounts/{id}`: full replacement, `service`, `icon`, `secret`, `digits`,
    /// `algorithm` must be present.
    Update,
    /// `POST /twofaccounts/otp` parameters: as store, without lower-casing.
    Otp,
}

/// The kind of one-time password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OtpType {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard (5 characters, TOTP-like).
    Steamtotp,
}

impl OtpType {
    /// 2FAuth's name: `totp`, `hotp` or `steamtotp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Hotp => "hotp",
            Self::Steamtotp => "steamtotp",
        }
    }

    /// Parses an exact lower-case name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "totp" => Some(Self::Totp),
            "hotp" => Some(Self::Hotp),
            "steamtotp" => Some(Self::Steamtotp),
            _ => None,
        }
    }
}

pub use crate::limits::{MAX_COUNTER, MAX_PERIOD, MAX_TEXT};

/// A two-factor account's own data, decrypted, in 2FAuth's field names and JSON key order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFAccount {
    /// Kind of code.
    pub otp_type: OtpType,
    /// The account name (label); never empty.
    pub account: String,
    /// The issuer; `None` when unknown.
    pub service: Option<String>,
    /// Icon file name in the icon store.
    #[serde(default)]
    pub icon: Option<String>,
    /// Base32 secret, upper-cased and `=`-padded to a multiple of 8 (or undecipherable, as read
    /// from storage under a lost key).
    pub secret: Secret,
    /// Code length.
    pub digits: u32,
    /// HMAC algorithm.
    pub algorithm: Algorithm,
    /// TOTP/Steam period in seconds; `None` for HOTP.
    pub period: Option<u64>,
    /// HOTP counter (the next value to use); `None` for TOTP/Steam.
    pub counter: Option<u64>,
    /// The URI the account was created from, or the one generated at creation.
    #[serde(default)]
    pub legacy_uri: String,
}

/// A generated one-time password, serialized in 2FAuth's `Otp` shape and key order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Otp {
    /// TOTP and Steam: `{password, otp_type, generated_at, period, next_password}`.
    Timed {
        /// Code at `generated_at`.
        password: String,
        /// `totp` or `steamtotp`.
        otp_type: OtpType,
        /// Unix time of generation.
        generated_at: u64,
        /// Period in seconds.
        period: u64,
        /// Code two seconds into the next period.
        next_password: String,
    },
    /// HOTP: `{password, otp_type, counter}`, where `counter` is the value after increment.
    Counter {
        /// Code at the account's counter.
        password: String,
        /// Always `hotp`.
        otp_type: OtpType,
        /// The counter to use next.
        counter: u64,
    },
}

/// The `otp` object embedded in account resources: `{password, generated_at, next_password}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedOtp {
    /// Code at `generated_at`.
    pub password: String,
    /// Unix time of generation.
    pub generated_at: u64,
    /// Code two seconds into the next period.
    pub next_password: String,
}

/// Why a code could not be generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpError {
    /// The stored secret does not decode (2FAuth: 400 `not a valid base32 encoded secret`).
    InvalidSecret,
    /// The stored secret could not be decrypted (2FAuth: 400, a wrong `APP_KEY`).
    UndecipherableSecret,
}

impl OtpError {
    /// 2FAuth's message (its 400 answer).
    pub fn message(self) -> &'static str {
        match self {
            Self::InvalidSecret => "not a valid base32 encoded secret",
            Self::UndecipherableSecret => crate::messages::UNDECIPHERABLE,
        }
    }
}

impl core::fmt::Display for OtpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for OtpError {}

impl TwoFAccount {
    /// The secret's key bytes.
    fn key(&self) -> Result<alloc::vec::Vec<u8>, OtpError> {
        let text = self
            .secret
            .readable()
            .ok_or(OtpError::UndecipherableSecret)?;
        base32::decode(text).map_err(|_| OtpError::InvalidSecret)
    }

    /// Whether the account can give codes at all (its secret deciphered and base32), checked
    /// before anything is logged or counted.
    pub fn check_usable(&self) -> Result<(), OtpError> {
        self.key().map(drop)
    }

    fn period(&self) -> u64 {
        match self.otp_type {
            OtpType::Steamtotp => otp::STEAM_PERIOD,
            _ => self.period.unwrap_or(30).max(1),
        }
    }

    /// The secret made ready for this account's codes (Steam's are HMAC-SHA-1 whatever is stored).
    fn code_key(&self) -> Result<otp::Key, OtpError> {
        let algorithm = match self.otp_type {
            OtpType::Steamtotp => Algorithm::Sha1,
            _ => self.algorithm,
        };
        Ok(otp::Key::new(&self.key()?, algorithm))
    }

    fn code_at(&self, key: &otp::Key, time: u64) -> String {
        match self.otp_type {
            OtpType::Steamtotp => key.steam(time),
            _ => key.code(time / self.period(), self.digits),
        }
    }

    /// Generates the account's password at Unix time `now`.
    ///
    /// For HOTP the code uses the stored counter and the result carries `counter + 1`, which the
    /// caller must persist for a stored account.
    pub fn otp(&self, now: u64) -> Result<Otp, OtpError> {
        let key = self.code_key()?;
        Ok(match self.otp_type {
            OtpType::Hotp => {
                let counter = self.counter.unwrap_or(0);
                Otp::Counter {
                    password: key.code(counter, self.digits),
                    otp_type: OtpType::Hotp,
                    counter: counter.wrapping_add(1),
                }
            }
            _ => Otp::Timed {
                password: self.code_at(&key, now),
                otp_type: self.otp_type,
                generated_at: now,
                period: self.period(),
                next_password: self.code_at(&key, otp::next_time(now, self.period())),
            },
        })
    }

    /// The `otp` object for lists; `None` for HOTP, whose counter a listing must never move.
    pub fn embedded_otp(&self, now: u64) -> Result<Option<EmbeddedOtp>, OtpError> {
        if self.otp_type == OtpType::Hotp {
            return Ok(None);
        }
        let key = self.code_key()?;
        Ok(Some(EmbeddedOtp {
            password: self.code_at(&key, now),
            generated_at: now,
            next_password: self.code_at(&key, otp::next_time(now, self.period())),
        }))
    }

    /// The provisioning URI regenerated from the current fields (2FAuth's `getURI`).
    pub fn uri(&self) -> String {
        uri::generate(&UriParts {
            hotp: self.otp_type == OtpType::Hotp,
            issuer: self.service.as_deref(),
            label: &self.account,
            secret: self.secret.shown(),
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
            counter: self.counter,
        })
    }

    /// Applies 2FAuth's Steam rule: a `steamtotp` type or a service named `steam` (any case)
    /// forces `steamtotp`, service `Steam`, 5 digits, SHA-1, period 30, no counter.
    fn force_steam_when_due(&mut self) {
        let steam_service = self
            .service
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("steam"));
        if self.otp_type == OtpType::Steamtotp || steam_service {
            self.otp_type = OtpType::Steamtotp;
            self.service = Some("Steam".to_string());
            self.digits = otp::STEAM_DIGITS;
            self.algorithm = Algorithm::Sha1;
            self.period = Some(otp::STEAM_PERIOD);
            self.counter = None;
        }
    }

    /// Builds an account from an otpauth URI (`TwoFAccountUriRequest` + URI parsing).
    ///
    /// `custom_otp` may only be `steamtotp` (case-insensitive). Errors use 2FAuth's keys: `uri`,
    /// `custom_otp`, or `label` for an empty label.
    pub fn from_uri(
        uri: Option<&Value>,
        custom_otp: Option<&Value>,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let uri = match uri {
            None | Some(Value::Null) => {
                errors.add("uri", messages::required("uri"));
                None
            }
            Some(Value::String(s)) => {
                let matches = s.get(..15).is_some_and(|head| {
                    let head = head.to_ascii_lowercase();
                    head == "otpauth://totp/" || head == "otpauth://hotp/"
                });
                if !matches {
                    errors.add("uri", messages::otpauth_uri("uri"));
                }
                Some(s.as_str())
            }
            Some(_) => {
                errors.add("uri", messages::string("uri"));
                None
            }
        };
        let steam = match custom_otp {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) if s.eq_ignore_ascii_case("steamtotp") => true,
            Some(Value::String(_)) => {
                errors.add("custom_otp", messages::invalid_selection("custom_otp"));
                false
            }
            Some(_) => {
                errors.add("custom_otp", messages::string("custom_otp"));
                false
            }
        };
        errors.clone().into_result()?;
        let raw = uri.unwrap_or_default();
        let parsed = uri::parse(raw, false).map_err(|e| match e {
            UriError::Invalid => ValidationErrors::single("uri", messages::otpauth_uri("uri")),
            UriError::MissingLabel => ValidationErrors::single("label", messages::URI_LABEL),
        })?;
        Ok(Self::from_parsed(parsed, steam, raw.to_string()))
    }

    /// Builds an account from a parsed URI; `force_steam` is `custom_otp=steamtotp`.
    pub fn from_parsed(parsed: ParsedUri, force_steam: bool, legacy_uri: String) -> Self {
        let otp_type = match parsed.kind {
            UriKind::Totp => OtpType::Totp,
            UriKind::Hotp => OtpType::Hotp,
            UriKind::Steam => OtpType::Steamtotp,
        };
        let mut account = Self {
            otp_type: if force_steam {
                OtpType::Steamtotp
            } else {
                otp_type
            },
            account: parsed.label,
            service: parsed.issuer,
            icon: None,
            secret: base32::pad(&parsed.secret).into(),
            digits: parsed.digits,
            algorithm: parsed.algorithm,
            period: parsed.period,
            counter: parsed.counter,
            legacy_uri,
        };
        account.force_steam_when_due();
        account
    }

    /// Builds an account from request parameters under `rules` (`TwoFAccountStoreRequest`,
    /// `TwoFAccountUpdateRequest`, or the parameter mode of `POST /twofaccounts/otp`).
    ///
    /// `body` must already be normalised ([`crate::input::normalize`]). When no `secret` key is
    /// present (store and otp only), `random_secret` supplies 64 random bytes, as 2FAuth does.
    pub fn from_params(
        body: &Map<String, Value>,
        rules: Rules,
        random_secret: impl FnOnce() -> [u8; 64],
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let update = rules == Rules::Update;
        // Update is a full replacement: these keys must be sent, even as null.
        for field in ["service", "icon", "secret", "digits", "algorithm"] {
            if update && !body.contains_key(field) {
                errors.add(field, messages::present(field));
            }
        }
        // Store and update lower-case these before validating; the otp route does not.
        let case = |s: &str| {
            if rules == Rules::Otp {
                s.to_string()
            } else {
                s.to_ascii_lowercase()
            }
        };
        let service = optional_label(body, "service", &mut errors);
        let account = required_label(body, "account", &mut errors);
        let icon = optional_string(body, "icon", &mut errors);
        let otp_type = otp_type_param(body, case, &mut errors);
        let secret = secret_param(body, &mut errors);
        let digits = digits_param(body, update, &mut errors);
        let algorithm = algorithm_param(body, update, case, &mut errors);
        let period = optional_integer(body, "period", &mut errors, |v| match v {
            ..1 => Err(messages::min("period", 1)),
            p if p > MAX_PERIOD as i64 => Err(messages::max_number("period", MAX_PERIOD)),
            p => Ok(p),
        });
        let counter = counter_param(body, &mut errors);
        errors.into_result()?;
        // Every branch that leaves these empty has recorded an error above.
        let (Some(otp_type), Some(account)) = (otp_type, account) else {
            return Err(ValidationErrors::single(
                "otp_type",
                messages::required("otp_type"),
            ));
        };
        let secret = Secret::from(secret.unwrap_or_else(|| base32::encode(&random_secret())));
        let mut out = Self {
            otp_type,
            account,
            service,
            icon,
            secret,
            digits: digits.map_or(6, |d| d as u32),
            algorithm: algorithm.unwrap_or(Algorithm::Sha1),
            period: match otp_type {
                OtpType::Hotp => None,
                _ => Some(period.map_or(30, |p| p as u64)),
            },
            counter: match otp_type {
                OtpType::Hotp => Some(counter.unwrap_or(0)),
                _ => None,
            },
            legacy_uri: String::new(),
        };
        out.force_steam_when_due();
        out.legacy_uri = out.uri();
        Ok(out)
    }
}

/// `otp_type`: required, one of the supported types (after `case`).
fn otp_type_param(
    body: &Map<String, Value>,
    case: impl Fn(&str) -> String,
    errors: &mut ValidationErrors,
) -> Option<OtpType> {
    match body.get("otp_type") {
        None | Some(Value::Null) => {
            errors.add("otp_type", messages::required("otp_type"));
            None
        }
        Some(value) => one_of(
            value,
            |s| OtpType::parse(&case(s)),
            errors,
            "otp_type",
            || messages::not_supported("otp_type"),
        ),
    }
}

/// A field whose value must name one of a few choices: what `parse` makes of its text, else
/// `refusal` recorded under `field` (for a value of any other JSON type too).
fn one_of<T>(
    value: &Value,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut ValidationErrors,
    field: &'static str,
    refusal: impl Fn() -> String,
) -> Option<T> {
    let chosen = value.as_str().and_then(parse);
    if chosen.is_none() {
        errors.add(field, refusal());
    }
    chosen
}

/// `secret`: a base32 string of at most `MAX_TEXT` characters, padded; absent is `None`.
fn secret_param(body: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<String> {
    match body.get("secret") {
        None => None,
        Some(Value::String(s)) if s.len() > MAX_TEXT => {
            errors.add("secret", messages::max_chars("secret", MAX_TEXT));
            None
        }
        Some(Value::String(s)) if base32::is_valid(s) => Some(base32::pad(s)),
        Some(Value::String(_)) => {
            errors.add("secret", messages::base32("secret"));
            None
        }
        Some(_) => {
            errors.add("secret", messages::string("secret"));
            None
        }
    }
}

/// `digits`: 5 to 10; null only outside an update.
fn digits_param(
    body: &Map<String, Value>,
    update: bool,
    errors: &mut ValidationErrors,
) -> Option<i64> {
    match (update, body.get("digits")) {
        (true, Some(Value::Null)) => {
            errors.add("digits", messages::integer("digits"));
            None
        }
        _ => optional_integer(body, "digits", errors, |v| {
            (5..=10)
                .contains(&v)
                .then_some(v)
                .ok_or_else(|| messages::between("digits", 5, 10))
        }),
    }
}

/// `algorithm`: one of the supported names, in the case `case` gives; null only outside an update.
fn algorithm_param(
    body: &Map<String, Value>,
    update: bool,
    case: impl Fn(&str) -> String,
    errors: &mut ValidationErrors,
) -> Option<Algorithm> {
    match body.get("algorithm") {
        None => None,
        Some(Value::Null) if !update => None,
        Some(value) => one_of(
            value,
            |s| Algorithm::parse(s).filter(|a| a.as_str() == case(s)),
            errors,
            "algorithm",
            || messages::invalid_selection("algorithm"),
        ),
    }
}

/// `counter`: an unsigned integer as Laravel reads one, at most `MAX_COUNTER`; null is `None`.
fn counter_param(body: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<u64> {
    match body.get("counter") {
        None | Some(Value::Null) => None,
        Some(v) => match laravel_unsigned(v) {
            Some(c) if c <= MAX_COUNTER => Some(c),
            Some(_) => {
                errors.add("counter", messages::integer("counter"));
                None
            }
            None if laravel_integer(v).is_some() => {
                errors.add("counter", messages::min("counter", 0));
                None
            }
            None => {
                errors.add("counter", messages::integer("counter"));
                None
            }
        },
    }
}

fn optional_string(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() > MAX_TEXT => {
            errors.add(field, messages::max_chars(field, MAX_TEXT));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.add(field, messages::string(field));
            None
        }
    }
}

fn optional_label(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let value = optional_string(body, field, errors)?;
    if value.contains(':') {
        errors.add(field, messages::no_colon(field));
        return None;
    }
    Some(value)
}

fn required_label(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    if matches!(body.get(field), None | Some(Value::Null)) {
        errors.add(field, messages::required(field));
        return None;
    }
    optional_label(body, field, errors)
}

fn optional_integer(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
    rule: impl Fn(i64) -> Result<i64, String>,
) -> Option<i64> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(v) => match laravel_integer(v).map(rule) {
            Some(Ok(v)) => Some(v),
            Some(Err(message)) => {
                errors.add(field, message);
                None
            }
            None => {
                errors.add(field, messages::integer(field));
                None
            }
        },
    }
}

/// A code as the web app shows it under the `formatPassword` preference: `formatPasswordBy` 2 in
/// pairs, 3 in trios, 0.5 in two halves (the first one the longer), separated by spaces.
pub fn format_password(password: &str, by: f64) -> String {
    let chars: alloc::vec::Vec<char> = password.chars().collect();
    let groups: alloc::vec::Vec<String> = if by == 0.5 {
        let (first, second) = chars.split_at(chars.len().div_ceil(2));
        [first, second]
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| g.iter().collect())
            .collect()
    } else if by >= 1.0 {
        chars
            .chunks(by as usize)
            .map(|g| g.iter().collect())
            .collect()
    } else {
        return String::from(password);
    };
    groups.join(" ")
}

/// An account's own fields, as 2FAuth's JSON export holds them and a create request takes them:
/// what moves from one instance (or app) to another.
pub const PORTABLE_FIELDS: [&str; 8] = [
    "otp_type",
    "service",
    "account",
    "secret",
    "digits",
    "algorithm",
    "period",
    "counter",
];

/// Whether an account matches a search: the query, ignoring case, in its service or account.
pub fn matches_search(account: &TwoFAccount, query: &str) -> bool {
    let query = crate::case::to_lowercase(query.trim());
    query.is_empty()
        || crate::case::to_lowercase(&account.account).contains(&query)
        || account
            .service
            .as_deref()
            .is_some_and(|s| crate::case::to_lowercase(s).contains(&query))
}

/// A Latin letter without its accent (`é` → `e`, `Å` → `A`); other characters unchanged.
fn without_accent(c: char) -> char {
    match c {
        'À'..='Å' => 'A',
        'à'..='å' => 'a',
        'Ç' => 'C',
        'ç' => 'c',
        'È'..='Ë' => 'E',
        'è'..='ë' => 'e',
        'Ì'..='Ï' => 'I',
        'ì'..='ï' => 'i',
        'Ñ' => 'N',
        'ñ' => 'n',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ò'..='ö' | 'ø' => 'o',
        'Ù'..='Ü' => 'U',
        'ù'..='ü' => 'u',
        'Ý' => 'Y',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// The key of 2FAuth's A→Z sort (`sortCaseSensitive`): accents set aside, and case too unless
/// `case_sensitive`, where capitals come first as in a byte comparison.
pub fn sort_key(text: &str, case_sensitive: bool) -> String {
    let plain = text.chars().map(without_accent);
    if case_sensitive {
        plain.collect()
    } else {
        plain.flat_map(char::to_lowercase).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_sort_key_sets_accents_aside_and_case_when_asked() {
        let mut names = ["zeta", "Éole", "alpha", "Beta", "eole"];
        names.sort_by_key(|n| sort_key(n, false));
        assert_eq!(names, ["alpha", "Beta", "Éole", "eole", "zeta"]);
        names.sort_by_key(|n| sort_key(n, true));
        assert_eq!(names, ["Beta", "Éole", "alpha", "eole", "zeta"]);
    }

    const SECRET: &str = "A4GRFHVVRBGY7UIW";

    fn params(v: Value) -> Result<TwoFAccount, ValidationErrors> {
        let Value::Object(map) = v else { panic!() };
        TwoFAccount::from_params(&map, Rules::Store, || [7u8; 64])
    }

    #[test]
    fn passwords_are_formatted_as_the_preference_says() {
        assert_eq!(format_password("123456", 0.5), "123 456");
        assert_eq!(format_password("1234567", 0.5), "1234 567");
        assert_eq!(format_password("12345678", 2.0), "12 34 56 78");
        assert_eq!(format_password("1234567", 3.0), "123 456 7");
        assert_eq!(format_password("RP245", 0.5), "RP2 45");
        assert_eq!(format_password("123456", 0.0), "123456");
    }

    #[test]
    fn search_looks_at_service_and_account() {
        let a = TwoFAccount::from_uri(
            Some(&Value::from(
                "otpauth://totp/GitHub:jane@example.com?secret=A4GRFHVVRBGY7UIW",
            )),
            None,
        )
        .unwrap();
        assert!(matches_search(&a, "git"));
        assert!(matches_search(&a, "JANE"));
        assert!(matches_search(&a, " "));
        assert!(!matches_search(&a, "gitlab"));
    }

    #[test]
    fn full_custom_uri_gives_the_fields_of_3_1() {
        let uri = "otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=sha256";
        let a = TwoFAccount::from_uri(Some(&json!(uri)), None).unwrap();
        assert_eq!(a.otp_type, OtpType::Totp);
        assert_eq!(
            (a.service.as_deref(), a.account.as_str()),
            (Some("service"), "account")
        );
        assert_eq!(
            (a.secret.shown(), a.digits, a.algorithm),
            (SECRET, 7, Algorithm::Sha256)
        );
        assert_eq!((a.period, a.counter), (Some(40), None));
        assert_eq!(a.legacy_uri, uri);
    }

    #[test]
    fn steam_is_forced_by_issuer_or_custom_otp() {
        let a = TwoFAccount::from_uri(
            Some(&json!("otpauth://totp/Steam:account?secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE&issuer=Steam&digits=5&period=30&algorithm=sha1")),
            None,
        )
        .unwrap();
        assert_eq!(a.otp_type, OtpType::Steamtotp);
        let b = TwoFAccount::from_uri(
            Some(&json!(
                "otpauth://totp/x:account?secret=A4GRFHVVRBGY7UIW&digits=8&algorithm=sha512"
            )),
            Some(&json!("SteamTotp")),
        )
        .unwrap();
        assert_eq!(b.otp_type, OtpType::Steamtotp);
        assert_eq!(
            (b.service.as_deref(), b.digits, b.algorithm, b.period),
            (Some("Steam"), 5, Algorithm::Sha1, Some(30))
        );
        let c = params(json!({"account": "a", "otp_type": "totp", "service": "STEAM", "secret": SECRET, "digits": 8})).unwrap();
        assert_eq!((c.otp_type, c.digits), (OtpType::Steamtotp, 5));
    }

    #[test]
    fn uri_errors_use_2fauth_keys() {
        let e = TwoFAccount::from_uri(None, None).unwrap_err();
        assert_eq!(e.message(), "The uri field is required.");
        let e = TwoFAccount::from_uri(
            Some(&json!("otpauth://Xotp/account?secret=A4GRFHVVRBGY7UIW")),
            None,
        )
        .unwrap_err();
        assert_eq!(e.message(), "The uri field is not a valid otpauth uri.");
        let e = TwoFAccount::from_uri(
            Some(&json!("otpauth://totp/?secret=A4GRFHVVRBGY7UIW")),
            None,
        )
        .unwrap_err();
        assert!(e.has("label"));
        let e = TwoFAccount::from_uri(Some(&json!(12)), Some(&json!("hotp"))).unwrap_err();
        assert!(e.has("uri") && e.has("custom_otp"));
    }

    #[test]
    fn parameters_get_defaults_and_padding() {
        let a = params(json!({"account": "account", "otp_type": "TOTP", "secret": "gjtgc5luna"}))
            .unwrap();
        assert_eq!(a.secret, "GJTGC5LUNA======");
        assert_eq!(
            (a.digits, a.algorithm, a.period, a.counter),
            (6, Algorithm::Sha1, Some(30), None)
        );
        assert_eq!(a.legacy_uri, "otpauth://totp/account?secret=GJTGC5LUNA");
        let h = params(
            json!({"account": "account", "otp_type": "hotp", "secret": SECRET, "period": 40}),
        )
        .unwrap();
        assert_eq!((h.period, h.counter), (None, Some(0)));
    }

    #[test]
    fn missing_secret_is_random_and_long() {
        let a = params(json!({"account": "account", "otp_type": "totp"})).unwrap();
        let secret = a.secret.shown();
        assert_eq!(secret.len(), 104);
        assert_eq!(secret.trim_end_matches('=').len(), 103);
        assert_eq!(base32::decode(secret).unwrap(), [7u8; 64]);
    }

    #[test]
    fn parameter_errors() {
        let e = params(json!({})).unwrap_err();
        assert_eq!(
            e.message(),
            "The account field is required. (and 1 more error)"
        );
        let e = params(
            json!({"account": "a:b", "service": "s:t", "otp_type": "xotp", "secret": null,
            "digits": 4, "algorithm": "sha3", "period": 0, "counter": -1}),
        )
        .unwrap_err();
        let fields: alloc::vec::Vec<&str> = e.fields().iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "service",
                "account",
                "otp_type",
                "secret",
                "digits",
                "algorithm",
                "period",
                "counter"
            ]
        );
        assert_eq!(e.fields()[3].1[0], "The secret field must be a string.");
        assert_eq!(
            e.fields()[4].1[0],
            "The digits field must be between 5 and 10."
        );
        let e = params(
            json!({"account": "a", "otp_type": "hotp", "counter": 9_223_372_036_854_775_808u64}),
        )
        .unwrap_err();
        assert_eq!(e.message(), "The counter field must be an integer.");
        let max = params(json!({"account": "a", "otp_type": "hotp", "counter": i64::MAX})).unwrap();
        assert_eq!(max.counter, Some(MAX_COUNTER));
        let e = params(json!({"account": "a", "otp_type": "totp", "secret": "1.0"})).unwrap_err();
        assert_eq!(
            e.message(),
            "The secret field must be a base32 encoded string."
        );
        let e = params(json!({"account": "a", "otp_type": "totp", "digits": "abc", "secret": 5}))
            .unwrap_err();
        assert_eq!(
            e.message(),
            "The secret field must be a string. (and 1 more error)"
        );
    }

    #[test]
    fn otp_shapes_and_values() {
        let uri = "otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=sha256";
        let a = TwoFAccount::from_uri(Some(&json!(uri)), None).unwrap();
        let otp = a.otp(1234567890).unwrap();
        assert_eq!(
            serde_json::to_string(&otp).unwrap(),
            r#"{"password":"0982676","otp_type":"totp","generated_at":1234567890,"period":40,"next_password":"#.to_string()
                + &alloc::format!("{:?}", otp::totp(&base32::decode(SECRET).unwrap(), otp::next_time(1234567890, 40), 40, 7, Algorithm::Sha256))
                + "}"
        );
        let h = TwoFAccount::from_uri(
            Some(&json!(
                "otpauth://hotp/account?secret=A4GRFHVVRBGY7UIW&counter=5"
            )),
            None,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&h.otp(0).unwrap()).unwrap(),
            r#"{"password":"866384","otp_type":"hotp","counter":6}"#
        );
        assert_eq!(h.embedded_otp(0).unwrap(), None);
        let e = a.embedded_otp(0).unwrap().unwrap();
        assert_eq!((e.password.as_str(), e.generated_at), ("4076523", 0));
    }

    #[test]
    fn bounds_keep_rows_storable() {
        let long = "x".repeat(MAX_TEXT + 1);
        let e = params(json!({"account": long, "otp_type": "totp", "secret": SECRET})).unwrap_err();
        assert_eq!(
            e.message(),
            "The account field must not be greater than 1000 characters."
        );
        let e = params(json!({"account": "a", "otp_type": "totp", "secret": "A".repeat(1001)}))
            .unwrap_err();
        assert!(e.has("secret"));
        let e =
            params(json!({"account": "a", "otp_type": "totp", "period": "9223372036854775807"}))
                .unwrap_err();
        assert_eq!(
            e.message(),
            "The period field must not be greater than 4294967295."
        );
        assert_eq!(
            params(json!({"account": "a", "otp_type": "totp", "period": 4294967295u64}))
                .unwrap()
                .period,
            Some(MAX_PERIOD)
        );
        let uri = "otpauth://totp/a?secret=A4GRFHVVRBGY7UIW&period=4294967296";
        assert!(TwoFAccount::from_uri(Some(&json!(uri)), None).is_err());
        let uri = alloc::format!(
            "otpauth://totp/{}?secret=A4GRFHVVRBGY7UIW",
            "x".repeat(1001)
        );
        assert!(TwoFAccount::from_uri(Some(&json!(uri)), None).is_err());
    }

    #[test]
    fn update_is_a_full_replacement() {
        let update = |v: Value| match v {
            Value::Object(m) => TwoFAccount::from_params(&m, Rules::Update, || [0; 64]),
            _ => unreachable!(),
        };
        let e = update(json!({"account": "a", "otp_type": "totp"})).unwrap_err();
        let fields: alloc::vec::Vec<&str> = e.fields().iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["service", "icon", "secret", "digits", "algorithm"]);
        assert_eq!(
            e.message(),
            "The service field must be present. (and 4 more errors)"
        );
        let e = update(json!({"account": "a", "otp_type": "totp", "service": null, "icon": null, "secret": SECRET, "digits": null, "algorithm": null})).unwrap_err();
        assert!(e.has("digits") && e.has("algorithm"));
        let ok = update(json!({"account": "a", "otp_type": "HOTP", "service": null, "icon": null, "secret": SECRET, "digits": 8, "algorithm": "SHA512", "counter": 3})).unwrap();
        assert_eq!(
            (ok.otp_type, ok.digits, ok.algorithm, ok.counter, ok.period),
            (OtpType::Hotp, 8, Algorithm::Sha512, Some(3), None)
        );
    }

    #[test]
    fn otp_rules_do_not_lower_case() {
        let otp = |v: Value| match v {
            Value::Object(m) => TwoFAccount::from_params(&m, Rules::Otp, || [0; 64]),
            _ => unreachable!(),
        };
        assert!(
            otp(json!({"account": "a", "otp_type": "TOTP", "secret": SECRET}))
                .unwrap_err()
                .has("otp_type")
        );
        assert!(
            otp(json!({"account": "a", "otp_type": "totp", "secret": SECRET, "algorithm": "SHA1"}))
                .unwrap_err()
                .has("algorithm")
        );
        assert!(
            otp(json!({"account": "a", "otp_type": "totp", "secret": SECRET, "algorithm": "sha1"}))
                .is_ok()
        );
    }

    #[test]
    fn regenerated_uri_matches_4_6() {
        let s = params(json!({"account": "account", "otp_type": "steamtotp", "secret": "XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE"})).unwrap();
        assert_eq!(
            s.uri(),
            "otpauth://totp/Steam%3Aaccount?digits=5&issuer=Steam&secret=XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE"
        );
    }

    #[test]
    fn otp_errors_read_as_2fauth_words_them() {
        let mut a = params(json!({"account": "a", "otp_type": "totp", "secret": SECRET})).unwrap();
        a.secret = Secret::Indecipherable;
        let lost = a.otp(0).unwrap_err();
        assert_eq!(lost, OtpError::UndecipherableSecret);
        assert_eq!(a.check_usable(), Err(lost));
        assert!(
            lost.to_string()
                .starts_with("The secret cannot be deciphered.")
        );
        a.secret = Secret::from("1!");
        assert_eq!(
            a.check_usable().unwrap_err().to_string(),
            "not a valid base32 encoded secret"
        );
    }
}
