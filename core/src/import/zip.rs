//! ZIP archives, enough for password-protected exports (Authenticator Plus): the central
//! directory, stored or deflated entries, and PKWARE's classic "ZipCrypto" encryption. A wrong
//! password is told by the encryption header's check byte and then by the entry's CRC-32.
//! Entries are inflated with a size limit, so a small hostile archive cannot expand without end.

use alloc::string::String;
use alloc::vec::Vec;

/// The most an entry may inflate to.
const MAX_ENTRY: usize = 4 << 20;

/// Why an entry could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ZipError {
    /// Not a ZIP archive, or a damaged one.
    Malformed,
    /// The entry is encrypted and no password was given.
    Encrypted,
    /// The password does not open the entry.
    WrongPassword,
}

/// Whether bytes start as a ZIP archive.
pub(super) fn detect(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// One entry of the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Member {
    /// The entry's path in the archive.
    pub name: String,
    flags: u16,
    method: u16,
    time: u16,
    crc: u32,
    compressed: usize,
    size: usize,
    offset: usize,
}

fn le16(bytes: &[u8], at: usize) -> Result<u16, ZipError> {
    let b = bytes.get(at..at + 2).ok_or(ZipError::Malformed)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

fn le32(bytes: &[u8], at: usize) -> Result<u32, ZipError> {
    let b = bytes.get(at..at + 4).ok_or(ZipError::Malformed)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The archive's members, from its central directory.
pub(super) fn members(bytes: &[u8]) -> Result<Vec<Member>, ZipError> {
    // The end record is in the last 22 + 65 535 (comment) bytes.
    let from = bytes.len().saturating_sub(22 + 0xffff);
    let end = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .ok_or(ZipError::Malformed)?;
    let count = usize::from(le16(bytes, end + 10)?);
    let mut at = le32(bytes, end + 16)? as usize;
    let mut members = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        if le32(bytes, at)? != 0x0201_4b50 {
            return Err(ZipError::Malformed);
        }
        let name_len = usize::from(le16(bytes, at + 28)?);
        let skip =
            name_len + usize::from(le16(bytes, at + 30)?) + usize::from(le16(bytes, at + 32)?);
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or(ZipError::Malformed)?;
        members.push(Member {
            name: String::from_utf8_lossy(name).into_owned(),
            flags: le16(bytes, at + 8)?,
            method: le16(bytes, at + 10)?,
            time: le16(bytes, at + 12)?,
            crc: le32(bytes, at + 16)?,
            compressed: le32(bytes, at + 20)? as usize,
            size: le32(bytes, at + 24)? as usize,
            offset: le32(bytes, at + 42)? as usize,
        });
        at += 46 + skip;
    }
    Ok(members)
}

/// The content of `member`, decrypted with `password` when it is encrypted.
pub(super) fn read(
    bytes: &[u8],
    member: &Member,
    password: Option<&str>,
) -> Result<Vec<u8>, ZipError> {
    let at = member.offset;
    if le32(bytes, at)? != 0x0403_4b50 || member.size > MAX_ENTRY {
        return Err(ZipError::Malformed);
    }
    let start = at + 30 + usize::from(le16(bytes, at + 26)?) + usize::from(le16(bytes, at + 28)?);
    let data = bytes
        .get(
            start
                ..start
                    .checked_add(member.compressed)
                    .ok_or(ZipError::Malformed)?,
        )
        .ok_or(ZipError::Malformed)?;
    let data = if member.flags & 1 == 1 {
        let password = password.ok_or(ZipError::Encrypted)?;
        decrypt(data, password, member)?
    } else {
        data.to_vec()
    };
    let plain = match member.method {
        0 => data,
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(&data, MAX_ENTRY)
            .map_err(|_| wrong_or_malformed(member))?,
        _ => return Err(ZipError::Malformed),
    };
    if plain.len() != member.size || crc32(&plain) != member.crc {
        return Err(wrong_or_malformed(member));
    }
    Ok(plain)
}

/// Garbage out of an encrypted entry means the password was wrong (its check byte passes for
/// one wrong password in 256).
fn wrong_or_malformed(member: &Member) -> ZipError {
    if member.flags & 1 == 1 {
        ZipError::WrongPassword
    } else {
        ZipError::Malformed
    }
}

/// ZipCrypto: three keys stirred by the password, then by each plaintext byte.
struct Keys([u32; 3]);

impl Keys {
    fn new(password: &[u8]) -> Self {
        let mut keys = Self([0x1234_5678, 0x2345_6789, 0x3456_7890]);
        for &b in password {
            keys.update(b);
        }
        keys
    }

    fn update(&mut self, plain: u8) {
        let [k0, k1, k2] = &mut self.0;
        *k0 = crc32_byte(*k0, plain);
        *k1 = k1
            .wrapping_add(*k0 & 0xff)
            .wrapping_mul(134_775_813)
            .wrapping_add(1);
        *k2 = crc32_byte(*k2, (*k1 >> 24) as u8);
    }

    fn decrypt(&mut self, c: u8) -> u8 {
        let t = (self.0[2] | 2) & 0xffff;
        let plain = c ^ ((t.wrapping_mul(t ^ 1) >> 8) as u8);
        self.update(plain);
        plain
    }
}

fn decrypt(data: &[u8], password: &str, member: &Member) -> Result<Vec<u8>, ZipError> {
    if data.len() < 12 {
        return Err(ZipError::Malformed);
    }
    let mut keys = Keys::new(password.as_bytes());
    let header: Vec<u8> = data[..12].iter().map(|&c| keys.decrypt(c)).collect();
    // The header's last byte repeats the CRC's high byte, or the time's with a data descriptor.
    let check = if member.flags & 8 == 8 {
        (member.time >> 8) as u8
    } else {
        (member.crc >> 24) as u8
    };
    if header[11] != check {
        return Err(ZipError::WrongPassword);
    }
    Ok(data[12..].iter().map(|&c| keys.decrypt(c)).collect())
}

/// One byte of CRC-32 (IEEE, reflected), as ZipCrypto's key schedule uses it.
fn crc32_byte(crc: u32, byte: u8) -> u32 {
    let mut c = crc ^ u32::from(byte);
    for _ in 0..8 {
        c = if c & 1 == 1 {
            (c >> 1) ^ 0xedb8_8320
        } else {
            c >> 1
        };
    }
    c
}

fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0, |crc, &b| crc32_byte(crc, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_a_known_text() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn damaged_archives_are_refused() {
        assert_eq!(members(b"PK\x03\x04 not really"), Err(ZipError::Malformed));
        // An end record that points past the file.
        let mut end = alloc::vec![0u8; 22];
        end[..4].copy_from_slice(b"PK\x05\x06");
        end[10] = 1;
        end[16..20].copy_from_slice(&1000u32.to_le_bytes());
        assert_eq!(members(&end), Err(ZipError::Malformed));
    }
}
