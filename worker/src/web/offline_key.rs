//! `GET /user/offline-key`: the secret with which the web app wraps, on its device, the key of the
//! offline copy of the accounts (web/static/vault.js), so that the copy refreshes while signed in
//! without the password, and nothing left on the device opens it once the session is over.
//!
//! The secret is derived, never stored: HMAC-SHA-256 (under a key derived from `APP_KEY`) of the
//! session's stored hash and the user's stored password record. It exists only while the server
//! agrees to compute it, for a live session (logout, expiry and the inactivity kick end it), and a
//! password change or reset gives another one, so a device whose user changed the password
//! elsewhere can no longer refresh a copy the old password opens.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use twofold_core::contract::OfflineKey;
use worker::{Request, Response};

use crate::auth::{Via, require_csrf, session_caller};
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{append_headers, json};

/// What the derivation is for: keeps these secrets apart from any other use of [`Vault::derive`].
///
/// [`Vault::derive`]: crate::crypto::Vault::derive
const PURPOSE: &str = "twofold offline key v1";

/// The input of the derivation: the session's hash and the user's password record.
fn message(session_hash: &str, password_record: &str) -> Vec<u8> {
    [session_hash.as_bytes(), &[0], password_record.as_bytes()].concat()
}

/// `GET /user/offline-key`: `{"key": base64 of 32 bytes}` for a live session whose request carries
/// the CSRF header; never for a bearer token, never cached.
pub async fn show(req: &Request, ctx: &Ctx) -> ApiResult<Response> {
    let caller = session_caller(req, ctx).await?;
    // A GET, but it hands out a secret: only the app's own script, which reads the CSRF cookie,
    // may ask.
    require_csrf(req)?;
    let Via::Session(hash) = &caller.via else {
        return Err(ApiError::Unauthenticated);
    };
    let key = ctx
        .vault()?
        .derive(PURPOSE, &message(hash, &caller.user.password));
    let mut response = json(
        200,
        &OfflineKey {
            key: B64.encode(key),
        },
    )?;
    append_headers(
        response.headers_mut(),
        &[("Cache-Control", "no-store".into())],
    )?;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn the_session_and_the_password_record_cannot_be_confused() {
        assert_ne!(message("ab", "c"), message("a", "bc"));
        assert_eq!(message("ab", "c"), b"ab\0c");
    }
}
