//! A signature the platform verifies: what passkeys, OpenID ID tokens and Cloudflare Access
//! assertions leave to it once every other rule passed. The Worker hands it to WebCrypto, which
//! has all three algorithms, so no big-number code ships in the `.wasm`.

use alloc::vec::Vec;

use serde_json::Value;

/// The algorithms accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// ECDSA over P-256 with SHA-256.
    Es256,
    /// Ed25519.
    EdDsa,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
}

impl Algorithm {
    /// The JOSE name (`alg` of a JWT header, of a JWK).
    pub fn jose(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
            Self::Rs256 => "RS256",
        }
    }

    /// The algorithm of a JOSE name; `none`, HMACs and the rest are refused.
    pub fn from_jose(name: &str) -> Option<Self> {
        match name {
            "ES256" => Some(Self::Es256),
            "EdDSA" | "Ed25519" => Some(Self::EdDsa),
            "RS256" => Some(Self::Rs256),
            _ => None,
        }
    }

    /// The JWK key type it needs.
    pub fn key_type(self) -> &'static str {
        match self {
            Self::Es256 => "EC",
            Self::EdDsa => "OKP",
            Self::Rs256 => "RSA",
        }
    }
}

/// One signature to verify before trusting what it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The public key, as a JWK (WebCrypto's `importKey("jwk", …)`).
    pub jwk: Value,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The signed bytes.
    pub message: Vec<u8>,
    /// The signature in WebCrypto's form (ECDSA as `r ‖ s`, 64 bytes).
    pub signature: Vec<u8>,
}
