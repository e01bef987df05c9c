//! Passkeys (WebAuthn) as a relying party checks them: the options sent to the browser, and every
//! rule on what comes back (client data, authenticator data, COSE keys, sign counters), so that
//! the worker only stores credentials and asks the platform to verify one signature
//! ([`SignatureCheck`]: the key as a JWK, the algorithm, the signed message and the signature in
//! the form WebCrypto takes).
//!
//! Attestation statements are not verified: like most relying parties, Twofold asks for no
//! attestation (`"none"`) and does not care which make of authenticator holds a passkey.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::cbor::{self, Cbor};
use crate::signature::Algorithm;
pub use crate::signature::SignatureCheck;

/// COSE algorithm ids of the keys accepted.
pub const ES256: i64 = -7;
/// EdDSA (Ed25519).
pub const EDDSA: i64 = -8;
/// RSASSA-PKCS1-v1_5 with SHA-256.
pub const RS256: i64 = -257;

/// How long the browser may take, in milliseconds (the challenge lives as long on the server).
pub const TIMEOUT_MS: u64 = 60_000;
/// The longest credential id accepted (the WebAuthn limit).
pub const MAX_CREDENTIAL_ID: usize = 1023;
/// The largest COSE key stored: an RSA-4096 key takes about 540 bytes; anything bigger carries
/// what no key needs, and would be stored as sent.
pub const MAX_PUBLIC_KEY: usize = 1024;

/// Why a passkey response is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebauthnError {
    /// The client data, authenticator data or CBOR cannot be read.
    Malformed,
    /// The client data is not of the ceremony expected (`webauthn.create` / `webauthn.get`).
    WrongCeremony,
    /// The challenge is not the one issued.
    ChallengeMismatch,
    /// The page that ran the ceremony is not this site.
    OriginMismatch,
    /// The credential is for another relying party id.
    RpIdMismatch,
    /// The authenticator saw no user presence.
    UserNotPresent,
    /// User verification is required and was not done.
    UserNotVerified,
    /// The key's algorithm is not ES256, EdDSA or RS256.
    UnsupportedAlgorithm,
    /// The signature counter went back: the authenticator may have been cloned.
    CounterRegressed,
}

impl core::fmt::Display for WebauthnError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The words are the API's (a 422 on `response`), in the order of the variants.
        f.write_str(crate::messages::PASSKEY_REFUSALS[*self as usize])
    }
}

impl core::error::Error for WebauthnError {}

/// `WEBAUTHN_USER_VERIFICATION`: what the ceremonies ask of the authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserVerification {
    /// Verification (PIN, biometrics) must be done.
    Required,
    /// Asked for, not enforced (2FAuth's default).
    Preferred,
    /// Not asked for.
    Discouraged,
}

impl UserVerification {
    /// The setting's value, `preferred` for anything unknown.
    pub fn from_setting(value: &str) -> Self {
        match value {
            "required" => Self::Required,
            "discouraged" => Self::Discouraged,
            _ => Self::Preferred,
        }
    }

    /// The name WebAuthn uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Preferred => "preferred",
            Self::Discouraged => "discouraged",
        }
    }
}

/// The relying party: this site.
#[derive(Debug, Clone, Copy)]
pub struct RelyingParty<'a> {
    /// `WEBAUTHN_ID`: the domain passkeys are bound to.
    pub id: &'a str,
    /// `WEBAUTHN_NAME`: the name authenticators show.
    pub name: &'a str,
    /// The origin pages must have (`https://host[:port]`).
    pub origin: &'a str,
    /// What the ceremonies ask of the authenticator.
    pub verification: UserVerification,
}

/// Base64url without padding, as WebAuthn's JSON carries binary values.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Binary values as clients send them: base64url or standard base64, padded or not (2FAuth's
/// clients send both).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let normalised: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    URL_SAFE_NO_PAD.decode(normalised).ok()
}

/// The options of a registration (`navigator.credentials.create`): the user's handle, the
/// algorithms accepted, a discoverable credential (a passkey signs in without an e-mail), and
/// the user's existing credentials excluded.
pub fn creation_options(
    rp: &RelyingParty,
    user: (&[u8], &str, &str),
    challenge: &[u8],
    exclude: &[Vec<u8>],
) -> Value {
    let (handle, name, display_name) = user;
    let excluded: Vec<Value> = exclude
        .iter()
        .map(|id| json!({ "type": "public-key", "id": encode(id) }))
        .collect();
    let algorithms: Vec<Value> = [ES256, EDDSA, RS256]
        .iter()
        .map(|alg| json!({ "type": "public-key", "alg": alg }))
        .collect();
    json!({
        "rp": { "name": rp.name, "id": rp.id },
        "user": { "name": name, "displayName": display_name, "id": encode(handle) },
        "challenge": encode(challenge),
        "pubKeyCredParams": algorithms,
        "timeout": TIMEOUT_MS,
        "excludeCredentials": excluded,
        "authenticatorSelection": {
            "residentKey": "preferred",
            "requireResidentKey": false,
            "userVerification": rp.verification.as_str(),
        },
        "attestation": "none",
    })
}

/// The options of a sign-in (`navigator.credentials.get`): the user's credentials, or none for a
/// discoverable passkey chosen by the authenticator.
pub fn request_options(rp: &RelyingParty, challenge: &[u8], allow: &[Vec<u8>]) -> Value {
    let allowed: Vec<Value> = allow
        .iter()
        .map(|id| json!({ "type": "public-key", "id": encode(id) }))
        .collect();
    json!({
        "challenge": encode(challenge),
        "timeout": TIMEOUT_MS,
        "rpId": rp.id,
        "allowCredentials": allowed,
        "userVerification": rp.verification.as_str(),
    })
}

/// A public key from a COSE_Key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// ECDSA over P-256 with SHA-256: the point's coordinates.
    Es256 {
        /// x.
        x: [u8; 32],
        /// y.
        y: [u8; 32],
    },
    /// Ed25519.
    EdDsa {
        /// The key.
        x: [u8; 32],
    },
    /// RSA PKCS#1 v1.5 with SHA-256.
    Rs256 {
        /// Modulus.
        n: Vec<u8>,
        /// Public exponent.
        e: Vec<u8>,
    },
}

impl PublicKey {
    /// Reads a COSE_Key (RFC 9052/9053) of an accepted algorithm.
    pub fn from_cose(bytes: &[u8]) -> Result<Self, WebauthnError> {
        let (key, _) = cbor::decode(bytes).map_err(|_| WebauthnError::Malformed)?;
        Self::from_cbor(&key)
    }

    fn from_cbor(key: &Cbor) -> Result<Self, WebauthnError> {
        let int = |label| key.get_int(label).and_then(Cbor::int);
        let bytes = |label| key.get_int(label).and_then(Cbor::bytes);
        let fixed = |label| -> Result<[u8; 32], WebauthnError> {
            bytes(label)
                .and_then(|b| b.try_into().ok())
                .ok_or(WebauthnError::Malformed)
        };
        // kty (1), alg (3), then the type's parameters.
        match (int(1), int(3)) {
            (Some(2), Some(ES256)) if int(-1) == Some(1) => Ok(Self::Es256 {
                x: fixed(-2)?,
                y: fixed(-3)?,
            }),
            (Some(1), Some(EDDSA)) if int(-1) == Some(6) => Ok(Self::EdDsa { x: fixed(-2)? }),
            (Some(3), Some(RS256)) => {
                let (n, e) = (bytes(-1), bytes(-2));
                match (n, e) {
                    // 2048 to 4096 bits, no leading zero (which would pass a short modulus off as
                    // a long one), an exponent of at most 32 bits.
                    (Some(n), Some(e))
                        if (256..=512).contains(&n.len())
                            && n[0] != 0
                            && (1..=4).contains(&e.len()) =>
                    {
                        Ok(Self::Rs256 {
                            n: n.to_vec(),
                            e: e.to_vec(),
                        })
                    }
                    _ => Err(WebauthnError::Malformed),
                }
            }
            _ => Err(WebauthnError::UnsupportedAlgorithm),
        }
    }

    /// The COSE algorithm id.
    pub fn algorithm(&self) -> i64 {
        match self {
            Self::Es256 { .. } => ES256,
            Self::EdDsa { .. } => EDDSA,
            Self::Rs256 { .. } => RS256,
        }
    }

    /// The algorithm, for the platform's verification.
    pub fn signature_algorithm(&self) -> Algorithm {
        match self {
            Self::Es256 { .. } => Algorithm::Es256,
            Self::EdDsa { .. } => Algorithm::EdDsa,
            Self::Rs256 { .. } => Algorithm::Rs256,
        }
    }

    /// The key as a JWK, for WebCrypto's `importKey("jwk", …)`.
    pub fn jwk(&self) -> Value {
        match self {
            Self::Es256 { x, y } => {
                json!({ "kty": "EC", "crv": "P-256", "x": encode(x), "y": encode(y) })
            }
            Self::EdDsa { x } => json!({ "kty": "OKP", "crv": "Ed25519", "x": encode(x) }),
            Self::Rs256 { n, e } => json!({ "kty": "RSA", "n": encode(n), "e": encode(e) }),
        }
    }
}

/// What the client says about the ceremony (`clientDataJSON`).
struct ClientData {
    kind: String,
    challenge: String,
    origin: String,
    cross_origin: bool,
}

impl ClientData {
    fn read(json: &[u8]) -> Result<Self, WebauthnError> {
        let v = crate::input::json_value(json).ok_or(WebauthnError::Malformed)?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        Ok(Self {
            kind: text("type").ok_or(WebauthnError::Malformed)?,
            challenge: text("challenge").ok_or(WebauthnError::Malformed)?,
            origin: text("origin").ok_or(WebauthnError::Malformed)?,
            cross_origin: v.get("crossOrigin").and_then(Value::as_bool) == Some(true),
        })
    }

    /// The checks both ceremonies make on the client data.
    fn check(&self, kind: &str, rp: &RelyingParty, challenge: &[u8]) -> Result<(), WebauthnError> {
        if self.kind != kind {
            return Err(WebauthnError::WrongCeremony);
        }
        let sent = decode(&self.challenge).ok_or(WebauthnError::Malformed)?;
        if !constant_time_eq(&sent, challenge) {
            return Err(WebauthnError::ChallengeMismatch);
        }
        if self.origin != rp.origin || self.cross_origin {
            return Err(WebauthnError::OriginMismatch);
        }
        Ok(())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The flags of authenticator data.
const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const BACKUP_ELIGIBLE: u8 = 0x08;
const BACKED_UP: u8 = 0x10;
const ATTESTED: u8 = 0x40;

/// What the authenticator signed about itself (`authenticatorData`).
struct AuthenticatorData {
    rp_id_hash: [u8; 32],
    flags: u8,
    sign_count: u32,
    /// With a registration: the AAGUID, the credential id and its COSE key.
    attested: Option<([u8; 16], Vec<u8>, Vec<u8>)>,
}

impl AuthenticatorData {
    fn read(bytes: &[u8]) -> Result<Self, WebauthnError> {
        let malformed = WebauthnError::Malformed;
        if bytes.len() < 37 {
            return Err(malformed);
        }
        let rp_id_hash: [u8; 32] = bytes[..32].try_into().map_err(|_| malformed)?;
        let flags = bytes[32];
        let sign_count = u32::from_be_bytes(bytes[33..37].try_into().map_err(|_| malformed)?);
        let attested = if flags & ATTESTED != 0 {
            let rest = &bytes[37..];
            let aaguid: [u8; 16] = rest
                .get(..16)
                .ok_or(malformed)?
                .try_into()
                .map_err(|_| malformed)?;
            let len = usize::from(u16::from_be_bytes(
                rest.get(16..18)
                    .ok_or(malformed)?
                    .try_into()
                    .map_err(|_| malformed)?,
            ));
            if len > MAX_CREDENTIAL_ID {
                return Err(malformed);
            }
            let id = rest.get(18..18 + len).ok_or(malformed)?.to_vec();
            let key_bytes = &rest[18 + len..];
            let (_, used) = cbor::decode(key_bytes).map_err(|_| malformed)?;
            Some((aaguid, id, key_bytes[..used].to_vec()))
        } else {
            None
        };
        Ok(Self {
            rp_id_hash,
            flags,
            sign_count,
            attested,
        })
    }

    /// The checks both ceremonies make on the authenticator data.
    fn check(&self, rp: &RelyingParty) -> Result<(), WebauthnError> {
        let expected: [u8; 32] = Sha256::digest(rp.id.as_bytes()).into();
        if !constant_time_eq(&self.rp_id_hash, &expected) {
            return Err(WebauthnError::RpIdMismatch);
        }
        if self.flags & USER_PRESENT == 0 {
            return Err(WebauthnError::UserNotPresent);
        }
        if rp.verification == UserVerification::Required && !self.user_verified() {
            return Err(WebauthnError::UserNotVerified);
        }
        Ok(())
    }

    fn user_verified(&self) -> bool {
        self.flags & USER_VERIFIED != 0
    }
}

/// A credential a registration created: what to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredential {
    /// The credential id.
    pub id: Vec<u8>,
    /// Its public key, as the COSE_Key bytes the authenticator sent.
    pub public_key: Vec<u8>,
    /// Its COSE algorithm.
    pub algorithm: i64,
    /// The signature counter so far.
    pub sign_count: u32,
    /// The authenticator's model id (zeros when it does not say).
    pub aaguid: [u8; 16],
    /// The user was verified.
    pub user_verified: bool,
    /// The passkey may be synced to other devices.
    pub backup_eligible: bool,
    /// The passkey is synced.
    pub backed_up: bool,
}

/// Checks a registration response against the challenge issued for it.
pub fn register(
    rp: &RelyingParty,
    challenge: &[u8],
    client_data_json: &[u8],
    attestation_object: &[u8],
) -> Result<NewCredential, WebauthnError> {
    ClientData::read(client_data_json)?.check("webauthn.create", rp, challenge)?;
    let (attestation, _) =
        cbor::decode(attestation_object).map_err(|_| WebauthnError::Malformed)?;
    if attestation.get_text("fmt").and_then(Cbor::text).is_none() {
        return Err(WebauthnError::Malformed);
    }
    let auth_data = attestation
        .get_text("authData")
        .and_then(Cbor::bytes)
        .ok_or(WebauthnError::Malformed)?;
    let data = AuthenticatorData::read(auth_data)?;
    data.check(rp)?;
    let (aaguid, id, public_key) = data.attested.clone().ok_or(WebauthnError::Malformed)?;
    if public_key.len() > MAX_PUBLIC_KEY {
        return Err(WebauthnError::Malformed);
    }
    let algorithm = PublicKey::from_cose(&public_key)?.algorithm();
    Ok(NewCredential {
        id,
        public_key,
        algorithm,
        sign_count: data.sign_count,
        aaguid,
        user_verified: data.user_verified(),
        backup_eligible: data.flags & BACKUP_ELIGIBLE != 0,
        backed_up: data.flags & BACKED_UP != 0,
    })
}

/// A sign-in response that passed every rule but the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// The signature to verify before trusting it.
    pub verification: SignatureCheck,
    /// The counter to store.
    pub sign_count: u32,
    /// The user was verified.
    pub user_verified: bool,
    /// The passkey is synced.
    pub backed_up: bool,
}

/// Checks a sign-in response for a stored credential (its COSE key and counter) against the
/// challenge issued for it.
pub fn assert(
    rp: &RelyingParty,
    challenge: &[u8],
    stored: (&[u8], u32),
    client_data_json: &[u8],
    authenticator_data: &[u8],
    signature: &[u8],
) -> Result<Assertion, WebauthnError> {
    let (public_key, stored_count) = stored;
    // A sign-in attests no new credential: its authenticator data is read no further.
    if authenticator_data
        .get(32)
        .is_some_and(|flags| flags & ATTESTED != 0)
    {
        return Err(WebauthnError::Malformed);
    }
    ClientData::read(client_data_json)?.check("webauthn.get", rp, challenge)?;
    let data = AuthenticatorData::read(authenticator_data)?;
    data.check(rp)?;
    // Counters that both count must go up; many passkeys always send 0.
    if (data.sign_count != 0 || stored_count != 0) && data.sign_count <= stored_count {
        return Err(WebauthnError::CounterRegressed);
    }
    let key = PublicKey::from_cose(public_key)?;
    let signature = match key {
        PublicKey::Es256 { .. } => der_to_raw(signature).ok_or(WebauthnError::Malformed)?,
        PublicKey::EdDsa { .. } if signature.len() == 64 => signature.to_vec(),
        PublicKey::EdDsa { .. } => return Err(WebauthnError::Malformed),
        PublicKey::Rs256 { .. } => signature.to_vec(),
    };
    let mut message = authenticator_data.to_vec();
    message.extend_from_slice(&Sha256::digest(client_data_json));
    Ok(Assertion {
        verification: SignatureCheck {
            jwk: key.jwk(),
            algorithm: key.signature_algorithm(),
            message,
            signature,
        },
        sign_count: data.sign_count,
        user_verified: data.user_verified(),
        backed_up: data.flags & BACKED_UP != 0,
    })
}

/// An ECDSA signature from DER (`SEQUENCE { INTEGER r, INTEGER s }`) to `r ‖ s`, 32 bytes each.
fn der_to_raw(der: &[u8]) -> Option<Vec<u8>> {
    let body = match der {
        [0x30, len, rest @ ..] if usize::from(*len) == rest.len() => rest,
        _ => return None,
    };
    let (r, rest) = der_integer(body)?;
    let (s, rest) = der_integer(rest)?;
    if !rest.is_empty() {
        return None;
    }
    let mut raw = alloc::vec![0u8; 64];
    let (r_slot, s_slot) = raw.split_at_mut(32);
    for (value, slot) in [(r, r_slot), (s, s_slot)] {
        let value = match value {
            [0, tail @ ..] => tail,
            v => v,
        };
        if value.len() > 32 {
            return None;
        }
        slot[32 - value.len()..].copy_from_slice(value);
    }
    Some(raw)
}

fn der_integer(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    match bytes {
        [0x02, len, rest @ ..] => {
            let len = usize::from(*len);
            (len > 0 && len <= rest.len()).then(|| rest.split_at(len))
        }
        _ => None,
    }
}

pub mod input;

#[cfg(test)]
mod tests;
