//! What only the Workers runtime provides: the clock, randomness and WebCrypto.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::crypto::{PBKDF2_ITERATIONS, PasswordRecord, SALT_LEN, ct_eq};
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
    web_crypto()?
        .get_random_values_with_u8_array(&mut out)
        .map_err(|_| ApiError::Internal("getRandomValues failed".into()))?;
    Ok(out)
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

/// Hashes a new password with a fresh salt.
pub async fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = random_bytes::<SALT_LEN>()?;
    let hash = pbkdf2(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(PasswordRecord {
        iterations: PBKDF2_ITERATIONS,
        salt: salt.to_vec(),
        hash,
    }
    .encode())
}

/// Checks a password against its stored record.
pub async fn verify_password(password: &str, stored: &str) -> Result<bool, ApiError> {
    let Some(record) = PasswordRecord::decode(stored) else {
        return Ok(false);
    };
    let hash = pbkdf2(password, &record.salt, record.iterations).await?;
    Ok(ct_eq(&hash, &record.hash))
}

/// Whether a stored record was made with older parameters than today's.
pub fn needs_rehash(stored: &str) -> bool {
    PasswordRecord::decode(stored).is_none_or(|record| !record.is_current())
}
