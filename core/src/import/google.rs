//! Google Authenticator's `otpauth-migration://offline?data=<base64 protobuf>` transfer URIs.
//! 2FAuth reads one; we read any number of lines (one per exported QR code batch).

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine;
use serde_json::Value;

use super::{Entry, Fields, Format, ImportError};
use crate::base32;
use crate::input::url_decode;

const PREFIX: &str = "otpauth-migration://offline?data=";

fn lines(payload: &str) -> impl Iterator<Item = &str> {
    payload.lines().map(str::trim).filter(|l| !l.is_empty())
}

pub(super) fn detect(payload: &str) -> bool {
    lines(payload).all(|l| l.starts_with(PREFIX) && l.len() > PREFIX.len())
}

pub(super) fn read(payload: &str) -> Result<Vec<Entry>, ImportError> {
    let mut entries = Vec::new();
    for line in lines(payload) {
        let data = url_decode(&line[PREFIX.len()..]);
        let bytes =
            decode_base64(&data).ok_or(ImportError::Unreadable(Format::GoogleAuthenticator))?;
        let parameters = payload_parameters(&bytes)
            .ok_or(ImportError::Unreadable(Format::GoogleAuthenticator))?;
        entries.extend(parameters.iter().map(|p| p.entry()));
    }
    Ok(entries)
}

fn decode_base64(data: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(data.trim()).ok())
}

/// A minimal protobuf reader: varints and length-delimited fields are all this message uses.
struct Reader<'a> {
    buf: &'a [u8],
}

enum Wire<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.buf.split_first()?;
            self.buf = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// The next field, or `None` at the end; `Some(None)` for malformed input.
    fn field(&mut self) -> Option<Option<(u64, Wire<'a>)>> {
        if self.buf.is_empty() {
            return None;
        }
        Some((|| {
            let key = self.varint()?;
            let wire = match key & 7 {
                0 => Wire::Varint(self.varint()?),
                2 => {
                    let len = usize::try_from(self.varint()?).ok()?;
                    if len > self.buf.len() {
                        return None;
                    }
                    let (bytes, rest) = self.buf.split_at(len);
                    self.buf = rest;
                    Wire::Bytes(bytes)
                }
                1 => {
                    self.buf = self.buf.get(8..)?;
                    Wire::Varint(0)
                }
                5 => {
                    self.buf = self.buf.get(4..)?;
                    Wire::Varint(0)
                }
                _ => return None,
            };
            Some((key >> 3, wire))
        })())
    }
}

#[derive(Default)]
struct OtpParameters {
    secret: Vec<u8>,
    name: String,
    issuer: String,
    algorithm: u64,
    digits: u64,
    kind: u64,
    counter: u64,
    period: u64,
}

fn payload_parameters(bytes: &[u8]) -> Option<Vec<OtpParameters>> {
    let mut reader = Reader { buf: bytes };
    let mut out = Vec::new();
    while let Some(field) = reader.field() {
        if let (1, Wire::Bytes(b)) = field? {
            out.push(otp_parameters(b)?);
        }
    }
    Some(out)
}

fn otp_parameters(bytes: &[u8]) -> Option<OtpParameters> {
    let mut reader = Reader { buf: bytes };
    let mut p = OtpParameters::default();
    let text = |b: &[u8]| core::str::from_utf8(b).ok().map(String::from);
    while let Some(field) = reader.field() {
        match field? {
            (1, Wire::Bytes(b)) => p.secret = b.to_vec(),
            (2, Wire::Bytes(b)) => p.name = text(b)?,
            (3, Wire::Bytes(b)) => p.issuer = text(b)?,
            (4, Wire::Varint(v)) => p.algorithm = v,
            (5, Wire::Varint(v)) => p.digits = v,
            (6, Wire::Varint(v)) => p.kind = v,
            (7, Wire::Varint(v)) => p.counter = v,
            (8, Wire::Varint(v)) => p.period = v,
            _ => {}
        }
    }
    Some(p)
}

impl OtpParameters {
    fn entry(&self) -> Entry {
        let issuer = Some(self.issuer.clone()).filter(|i| !i.is_empty());
        // The name often repeats the issuer as "issuer:account".
        let account = match &issuer {
            Some(i) => self
                .name
                .strip_prefix(&alloc::format!("{i}:"))
                .unwrap_or(&self.name),
            None => &self.name,
        }
        .trim();
        let otp_type = match self.kind {
            1 => "hotp",
            2 => "totp",
            _ => {
                return Entry::Invalid {
                    service: issuer,
                    account: Some(account.into()),
                    error: "The otp type field is not supported.".into(),
                };
            }
        };
        let algorithm = match self.algorithm {
            2 => "sha256",
            3 => "sha512",
            4 => "md5",
            _ => "sha1",
        };
        let digits = if self.digits == 2 { 8 } else { 6 };
        Fields {
            otp_type: Some(otp_type.into()),
            service: issuer,
            account: Some(account.into()),
            secret: Some(base32::encode(&self.secret)),
            algorithm: Some(algorithm.into()),
            digits: Some(Value::from(digits)),
            period: (otp_type == "totp")
                .then(|| Value::from(if self.period == 0 { 30 } else { self.period })),
            counter: (otp_type == "hotp").then(|| Value::from(self.counter)),
        }
        .into_entry()
    }
}
