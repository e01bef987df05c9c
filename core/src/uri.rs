//! `otpauth://` provisioning URIs: parsing as 2FAuth parses them, and generation as it generates them.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::base32;
use crate::otp::{Algorithm, MAX_DIGITS};

/// Why a URI was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriError {
    /// Not an `otpauth://totp|hotp/...?secret=...` URI with usable parameters.
    Invalid,
    /// The label (account name) is empty.
    MissingLabel,
}

impl core::fmt::Display for UriError {
    /// 2FAuth's validation messages.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Invalid => "The uri field is not a valid otpauth uri.",
            Self::MissingLabel => crate::messages::URI_LABEL,
        })
    }
}

impl core::error::Error for UriError {}

/// The host of an otpauth URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriKind {
    /// `otpauth://totp/`.
    Totp,
    /// `otpauth://hotp/`.
    Hotp,
    /// `otpauth://steam/` (only plain-text imports use it).
    Steam,
}

/// The content of a parsed otpauth URI, before 2FAuth's account rules apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUri {
    /// The URI host.
    pub kind: UriKind,
    /// `issuer` parameter, else the label prefix before `:`.
    pub issuer: Option<String>,
    /// The label after any `issuer:` prefix.
    pub label: String,
    /// The secret, upper-cased, without `=` padding.
    pub secret: String,
    /// `algorithm` parameter (sha1 when absent).
    pub algorithm: Algorithm,
    /// `digits` parameter (6 when absent).
    pub digits: u32,
    /// `period` parameter for TOTP (30 when absent).
    pub period: Option<u64>,
    /// `counter` parameter for HOTP (0 when absent).
    pub counter: Option<u64>,
}

/// rawurlencode's unreserved set: everything but `A-Z a-z 0-9 - _ . ~` is escaped.
const RAW_URL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn decode_path(raw: &str) -> Result<String, UriError> {
    percent_decode_str(raw)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| UriError::Invalid)
}

/// PHP `parse_str` decoding of one query component: `+` is a space, then percent-decoding.
fn decode_query_part(raw: &str) -> Result<String, UriError> {
    let spaced = raw.replace('+', " ");
    decode_path(&spaced)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn positive(raw: &str) -> Result<u64, UriError> {
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or(UriError::Invalid)
}

/// Parses an otpauth URI the way 2FAuth does (otphp's parsing after 2FAuth's own pre-processing).
///
/// `#` is first escaped (Azure AD labels contain `#EXT#`); the host must be `totp` or `hotp`
/// (`steam` too when `allow_steam_host`, for plain-text imports); the query must carry a base32
/// `secret`; the `issuer` parameter wins over the label prefix. Stricter than 2FAuth on purpose:
/// unknown algorithms, more than 10 digits and non-base32 secrets are refused here rather than
/// stored and failing later.
pub fn parse(uri: &str, allow_steam_host: bool) -> Result<ParsedUri, UriError> {
    let uri = uri.trim().replace('#', "%23");
    let rest = strip_prefix_ignore_case(&uri, "otpauth://").ok_or(UriError::Invalid)?;
    let (host, rest) = rest.split_once('/').ok_or(UriError::Invalid)?;
    let kind = match host.to_ascii_lowercase().as_str() {
        "totp" => UriKind::Totp,
        "hotp" => UriKind::Hotp,
        "steam" if allow_steam_host => UriKind::Steam,
        _ => return Err(UriError::Invalid),
    };
    let (path, query) = rest.split_once('?').ok_or(UriError::Invalid)?;
    let mut query = Query::parse(query)?;
    // Same bounds as parameters, so that no URI (or import) stores what the API would refuse.
    let too_long = |t: &str| t.chars().count() > crate::limits::MAX_TEXT;
    if too_long(path) || query.issuer.as_deref().is_some_and(too_long) {
        return Err(UriError::Invalid);
    }
    let secret = checked_secret(query.secret.take())?;
    let (label, issuer) = label_and_issuer(path, query.issuer)?;
    Ok(ParsedUri {
        kind,
        issuer,
        label,
        secret,
        algorithm: query.algorithm,
        digits: query.digits,
        period: match kind {
            UriKind::Hotp => None,
            _ => Some(query.period.unwrap_or(30)),
        },
        counter: match kind {
            UriKind::Hotp => Some(query.counter.unwrap_or(0)),
            _ => None,
        },
    })
}

/// The `secret` parameter, unpadded and upper-cased: present, base32, within `MAX_TEXT`.
fn checked_secret(secret: Option<String>) -> Result<String, UriError> {
    let secret = secret
        .ok_or(UriError::Invalid)?
        .replace('=', "")
        .to_ascii_uppercase();
    let valid = !secret.is_empty()
        && secret.chars().count() <= crate::limits::MAX_TEXT
        && base32::is_valid(&secret);
    valid.then_some(secret).ok_or(UriError::Invalid)
}

/// The query string's parameters, each checked as it is read (unknown ones ignored).
struct Query {
    secret: Option<String>,
    issuer: Option<String>,
    algorithm: Algorithm,
    digits: u32,
    period: Option<u64>,
    counter: Option<u64>,
}

impl Query {
    fn parse(query: &str) -> Result<Self, UriError> {
        let mut out = Self {
            secret: None,
            issuer: None,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: None,
            counter: None,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            out.set(&decode_query_part(key)?, decode_query_part(value)?)?;
        }
        Ok(out)
    }

    /// Reads one parameter.
    fn set(&mut self, key: &str, value: String) -> Result<(), UriError> {
        match key {
            "secret" => self.secret = Some(value),
            "issuer" => self.issuer = Some(value),
            "algorithm" => {
                self.algorithm = Algorithm::parse(value.trim()).ok_or(UriError::Invalid)?;
            }
            "digits" => {
                self.digits = u32::try_from(positive(&value)?)
                    .ok()
                    .filter(|d| *d <= MAX_DIGITS)
                    .ok_or(UriError::Invalid)?;
            }
            "period" => {
                let period = positive(&value)?;
                if period > crate::limits::MAX_PERIOD {
                    return Err(UriError::Invalid);
                }
                self.period = Some(period);
            }
            "counter" => {
                let parsed = value.trim().parse::<u64>().map_err(|_| UriError::Invalid)?;
                if parsed > crate::limits::MAX_COUNTER {
                    return Err(UriError::Invalid);
                }
                self.counter = Some(parsed);
            }
            _ => {}
        }
        Ok(())
    }
}

/// The label of the path (`issuer:label` or `label`) and the issuer: the `issuer` parameter
/// wins over the label's prefix; empty is none; an issuer holding `:` is refused.
fn label_and_issuer(
    path: &str,
    issuer_param: Option<String>,
) -> Result<(String, Option<String>), UriError> {
    let decoded = decode_path(path)?;
    let mut parts = decoded.split(':');
    let first = parts.next().unwrap_or_default();
    let (prefix, label) = match (parts.next(), parts.next()) {
        (None, _) => (None, first),
        (Some(label), None) => (Some(first.trim()), label),
        (Some(_), Some(_)) => return Err(UriError::Invalid),
    };
    let label = label.trim();
    if label.is_empty() {
        return Err(UriError::MissingLabel);
    }
    let issuer = match issuer_param {
        Some(issuer) => Some(issuer.trim().to_string()),
        None => prefix.map(str::to_string),
    }
    .filter(|i| !i.is_empty());
    if issuer.as_deref().is_some_and(|i| i.contains(':')) {
        return Err(UriError::Invalid);
    }
    Ok((label.to_string(), issuer))
}

/// What [`generate`] needs of an account.
#[derive(Debug, Clone, Copy)]
pub struct UriParts<'a> {
    /// `hotp`, else `totp` (Steam accounts are emitted as TOTP).
    pub hotp: bool,
    /// The service, used as issuer.
    pub issuer: Option<&'a str>,
    /// The account name.
    pub label: &'a str,
    /// The secret, padded or not.
    pub secret: &'a str,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Digits.
    pub digits: u32,
    /// TOTP period.
    pub period: Option<u64>,
    /// HOTP counter.
    pub counter: Option<u64>,
}

/// Generates the provisioning URI as 2FAuth does (its `getURI`): `rawurlencode`d `issuer:label`, then the
/// query keys in alphabetical order, defaults (`sha1`, 6 digits, period 30) left out.
pub fn generate(parts: &UriParts<'_>) -> String {
    let label = match parts.issuer {
        Some(issuer) => alloc::format!("{issuer}:{}", parts.label),
        None => parts.label.to_string(),
    };
    let mut out = String::from(if parts.hotp {
        "otpauth://hotp/"
    } else {
        "otpauth://totp/"
    });
    out.extend(utf8_percent_encode(&label, RAW_URL));
    let mut query: alloc::vec::Vec<(&str, String)> = alloc::vec::Vec::new();
    if parts.algorithm != Algorithm::Sha1 {
        query.push(("algorithm", parts.algorithm.as_str().to_string()));
    }
    if parts.hotp {
        query.push(("counter", parts.counter.unwrap_or(0).to_string()));
    }
    if parts.digits != 6 {
        query.push(("digits", parts.digits.to_string()));
    }
    if let Some(issuer) = parts.issuer {
        query.push(("issuer", utf8_percent_encode(issuer, RAW_URL).to_string()));
    }
    if !parts.hotp {
        let period = parts.period.unwrap_or(30);
        if period != 30 {
            query.push(("period", period.to_string()));
        }
    }
    query.push(("secret", base32::unpadded(parts.secret).to_string()));
    for (i, (key, value)) in query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "A4GRFHVVRBGY7UIW";

    #[test]
    fn parses_the_full_custom_totp_uri() {
        let p = parse("otpauth://totp/service:account?secret=A4GRFHVVRBGY7UIW&issuer=service&digits=7&period=40&algorithm=sha256", false).unwrap();
        assert_eq!(p.kind, UriKind::Totp);
        assert_eq!(p.issuer.as_deref(), Some("service"));
        assert_eq!(p.label, "account");
        assert_eq!(p.secret, SECRET);
        assert_eq!(p.algorithm, Algorithm::Sha256);
        assert_eq!((p.digits, p.period, p.counter), (7, Some(40), None));
    }

    #[test]
    fn hotp_defaults_and_short_uris() {
        let p = parse("otpauth://hotp/account?secret=a4grfhvvrbgy7uiw", false).unwrap();
        assert_eq!(p.kind, UriKind::Hotp);
        assert_eq!(p.issuer, None);
        assert_eq!(p.secret, SECRET);
        assert_eq!((p.digits, p.period, p.counter), (6, None, Some(0)));
    }

    #[test]
    fn issuer_parameter_wins_and_sharp_labels_survive() {
        let p = parse(
            "otpauth://totp/MyOrganization:account?secret=A4GRFHVVRBGY7UIW&issuer=Microsoft",
            false,
        )
        .unwrap();
        assert_eq!(
            (p.issuer.as_deref(), p.label.as_str()),
            (Some("Microsoft"), "account")
        );
        let p = parse("otpauth://totp/MyOrganization:account#EXT#@microsoft.com?secret=A4GRFHVVRBGY7UIW&issuer=Microsoft", false).unwrap();
        assert_eq!(p.label, "account#EXT#@microsoft.com");
    }

    #[test]
    fn refuses_what_2fauth_refuses() {
        for bad in [
            "otpauth://Xotp/account?secret=A4GRFHVVRBGY7UIW",
            "otpauth://totp/account",
            "otpauth://totp/account?issuer=x",
            "otpauth://totp/a:b:c?secret=A4GRFHVVRBGY7UIW",
            "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW&issuer=a%3Ab",
            "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW&digits=0",
            "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW&period=0",
            "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW&algorithm=sha3-256",
            "otpauth://totp/account?secret=1.0",
            "otpauth://steam/account?secret=A4GRFHVVRBGY7UIW",
            "http://totp/account?secret=A4GRFHVVRBGY7UIW",
            "otpauth://totp/account?secret=%FF",
            "otpauth://hotp/account?secret=A4GRFHVVRBGY7UIW&counter=9223372036854775808",
        ] {
            assert_eq!(parse(bad, false), Err(UriError::Invalid), "{bad}");
        }
        assert_eq!(
            parse("otpauth://totp/?secret=A4GRFHVVRBGY7UIW", false),
            Err(UriError::MissingLabel)
        );
        assert_eq!(
            parse("otpauth://totp/service:?secret=A4GRFHVVRBGY7UIW", false),
            Err(UriError::MissingLabel)
        );
        assert!(parse("otpauth://steam/account?secret=A4GRFHVVRBGY7UIW", true).is_ok());
    }

    fn parts<'a>(hotp: bool, issuer: Option<&'a str>, label: &'a str) -> UriParts<'a> {
        UriParts {
            hotp,
            issuer,
            label,
            secret: SECRET,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: if hotp { None } else { Some(30) },
            counter: if hotp { Some(0) } else { None },
        }
    }

    #[test]
    fn generates_the_behaviour_file_uris() {
        assert_eq!(
            generate(&parts(false, None, "account")),
            "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW"
        );
        let mut custom = parts(false, Some("service"), "account");
        custom.algorithm = Algorithm::Sha256;
        custom.digits = 7;
        custom.period = Some(40);
        assert_eq!(
            generate(&custom),
            "otpauth://totp/service%3Aaccount?algorithm=sha256&digits=7&issuer=service&period=40&secret=A4GRFHVVRBGY7UIW"
        );
        assert_eq!(
            generate(&parts(true, None, "account")),
            "otpauth://hotp/account?counter=0&secret=A4GRFHVVRBGY7UIW"
        );
        let mut hotp = parts(true, Some("service"), "account");
        hotp.algorithm = Algorithm::Sha256;
        hotp.digits = 7;
        hotp.counter = Some(5);
        assert_eq!(
            generate(&hotp),
            "otpauth://hotp/service%3Aaccount?algorithm=sha256&counter=5&digits=7&issuer=service&secret=A4GRFHVVRBGY7UIW"
        );
        let spaced = parts(false, Some("My Site"), "john doe@x.com");
        assert_eq!(
            generate(&spaced),
            "otpauth://totp/My%20Site%3Ajohn%20doe%40x.com?issuer=My%20Site&secret=A4GRFHVVRBGY7UIW"
        );
    }

    #[test]
    fn generated_uris_parse_back() {
        let mut p = parts(false, Some("Ünïcode & co"), "a+b@x.com");
        p.secret = "GJTGC5LUNA======";
        let back = parse(&generate(&p), false).unwrap();
        assert_eq!(back.issuer.as_deref(), Some("Ünïcode & co"));
        assert_eq!(back.label, "a+b@x.com");
        assert_eq!(back.secret, "GJTGC5LUNA");
    }

    #[test]
    fn errors_read_as_2fauth_words_them() {
        use alloc::string::ToString;
        assert_eq!(
            UriError::Invalid.to_string(),
            "The uri field is not a valid otpauth uri."
        );
        assert_eq!(
            UriError::MissingLabel.to_string(),
            "The uri must have a label."
        );
    }
}
