//! JSON Web Tokens as Twofold receives them: an OpenID provider's ID token and Cloudflare Access's
//! `Cf-Access-Jwt-Assertion`. A token is parsed, its key picked from the issuer's published set
//! (JWKS) by `kid` and type, its claims checked (issuer, audience, expiry, not-before, nonce), and
//! the signature handed to the platform as a [`SignatureCheck`]. `none` and HMAC algorithms are
//! refused: a token must be signed by a key the issuer publishes.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::Value;

use crate::signature::{Algorithm, SignatureCheck};
use crate::webauthn::decode as base64url;

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    Malformed,
    /// Signed with an algorithm not accepted (`none`, HMAC, ...).
    UnsupportedAlgorithm,
    /// No key of the issuer's set matches the token.
    UnknownKey,
    /// Issued by someone else.
    WrongIssuer,
    /// Meant for another audience.
    WrongAudience,
    /// Past its expiry.
    Expired,
    /// Not valid yet.
    NotYetValid,
    /// Not the answer to this sign-in (`nonce`).
    WrongNonce,
}

impl core::fmt::Display for JwtError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Malformed => "the token cannot be read",
            Self::UnsupportedAlgorithm => "the token's algorithm is not accepted",
            Self::UnknownKey => "the token's key is not one the issuer publishes",
            Self::WrongIssuer => "the token comes from another issuer",
            Self::WrongAudience => "the token is meant for another audience",
            Self::Expired => "the token has expired",
            Self::NotYetValid => "the token is not valid yet",
            Self::WrongNonce => "the token does not answer this sign-in",
        })
    }
}

impl core::error::Error for JwtError {}

/// What a token must say to be accepted.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// `iss`.
    pub issuer: &'a str,
    /// One of `aud`.
    pub audience: &'a str,
    /// `nonce`, when the sign-in sent one.
    pub nonce: Option<&'a str>,
    /// Clock skew allowed, in seconds.
    pub leeway: u64,
}

/// A parsed, not yet trusted, token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwt {
    /// The header (`alg`, `kid`, ...).
    pub header: Value,
    /// The claims.
    pub claims: Value,
    algorithm: Algorithm,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
}

impl Jwt {
    /// Parses a compact JWS; only accepted algorithms pass.
    pub fn parse(token: &str) -> Result<Self, JwtError> {
        let mut parts = token.split('.');
        let (Some(header), Some(claims), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let json = |part: &str| -> Result<Value, JwtError> {
            let bytes = base64url(part).ok_or(JwtError::Malformed)?;
            let value = crate::input::json_value(&bytes).ok_or(JwtError::Malformed)?;
            value
                .is_object()
                .then_some(value)
                .ok_or(JwtError::Malformed)
        };
        let header = json(header)?;
        let algorithm = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Algorithm::from_jose)
            .ok_or(JwtError::UnsupportedAlgorithm)?;
        let signed = token.rfind('.').ok_or(JwtError::Malformed)?;
        let signing_input = &token.as_bytes()[..signed];
        Ok(Self {
            claims: json(claims)?,
            header,
            algorithm,
            signing_input: signing_input.to_vec(),
            signature: base64url(signature).ok_or(JwtError::Malformed)?,
        })
    }

    /// A text claim.
    pub fn claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// Checks the claims against what is expected at `now` (Unix seconds).
    pub fn validate(&self, expected: &Expected, now: u64) -> Result<(), JwtError> {
        if self.claim("iss") != Some(expected.issuer) {
            return Err(JwtError::WrongIssuer);
        }
        let audience = match self.claims.get("aud") {
            Some(Value::String(one)) => one == expected.audience,
            Some(Value::Array(many)) => many.iter().any(|a| a.as_str() == Some(expected.audience)),
            _ => false,
        };
        if !audience {
            return Err(JwtError::WrongAudience);
        }
        let time = |name: &str| self.claims.get(name).and_then(Value::as_u64);
        // An ID token and an Access assertion always carry `exp`.
        let expiry = time("exp").ok_or(JwtError::Malformed)?;
        if now > expiry.saturating_add(expected.leeway) {
            return Err(JwtError::Expired);
        }
        if time("nbf").is_some_and(|nbf| nbf > now.saturating_add(expected.leeway)) {
            return Err(JwtError::NotYetValid);
        }
        if let Some(nonce) = expected.nonce
            && self.claim("nonce") != Some(nonce)
        {
            return Err(JwtError::WrongNonce);
        }
        Ok(())
    }

    /// The signature to verify, with the key of `jwks` (`{"keys": [...]}`) the token names: by
    /// `kid` when it has one, and of the algorithm's key type.
    pub fn signature_check(&self, jwks: &Value) -> Result<SignatureCheck, JwtError> {
        let kid = self.header.get("kid").and_then(Value::as_str);
        let key = jwks
            .get("keys")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|k| k.get("kty").and_then(Value::as_str) == Some(self.algorithm.key_type()))
            .filter(|k| {
                k.get("use")
                    .and_then(Value::as_str)
                    .is_none_or(|u| u == "sig")
            })
            .find(|k| kid.is_none() || k.get("kid").and_then(Value::as_str) == kid)
            .ok_or(JwtError::UnknownKey)?;
        // Only the public members reach the platform.
        let public: serde_json::Map<String, Value> = key
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, _)| ["kty", "crv", "x", "y", "n", "e"].contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        Ok(SignatureCheck {
            jwk: Value::Object(public),
            algorithm: self.algorithm,
            message: self.signing_input.clone(),
            signature: self.signature.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webauthn::encode;
    use alloc::format;
    use alloc::string::ToString;
    use p256::ecdsa::signature::{Signer, Verifier};
    use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
    use serde_json::json;

    const NOW: u64 = 1_790_000_000;
    const EXPECTED: Expected = Expected {
        issuer: "https://id.example",
        audience: "twofold",
        nonce: Some("n-0S6"),
        leeway: 60,
    };

    fn key() -> SigningKey {
        SigningKey::from_slice(&[5u8; 32]).unwrap()
    }

    fn jwks() -> Value {
        let point = VerifyingKey::from(&key()).to_sec1_point(false);
        json!({"keys": [
            {"kty": "RSA", "kid": "k1", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "k2", "crv": "P-256", "use": "sig",
             "x": encode(point.x().unwrap()), "y": encode(point.y().unwrap()), "d": "never sent"}
        ]})
    }

    fn token(header: Value, claims: Value) -> String {
        let input = format!(
            "{}.{}",
            encode(header.to_string().as_bytes()),
            encode(claims.to_string().as_bytes())
        );
        let signature: Signature = key().sign(input.as_bytes());
        format!("{input}.{}", encode(&signature.to_bytes()))
    }

    fn claims() -> Value {
        json!({"iss": "https://id.example", "aud": ["other", "twofold"], "sub": "42",
               "exp": NOW + 300, "iat": NOW, "nonce": "n-0S6", "email": "jane@example.org"})
    }

    #[test]
    fn a_signed_token_yields_its_claims_and_the_check_of_its_signature() {
        let jwt = Jwt::parse(&token(json!({"alg": "ES256", "kid": "k2"}), claims())).unwrap();
        assert_eq!(jwt.validate(&EXPECTED, NOW), Ok(()));
        assert_eq!(jwt.claim("email"), Some("jane@example.org"));
        let check = jwt.signature_check(&jwks()).unwrap();
        assert_eq!(check.algorithm, Algorithm::Es256);
        assert!(check.jwk.get("d").is_none(), "private members never pass");
        let signature = Signature::from_slice(&check.signature).unwrap();
        let verifying = VerifyingKey::from(&key());
        assert!(verifying.verify(&check.message, &signature).is_ok());
    }

    #[test]
    fn forged_foreign_or_stale_tokens_are_refused() {
        let es = json!({"alg": "ES256", "kid": "k2"});
        let with = |change: fn(&mut Value)| {
            let mut c = claims();
            change(&mut c);
            Jwt::parse(&token(es.clone(), c))
                .unwrap()
                .validate(&EXPECTED, NOW)
        };
        assert_eq!(
            with(|c| c["iss"] = json!("https://evil.example")),
            Err(JwtError::WrongIssuer)
        );
        assert_eq!(
            with(|c| c["aud"] = json!("other")),
            Err(JwtError::WrongAudience)
        );
        assert_eq!(with(|c| c["exp"] = json!(NOW - 61)), Err(JwtError::Expired));
        assert_eq!(
            with(|c| c["nbf"] = json!(NOW + 120)),
            Err(JwtError::NotYetValid)
        );
        assert_eq!(
            with(|c| c["nonce"] = json!("replayed")),
            Err(JwtError::WrongNonce)
        );
        assert_eq!(
            with(|c| drop(c.as_object_mut().unwrap().remove("exp"))),
            Err(JwtError::Malformed)
        );
        // `none`, HMAC (a public key used as a shared secret), and unknown keys.
        for alg in ["none", "HS256"] {
            let forged = token(json!({"alg": alg}), claims());
            assert_eq!(
                Jwt::parse(&forged),
                Err(JwtError::UnsupportedAlgorithm),
                "{alg}"
            );
        }
        let unknown = Jwt::parse(&token(json!({"alg": "ES256", "kid": "k9"}), claims())).unwrap();
        assert_eq!(unknown.signature_check(&jwks()), Err(JwtError::UnknownKey));
        let rsa_named = Jwt::parse(&token(json!({"alg": "RS256", "kid": "k2"}), claims())).unwrap();
        assert_eq!(
            rsa_named.signature_check(&jwks()),
            Err(JwtError::UnknownKey),
            "key type must match"
        );
        for broken in ["a.b", "a.b.c.d", "!!.e30.AA", ""] {
            assert!(Jwt::parse(broken).is_err(), "{broken}");
        }
    }
}
