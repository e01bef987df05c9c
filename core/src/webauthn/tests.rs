//! A software authenticator built here (P-256 keys from RustCrypto's `p256`) runs both ceremonies
//! against the relying party's rules, then the attacks each rule stops.

use alloc::string::String;
use alloc::vec::Vec;

use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

use super::*;

const RP: RelyingParty = RelyingParty {
    id: "localhost",
    name: "Twofold",
    origin: "http://localhost:8787",
    verification: UserVerification::Preferred,
};
const CHALLENGE: [u8; 32] = [42; 32];
const UP_UV: u8 = USER_PRESENT | USER_VERIFIED;

/// A CBOR head: major type and argument.
fn head(major: u8, n: usize, out: &mut Vec<u8>) {
    match n {
        0..=23 => out.push(major << 5 | n as u8),
        24..=255 => out.extend_from_slice(&[major << 5 | 24, n as u8]),
        _ => {
            out.push(major << 5 | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
}

fn cbor_int(i: i64, out: &mut Vec<u8>) {
    if i >= 0 {
        head(0, i as usize, out);
    } else {
        head(1, (-1 - i) as usize, out);
    }
}

fn cbor_bytes(b: &[u8], out: &mut Vec<u8>) {
    head(2, b.len(), out);
    out.extend_from_slice(b);
}

fn cbor_text(t: &str, out: &mut Vec<u8>) {
    head(3, t.len(), out);
    out.extend_from_slice(t.as_bytes());
}

struct Authenticator {
    key: SigningKey,
    id: Vec<u8>,
    alg: i64,
}

impl Authenticator {
    fn new() -> Self {
        Self {
            key: SigningKey::from_slice(&[7u8; 32]).unwrap(),
            id: alloc::vec![9; 16],
            alg: ES256,
        }
    }

    fn cose_key(&self) -> Vec<u8> {
        let point = VerifyingKey::from(&self.key).to_sec1_point(false);
        let mut out = Vec::new();
        head(5, 5, &mut out);
        for (label, value) in [(1, 2), (3, self.alg), (-1, 1)] {
            cbor_int(label, &mut out);
            cbor_int(value, &mut out);
        }
        cbor_int(-2, &mut out);
        cbor_bytes(point.x().unwrap(), &mut out);
        cbor_int(-3, &mut out);
        cbor_bytes(point.y().unwrap(), &mut out);
        out
    }

    fn auth_data(&self, rp_id: &str, flags: u8, count: u32, attested: bool) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags | if attested { ATTESTED } else { 0 });
        data.extend_from_slice(&count.to_be_bytes());
        if attested {
            data.extend_from_slice(&[1; 16]);
            data.extend_from_slice(&(self.id.len() as u16).to_be_bytes());
            data.extend_from_slice(&self.id);
            data.extend_from_slice(&self.cose_key());
        }
        data
    }

    fn attestation(&self, auth_data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        head(5, 3, &mut out);
        cbor_text("fmt", &mut out);
        cbor_text("none", &mut out);
        cbor_text("attStmt", &mut out);
        head(5, 0, &mut out);
        cbor_text("authData", &mut out);
        cbor_bytes(auth_data, &mut out);
        out
    }
}

fn client_data(kind: &str, challenge: &[u8], origin: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "type": kind, "challenge": encode(challenge), "origin": origin, "crossOrigin": false
    }))
    .unwrap()
}

fn registered(a: &Authenticator) -> NewCredential {
    let data = a.auth_data("localhost", UP_UV, 0, true);
    let cdj = client_data("webauthn.create", &CHALLENGE, RP.origin);
    register(&RP, &CHALLENGE, &cdj, &a.attestation(&data)).unwrap()
}

#[test]
fn registration_keeps_the_credential_and_its_key() {
    let a = Authenticator::new();
    let credential = registered(&a);
    assert_eq!(credential.id, a.id);
    assert_eq!(credential.algorithm, ES256);
    assert_eq!(credential.public_key, a.cose_key());
    assert!(credential.user_verified && !credential.backed_up);
}

#[test]
fn registration_attacks_are_refused() {
    let a = Authenticator::new();
    let good = a.auth_data("localhost", UP_UV, 0, true);
    let cdj = client_data("webauthn.create", &CHALLENGE, RP.origin);
    let try_with = |rp: &RelyingParty, cdj: &[u8], data: &[u8]| {
        register(rp, &CHALLENGE, cdj, &a.attestation(data)).map(|_| ())
    };
    let e = WebauthnError::ChallengeMismatch;
    let other = client_data("webauthn.create", &[1; 32], RP.origin);
    assert_eq!(try_with(&RP, &other, &good), Err(e));
    let phishing = client_data("webauthn.create", &CHALLENGE, "https://evil.example");
    assert_eq!(
        try_with(&RP, &phishing, &good),
        Err(WebauthnError::OriginMismatch)
    );
    let get = client_data("webauthn.get", &CHALLENGE, RP.origin);
    assert_eq!(
        try_with(&RP, &get, &good),
        Err(WebauthnError::WrongCeremony)
    );
    let foreign = a.auth_data("evil.example", UP_UV, 0, true);
    assert_eq!(
        try_with(&RP, &cdj, &foreign),
        Err(WebauthnError::RpIdMismatch)
    );
    let absent = a.auth_data("localhost", 0, 0, true);
    assert_eq!(
        try_with(&RP, &cdj, &absent),
        Err(WebauthnError::UserNotPresent)
    );
    let unverified = a.auth_data("localhost", USER_PRESENT, 0, true);
    let strict = RelyingParty {
        verification: UserVerification::Required,
        ..RP
    };
    assert_eq!(
        try_with(&strict, &cdj, &unverified),
        Err(WebauthnError::UserNotVerified)
    );
    assert!(
        try_with(&RP, &cdj, &unverified).is_ok(),
        "preferred is not enforced"
    );
    let no_key = a.auth_data("localhost", UP_UV, 0, false);
    assert_eq!(try_with(&RP, &cdj, &no_key), Err(WebauthnError::Malformed));
    let mut rs1 = Authenticator::new();
    rs1.alg = -65535; // RS1: not accepted
    let data = rs1.auth_data("localhost", UP_UV, 0, true);
    assert_eq!(
        try_with(&RP, &cdj, &data),
        Err(WebauthnError::UnsupportedAlgorithm)
    );
    assert_eq!(
        register(&RP, &CHALLENGE, &cdj, b"\xa0"),
        Err(WebauthnError::Malformed)
    );
}

/// Signs a sign-in as the authenticator does.
fn sign_in(a: &Authenticator, count: u32, origin: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let data = a.auth_data("localhost", UP_UV, count, false);
    let cdj = client_data("webauthn.get", &CHALLENGE, origin);
    let mut message = data.clone();
    message.extend_from_slice(&Sha256::digest(&cdj));
    let signature: Signature = a.key.sign(&message);
    (cdj, data, signature.to_der().as_bytes().to_vec())
}

#[test]
fn sign_in_yields_the_one_signature_to_verify() {
    let a = Authenticator::new();
    let credential = registered(&a);
    let (cdj, data, der) = sign_in(&a, 5, RP.origin);
    let stored = (credential.public_key.as_slice(), 0);
    let assertion = assert(&RP, &CHALLENGE, stored, &cdj, &data, &der).unwrap();
    assert_eq!(assertion.sign_count, 5);
    let v = assertion.verification;
    assert_eq!(v.algorithm, crate::signature::Algorithm::Es256);
    assert_eq!(v.jwk["kty"], "EC");
    // What WebCrypto would check: the raw signature over the message, under the JWK's key.
    let raw = Signature::from_slice(&v.signature).unwrap();
    assert!(VerifyingKey::from(&a.key).verify(&v.message, &raw).is_ok());
    // A signature over anything else does not verify.
    let mut tampered = v.message.clone();
    tampered[40] ^= 1;
    assert!(VerifyingKey::from(&a.key).verify(&tampered, &raw).is_err());
}

#[test]
fn sign_in_attacks_are_refused() {
    let a = Authenticator::new();
    let credential = registered(&a);
    let key = credential.public_key.as_slice();
    let (cdj, data, der) = sign_in(&a, 5, RP.origin);
    // A cloned authenticator replays an older counter.
    assert_eq!(
        assert(&RP, &CHALLENGE, (key, 5), &cdj, &data, &der).map(|_| ()),
        Err(WebauthnError::CounterRegressed)
    );
    // Counters that stay at 0 are allowed (synced passkeys).
    let (cdj0, data0, der0) = sign_in(&a, 0, RP.origin);
    assert!(assert(&RP, &CHALLENGE, (key, 0), &cdj0, &data0, &der0).is_ok());
    // Another challenge (a replayed response), another site.
    assert_eq!(
        assert(&RP, &[0; 32], (key, 0), &cdj, &data, &der).map(|_| ()),
        Err(WebauthnError::ChallengeMismatch)
    );
    let (phish, pdata, pder) = sign_in(&a, 6, "https://evil.example");
    assert_eq!(
        assert(&RP, &CHALLENGE, (key, 0), &phish, &pdata, &pder).map(|_| ()),
        Err(WebauthnError::OriginMismatch)
    );
    // A signature that is not DER.
    assert_eq!(
        assert(&RP, &CHALLENGE, (key, 0), &cdj, &data, &[1, 2, 3]).map(|_| ()),
        Err(WebauthnError::Malformed)
    );
}

#[test]
fn encodings_clients_send() {
    let bytes = [0xfb, 0xff, 0x01];
    for text in ["-_8B", "+/8B", "+/8B==", "-_8B="] {
        assert_eq!(decode(text).as_deref(), Some(&bytes[..]), "{text}");
    }
    assert_eq!(decode("not base64!"), None);
    let uv = UserVerification::from_setting;
    assert_eq!(uv("required"), UserVerification::Required);
    assert_eq!(uv("anything"), UserVerification::Preferred);
}

#[test]
fn options_name_the_party_the_user_and_the_algorithms() {
    let options = creation_options(
        &RP,
        (&[1, 2], "me@example.org", "Me"),
        &CHALLENGE,
        &[alloc::vec![9; 4]],
    );
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["user"]["id"], "AQI");
    let algs: Vec<i64> = options["pubKeyCredParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["alg"].as_i64().unwrap())
        .collect();
    assert_eq!(algs, [ES256, EDDSA, RS256]);
    assert_eq!(options["excludeCredentials"][0]["id"], "CQkJCQ");
    let request = request_options(&RP, &CHALLENGE, &[]);
    assert_eq!(request["allowCredentials"], json!([]));
    assert_eq!(request["userVerification"], "preferred");
    let _: String = encode(&CHALLENGE);
}

#[test]
fn a_sign_in_attesting_a_credential_is_refused_before_its_data_is_read() {
    let a = Authenticator::new();
    let credential = registered(&a);
    let data = a.auth_data("localhost", UP_UV, 1, true);
    let cdj = client_data("webauthn.get", &CHALLENGE, RP.origin);
    assert_eq!(
        assert(
            &RP,
            &CHALLENGE,
            (&credential.public_key, 0),
            &cdj,
            &data,
            &[0; 64]
        )
        .map(|_| ()),
        Err(WebauthnError::Malformed)
    );
}

#[test]
fn cross_origin_frames_and_unverified_users_are_refused_where_required() {
    let a = Authenticator::new();
    let credential = registered(&a);
    let key = credential.public_key.as_slice();
    let (_, data, der) = sign_in(&a, 1, RP.origin);
    let framed = serde_json::to_vec(&json!({
        "type": "webauthn.get", "challenge": encode(&CHALLENGE), "origin": RP.origin, "crossOrigin": true
    }))
    .unwrap();
    assert_eq!(
        assert(&RP, &CHALLENGE, (key, 0), &framed, &data, &der).map(|_| ()),
        Err(WebauthnError::OriginMismatch)
    );
    let strict = RelyingParty {
        verification: UserVerification::Required,
        ..RP
    };
    let present_only = a.auth_data("localhost", USER_PRESENT, 2, false);
    let cdj = client_data("webauthn.get", &CHALLENGE, RP.origin);
    assert_eq!(
        assert(&strict, &CHALLENGE, (key, 0), &cdj, &present_only, &der).map(|_| ()),
        Err(WebauthnError::UserNotVerified)
    );
}

/// A COSE RSA key with this modulus and exponent.
fn rsa_key(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    head(5, 4, &mut out);
    cbor_int(1, &mut out);
    cbor_int(3, &mut out);
    cbor_int(3, &mut out);
    cbor_int(RS256, &mut out);
    cbor_int(-1, &mut out);
    cbor_bytes(n, &mut out);
    cbor_int(-2, &mut out);
    cbor_bytes(e, &mut out);
    out
}

#[test]
fn rsa_keys_are_2048_to_4096_bits_without_padding_and_a_small_exponent() {
    let mut n = [0xc5u8; 256];
    assert!(PublicKey::from_cose(&rsa_key(&n, &[1, 0, 1])).is_ok());
    assert!(PublicKey::from_cose(&rsa_key(&[0xc5; 512], &[1, 0, 1])).is_ok());
    // A 1024-bit modulus padded with zeros to look like 2048 bits.
    n[..128].fill(0);
    assert_eq!(
        PublicKey::from_cose(&rsa_key(&n, &[1, 0, 1])),
        Err(WebauthnError::Malformed)
    );
    assert_eq!(
        PublicKey::from_cose(&rsa_key(&[0xc5; 128], &[1, 0, 1])),
        Err(WebauthnError::Malformed)
    );
    assert_eq!(
        PublicKey::from_cose(&rsa_key(&[0xc5; 513], &[1, 0, 1])),
        Err(WebauthnError::Malformed)
    );
    assert_eq!(
        PublicKey::from_cose(&rsa_key(&[0xc5; 256], &[1; 5])),
        Err(WebauthnError::Malformed)
    );
    assert_eq!(
        PublicKey::from_cose(&rsa_key(&[0xc5; 256], &[])),
        Err(WebauthnError::Malformed)
    );
}

#[test]
fn a_key_stuffed_beyond_any_need_is_not_stored() {
    // A valid ES256 key carrying a large extra label: the authenticator's bytes are what would be
    // stored, so they are refused.
    let a = Authenticator::new();
    let mut key = a.cose_key();
    key[0] += 1; // one more pair in the map
    cbor_int(-70, &mut key);
    cbor_bytes(&[7; MAX_PUBLIC_KEY], &mut key);
    let mut data = Sha256::digest(b"localhost").to_vec();
    data.push(UP_UV | ATTESTED);
    data.extend_from_slice(&0u32.to_be_bytes());
    data.extend_from_slice(&[1; 16]);
    data.extend_from_slice(&(a.id.len() as u16).to_be_bytes());
    data.extend_from_slice(&a.id);
    data.extend_from_slice(&key);
    let cdj = client_data("webauthn.create", &CHALLENGE, RP.origin);
    assert_eq!(
        register(&RP, &CHALLENGE, &cdj, &a.attestation(&data)).map(|_| ()),
        Err(WebauthnError::Malformed)
    );
}
