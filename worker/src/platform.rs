//! What only the Workers runtime provides: the clock, randomness and WebCrypto.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use twofold_core::signature::{Algorithm, SignatureCheck};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::crypto::{BadPepper, PBKDF2_ITERATIONS, PasswordRecord, Pepper, SALT_LEN};
use crate::error::ApiError;

/// Unix time in seconds.
pub fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

fn web_crypto() -> Result<web_sys::Crypto, ApiError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map(JsCast::unchecked_into)
        .map_err(|_| ApiError::Internal("crypto unavailable".into()))
}

/// `N` bytes from the platform's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut out = [0u8; N];
    fill_random(&mut out)?;
    Ok(out)
}

/// Fills `buf` from the platform's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<(), ApiError> {
    web_crypto()?
        .get_random_values_with_u8_array(buf)
        .map_err(|_| ApiError::Internal("getRandomValues failed".into()))?;
    Ok(())
}

fn js_err(context: &'static str) -> impl Fn(JsValue) -> ApiError {
    move |_| ApiError::Internal(context.into())
}

/// PBKDF2-HMAC-SHA256 through WebCrypto (native speed, unlike a wasm loop).
async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, ApiError> {
    let subtle = web_crypto()?.subtle();
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let raw = Uint8Array::from(password.as_bytes());
    let key = subtle
        .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
        .map_err(js_err("importKey"))?;
    let key: web_sys::CryptoKey = JsFuture::from(key)
        .await
        .map_err(js_err("importKey"))?
        .unchecked_into();
    let params = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&params, &JsValue::from_str(k), v);
    set("name", &"PBKDF2".into())
        .and_then(|_| set("hash", &"SHA-256".into()))
        .and_then(|_| set("salt", &Uint8Array::from(salt).into()))
        .and_then(|_| set("iterations", &JsValue::from(iterations)))
        .map_err(js_err("pbkdf2 params"))?;
    let bits = subtle
        .derive_bits_with_object(&params, &key, 256)
        .map_err(js_err("deriveBits"))?;
    let bits = JsFuture::from(bits).await.map_err(js_err("deriveBits"))?;
    Ok(Uint8Array::new(&bits).to_vec())
}

thread_local! {
    /// `PASSWORD_PEPPER` as this isolate's environment has it, put here by [`use_password_pepper`]
    /// for each request (the password functions keep their callers' signatures).
    static PEPPER: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Gives the password functions the Worker's `PASSWORD_PEPPER` (called as each request starts).
pub fn use_password_pepper(value: Option<String>) {
    PEPPER.with(|p| *p.borrow_mut() = value);
}

/// The pepper, or the clear internal error a missing or malformed secret is (as for `APP_KEY`):
/// no password is hashed or checked without it.
pub fn password_pepper() -> Result<Pepper, ApiError> {
    let value = PEPPER
        .with(|p| p.borrow().clone())
        .filter(|v| !v.trim().is_empty());
    let value = value.ok_or_else(|| ApiError::Internal("PASSWORD_PEPPER is not set".into()))?;
    Pepper::parse(&value)
        .map_err(|BadPepper| ApiError::Internal("PASSWORD_PEPPER is not 32 bytes of base64".into()))
}

/// Hashes a new password with a fresh salt, peppered.
pub async fn hash_password(password: &str) -> Result<String, ApiError> {
    let pepper = password_pepper()?;
    let salt = random_bytes::<SALT_LEN>()?;
    let derived = pbkdf2(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(PasswordRecord::peppered(PBKDF2_ITERATIONS, salt.to_vec(), &derived, &pepper).encode())
}

/// Checks a password against its stored record (of any scheme still read).
pub async fn verify_password(password: &str, stored: &str) -> Result<bool, ApiError> {
    let pepper = password_pepper()?;
    let Some(record) = PasswordRecord::decode(stored) else {
        return Ok(false);
    };
    let derived = pbkdf2(password, &record.salt, record.iterations).await?;
    Ok(record.matches(&derived, &pepper))
}

/// Whether a stored record was made with an older scheme or parameters than today's.
pub fn needs_rehash(stored: &str) -> bool {
    PasswordRecord::decode(stored).is_none_or(|record| !record.is_current())
}

/// A user's `timezone` preference, for the dates 2FAuth writes in it (authentication log, shares).
/// The runtime's `Intl` knows the IANA zones; an unknown zone reads as UTC.
pub struct TimeZone(Option<Object>);

impl TimeZone {
    /// The zone named by a preference (`UTC`, `Europe/Paris`, ...).
    pub fn new(name: &str) -> Self {
        if name.is_empty() || name == "UTC" {
            return Self(None);
        }
        let options = Object::new();
        let set = |k: &str, v: &str| Reflect::set(&options, &k.into(), &v.into());
        let _ = set("timeZone", name);
        let _ = set("hourCycle", "h23");
        for field in ["year", "month", "day", "hour", "minute", "second"] {
            let _ = set(field, "numeric");
        }
        let formatter = Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|intl| Reflect::get(&intl, &"DateTimeFormat".into()))
            .and_then(|ctor| {
                let args = js_sys::Array::of2(&"en-US".into(), &options);
                Reflect::construct(ctor.unchecked_ref::<js_sys::Function>(), &args)
            });
        Self(formatter.ok().map(JsCast::unchecked_into))
    }

    /// Seconds to add to a Unix time to read it on this zone's wall clock at that instant.
    pub fn offset(&self, unix: i64) -> i64 {
        self.0
            .as_ref()
            .and_then(|formatter| wall_clock(formatter, unix))
            .map_or(0, |wall| wall - unix)
    }

    /// 2FAuth's log date (`Thu, May 2, 2024 6:32 AM`) in this zone.
    pub fn log_date(&self, unix: i64) -> String {
        twofold_core::dates::log_date(unix + self.offset(unix))
    }
}

/// The wall-clock time `formatter` (an `Intl.DateTimeFormat`) shows for `unix`, read as UTC.
fn wall_clock(formatter: &Object, unix: i64) -> Option<i64> {
    let date = js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    let format: js_sys::Function = Reflect::get(formatter, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let parts: js_sys::Array = format.call1(formatter, &date).ok()?.dyn_into().ok()?;
    let field = |name: &str| -> Option<i64> {
        let part = parts.iter().find(|p| {
            Reflect::get(p, &"type".into())
                .ok()
                .and_then(|t| t.as_string())
                .as_deref()
                == Some(name)
        })?;
        Reflect::get(&part, &"value".into())
            .ok()?
            .as_string()?
            .parse()
            .ok()
    };
    let small = |name: &str| field(name).and_then(|v| u32::try_from(v).ok());
    Some(twofold_core::dates::unix_from_civil(
        field("year")?,
        small("month")?,
        small("day")?,
        small("hour")?,
        small("minute")?,
        small("second")?,
    ))
}

/// Calls `subtle.<method>(...args)` and awaits its promise.
async fn subtle_call(method: &str, args: &js_sys::Array) -> Result<JsValue, JsValue> {
    let subtle: JsValue = web_crypto().map_err(|_| JsValue::NULL)?.subtle().into();
    let function: js_sys::Function = Reflect::get(&subtle, &method.into())?.dyn_into()?;
    let promise: js_sys::Promise = Reflect::apply(&function, &subtle, args)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// A JS object from `pairs` of string members.
fn js_object(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&object, &(*name).into(), &(*value).into());
    }
    object
}

/// Verifies one signature with WebCrypto (ES256, Ed25519, RS256: no big-number code in the
/// `.wasm`). A key or signature the platform cannot read is a failed check, not an error: it
/// comes from outside (a passkey, a provider, an Access assertion).
pub async fn verify_signature(check: &SignatureCheck) -> bool {
    let (import, verify) = match check.algorithm {
        Algorithm::Es256 => (
            js_object(&[("name", "ECDSA"), ("namedCurve", "P-256")]),
            js_object(&[("name", "ECDSA"), ("hash", "SHA-256")]),
        ),
        Algorithm::EdDsa => (
            js_object(&[("name", "Ed25519")]),
            js_object(&[("name", "Ed25519")]),
        ),
        Algorithm::Rs256 => (
            js_object(&[("name", "RSASSA-PKCS1-v1_5"), ("hash", "SHA-256")]),
            js_object(&[("name", "RSASSA-PKCS1-v1_5")]),
        ),
    };
    let Ok(jwk) = js_sys::JSON::parse(&check.jwk.to_string()) else {
        return false;
    };
    let usages = js_sys::Array::of1(&"verify".into());
    let args = js_sys::Array::of5(&"jwk".into(), &jwk, &import, &JsValue::FALSE, &usages);
    let Ok(key) = subtle_call("importKey", &args).await else {
        return false;
    };
    let signature = Uint8Array::from(check.signature.as_slice());
    let message = Uint8Array::from(check.message.as_slice());
    let args = js_sys::Array::of4(&verify, &key, &signature, &message);
    subtle_call("verify", &args)
        .await
        .is_ok_and(|valid| valid.is_truthy())
}
