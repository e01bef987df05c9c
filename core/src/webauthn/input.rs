//! The bodies of the passkey routes, read into bytes with 2FAuth's validation errors (422): what
//! the browser's `PublicKeyCredential` becomes once JSON-encoded, in base64url or base64.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{Map, Value};

use super::decode;
use crate::user::{email_field, string_field};
use crate::validation::{ValidationErrors, messages};

/// The longest credential name kept.
pub const MAX_NAME: usize = 255;

/// A registration response (`navigator.credentials.create`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.attestationObject`.
    pub attestation_object: Vec<u8>,
    /// `response.transports`, as hints for later sign-ins (unknown names dropped).
    pub transports: Vec<String>,
}

/// A sign-in response (`navigator.credentials.get`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// `rawId` (or `id`): which credential answered.
    pub credential_id: Vec<u8>,
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.authenticatorData`.
    pub authenticator_data: Vec<u8>,
    /// `response.signature`.
    pub signature: Vec<u8>,
    /// `response.userHandle`, which a discoverable passkey returns.
    pub user_handle: Option<Vec<u8>>,
    /// `email`, when the user typed one (2FAuth's clients always send it).
    pub email: Option<String>,
}

/// The largest `clientDataJSON` read (browsers send a few hundred bytes).
pub const MAX_CLIENT_DATA: usize = 4 * 1024;
/// The largest `attestationObject` or `authenticatorData` read.
pub const MAX_AUTHENTICATOR_DATA: usize = 16 * 1024;
/// The largest signature read (RSA-4096's is 512 bytes).
pub const MAX_SIGNATURE: usize = 1024;

/// The transports WebAuthn defines; anything else a client sends is dropped.
const TRANSPORTS: [&str; 6] = ["usb", "nfc", "ble", "internal", "hybrid", "smart-card"];

/// A binary member of `object`, required, of at most `max` bytes: 422 on `field` when missing,
/// not base64 or too long.
fn binary(
    object: Option<&Value>,
    name: &str,
    field: &str,
    max: usize,
    errors: &mut ValidationErrors,
) -> Option<Vec<u8>> {
    let value = object.and_then(|o| o.get(name));
    match value.and_then(Value::as_str) {
        Some(text) if text.len() > max.div_ceil(3) * 4 + 4 => {
            errors.add(field, messages::max_chars(field, max));
            None
        }
        Some(text) if !text.is_empty() => {
            let bytes = decode(text);
            if bytes.is_none() {
                errors.add(field, messages::string(field));
            }
            bytes
        }
        _ => {
            errors.add(field, messages::required(field));
            None
        }
    }
}

/// Checks `type` is `public-key` (the only credential type WebAuthn has).
fn public_key_type(body: &Map<String, Value>, errors: &mut ValidationErrors) {
    if body.get("type").and_then(Value::as_str) != Some("public-key") {
        errors.add("type", messages::invalid_selection("type"));
    }
}

/// Reads a registration body.
pub fn registration(body: &Map<String, Value>) -> Result<Registration, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    public_key_type(body, &mut errors);
    let response = body.get("response");
    let client_data = binary(
        response,
        "clientDataJSON",
        "response.clientDataJSON",
        MAX_CLIENT_DATA,
        &mut errors,
    );
    let attestation = binary(
        response,
        "attestationObject",
        "response.attestationObject",
        MAX_AUTHENTICATOR_DATA,
        &mut errors,
    );
    let sent: Vec<&str> = response
        .and_then(|r| r.get("transports"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    // Each known name once, whatever the client repeats.
    let transports = TRANSPORTS
        .iter()
        .filter(|known| sent.contains(known))
        .map(ToString::to_string)
        .collect();
    match (client_data, attestation) {
        (Some(client_data_json), Some(attestation_object)) if errors.is_empty() => {
            Ok(Registration {
                client_data_json,
                attestation_object,
                transports,
            })
        }
        _ => Err(errors),
    }
}

/// Reads a sign-in body. `email` is optional (a discoverable passkey names its user), but when
/// present it must be an e-mail address.
pub fn sign_in(body: &Map<String, Value>) -> Result<SignIn, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    public_key_type(body, &mut errors);
    let email = optional_email(body, &mut errors);
    let credential_id = ["rawId", "id"].iter().find_map(|name| {
        body.get(*name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
            .and_then(decode)
    });
    if credential_id.is_none() {
        errors.add("id", messages::required("id"));
    }
    let response = body.get("response");
    let client_data = binary(
        response,
        "clientDataJSON",
        "response.clientDataJSON",
        MAX_CLIENT_DATA,
        &mut errors,
    );
    let authenticator_data = binary(
        response,
        "authenticatorData",
        "response.authenticatorData",
        MAX_AUTHENTICATOR_DATA,
        &mut errors,
    );
    let signature = binary(
        response,
        "signature",
        "response.signature",
        MAX_SIGNATURE,
        &mut errors,
    );
    let user_handle = response
        .and_then(|r| r.get("userHandle"))
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty())
        .and_then(decode);
    match (credential_id, client_data, authenticator_data, signature) {
        (
            Some(credential_id),
            Some(client_data_json),
            Some(authenticator_data),
            Some(signature),
        ) if errors.is_empty() && credential_id.len() <= super::MAX_CREDENTIAL_ID => Ok(SignIn {
            credential_id,
            client_data_json,
            authenticator_data,
            signature,
            user_handle,
            email,
        }),
        _ => Err(errors),
    }
}

/// The `email` of a body where it may be left out: `None` when absent, empty or null.
pub fn optional_email(body: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<String> {
    match body.get("email") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(_) => email_field(body, errors),
    }
}

/// A credential's new name: required, a string of at most [`MAX_NAME`] characters.
pub fn credential_name(body: &Map<String, Value>) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    match string_field(body, "name", &mut errors) {
        Some(name) if name.trim().is_empty() => {
            Err(ValidationErrors::single("name", messages::required("name")))
        }
        Some(name) if name.chars().count() <= MAX_NAME => Ok(name.trim().to_string()),
        Some(_) => Err(ValidationErrors::single(
            "name",
            messages::max_chars("name", MAX_NAME),
        )),
        None => Err(errors),
    }
}

/// The name sent with a registration (`name`, or laragear's `alias`), trimmed and cut to
/// [`MAX_NAME`] characters; `None` when none is sent (the user can name it later).
pub fn registration_name(body: &Map<String, Value>) -> Option<String> {
    ["name", "alias"]
        .iter()
        .find_map(|field| body.get(*field)?.as_str())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| name.chars().take(MAX_NAME).collect())
}

/// The challenge a response answers, read from its client data, to find what was issued for it
/// (the ceremony's own check then compares the two in constant time).
pub fn challenge_of(client_data_json: &[u8]) -> Option<Vec<u8>> {
    let value = crate::input::json_value(client_data_json)?;
    decode(value.get("challenge")?.as_str()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use serde_json::json;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn a_sign_in_reads_base64url_and_base64_alike() {
        let read = sign_in(&body(json!({
            "id": "AQID", "rawId": "AQID", "type": "public-key",
            "response": {
                "clientDataJSON": "e30", "authenticatorData": "AAE=",
                "signature": "/+8=", "userHandle": "_-8"
            },
            "email": "Ann@Example.com"
        })))
        .unwrap();
        assert_eq!(read.credential_id, [1, 2, 3]);
        assert_eq!(read.client_data_json, b"{}");
        assert_eq!(read.authenticator_data, [0, 1]);
        assert_eq!(read.signature, [0xff, 0xef]);
        assert_eq!(read.user_handle, Some(vec![0xff, 0xef]));
        assert_eq!(read.email.as_deref(), Some("ann@example.com"));
    }

    #[test]
    fn a_sign_in_may_leave_the_email_out_but_not_the_response() {
        let read = sign_in(&body(json!({
            "rawId": "AQID", "type": "public-key",
            "response": { "clientDataJSON": "e30", "authenticatorData": "AAE", "signature": "AA" }
        })))
        .unwrap();
        assert_eq!(read.email, None);
        assert_eq!(read.user_handle, None);
        let errors = sign_in(&body(json!({ "type": "password", "email": "nope" }))).unwrap_err();
        for field in [
            "type",
            "email",
            "id",
            "response.clientDataJSON",
            "response.authenticatorData",
            "response.signature",
        ] {
            assert!(errors.has(field), "{field}: {errors:?}");
        }
    }

    #[test]
    fn an_oversized_credential_id_is_refused() {
        let long = super::super::encode(&[7u8; super::super::MAX_CREDENTIAL_ID + 1]);
        let errors = sign_in(&body(json!({
            "rawId": long, "type": "public-key",
            "response": { "clientDataJSON": "e30", "authenticatorData": "AAE", "signature": "AA" }
        })));
        assert!(errors.is_err());
    }

    #[test]
    fn a_registration_keeps_known_transports_only() {
        let read = registration(&body(json!({
            "type": "public-key",
            "response": {
                "clientDataJSON": "e30", "attestationObject": "oA",
                "transports": ["hybrid", "internal", "hybrid", "carrier-pigeon", 3, "hybrid"]
            }
        })))
        .unwrap();
        assert_eq!(read.transports, ["internal", "hybrid"]);
        let many: Vec<Value> = (0..10_000).map(|_| json!("usb")).collect();
        let read = registration(&body(json!({
            "type": "public-key",
            "response": { "clientDataJSON": "e30", "attestationObject": "oA", "transports": many }
        })))
        .unwrap();
        assert_eq!(read.transports, ["usb"]);
        let errors = registration(&body(
            json!({ "type": "public-key", "response": { "clientDataJSON": "%%%" } }),
        ))
        .unwrap_err();
        assert!(errors.has("response.clientDataJSON") && errors.has("response.attestationObject"));
    }

    #[test]
    fn oversized_members_are_refused_before_decoding() {
        let big = "A".repeat(MAX_CLIENT_DATA * 2);
        let errors = sign_in(&body(json!({
            "rawId": "AQID", "type": "public-key",
            "response": { "clientDataJSON": big, "authenticatorData": "AAE", "signature": "AA" }
        })))
        .unwrap_err();
        assert!(errors.has("response.clientDataJSON"));
        let exact = super::super::encode(&[1u8; MAX_SIGNATURE]);
        let read = sign_in(&body(json!({
            "rawId": "AQID", "type": "public-key",
            "response": { "clientDataJSON": "e30", "authenticatorData": "AAE", "signature": exact }
        })));
        assert!(read.is_ok(), "a signature of the largest size still reads");
    }

    #[test]
    fn a_name_is_required_trimmed_and_bounded() {
        assert_eq!(
            credential_name(&body(json!({ "name": "  Phone " }))).unwrap(),
            "Phone"
        );
        assert!(
            credential_name(&body(json!({ "name": "   " })))
                .unwrap_err()
                .has("name")
        );
        assert!(
            credential_name(&body(json!({ "name": 5 })))
                .unwrap_err()
                .has("name")
        );
        assert!(credential_name(&body(json!({}))).unwrap_err().has("name"));
        let long: String = core::iter::repeat_n('é', MAX_NAME + 1).collect();
        assert!(
            credential_name(&body(json!({ "name": long })))
                .unwrap_err()
                .has("name")
        );
    }

    #[test]
    fn a_registration_may_carry_a_name() {
        assert_eq!(
            registration_name(&body(json!({ "alias": " Key " }))).as_deref(),
            Some("Key")
        );
        assert_eq!(
            registration_name(&body(json!({ "name": "A", "alias": "B" }))).as_deref(),
            Some("A")
        );
        assert_eq!(registration_name(&body(json!({ "name": "  " }))), None);
        assert_eq!(registration_name(&body(json!({}))), None);
    }

    #[test]
    fn the_challenge_is_read_from_the_client_data() {
        assert_eq!(
            challenge_of(br#"{"type":"webauthn.get","challenge":"AQID"}"#),
            Some(vec![1, 2, 3])
        );
        assert_eq!(challenge_of(b"not json"), None);
        assert_eq!(challenge_of(br#"{"challenge":5}"#), None);
    }
}
