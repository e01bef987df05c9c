//! Base32 (RFC 4648 alphabet) as 2FAuth treats OTP secrets.
//!
//! 2FAuth accepts any secret whose characters, once trailing `=` are removed, all belong to
//! `A-Z2-7` (either case). Its decoder is lenient about the final partial quantum: 1 to 7 leftover
//! characters yield 1, 1, 2, 2, 3, 4, 4 bytes, the last one completed with zero bits. We decode the
//! same way so that a secret typed into 2FAuth and into Twofold produces the same HMAC key, and
//! therefore the same codes.

use alloc::string::String;
use alloc::vec::Vec;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Bytes produced by a final quantum of `n` leftover characters (index = `n`), as 2FAuth's decoder does.
const PARTIAL_BYTES: [usize; 8] = [0, 1, 1, 2, 2, 3, 4, 4];

/// The input is not a base32 string by 2FAuth's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidBase32;

impl core::fmt::Display for InvalidBase32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("not a valid base32 encoded secret")
    }
}

impl core::error::Error for InvalidBase32 {}

fn symbol_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a'),
        b'2'..=b'7' => Some(c - b'2' + 26),
        _ => None,
    }
}

/// Decodes a secret leniently: case-insensitive, trailing `=` ignored, any length accepted.
///
/// Fails on any other character, including `=` inside the string and white space.
pub fn decode(input: &str) -> Result<Vec<u8>, InvalidBase32> {
    let body = input.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(body.len() * 5 / 8 + 1);
    let mut buffer: u64 = 0;
    for chunk in body.chunks(8) {
        buffer = 0;
        for &c in chunk {
            buffer = (buffer << 5) | u64::from(symbol_value(c).ok_or(InvalidBase32)?);
        }
        if chunk.len() == 8 {
            out.extend_from_slice(&buffer.to_be_bytes()[3..8]);
        }
    }
    let leftover = body.len() % 8;
    if leftover > 0 {
        // Left-align the leftover bits in a 40-bit quantum, then keep the bytes 2FAuth keeps.
        let aligned = buffer << (5 * (8 - leftover));
        out.extend_from_slice(&aligned.to_be_bytes()[3..3 + PARTIAL_BYTES[leftover]]);
    }
    Ok(out)
}

/// True when [`decode`] accepts the input.
pub fn is_valid(input: &str) -> bool {
    let body = input.trim_end_matches('=');
    body.bytes().all(|c| symbol_value(c).is_some())
}

/// Encodes bytes as upper-case base32 with `=` padding to a multiple of 8 characters.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut quantum = [0u8; 8];
        quantum[3..3 + chunk.len()].copy_from_slice(chunk);
        let value = u64::from_be_bytes(quantum);
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < symbols {
                let index = (value >> (35 - 5 * i)) & 0x1f;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// 2FAuth's `PadToBase32Format`: upper-cases and right-pads with `=` to a multiple of 8.
///
/// This padded form is what 2FAuth stores and returns as an account's `secret`.
pub fn pad(secret: &str) -> String {
    let mut out = secret.to_ascii_uppercase();
    while !out.len().is_multiple_of(8) {
        out.push('=');
    }
    out
}

/// The secret without its `=` padding, as it appears in otpauth URIs.
pub fn unpadded(secret: &str) -> &str {
    secret.trim_end_matches('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_full_quanta_like_rfc_4648() {
        assert_eq!(decode("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(decode("mzxw6ytboi").unwrap(), b"foobar");
        assert_eq!(
            decode("A4GRFHVVRBGY7UIW").unwrap(),
            [0x07, 0x0d, 0x12, 0x9e, 0xb5, 0x88, 0x4d, 0x8f, 0xd1, 0x16]
        );
    }

    #[test]
    fn partial_quantum_lengths_follow_2fauth() {
        let lengths: Vec<usize> = (1..=7)
            .map(|n| decode(&"A".repeat(8 + n)).unwrap().len() - 5)
            .collect();
        assert_eq!(lengths, [1, 1, 2, 2, 3, 4, 4]);
        // The completing bits are zeros: "7" is 11111 → 11111000.
        assert_eq!(decode("7").unwrap(), [0xf8]);
    }

    #[test]
    fn validity_matches_the_behaviour_file() {
        for ok in ["eee", "eeee", "A4GRFHVVRBGY7UIW", "GJTGC5LUNA======", ""] {
            assert!(is_valid(ok), "{ok}");
            assert!(decode(ok).is_ok(), "{ok}");
        }
        for bad in ["1.0", "1", "8", "AB=CD", "AB CD", "é"] {
            assert!(!is_valid(bad), "{bad}");
            assert_eq!(decode(bad), Err(InvalidBase32), "{bad}");
        }
    }

    #[test]
    fn pads_like_2fauth() {
        assert_eq!(pad("eeee"), "EEEE====");
        assert_eq!(pad("eeeezzzztt"), "EEEEZZZZTT======");
        assert_eq!(pad("eeeezzzz"), "EEEEZZZZ");
        assert_eq!(pad("GJTGC5LUNA"), "GJTGC5LUNA======");
        assert_eq!(unpadded("GJTGC5LUNA======"), "GJTGC5LUNA");
    }

    #[test]
    fn encode_round_trips() {
        assert_eq!(encode(b"foobar"), "MZXW6YTBOI======");
        assert_eq!(encode(b""), "");
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }
    }
}
