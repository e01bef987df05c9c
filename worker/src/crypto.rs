//! Encryption at rest, token hashing and password-hash records: the pure parts, testable natively.
//! What needs the platform (randomness, WebCrypto PBKDF2) is in [`crate::platform`].

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, KeyInit as _, Mac};
use sha2::{Digest, Sha256};

/// Prefix of every encrypted value: format version 1.
const FORMAT: &str = "v1";

/// `APP_KEY` is missing or is not 32 bytes of base64 (optionally prefixed `base64:`, as Laravel's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadAppKey;

/// A stored value could not be decrypted (wrong key, tampered, or not ours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecipherable;

/// One AES-256-GCM key, its id (the first bytes of a hash of the key, never the key), and a
/// separate key derived from it for [`Vault::derive`].
struct Key {
    cipher: Aes256Gcm,
    id: String,
    derivation: Hmac<Sha256>,
}

impl Key {
    /// Reads a key written as Laravel writes `APP_KEY`: base64 of 32 bytes, optionally `base64:`.
    fn parse(app_key: &str) -> Result<Self, BadAppKey> {
        let encoded = app_key.trim();
        let encoded = encoded.strip_prefix("base64:").unwrap_or(encoded);
        let key = B64.decode(encoded).map_err(|_| BadAppKey)?;
        if key.len() != 32 {
            return Err(BadAppKey);
        }
        let digest = Sha256::new()
            .chain_update(b"twofold key id\0")
            .chain_update(&key)
            .finalize();
        let derivation = Sha256::new()
            .chain_update(b"twofold derivation key\0")
            .chain_update(&key)
            .finalize();
        Ok(Self {
            cipher: Aes256Gcm::new_from_slice(&key).map_err(|_| BadAppKey)?,
            id: hex(&digest[..4]),
            derivation: Hmac::new_from_slice(&derivation).map_err(|_| BadAppKey)?,
        })
    }
}

/// AES-256-GCM under the key from `APP_KEY`, still reading values written under the keys of
/// `APP_PREVIOUS_KEYS` while a rotation re-encrypts them.
///
/// Each value gets a fresh 96-bit random nonce and is bound to its column name as associated data,
/// so a ciphertext cannot be moved to another column. The stored form is
/// `v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`; the key id tells which key wrote a value.
pub struct Vault {
    current: Key,
    previous: Vec<Key>,
}

impl Vault {
    /// Reads `APP_KEY` and `APP_PREVIOUS_KEYS` (comma-separated, as Laravel's).
    pub fn with_previous(app_key: &str, previous_keys: &str) -> Result<Self, BadAppKey> {
        Ok(Self {
            current: Key::parse(app_key)?,
            previous: previous_keys
                .split(',')
                .filter(|k| !k.trim().is_empty())
                .map(Key::parse)
                .collect::<Result<_, _>>()?,
        })
    }

    /// Whether `stored` was written under the current key.
    pub fn is_current(&self, stored: &str) -> bool {
        stored
            .strip_prefix(FORMAT)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|rest| rest.strip_prefix(self.current.id.as_str()))
            .is_some_and(|rest| rest.starts_with(':'))
    }

    /// Encrypts `plaintext` for `column` with the given nonce (which must never repeat).
    pub fn encrypt(&self, column: &str, plaintext: &str, nonce: [u8; 12]) -> String {
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: column.as_bytes(),
        };
        // Encryption only fails for inputs beyond GCM's 64 GiB bound.
        let sealed = self
            .current
            .cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut blob = Vec::with_capacity(12 + sealed.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&sealed);
        format!("{FORMAT}:{}:{}", self.current.id, B64.encode(blob))
    }

    /// A secret for `purpose` and `message`: HMAC-SHA-256 under a key derived from the current
    /// key, so the same inputs give the same secret, nothing is stored, and nobody without
    /// `APP_KEY` can compute it. A new `APP_KEY` gives new secrets.
    pub fn derive(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        let mut mac = self.current.derivation.clone();
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Decrypts a value written by [`Vault::encrypt`] for the same `column`.
    pub fn decrypt(&self, column: &str, stored: &str) -> Result<String, Undecipherable> {
        let mut parts = stored.splitn(3, ':');
        let (Some(FORMAT), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Undecipherable);
        };
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == key_id)
            .ok_or(Undecipherable)?;
        let blob = B64.decode(body).map_err(|_| Undecipherable)?;
        if blob.len() < 12 + 16 {
            return Err(Undecipherable);
        }
        let (nonce, sealed) = blob.split_at(12);
        let payload = Payload {
            msg: sealed,
            aad: column.as_bytes(),
        };
        let plain = key
            .cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| Undecipherable)?;
        String::from_utf8(plain).map_err(|_| Undecipherable)
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a bearer secret (session id, PAT) as stored: only the hash is ever kept.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Constant-time equality, for secrets compared against user input.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// URL-safe token text for random bytes (cookies, PATs).
pub fn token_text(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The PBKDF2 parameters used for new password hashes.
///
/// Production Workers refuse WebCrypto PBKDF2 above 100 000 iterations (local workerd does not),
/// so the count is pinned at that ceiling and a test keeps it there.
pub const PBKDF2_ITERATIONS: u32 = 100_000;
/// Bytes of random salt in new password records.
pub const SALT_LEN: usize = 16;
/// Cloudflare's production ceiling for WebCrypto PBKDF2 iterations.
pub const PBKDF2_PRODUCTION_LIMIT: u32 = 100_000;
// Local workerd accepts any count, so the build itself refuses one production would reject.
const _: () = assert!(PBKDF2_ITERATIONS <= PBKDF2_PRODUCTION_LIMIT);

/// A stored password hash: `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRecord {
    /// PBKDF2 iteration count.
    pub iterations: u32,
    /// Random salt.
    pub salt: Vec<u8>,
    /// Derived 256-bit key.
    pub hash: Vec<u8>,
}

impl PasswordRecord {
    /// Serializes for the `users.password` column.
    pub fn encode(&self) -> String {
        format!(
            "pbkdf2-sha256${}${}${}",
            self.iterations,
            B64.encode(&self.salt),
            B64.encode(&self.hash)
        )
    }

    /// Whether the record was made with today's parameters; older ones are re-hashed at the next
    /// successful login.
    pub fn is_current(&self) -> bool {
        self.iterations == PBKDF2_ITERATIONS && self.salt.len() == SALT_LEN
    }

    /// Parses a stored record; `None` for an unknown scheme or a count production would refuse.
    pub fn decode(stored: &str) -> Option<Self> {
        let mut parts = stored.split('$');
        if parts.next()? != "pbkdf2-sha256" {
            return None;
        }
        let iterations: u32 = parts.next()?.parse().ok()?;
        let salt = B64.decode(parts.next()?).ok()?;
        let hash = B64.decode(parts.next()?).ok()?;
        (parts.next().is_none() && (1..=PBKDF2_PRODUCTION_LIMIT).contains(&iterations)).then_some(
            Self {
                iterations,
                salt,
                hash,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn round_trips_and_binds_the_column() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let sealed = vault.encrypt("secret", "A4GRFHVVRBGY7UIW", [1; 12]);
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("A4GRFHVVRBGY7UIW"));
        assert_eq!(
            vault.decrypt("secret", &sealed).unwrap(),
            "A4GRFHVVRBGY7UIW"
        );
        assert_eq!(vault.decrypt("account", &sealed), Err(Undecipherable));
        let other = Vault::with_previous(&B64.encode([9u8; 32]), "").unwrap();
        assert_eq!(other.decrypt("secret", &sealed), Err(Undecipherable));
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push('A');
        assert_eq!(vault.decrypt("secret", &tampered), Err(Undecipherable));
        assert_eq!(vault.decrypt("secret", "plain"), Err(Undecipherable));
    }

    #[test]
    fn previous_keys_still_read_while_new_values_use_the_current_key() {
        let old = Vault::with_previous(KEY, "").unwrap();
        let sealed = old.encrypt("secret", "A4GRFHVVRBGY7UIW", [1; 12]);
        let new_key = B64.encode([9u8; 32]);
        let rotating = Vault::with_previous(&new_key, &format!(" {KEY} ,")).unwrap();
        assert_eq!(
            rotating.decrypt("secret", &sealed).unwrap(),
            "A4GRFHVVRBGY7UIW"
        );
        assert!(old.is_current(&sealed) && !rotating.is_current(&sealed));
        let resealed = rotating.encrypt("secret", "A4GRFHVVRBGY7UIW", [2; 12]);
        assert!(rotating.is_current(&resealed));
        let rotated = Vault::with_previous(&new_key, "").unwrap();
        assert_eq!(rotated.decrypt("secret", &sealed), Err(Undecipherable));
        assert!(Vault::with_previous(&new_key, "not a key").is_err());
    }

    #[test]
    fn derived_secrets_depend_on_the_key_the_purpose_and_the_message() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let secret = vault.derive("offline key", b"session\0password");
        assert_eq!(secret, vault.derive("offline key", b"session\0password"));
        assert_ne!(
            secret,
            vault.derive("offline key", b"session\0other password")
        );
        assert_ne!(
            secret,
            vault.derive("offline key", b"other session\0password")
        );
        assert_ne!(secret, vault.derive("other purpose", b"session\0password"));
        let other = Vault::with_previous(&B64.encode([9u8; 32]), KEY).unwrap();
        assert_ne!(secret, other.derive("offline key", b"session\0password"));
        // Never the encryption key itself, nor a plain hash of it.
        let raw = B64.decode(KEY.trim_start_matches("base64:")).unwrap();
        assert_ne!(secret.as_slice(), raw.as_slice());
        assert_ne!(secret.as_slice(), Sha256::digest(&raw).as_slice());
    }

    #[test]
    fn fresh_nonces_give_fresh_ciphertexts() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        assert_ne!(
            vault.encrypt("secret", "x", [1; 12]),
            vault.encrypt("secret", "x", [2; 12])
        );
    }

    #[test]
    fn app_key_must_be_32_bytes() {
        assert!(Vault::with_previous("", "").is_err());
        assert!(Vault::with_previous("base64:AAAA", "").is_err());
        assert!(Vault::with_previous("not base64!", "").is_err());
    }

    #[test]
    fn password_records_round_trip_and_refuse_counts_production_rejects() {
        let record = PasswordRecord {
            iterations: PBKDF2_ITERATIONS,
            salt: vec![1; 16],
            hash: vec![2; 32],
        };
        assert_eq!(
            PasswordRecord::decode(&record.encode()),
            Some(record.clone())
        );
        assert!(record.is_current());
        let old = PasswordRecord {
            iterations: 10_000,
            ..record
        };
        assert!(
            !old.is_current(),
            "a lower count is re-hashed at the next login"
        );
        assert_eq!(
            PasswordRecord::decode("pbkdf2-sha256$100001$AQ==$Ag=="),
            None
        );
        assert_eq!(PasswordRecord::decode("bcrypt$x"), None);
    }

    #[test]
    fn helpers() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
        assert_eq!(token_hash("x").len(), 64);
        assert_eq!(hex(&[0, 255]), "00ff");
    }
}
