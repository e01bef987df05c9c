//! A CBOR decoder (RFC 8949) for what passkeys send: attestation objects and COSE keys. Definite
//! lengths only (CTAP2's canonical form has no other), nesting bounded, every length checked
//! against the input before anything is allocated.

use alloc::string::String;
use alloc::vec::Vec;

/// A decoded CBOR item.
#[derive(Debug, Clone, PartialEq)]
pub enum Cbor {
    /// An integer (major types 0 and 1), within `i64`.
    Int(i64),
    /// A byte string.
    Bytes(Vec<u8>),
    /// A text string.
    Text(String),
    /// An array.
    Array(Vec<Cbor>),
    /// A map, its pairs in the order sent.
    Map(Vec<(Cbor, Cbor)>),
    /// `true` or `false`.
    Bool(bool),
    /// `null` or `undefined`.
    Null,
    /// A float (read, never interpreted).
    Float,
}

/// Why bytes are not the CBOR this decoder reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CborError;

impl core::fmt::Display for CborError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("malformed CBOR")
    }
}

impl core::error::Error for CborError {}

/// The deepest nesting accepted (COSE keys and attestation objects need three).
const MAX_DEPTH: usize = 8;

impl Cbor {
    /// The value at integer key `key` of a map.
    pub fn get_int(&self, key: i64) -> Option<&Cbor> {
        self.entries()?
            .iter()
            .find(|(k, _)| *k == Cbor::Int(key))
            .map(|(_, v)| v)
    }

    /// The value at text key `key` of a map.
    pub fn get_text(&self, key: &str) -> Option<&Cbor> {
        self.entries()?
            .iter()
            .find(|(k, _)| matches!(k, Cbor::Text(t) if t == key))
            .map(|(_, v)| v)
    }

    fn entries(&self) -> Option<&[(Cbor, Cbor)]> {
        match self {
            Cbor::Map(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// The bytes of a byte string.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Cbor::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The integer.
    pub fn int(&self) -> Option<i64> {
        match self {
            Cbor::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cbor::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Decodes the first item of `bytes`; returns it and how many bytes it took (an authenticator's
/// data carries a COSE key followed by more CBOR).
pub fn decode(bytes: &[u8]) -> Result<(Cbor, usize), CborError> {
    let mut at = 0;
    let item = item(bytes, &mut at, 0)?;
    Ok((item, at))
}

fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Result<&'a [u8], CborError> {
    let end = at.checked_add(n).ok_or(CborError)?;
    let slice = bytes.get(*at..end).ok_or(CborError)?;
    *at = end;
    Ok(slice)
}

/// The argument of an item's head: its value, or its length.
fn argument(bytes: &[u8], at: &mut usize, info: u8) -> Result<u64, CborError> {
    let width = match info {
        0..=23 => return Ok(u64::from(info)),
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        _ => return Err(CborError), // indefinite lengths and reserved values
    };
    Ok(take(bytes, at, width)?
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// A length that the remaining input can hold (each element takes at least one byte).
fn length(bytes: &[u8], at: usize, value: u64) -> Result<usize, CborError> {
    let n = usize::try_from(value).map_err(|_| CborError)?;
    if n > bytes.len().saturating_sub(at) {
        return Err(CborError);
    }
    Ok(n)
}

fn item(bytes: &[u8], at: &mut usize, depth: usize) -> Result<Cbor, CborError> {
    if depth > MAX_DEPTH {
        return Err(CborError);
    }
    let head = take(bytes, at, 1)?[0];
    let (major, info) = (head >> 5, head & 0x1f);
    if major == 7 {
        return simple(bytes, at, info);
    }
    let value = argument(bytes, at, info)?;
    Ok(match major {
        0 => Cbor::Int(i64::try_from(value).map_err(|_| CborError)?),
        1 => Cbor::Int(-1 - i64::try_from(value).map_err(|_| CborError)?),
        2 => Cbor::Bytes(take(bytes, at, length(bytes, *at, value)?)?.to_vec()),
        3 => {
            let text = take(bytes, at, length(bytes, *at, value)?)?;
            Cbor::Text(String::from(
                core::str::from_utf8(text).map_err(|_| CborError)?,
            ))
        }
        4 => Cbor::Array(items(bytes, at, depth, length(bytes, *at, value)?)?),
        5 => {
            let flat = items(
                bytes,
                at,
                depth,
                length(bytes, *at, value)?.saturating_mul(2),
            )?;
            let mut flat = flat.into_iter();
            let mut pairs = Vec::with_capacity(flat.len() / 2);
            while let (Some(key), Some(value)) = (flat.next(), flat.next()) {
                pairs.push((key, value));
            }
            Cbor::Map(pairs)
        }
        // A tag: its item stands for itself here.
        6 => item(bytes, at, depth + 1)?,
        _ => return Err(CborError),
    })
}

/// `n` items one level deeper (an array's, or a map's keys and values in turn).
fn items(bytes: &[u8], at: &mut usize, depth: usize, n: usize) -> Result<Vec<Cbor>, CborError> {
    // Never reserve from a length the input declares: nine nested headers each claiming what is
    // left of a 2 MiB body would reserve hundreds of megabytes before the first item failed.
    let mut out = Vec::with_capacity(n.min(16));
    for _ in 0..n {
        out.push(item(bytes, at, depth + 1)?);
    }
    Ok(out)
}

/// Major type 7: booleans, null and undefined, floats (skipped, never interpreted).
fn simple(bytes: &[u8], at: &mut usize, info: u8) -> Result<Cbor, CborError> {
    match info {
        20 => Ok(Cbor::Bool(false)),
        21 => Ok(Cbor::Bool(true)),
        22 | 23 => Ok(Cbor::Null),
        25 => take(bytes, at, 2).map(|_| Cbor::Float),
        26 => take(bytes, at, 4).map(|_| Cbor::Float),
        27 => take(bytes, at, 8).map(|_| Cbor::Float),
        _ => Err(CborError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_8949_examples() {
        let one = |hex: &[u8]| decode(hex).map(|(v, _)| v);
        assert_eq!(one(&[0x00]), Ok(Cbor::Int(0)));
        assert_eq!(one(&[0x18, 0x64]), Ok(Cbor::Int(100)));
        assert_eq!(one(&[0x38, 0x63]), Ok(Cbor::Int(-100)));
        assert_eq!(one(&[0x20]), Ok(Cbor::Int(-1)));
        assert_eq!(one(&[0x43, 1, 2, 3]), Ok(Cbor::Bytes(alloc::vec![1, 2, 3])));
        assert_eq!(one(&[0x62, b'h', b'i']), Ok(Cbor::Text("hi".into())));
        assert_eq!(
            one(&[0xa2, 0x01, 0x02, 0x20, 0x41, 0xff]),
            Ok(Cbor::Map(alloc::vec![
                (Cbor::Int(1), Cbor::Int(2)),
                (Cbor::Int(-1), Cbor::Bytes(alloc::vec![0xff]))
            ]))
        );
        assert_eq!(one(&[0xf5]), Ok(Cbor::Bool(true)));
        // What follows the first item is left, and counted.
        assert_eq!(decode(&[0x01, 0x02]), Ok((Cbor::Int(1), 1)));
    }

    #[test]
    fn hostile_input_is_refused_without_allocating() {
        // A byte string claiming 2^32 bytes; an array claiming 2^63 items.
        assert_eq!(decode(&[0x5a, 0xff, 0xff, 0xff, 0xff]), Err(CborError));
        assert_eq!(
            decode(&[0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Err(CborError)
        );
        // Indefinite length, and nesting beyond the limit.
        assert_eq!(decode(&[0x9f, 0x01, 0xff]), Err(CborError));
        assert_eq!(decode(&[0x81; 32]), Err(CborError));
        // An integer beyond i64.
        assert_eq!(decode(&[0x1b, 0xff, 0, 0, 0, 0, 0, 0, 0]), Err(CborError));
    }
}
