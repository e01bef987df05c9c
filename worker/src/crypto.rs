//! Encryption at rest, token hashing and password-hash records: the pure parts, testable natively.
//! What needs the platform (randomness, WebCrypto PBKDF2) is in [`crate::platform`].

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::KeyInit;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::XChaCha20Poly1305;
use hmac::{Hmac, KeyInit as MacKeyInit, Mac};
use sha2::{Digest, Sha256};
use twofold_primitives::{open_aes256gcm, open_xchacha20poly1305, seal_xchacha20poly1305};

/// Prefix of the values written today: XChaCha20-Poly1305, bound to their place (table, column,
/// row). In WebAssembly, without AES instructions, it takes about 4 ms of CPU off a list of 500
/// accounts (1 500 values) against AES-GCM (bench/cpu.mjs), and its 192-bit random nonces never
/// need counting.
const FORMAT: &str = "v3";
/// Prefix of values written before, AES-256-GCM bound to the same place: still read, and
/// upgraded to [`FORMAT`] by the re-encryption (`POST /api/v1/system/reencrypt`).
const FORMAT_V2: &str = "v2";
/// Prefix of the oldest values, AES-256-GCM bound to their column name only: still read, and
/// upgraded likewise.
const FORMAT_V1: &str = "v1";

/// What the associated data of formats v3 and v2 begins with (the cell follows).
const LABEL: &[u8] = b"twofold v3";
const LABEL_V2: &[u8] = b"twofold v2";

/// Bytes of the random nonce each value is sealed with (XChaCha20-Poly1305's).
pub const NONCE_LEN: usize = twofold_primitives::NONCE_LEN;

/// `APP_KEY` is missing or is not 32 bytes of base64 (optionally prefixed `base64:`, as Laravel's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadAppKey;

/// A stored value could not be decrypted (wrong key, tampered, moved, or not ours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecipherable;

/// Reads 32 bytes written as Laravel writes `APP_KEY`: base64, optionally prefixed `base64:`.
fn key_bytes(text: &str) -> Option<[u8; 32]> {
    let encoded = text.trim();
    let encoded = encoded.strip_prefix("base64:").unwrap_or(encoded);
    B64.decode(encoded).ok()?.try_into().ok()
}

/// A labelled SHA-256 of the key: each use of `APP_KEY` gets a key of its own.
fn subkey(label: &[u8], key: &[u8; 32]) -> [u8; 32] {
    Sha256::new()
        .chain_update(label)
        .chain_update(key)
        .finalize()
        .into()
}

/// One `APP_KEY`: the ciphers of today's format and of v1/v2 (AES-256-GCM under the key
/// itself, as they were written), its id (the first bytes of a hash of the key, never the
/// key), and a separate key for [`Vault::derive`].
struct Key {
    cipher: XChaCha20Poly1305,
    legacy: Aes256Gcm,
    id: String,
    derivation: Hmac<Sha256>,
}

impl Key {
    fn parse(app_key: &str) -> Result<Self, BadAppKey> {
        let key = key_bytes(app_key).ok_or(BadAppKey)?;
        Ok(Self {
            cipher: XChaCha20Poly1305::new(&subkey(b"twofold seal v3\0", &key).into()),
            legacy: Aes256Gcm::new(&key.into()),
            id: hex(&subkey(b"twofold key id\0", &key)[..4]),
            derivation: <Hmac<Sha256> as MacKeyInit>::new_from_slice(&subkey(
                b"twofold derivation key\0",
                &key,
            ))
            .map_err(|_| BadAppKey)?,
        })
    }
}

/// Where an encrypted value is stored, which its ciphertext is bound to (associated data): moved
/// to another table, column or row — or, for per-user rows, to another owner — it no longer
/// authenticates and reads as undecipherable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    table: &'static str,
    column: &'static str,
    row: String,
    v1: &'static str,
}

impl Cell {
    /// The cell `column` of `table` in the row identified by `row` (which must name the row for
    /// ever: an id never reused, plus the owner where there is one). `v1` is what format v1 bound
    /// the value to: the column's name as it was written then.
    pub fn new(table: &'static str, column: &'static str, row: String, v1: &'static str) -> Self {
        Self {
            table,
            column,
            row,
            v1,
        }
    }

    /// The associated data of formats v2 and v3 (`label` names the format): each part
    /// length-prefixed, so no two cells share it.
    fn associated_data(&self, label: &[u8]) -> Vec<u8> {
        let parts = [self.table, self.column, self.row.as_str()];
        // Sized once: a value read or written pays one allocation for it, not one per growth.
        let mut aad =
            Vec::with_capacity(label.len() + parts.iter().map(|p| 4 + p.len()).sum::<usize>());
        aad.extend_from_slice(label);
        for part in parts {
            aad.extend_from_slice(&(part.len() as u32).to_be_bytes());
            aad.extend_from_slice(part.as_bytes());
        }
        aad
    }
}

/// XChaCha20-Poly1305 under a key derived from `APP_KEY`, still reading the AES-256-GCM values
/// of formats v1 and v2, and values written under the keys of `APP_PREVIOUS_KEYS` while a
/// rotation re-encrypts them.
///
/// Each value gets a fresh 192-bit random nonce and is bound to its [`Cell`] as associated data.
/// The stored form is `v3:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`; the key id tells which
/// key wrote a value.
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

    /// Whether `stored` is in today's format under the current key (else the re-encryption
    /// rewrites it).
    pub fn is_current(&self, stored: &str) -> bool {
        stored
            .strip_prefix(FORMAT)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|rest| rest.strip_prefix(self.current.id.as_str()))
            .is_some_and(|rest| rest.starts_with(':'))
    }

    /// How every value written under the current key and format begins.
    pub fn current_prefix(&self) -> String {
        format!("{FORMAT}:{}:", self.current.id)
    }

    /// Encrypts `plaintext` for `cell` with the given nonce (random: it must never repeat).
    pub fn encrypt(&self, cell: &Cell, plaintext: &str, nonce: [u8; NONCE_LEN]) -> String {
        self.encrypt_bytes(cell, plaintext.as_bytes(), nonce)
    }

    /// [`Vault::encrypt`] for bytes that need not be text (several values sealed as one).
    pub fn encrypt_bytes(&self, cell: &Cell, plaintext: &[u8], nonce: [u8; NONCE_LEN]) -> String {
        let aad = cell.associated_data(LABEL);
        let blob = seal_xchacha20poly1305(&self.current.cipher, &nonce, plaintext, &aad);
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

    /// Decrypts a value written by [`Vault::encrypt`] for the same `cell` (or, format v1, for its
    /// column).
    pub fn decrypt(&self, cell: &Cell, stored: &str) -> Result<String, Undecipherable> {
        String::from_utf8(self.decrypt_bytes(cell, stored)?).map_err(|_| Undecipherable)
    }

    /// [`Vault::decrypt`] for a value written by [`Vault::encrypt_bytes`].
    pub fn decrypt_bytes(&self, cell: &Cell, stored: &str) -> Result<Vec<u8>, Undecipherable> {
        let mut parts = stored.splitn(3, ':');
        let (Some(format), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Undecipherable);
        };
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == key_id)
            .ok_or(Undecipherable)?;
        let blob = B64.decode(body).map_err(|_| Undecipherable)?;
        match format {
            FORMAT => open_xchacha20poly1305(&key.cipher, &blob, &cell.associated_data(LABEL)),
            FORMAT_V2 => open_aes256gcm(&key.legacy, &blob, &cell.associated_data(LABEL_V2)),
            FORMAT_V1 => open_aes256gcm(&key.legacy, &blob, cell.v1.as_bytes()),
            _ => None,
        }
        .ok_or(Undecipherable)
    }

    /// Re-encrypts a value for `to` under the current key and format: after a legitimate move
    /// (an account given to another user), or to upgrade it. `Ok(None)`: already current for the
    /// same cell.
    pub fn reseal(
        &self,
        from: &Cell,
        to: &Cell,
        stored: &str,
        nonce: [u8; NONCE_LEN],
    ) -> Result<Option<String>, Undecipherable> {
        if from == to && self.is_current(stored) {
            return Ok(None);
        }
        let plain = self.decrypt_bytes(from, stored)?;
        Ok(Some(self.encrypt_bytes(to, &plain, nonce)))
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

/// `PASSWORD_PEPPER` is missing or is not 32 bytes of base64 (optionally prefixed `base64:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPepper;

/// The Worker secret every new password hash is bound to, kept apart from `APP_KEY` and from D1:
/// a dump of the database alone does not allow an offline guess of any password.
pub struct Pepper([u8; 32]);

impl Pepper {
    /// Reads `PASSWORD_PEPPER`, written as `APP_KEY` is (32 bytes of base64, optionally `base64:`).
    pub fn parse(text: &str) -> Result<Self, BadPepper> {
        key_bytes(text).map(Self).ok_or(BadPepper)
    }

    /// HMAC-SHA-256 of the PBKDF2 output under the pepper. Applied after the KDF (rather than to
    /// the password before it) so that PBKDF2 stays the standard function WebCrypto computes, and
    /// an unpeppered record of today's parameters can be peppered in place without its password.
    fn apply(&self, derived: &[u8]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as MacKeyInit>::new_from_slice(&self.0)
            .expect("HMAC accepts a key of any length");
        mac.update(derived);
        mac.finalize().into_bytes().to_vec()
    }
}

/// How a stored password hash was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `pbkdf2-sha256`: the PBKDF2 output as is (before `PASSWORD_PEPPER`); re-hashed at login.
    Pbkdf2,
    /// `pbkdf2-sha256-hmac`: HMAC-SHA-256 of the PBKDF2 output under `PASSWORD_PEPPER`.
    Pbkdf2Peppered,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Self::Pbkdf2 => "pbkdf2-sha256",
            Self::Pbkdf2Peppered => "pbkdf2-sha256-hmac",
        }
    }
}

/// A stored password hash: `<scheme>$<iterations>$<salt b64>$<hash b64>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRecord {
    /// How `hash` was made.
    pub scheme: Scheme,
    /// PBKDF2 iteration count.
    pub iterations: u32,
    /// Random salt.
    pub salt: Vec<u8>,
    /// The 256-bit hash (see [`Scheme`]).
    pub hash: Vec<u8>,
}

impl PasswordRecord {
    /// The record of today's scheme for a PBKDF2 output `derived` made with `iterations`, `salt`.
    pub fn peppered(iterations: u32, salt: Vec<u8>, derived: &[u8], pepper: &Pepper) -> Self {
        Self {
            scheme: Scheme::Pbkdf2Peppered,
            iterations,
            salt,
            hash: pepper.apply(derived),
        }
    }

    /// A record from before the pepper, peppered where it is, without its password: HMAC of its
    /// stored PBKDF2 output, which is what today's scheme stores for the same salt and count.
    /// `None` when the record is peppered already.
    pub fn pepper_in_place(&self, pepper: &Pepper) -> Option<Self> {
        (self.scheme == Scheme::Pbkdf2)
            .then(|| Self::peppered(self.iterations, self.salt.clone(), &self.hash, pepper))
    }

    /// Whether `derived`, the PBKDF2 output of a candidate password with this record's salt and
    /// count, is the password's (compared in constant time).
    pub fn matches(&self, derived: &[u8], pepper: &Pepper) -> bool {
        match self.scheme {
            Scheme::Pbkdf2 => ct_eq(derived, &self.hash),
            Scheme::Pbkdf2Peppered => ct_eq(&pepper.apply(derived), &self.hash),
        }
    }

    /// Serializes for the `users.password` column.
    pub fn encode(&self) -> String {
        format!(
            "{}${}${}${}",
            self.scheme.name(),
            self.iterations,
            B64.encode(&self.salt),
            B64.encode(&self.hash)
        )
    }

    /// Whether the record was made with today's scheme and parameters; older ones are re-hashed
    /// at the next successful login.
    pub fn is_current(&self) -> bool {
        self.scheme == Scheme::Pbkdf2Peppered
            && self.iterations == PBKDF2_ITERATIONS
            && self.salt.len() == SALT_LEN
    }

    /// Parses a stored record; `None` for an unknown scheme or a count production would refuse.
    pub fn decode(stored: &str) -> Option<Self> {
        let mut parts = stored.split('$');
        let name = parts.next()?;
        let scheme = [Scheme::Pbkdf2, Scheme::Pbkdf2Peppered]
            .into_iter()
            .find(|s| s.name() == name)?;
        let iterations: u32 = parts.next()?.parse().ok()?;
        let salt = B64.decode(parts.next()?).ok()?;
        let hash = B64.decode(parts.next()?).ok()?;
        (parts.next().is_none() && (1..=PBKDF2_PRODUCTION_LIMIT).contains(&iterations)).then_some(
            Self {
                scheme,
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
    use aes_gcm::aead::{Aead, Payload};

    const KEY: &str = "base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn cell(column: &'static str, row: &str) -> Cell {
        Cell::new("twofaccounts", column, row.to_string(), column)
    }

    #[test]
    fn round_trips_and_binds_the_cell() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let here = cell("secret", "user 1, id 7");
        let sealed = vault.encrypt(&here, "A4GRFHVVRBGY7UIW", [1; NONCE_LEN]);
        assert!(sealed.starts_with("v3:"));
        assert!(!sealed.contains("A4GRFHVVRBGY7UIW"));
        assert_eq!(vault.decrypt(&here, &sealed).unwrap(), "A4GRFHVVRBGY7UIW");
        // Moved to another column, row, owner or table: no longer authenticates.
        assert_eq!(
            vault.decrypt(&cell("account", "user 1, id 7"), &sealed),
            Err(Undecipherable)
        );
        assert_eq!(
            vault.decrypt(&cell("secret", "user 1, id 8"), &sealed),
            Err(Undecipherable)
        );
        assert_eq!(
            vault.decrypt(&cell("secret", "user 2, id 7"), &sealed),
            Err(Undecipherable)
        );
        let icon = Cell::new("icons", "secret", "user 1, id 7".into(), "secret");
        assert_eq!(vault.decrypt(&icon, &sealed), Err(Undecipherable));
        let other = Vault::with_previous(&B64.encode([9u8; 32]), "").unwrap();
        assert_eq!(other.decrypt(&here, &sealed), Err(Undecipherable));
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push('A');
        assert_eq!(vault.decrypt(&here, &tampered), Err(Undecipherable));
        assert_eq!(vault.decrypt(&here, "plain"), Err(Undecipherable));
        assert_eq!(
            vault.decrypt(&here, &sealed.replacen("v3:", "v4:", 1)),
            Err(Undecipherable)
        );
        // Read as the older format it does not belong to, it does not open either.
        assert_eq!(
            vault.decrypt(&here, &sealed.replacen("v3:", "v2:", 1)),
            Err(Undecipherable)
        );
    }

    #[test]
    fn the_parts_of_a_cell_cannot_be_shifted_into_one_another() {
        let a = Cell::new("twofaccounts", "secret", "1".into(), "secret");
        let b = Cell::new("twofaccount", "ssecret", "1".into(), "secret");
        let c = Cell::new("twofaccounts", "secre", "t1".into(), "secret");
        for label in [LABEL_V2, LABEL] {
            assert_ne!(a.associated_data(label), b.associated_data(label));
            assert_ne!(a.associated_data(label), c.associated_data(label));
        }
    }

    /// A value as the code before format v3 wrote it: AES-256-GCM under `APP_KEY` itself, with
    /// the column name (v1) or the cell's v2 associated data.
    fn aes_value(app_key: &str, format: &str, aad: &[u8], plaintext: &str) -> String {
        let key = Key::parse(app_key).unwrap();
        let nonce = [3u8; 12];
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad,
        };
        let sealed = key.legacy.encrypt(&nonce.into(), payload).unwrap();
        format!(
            "{format}:{}:{}",
            key.id,
            B64.encode([&nonce[..], &sealed].concat())
        )
    }

    /// `old` (an older format, the same key) reads in `here`, is not current, and reseals in
    /// place as a current v3 value that reads the same and needs no further resealing.
    fn assert_upgrades(vault: &Vault, here: &Cell, old: &str) {
        assert_eq!(vault.decrypt(here, old).unwrap(), "A4GRFHVVRBGY7UIW");
        assert!(
            !vault.is_current(old),
            "the key did not change, the format did"
        );
        let upgraded = vault
            .reseal(here, here, old, [4; NONCE_LEN])
            .unwrap()
            .unwrap();
        assert!(upgraded.starts_with("v3:") && vault.is_current(&upgraded));
        assert_eq!(vault.decrypt(here, &upgraded).unwrap(), "A4GRFHVVRBGY7UIW");
        assert_eq!(
            vault.reseal(here, here, &upgraded, [5; NONCE_LEN]),
            Ok(None)
        );
    }

    #[test]
    fn v2_values_still_read_and_are_resealed_as_v3_under_the_same_key() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let here = cell("secret", "user 1, id 7");
        let old = aes_value(
            KEY,
            "v2",
            &here.associated_data(LABEL_V2),
            "A4GRFHVVRBGY7UIW",
        );
        assert_eq!(
            vault.decrypt(&cell("secret", "user 2, id 7"), &old),
            Err(Undecipherable),
            "v2 still binds the whole cell"
        );
        assert_upgrades(&vault, &here, &old);
    }

    #[test]
    fn v1_values_still_read_and_are_resealed_as_v3_under_the_same_key() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let here = cell("secret", "user 1, id 7");
        let old = aes_value(KEY, "v1", b"secret", "A4GRFHVVRBGY7UIW");
        assert_eq!(
            vault.decrypt(&cell("account", "user 1, id 7"), &old),
            Err(Undecipherable),
            "v1 still binds the column"
        );
        assert_upgrades(&vault, &here, &old);
    }

    #[test]
    fn a_legitimate_move_reseals_for_the_new_cell() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let (from, to) = (
            cell("secret", "user 1, id 7"),
            cell("secret", "user 2, id 7"),
        );
        let sealed = vault.encrypt(&from, "A4GRFHVVRBGY7UIW", [1; NONCE_LEN]);
        let moved = vault
            .reseal(&from, &to, &sealed, [2; NONCE_LEN])
            .unwrap()
            .unwrap();
        assert_eq!(vault.decrypt(&to, &moved).unwrap(), "A4GRFHVVRBGY7UIW");
        assert_eq!(vault.decrypt(&from, &moved), Err(Undecipherable));
        assert_eq!(
            vault.reseal(&to, &from, &sealed, [3; NONCE_LEN]),
            Err(Undecipherable),
            "what does not open where it is stays unopened"
        );
    }

    #[test]
    fn previous_keys_still_read_while_new_values_use_the_current_key() {
        let here = cell("secret", "user 1, id 7");
        let old = Vault::with_previous(KEY, "").unwrap();
        let sealed = old.encrypt(&here, "A4GRFHVVRBGY7UIW", [1; NONCE_LEN]);
        let new_key = B64.encode([9u8; 32]);
        let rotating = Vault::with_previous(&new_key, &format!(" {KEY} ,")).unwrap();
        assert_eq!(
            rotating.decrypt(&here, &sealed).unwrap(),
            "A4GRFHVVRBGY7UIW"
        );
        assert!(old.is_current(&sealed) && !rotating.is_current(&sealed));
        let resealed = rotating
            .reseal(&here, &here, &sealed, [2; NONCE_LEN])
            .unwrap()
            .unwrap();
        assert!(rotating.is_current(&resealed));
        let rotated = Vault::with_previous(&new_key, "").unwrap();
        assert_eq!(rotated.decrypt(&here, &sealed), Err(Undecipherable));
        assert_eq!(
            rotated.decrypt(&here, &resealed).unwrap(),
            "A4GRFHVVRBGY7UIW"
        );
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
    fn bytes_that_are_not_text_round_trip_and_reseal_but_do_not_read_as_text() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let (here, there) = (cell("card", "1/7"), cell("card", "2/7"));
        let sealed = vault.encrypt_bytes(&here, &[0, 0xff, 1], [1; NONCE_LEN]);
        assert_eq!(vault.decrypt_bytes(&here, &sealed).unwrap(), [0, 0xff, 1]);
        assert_eq!(vault.decrypt(&here, &sealed), Err(Undecipherable));
        let moved = vault
            .reseal(&here, &there, &sealed, [2; NONCE_LEN])
            .unwrap()
            .unwrap();
        assert_eq!(vault.decrypt_bytes(&there, &moved).unwrap(), [0, 0xff, 1]);
        assert_eq!(vault.decrypt_bytes(&here, &moved), Err(Undecipherable));
    }

    #[test]
    fn fresh_nonces_give_fresh_ciphertexts() {
        let vault = Vault::with_previous(KEY, "").unwrap();
        let here = cell("secret", "1");
        assert_ne!(
            vault.encrypt(&here, "x", [1; NONCE_LEN]),
            vault.encrypt(&here, "x", [2; NONCE_LEN])
        );
    }

    #[test]
    fn app_key_must_be_32_bytes() {
        assert!(Vault::with_previous("", "").is_err());
        assert!(Vault::with_previous("base64:AAAA", "").is_err());
        assert!(Vault::with_previous("not base64!", "").is_err());
    }

    const PEPPER: &str = "base64:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    #[test]
    fn password_records_round_trip_and_refuse_counts_production_rejects() {
        let pepper = Pepper::parse(PEPPER).unwrap();
        let record = PasswordRecord::peppered(PBKDF2_ITERATIONS, vec![1; 16], &[2; 32], &pepper);
        let encoded = record.encode();
        assert!(encoded.starts_with("pbkdf2-sha256-hmac$100000$AQEB"));
        assert_eq!(PasswordRecord::decode(&encoded), Some(record.clone()));
        assert!(record.is_current());
        let fewer = PasswordRecord {
            iterations: 10_000,
            ..record.clone()
        };
        assert!(
            !fewer.is_current(),
            "a lower count is re-hashed at the next login"
        );
        assert_eq!(
            PasswordRecord::decode("pbkdf2-sha256-hmac$100001$AQ==$Ag=="),
            None
        );
        assert_eq!(
            PasswordRecord::decode("pbkdf2-sha256$100001$AQ==$Ag=="),
            None
        );
        assert_eq!(PasswordRecord::decode("bcrypt$x"), None);
        assert_eq!(
            PasswordRecord::decode("pbkdf2-sha256-hmac$1$AQ==$Ag==$x"),
            None
        );
    }

    #[test]
    fn a_peppered_hash_is_not_the_pbkdf2_output_and_needs_the_pepper() {
        let pepper = Pepper::parse(PEPPER).unwrap();
        let derived = [7u8; 32];
        let record = PasswordRecord::peppered(PBKDF2_ITERATIONS, vec![1; 16], &derived, &pepper);
        assert_ne!(record.hash, derived, "a dump alone holds no PBKDF2 output");
        // HMAC-SHA-256 as RFC 2104 defines it: an independent computation from SHA-256 itself.
        let mut inner_key = [0x36u8; 64];
        let mut outer_key = [0x5cu8; 64];
        for (i, b) in pepper.0.iter().enumerate() {
            inner_key[i] ^= b;
            outer_key[i] ^= b;
        }
        let inner = Sha256::new()
            .chain_update(inner_key)
            .chain_update(derived)
            .finalize();
        let expected = Sha256::new()
            .chain_update(outer_key)
            .chain_update(inner)
            .finalize();
        assert_eq!(record.hash, expected.to_vec());
        assert!(record.matches(&derived, &pepper));
        assert!(!record.matches(&[8u8; 32], &pepper));
        let other = Pepper::parse(&B64.encode([5u8; 32])).unwrap();
        assert!(
            !record.matches(&derived, &other),
            "another pepper: no match"
        );
    }

    #[test]
    fn records_from_before_the_pepper_still_verify_and_are_not_current() {
        let pepper = Pepper::parse(PEPPER).unwrap();
        let derived = [7u8; 32];
        let old = PasswordRecord::decode(&format!(
            "pbkdf2-sha256$100000${}${}",
            B64.encode([1u8; 16]),
            B64.encode(derived)
        ))
        .unwrap();
        assert_eq!(old.scheme, Scheme::Pbkdf2);
        assert!(old.matches(&derived, &pepper));
        assert!(!old.matches(&[8u8; 32], &pepper));
        assert!(
            !old.is_current(),
            "re-hashed with the pepper at the next login"
        );
    }

    #[test]
    fn an_old_record_peppered_in_place_is_the_record_a_login_would_write() {
        let pepper = Pepper::parse(PEPPER).unwrap();
        let derived = [7u8; 32];
        let old = PasswordRecord {
            scheme: Scheme::Pbkdf2,
            iterations: PBKDF2_ITERATIONS,
            salt: vec![1; 16],
            hash: derived.to_vec(),
        };
        let wrapped = old.pepper_in_place(&pepper).unwrap();
        assert_eq!(
            wrapped,
            PasswordRecord::peppered(PBKDF2_ITERATIONS, vec![1; 16], &derived, &pepper)
        );
        assert!(wrapped.is_current() && wrapped.matches(&derived, &pepper));
        assert_eq!(wrapped.pepper_in_place(&pepper), None, "only once");
        let fewer = PasswordRecord {
            iterations: 1_000,
            ..old
        };
        let wrapped = fewer.pepper_in_place(&pepper).unwrap();
        assert!(wrapped.matches(&derived, &pepper));
        assert!(!wrapped.is_current(), "still re-hashed at the next login");
    }

    #[test]
    fn the_pepper_must_be_32_bytes() {
        assert!(Pepper::parse(PEPPER).is_ok());
        assert!(Pepper::parse(&B64.encode([1u8; 32])).is_ok());
        assert_eq!(Pepper::parse("").err(), Some(BadPepper));
        assert_eq!(Pepper::parse("base64:AAAA").err(), Some(BadPepper));
        assert_eq!(Pepper::parse("a pepper of words").err(), Some(BadPepper));
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
