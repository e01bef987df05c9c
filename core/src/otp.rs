//! One-time password generation: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard.
//!
//! One HMAC serves every algorithm ([`Key`], over `twofold_primitives`, compiled for speed); the
//! truncation is the RFC's, with one documented extension for MD5 (see [`truncate`]). mOTP and
//! Yandex codes are here too, as Aegis defines them, so that such accounts can be read and shown.

use alloc::string::String;

use serde::{Deserialize, Serialize};
use twofold_primitives::{Hash, HmacKey};

/// The hash function behind the HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// HMAC-SHA1, the default of every authenticator.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
    /// HMAC-MD5 (accepted by 2FAuth; see [`truncate`] for its short digest).
    Md5,
}

impl Algorithm {
    /// Every algorithm, in 2FAuth's order.
    pub const ALL: [Algorithm; 4] = [Self::Sha1, Self::Sha256, Self::Sha512, Self::Md5];

    /// The lower-case name 2FAuth uses (`sha1`, `sha256`, `sha512`, `md5`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
            Self::Md5 => "md5",
        }
    }

    /// Parses a name case-insensitively; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
    }
}

/// Largest digit count a 31-bit truncated value can fill.
pub const MAX_DIGITS: u32 = 10;

/// A secret made ready for its HMAC once: an account's current and next codes, or a generator's
/// codes, each pay half the hashing of a fresh HMAC.
#[derive(Clone)]
pub struct Key(HmacKey);

impl Key {
    /// The secret's bytes (base32-decoded) for codes with `algorithm`.
    pub fn new(secret: &[u8], algorithm: Algorithm) -> Self {
        let hash = match algorithm {
            Algorithm::Sha1 => Hash::Sha1,
            Algorithm::Sha256 => Hash::Sha256,
            Algorithm::Sha512 => Hash::Sha512,
            Algorithm::Md5 => Hash::Md5,
        };
        Self(HmacKey::new(hash, secret))
    }

    /// The HOTP value for `counter` as a number below `10^digits` (digits clamped to 1..=10).
    pub fn number(&self, counter: u64, digits: u32) -> u64 {
        let (digest, len) = self.0.sign(&counter.to_be_bytes());
        u64::from(truncate(&digest[..len])) % 10u64.pow(digits.clamp(1, MAX_DIGITS))
    }

    /// The HOTP value for `counter`, as a zero-padded string of `digits` digits (clamped to 1..=10).
    pub fn code(&self, counter: u64, digits: u32) -> String {
        let digits = digits.clamp(1, MAX_DIGITS) as usize;
        // Digits written right to left into a stack buffer: no formatter on this hot path.
        let mut value = self.number(counter, digits as u32);
        let mut buf = [b'0'; MAX_DIGITS as usize];
        for slot in buf[..digits].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        buf[..digits].iter().map(|&b| char::from(b)).collect()
    }

    /// The Steam Guard code at Unix time `time` (a key made for SHA-1, as Steam's are).
    pub fn steam(&self, time: u64) -> String {
        let (digest, len) = self.0.sign(&(time / STEAM_PERIOD).to_be_bytes());
        let mut value = truncate(&digest[..len]);
        let mut out = String::with_capacity(STEAM_DIGITS as usize);
        for _ in 0..STEAM_DIGITS {
            out.push(char::from(STEAM_ALPHABET[(value % 26) as usize]));
            value /= 26;
        }
        out
    }
}

/// RFC 4226 dynamic truncation to a 31-bit value.
///
/// The offset is the low nibble of the last digest byte, so with MD5's 16-byte digest the four
/// bytes read may run up to 3 bytes past the end. 2FAuth (PHP) reads those missing bytes as 0, and
/// so do we: the digest is treated as if followed by zero bytes. This keeps codes identical to the
/// accounts users already have in 2FAuth.
pub fn truncate(digest: &[u8]) -> u32 {
    let Some(last) = digest.last() else {
        return 0;
    };
    let offset = usize::from(last & 0x0f);
    let byte = |i: usize| u32::from(digest.get(offset + i).copied().unwrap_or(0));
    ((byte(0) & 0x7f) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3)
}

/// The HOTP value for `counter` as a number below `10^digits` (digits clamped to 1..=10).
pub fn hotp_number(key: &[u8], counter: u64, digits: u32, algorithm: Algorithm) -> u64 {
    Key::new(key, algorithm).number(counter, digits)
}

/// The HOTP value for `counter`, as a zero-padded string of `digits` digits (clamped to 1..=10).
pub fn hotp(key: &[u8], counter: u64, digits: u32, algorithm: Algorithm) -> String {
    Key::new(key, algorithm).code(counter, digits)
}

/// The TOTP value at Unix time `time` for a `period` in seconds (a period of 0 is taken as 1).
pub fn totp(key: &[u8], time: u64, period: u64, digits: u32, algorithm: Algorithm) -> String {
    hotp(key, time / period.max(1), digits, algorithm)
}

/// Steam Guard's period in seconds.
pub const STEAM_PERIOD: u64 = 30;
/// Steam Guard's code length.
pub const STEAM_DIGITS: u32 = 5;
const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// The Steam Guard code at Unix time `time`: five characters of Steam's alphabet.
pub fn steam(key: &[u8], time: u64) -> String {
    Key::new(key, Algorithm::Sha1).steam(time)
}

/// mOTP as Aegis computes it: the first `digits` hex characters (lower case) of
/// MD5(`time / period` in decimal ‖ the secret in lower-case hex ‖ the PIN). Usual: period 10, 6 digits.
pub fn motp(secret: &[u8], pin: &str, time: u64, period: u64, digits: u32) -> String {
    use md5::Digest;
    let mut hasher = md5::Md5::new();
    hasher.update(alloc::format!("{}", time / period.max(1)).as_bytes());
    for b in secret {
        hasher.update(alloc::format!("{b:02x}").as_bytes());
    }
    hasher.update(pin.as_bytes());
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| alloc::format!("{b:02x}"))
        .collect();
    hex.chars().take(digits.clamp(1, 32) as usize).collect()
}

/// Yandex's OTP as Aegis computes it: the key is SHA-256(PIN ‖ the 16-byte secret) without a
/// leading zero byte, then HMAC-SHA-256 over the period counter, a 63-bit value at the dynamic
/// offset, written in base 26 as `digits` lower-case letters (usually 8, period 30). A 26-byte
/// secret (with its checksum) is cut to its 16 key bytes.
pub fn yandex(secret: &[u8], pin: &str, time: u64, period: u64, digits: u32) -> String {
    use sha2::Digest;
    let key_bytes = &secret[..secret.len().min(16)];
    let mut key = sha2::Sha256::new();
    key.update(pin.as_bytes());
    key.update(key_bytes);
    let key = key.finalize();
    let key = if key[0] == 0 { &key[1..] } else { &key[..] };
    let (digest, len) =
        twofold_primitives::hmac(Hash::Sha256, key, &(time / period.max(1)).to_be_bytes());
    let offset = usize::from(digest[len - 1] & 0x0f);
    let mut word = [0u8; 8];
    word.copy_from_slice(&digest[offset..offset + 8]);
    word[0] &= 0x7f;
    let digits = digits.clamp(1, 13);
    let mut value = u64::from_be_bytes(word) % 26u64.pow(digits);
    let mut out = alloc::vec![b'a'; digits as usize];
    for slot in out.iter_mut().rev() {
        *slot = b'a' + (value % 26) as u8;
        value /= 26;
    }
    out.into_iter().map(char::from).collect()
}

/// The time at which 2FAuth computes `next_password`: the next period's start plus 2 seconds.
pub fn next_time(now: u64, period: u64) -> u64 {
    let period = period.max(1);
    now + (period - now % period) + 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base32;

    fn key() -> alloc::vec::Vec<u8> {
        base32::decode("A4GRFHVVRBGY7UIW").unwrap()
    }

    #[test]
    fn rfc4226_vectors() {
        let key = b"12345678901234567890";
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(key, counter as u64, 6, Algorithm::Sha1), *code);
        }
    }

    #[test]
    fn rfc6238_vectors_all_algorithms() {
        let sha1 = b"12345678901234567890".as_slice();
        let sha256 = b"12345678901234567890123456789012".as_slice();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".as_slice();
        let cases: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (t, c1, c256, c512) in cases {
            assert_eq!(totp(sha1, t, 30, 8, Algorithm::Sha1), c1);
            assert_eq!(totp(sha256, t, 30, 8, Algorithm::Sha256), c256);
            assert_eq!(totp(sha512, t, 30, 8, Algorithm::Sha512), c512);
        }
        let b32 = base32::decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(totp(&b32, 59, 30, 8, Algorithm::Sha1), "94287082");
    }

    #[test]
    fn behaviour_file_totp_vectors() {
        let key = key();
        // (t, sha1/6/30, next, sha256/7/40, md5/6/30, sha512/8/30)
        let rows: [(u64, &str, &str, &str, &str, &str); 6] = [
            (0, "539470", "534829", "4076523", "381013", "65259255"),
            (59, "534829", "032361", "3226631", "310725", "41169799"),
            (
                1111111109, "501905", "293998", "5473211", "906934", "14857775",
            ),
            (
                1234567890, "989727", "002856", "0982676", "804558", "96112178",
            ),
            (
                1700000000, "504487", "392673", "3147263", "611676", "31548298",
            ),
            (
                2000000000, "637090", "323584", "2534945", "697226", "36922758",
            ),
        ];
        for (t, sha1, next, sha256, md5, sha512) in rows {
            assert_eq!(totp(&key, t, 30, 6, Algorithm::Sha1), sha1, "t={t}");
            assert_eq!(
                totp(&key, next_time(t, 30), 30, 6, Algorithm::Sha1),
                next,
                "t={t}"
            );
            assert_eq!(totp(&key, t, 40, 7, Algorithm::Sha256), sha256, "t={t}");
            assert_eq!(totp(&key, t, 30, 6, Algorithm::Md5), md5, "t={t}");
            assert_eq!(totp(&key, t, 30, 8, Algorithm::Sha512), sha512, "t={t}");
        }
    }

    #[test]
    fn behaviour_file_hotp_vectors() {
        let key = key();
        for (counter, sha1, sha256) in [
            (0, "539470", "4076523"),
            (1, "534829", "3226631"),
            (5, "866384", "0790401"),
            (6, "852661", "9571626"),
        ] {
            assert_eq!(hotp(&key, counter, 6, Algorithm::Sha1), sha1);
            assert_eq!(hotp(&key, counter, 7, Algorithm::Sha256), sha256);
        }
    }

    #[test]
    fn behaviour_file_steam_vectors() {
        let key = base32::decode("XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE").unwrap();
        for (t, code) in [
            (0, "GFMBX"),
            (59, "JQ4WB"),
            (1234567890, "JV7J9"),
            (1700000000, "RP245"),
            (2000000000, "H6FP5"),
        ] {
            assert_eq!(steam(&key, t), code, "t={t}");
        }
    }

    #[test]
    fn md5_truncation_reads_zero_past_the_digest() {
        // Offset 15 of a 16-byte digest reads byte 15 then three missing (zero) bytes.
        let mut digest = [0u8; 16];
        digest[15] = 0xff;
        assert_eq!(truncate(&digest), 0x7f00_0000);
        assert_eq!(truncate(&[]), 0);
    }

    #[test]
    fn digits_5_to_10_and_64_bit_counters() {
        let key = key();
        for digits in 5..=10 {
            assert_eq!(
                hotp(&key, u64::MAX, digits, Algorithm::Sha1).len(),
                digits as usize
            );
        }
        // Ten digits is the whole 31-bit value, zero-padded.
        let ten = hotp(&key, 0, 10, Algorithm::Sha1);
        assert!(ten.ends_with("539470"));
        assert_eq!(hotp(&key, 0, 99, Algorithm::Sha1), ten);
    }

    #[test]
    fn algorithm_names() {
        assert_eq!(Algorithm::parse("SHA256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::parse("sha3-256"), None);
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::parse(a.as_str()), Some(a));
        }
    }

    /// Aegis' published test vectors for its mOTP implementation.
    #[test]
    fn motp_vectors() {
        let hex = |s: &str| {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect::<alloc::vec::Vec<u8>>()
        };
        let a = hex("e3152afee62599c8");
        let b = hex("bbb1912bb5c515be");
        assert_eq!(motp(&a, "1234", 165892298, 10, 6), "e7d8b6");
        assert_eq!(motp(&a, "1234", 123456789, 10, 6), "4ebfb2");
        assert_eq!(motp(&b, "9999", 1659540020, 10, 6), "ced7b1");
        assert_eq!(motp(&b, "9999", 1659540022, 10, 6), "ced7b1");
        assert_eq!(motp(&b, "9999", 1659539870, 10, 6), "1a14f8");
        assert_eq!(motp(&b, "9999", 1659539878, 10, 6), "1a14f8");
    }

    /// Aegis' published test vectors for its Yandex implementation (26-byte secrets with checksum).
    #[test]
    fn yandex_vectors() {
        for (pin, secret, time, code) in [
            (
                "5239",
                "6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY",
                1641559648,
                "umozdicq",
            ),
            (
                "7586",
                "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI",
                1581064020,
                "oactmacq",
            ),
            (
                "7586",
                "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI",
                1581090810,
                "wemdwrix",
            ),
            (
                "5210481216086702",
                "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M",
                1581091469,
                "dfrpywob",
            ),
            (
                "5210481216086702",
                "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M",
                1581093059,
                "vunyprpd",
            ),
        ] {
            let key = base32::decode(secret).unwrap();
            assert_eq!(yandex(&key, pin, time, 30, 8), code, "{secret} at {time}");
        }
    }

    #[test]
    fn next_time_is_the_next_period_plus_two() {
        assert_eq!(next_time(0, 30), 32);
        assert_eq!(next_time(59, 30), 62);
        assert_eq!(next_time(60, 30), 92);
    }
}
