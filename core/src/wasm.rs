//! wasm-bindgen exports behind the npm package `@twofold/core` (feature `wasm`).
//!
//! These are thin and positional; `npm/api.js` gives them the package's object-style API and
//! `npm/index.d.ts` their types. Errors are JavaScript `Error`s with a stable `code`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use js_sys::{Error, Reflect, Uint8Array};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

use crate::account::{Rules, TwoFAccount};
use crate::export::{self, ExportItem};
use crate::import::{self, Entry, ImportError};
use crate::otp::{self, Algorithm};
use crate::{base32, uri};

fn error(code: &str, message: &str) -> JsValue {
    let e = Error::new(message);
    // Setting a property on a fresh Error cannot fail.
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    e.into()
}

fn key(secret: &str) -> Result<Vec<u8>, JsValue> {
    base32::decode(secret).map_err(|_| error("INVALID_SECRET", "not a valid base32 encoded secret"))
}

fn algorithm(name: &str) -> Result<Algorithm, JsValue> {
    Algorithm::parse(name).ok_or_else(|| {
        error(
            "INVALID_ALGORITHM",
            "algorithm must be sha1, sha256, sha512 or md5",
        )
    })
}

fn digits(d: u32) -> Result<u32, JsValue> {
    (1..=otp::MAX_DIGITS)
        .contains(&d)
        .then_some(d)
        .ok_or_else(|| error("INVALID_DIGITS", "digits must be between 1 and 10"))
}

/// A whole number of seconds from JavaScript (a `number`, cheaper to pass than a `bigint`).
fn seconds(value: f64, name: &str) -> Result<u64, JsValue> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0
    {
        Ok(value as u64)
    } else {
        Err(error(
            "INVALID_ARGUMENT",
            &alloc::format!("{name} must be a non-negative integer"),
        ))
    }
}

/// TOTP code as a number (the wrapper pads it); `algo` indexes [`Algorithm::ALL`].
#[wasm_bindgen(js_name = rawTotp)]
pub fn raw_totp(
    secret: &str,
    algo: u8,
    digit_count: u32,
    period: f64,
    time: f64,
) -> Result<f64, JsValue> {
    let period = positive(period)?;
    let algorithm = *Algorithm::ALL.get(usize::from(algo)).ok_or_else(|| {
        error(
            "INVALID_ALGORITHM",
            "algorithm must be sha1, sha256, sha512 or md5",
        )
    })?;
    let counter = seconds(time, "time")? / period;
    Ok(otp::hotp_number(&key(secret)?, counter, digits(digit_count)?, algorithm) as f64)
}

/// HOTP code (64-bit counters arrive as `bigint`).
#[wasm_bindgen(js_name = rawHotp)]
pub fn raw_hotp(
    secret: &str,
    algo: &str,
    digit_count: u32,
    counter: u64,
) -> Result<String, JsValue> {
    Ok(otp::hotp(
        &key(secret)?,
        counter,
        digits(digit_count)?,
        algorithm(algo)?,
    ))
}

/// Steam Guard code.
#[wasm_bindgen(js_name = rawSteam)]
pub fn raw_steam(secret: &str, time: f64) -> Result<String, JsValue> {
    Ok(otp::steam(&key(secret)?, seconds(time, "time")?))
}

/// A PIN-based code (mOTP, Yandex) of a base32 secret.
fn pinned(
    code: fn(&[u8], &str, u64, u64, u32) -> String,
    (secret, pin): (&str, &str),
    digit_count: u32,
    period: f64,
    time: f64,
) -> Result<String, JsValue> {
    let period = positive(period)?;
    Ok(code(
        &key(secret)?,
        pin,
        seconds(time, "time")?,
        period,
        digits(digit_count)?,
    ))
}

/// mOTP code (Aegis' definition) of a base32 secret and a PIN.
#[wasm_bindgen(js_name = rawMotp)]
pub fn raw_motp(
    secret: &str,
    pin: &str,
    digit_count: u32,
    period: f64,
    time: f64,
) -> Result<String, JsValue> {
    pinned(otp::motp, (secret, pin), digit_count, period, time)
}

/// Yandex code (Aegis' definition) of a base32 secret and a PIN.
#[wasm_bindgen(js_name = rawYandex)]
pub fn raw_yandex(
    secret: &str,
    pin: &str,
    digit_count: u32,
    period: f64,
    time: f64,
) -> Result<String, JsValue> {
    pinned(otp::yandex, (secret, pin), digit_count, period, time)
}

/// A period of at least one second.
fn positive(period: f64) -> Result<u64, JsValue> {
    match seconds(period, "period")? {
        0 => Err(error("INVALID_PERIOD", "period must be at least 1")),
        p => Ok(p),
    }
}

/// A QR code of `text` as SVG markup.
#[cfg(feature = "qr")]
#[wasm_bindgen(js_name = rawQrSvg)]
pub fn raw_qr_svg(text: &str) -> Result<String, JsValue> {
    crate::qr::svg(text).map_err(|_| error("TOO_LONG", "the text is too long for a QR code"))
}

/// A QR code of `text` as PNG bytes.
#[cfg(feature = "qr")]
#[wasm_bindgen(js_name = rawQrPng)]
pub fn raw_qr_png(text: &str) -> Result<Vec<u8>, JsValue> {
    crate::qr::png(text).map_err(|_| error("TOO_LONG", "the text is too long for a QR code"))
}

/// The text of the first QR code in a PNG, JPEG, GIF or WebP image, with 2FAuth's decoding rule.
#[cfg(feature = "qr-decode")]
#[wasm_bindgen(js_name = rawQrDecode)]
pub fn raw_qr_decode(image: &[u8]) -> Result<String, JsValue> {
    use crate::qr_decode::{decode, decoded_text};
    decode(image)
        .map(|raw| decoded_text(&raw))
        .map_err(|e| error(e.code(), e.message()))
}

fn account_json(a: &TwoFAccount) -> Value {
    json!({
        "otp_type": a.otp_type, "service": a.service, "account": a.account, "secret": a.secret,
        "digits": a.digits, "algorithm": a.algorithm, "period": a.period, "counter": a.counter,
    })
}

/// An otpauth URI as 2FAuth's account fields (JSON text).
#[wasm_bindgen(js_name = rawParseUri)]
pub fn raw_parse_uri(text: &str) -> Result<String, JsValue> {
    let parsed = uri::parse(text, true).map_err(|e| match e {
        uri::UriError::Invalid => error("INVALID_URI", "not a valid otpauth URI"),
        uri::UriError::MissingLabel => error("MISSING_LABEL", "the URI must have a label"),
    })?;
    Ok(account_json(&TwoFAccount::from_parsed(parsed, false, text.to_string())).to_string())
}

/// Accounts (JSON text, 2FAuth fields) validated by the same rules as the API.
fn accounts(json_text: &str) -> Result<Vec<TwoFAccount>, JsValue> {
    let value: Value =
        serde_json::from_str(json_text).map_err(|e| error("INVALID_ACCOUNT", &e.to_string()))?;
    let list = match value {
        Value::Array(items) => items,
        single => alloc::vec![single],
    };
    list.into_iter()
        .enumerate()
        .map(|(i, mut item)| {
            crate::input::normalize(&mut item);
            let Value::Object(map) = item else {
                return Err(error(
                    "INVALID_ACCOUNT",
                    &alloc::format!("account {i} is not an object"),
                ));
            };
            TwoFAccount::from_params(&map, Rules::Store, || [0; 64]).map_err(|e| {
                error(
                    "INVALID_ACCOUNT",
                    &alloc::format!("account {i}: {}", e.message()),
                )
            })
        })
        .collect()
}

/// The provisioning URI of an account (JSON text).
#[wasm_bindgen(js_name = rawToUri)]
pub fn raw_to_uri(account: &str) -> Result<String, JsValue> {
    let list = accounts(account)?;
    list.first()
        .map(TwoFAccount::uri)
        .ok_or_else(|| error("INVALID_ACCOUNT", "no account"))
}

/// Imports an export (text, or the bytes of a binary backup); JSON text `{format, accounts, errors}`.
#[wasm_bindgen(js_name = rawImport)]
pub fn raw_import(payload: &[u8], password: Option<String>) -> Result<String, JsValue> {
    let imported = import::import_bytes(payload, password.as_deref(), import::Limits::DEVICE)
        .map_err(|e| match e {
            ImportError::Unsupported => error(
                "UNSUPPORTED_FORMAT",
                "Data do not match any supported format",
            ),
            ImportError::Encrypted(_) => error(
                "PASSWORD_REQUIRED",
                "the data are encrypted: a password is needed",
            ),
            ImportError::WrongPassword(_) => {
                error("WRONG_PASSWORD", "the password cannot decrypt the data")
            }
            ImportError::Unreadable(f) => error(
                "UNREADABLE",
                &alloc::format!("Invalid or unreadable {} data", f.app_name()),
            ),
            ImportError::Invalid(errors) => error("INVALID_DATA", &errors.message()),
            ImportError::TooCostly(f) => error(
                "TOO_COSTLY",
                &alloc::format!(
                    "opening this {} export needs more memory or work than allowed",
                    f.app_name()
                ),
            ),
        })?;
    let (mut ok, mut errors) = (Vec::new(), Vec::new());
    for (index, entry) in imported.entries.iter().enumerate() {
        match entry {
            Entry::Account(a) => ok.push(account_json(a)),
            Entry::Invalid {
                service,
                account,
                error,
            } => {
                errors.push(json!({ "index": index, "service": service, "account": account, "error": error }));
            }
        }
    }
    let format = alloc::format!("{:?}", imported.format);
    let app = imported.format.label();
    Ok(json!({ "format": format, "app": app, "accounts": ok, "errors": errors }).to_string())
}

/// Imports an export within the given key-derivation limits (bytes of memory, bytes of work);
/// the outcome in [`imported::to_wire`](crate::imported::to_wire)'s text. The worker's entry:
/// it leaves the importers to this module (its tools module) and reads the outcome back.
#[cfg(feature = "worker-tools")]
#[wasm_bindgen(js_name = rawImportWire)]
pub fn raw_import_wire(
    payload: &[u8],
    password: Option<String>,
    kdf_memory: f64,
    kdf_work: f64,
) -> String {
    // Saturating casts: a limit past u64 is no limit the worker would set.
    let limits = import::Limits {
        kdf_memory: kdf_memory as u64,
        kdf_work: kdf_work as u64,
    };
    crate::imported::to_wire(&import::import_bytes(payload, password.as_deref(), limits))
}

/// An uploaded or fetched SVG icon made safe to serve ([`icon::sanitize_svg`]
/// (crate::icon::sanitize_svg)); `undefined` when it cannot be. The worker's tools module answers
/// for the worker, so the XML tokenizer runs in the tools' memory, not the worker's.
#[cfg(feature = "worker-tools")]
#[wasm_bindgen(js_name = rawSanitizeSvg)]
pub fn raw_sanitize_svg(text: &str) -> Option<String> {
    crate::icon::sanitize_svg(text).ok()
}

/// The files a backup destination's listing names: with `webdav_folder` (the folder's path), a
/// WebDAV `PROPFIND` answer's ([`backup::webdav_files`](crate::backup::webdav_files)), else an
/// S3 bucket's keys ([`backup::s3_keys`](crate::backup::s3_keys)). The worker's tools module
/// answers for the worker, whose `.wasm` then carries no XML tokenizer (7.9 KiB gzip).
#[cfg(feature = "worker-tools")]
#[wasm_bindgen(js_name = rawBackupListing)]
pub fn raw_backup_listing(xml: &str, webdav_folder: Option<String>) -> Vec<String> {
    match webdav_folder {
        Some(folder) => crate::backup::webdav_files(xml, &folder),
        None => crate::backup::s3_keys(xml),
    }
}

/// Whether `text` matches an admin's registration rule ([`settings::rule_matches`]
/// (crate::settings::rule_matches); `undefined` when the rule does not compile); the worker's
/// tools module answers for the worker.
#[cfg(feature = "worker-tools")]
#[wasm_bindgen(js_name = rawRuleMatches)]
pub fn raw_rule_matches(rule: &str, text: &str) -> Option<bool> {
    crate::settings::rule_matches(rule, text)
}

fn random(buf: &mut [u8]) {
    let array = Uint8Array::new_with_length(buf.len() as u32);
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok();
    let fill = crypto
        .as_ref()
        .and_then(|c| Reflect::get(c, &"getRandomValues".into()).ok());
    if let (Some(crypto), Some(fill)) = (
        crypto,
        fill.and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
    ) {
        let _ = fill.call1(&crypto, &array);
    }
    array.copy_to(buf);
}

/// Exports accounts (JSON text) as `format` (`datetime` stamps the 2FAuth document).
#[wasm_bindgen(js_name = rawExport)]
pub fn raw_export(
    accounts_json: &str,
    format: &str,
    password: Option<String>,
    batch_id: u32,
    datetime: &str,
) -> Result<String, JsValue> {
    let list = accounts(accounts_json)?;
    let refs: Vec<&TwoFAccount> = list.iter().collect();
    let now = datetime;
    Ok(match format {
        "2fauth" => {
            let items: Vec<ExportItem<'_>> =
                refs.iter().map(|a| ExportItem::without_icon(a)).collect();
            export::twofauth_json(&items, now).to_string()
        }
        "otpauth" => export::otpauth_list(&refs),
        "google" => {
            let g = export::google_migration(&refs, batch_id);
            json!({ "uris": g.uris, "skipped": g.skipped }).to_string()
        }
        "aegis" => match password {
            Some(p) => export::aegis_encrypted(&refs, &p, &mut random).to_string(),
            None => export::aegis_json(&refs, &mut random).to_string(),
        },
        other => {
            return Err(error(
                "UNSUPPORTED_FORMAT",
                &alloc::format!("unknown export format {other}"),
            ));
        }
    })
}

/// A TOTP generator holding its key in wasm memory (`createTotp` in the package): the secret
/// crosses into wasm and is decoded and made ready for its HMAC once, then each code costs half
/// a fresh HMAC.
#[wasm_bindgen(js_name = RawTotp)]
pub struct RawTotp {
    key: otp::Key,
    digits: u32,
    period: u64,
}

#[wasm_bindgen(js_class = RawTotp)]
impl RawTotp {
    /// Validates and decodes once.
    #[wasm_bindgen(constructor)]
    pub fn new(secret: &str, algo: u8, digit_count: u32, period: f64) -> Result<RawTotp, JsValue> {
        let period = positive(period)?;
        let algorithm = *Algorithm::ALL.get(usize::from(algo)).ok_or_else(|| {
            error(
                "INVALID_ALGORITHM",
                "algorithm must be sha1, sha256, sha512 or md5",
            )
        })?;
        Ok(RawTotp {
            key: otp::Key::new(&key(secret)?, algorithm),
            digits: digits(digit_count)?,
            period,
        })
    }

    /// The code at `time` as a number (the wrapper pads it).
    pub fn generate(&self, time: f64) -> Result<f64, JsValue> {
        let counter = seconds(time, "time")? / self.period;
        Ok(self.key.number(counter, self.digits) as f64)
    }
}
