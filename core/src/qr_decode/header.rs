//! Image sizes as files declare them, read from their headers without decoding anything: what a
//! decoder would allocate for, known before it runs.
//!
//! Each function gives every size its format declares (a GIF's screen and each frame; a WebP's
//! canvas, frames and bitstreams; each JPEG frame header before the first scan), or `None` when
//! the header is not there. A truncated file gives the sizes read so far: the decoder refuses
//! the rest.

use alloc::vec::Vec;

/// A declared width and height, in pixels.
pub type Size = (u32, u32);

fn byte(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at).copied().map(u32::from)
}

fn le16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(byte(bytes, at)? | byte(bytes, at + 1)? << 8)
}

fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    Some(le16(bytes, at)? | byte(bytes, at + 2)? << 16)
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(le16(bytes, at)? | le16(bytes, at + 2)? << 16)
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(byte(bytes, at)? << 8 | byte(bytes, at + 1)?)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(be16(bytes, at)? << 16 | be16(bytes, at + 2)?)
}

/// PNG: the `IHDR` chunk, which must come first.
pub fn png(bytes: &[u8]) -> Option<Vec<Size>> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some(alloc::vec![(be32(bytes, 16)?, be32(bytes, 20)?)])
}

/// GIF: the logical screen, then each image descriptor (extensions and image data skipped).
pub fn gif(bytes: &[u8]) -> Option<Vec<Size>> {
    if !bytes.starts_with(b"GIF87a") && !bytes.starts_with(b"GIF89a") {
        return None;
    }
    let mut sizes = alloc::vec![(le16(bytes, 6)?, le16(bytes, 8)?)];
    // A colour table of 2^(n+1) RGB entries follows when the flag's high bit is set.
    let table = |flags: u32| {
        if flags & 0x80 != 0 {
            3 << ((flags & 7) + 1)
        } else {
            0
        }
    };
    let mut at = 13 + table(byte(bytes, 10)?);
    // Skips a run of data sub-blocks (length-prefixed, ended by a zero length).
    let sub_blocks = |mut at: usize| -> Option<usize> {
        loop {
            let len = bytes.get(at).copied()?;
            at += 1 + usize::from(len);
            if len == 0 {
                return Some(at);
            }
        }
    };
    loop {
        match bytes.get(at) {
            Some(0x2c) => {
                let (Some(width), Some(height), Some(flags)) = (
                    le16(bytes, at + 5),
                    le16(bytes, at + 7),
                    byte(bytes, at + 9),
                ) else {
                    break;
                };
                sizes.push((width, height));
                // Descriptor, local colour table, LZW code size, then the image data.
                match sub_blocks(at + 10 + table(flags) + 1) {
                    Some(next) => at = next,
                    None => break,
                }
            }
            Some(0x21) => match sub_blocks(at + 2) {
                Some(next) => at = next,
                None => break,
            },
            _ => break,
        }
    }
    Some(sizes)
}

/// WebP: every `VP8X` canvas, `ANMF` frame and `VP8 `/`VP8L` bitstream header, frames' own
/// chunks included.
pub fn webp(bytes: &[u8]) -> Option<Vec<Size>> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let mut sizes = Vec::new();
    webp_chunks(&bytes[12..], &mut sizes, true);
    Some(sizes)
}

fn webp_chunks(mut chunks: &[u8], sizes: &mut Vec<Size>, top: bool) {
    while chunks.len() >= 8 {
        let (fourcc, len) = (&chunks[..4], le32(chunks, 4).unwrap_or(0) as usize);
        let data = &chunks[8..];
        let data = &data[..len.min(data.len())];
        // VP8X, VP8L and ANMF store `size - 1`.
        let plus_one = |(w, h): Size| (w + 1, h + 1);
        let size = match fourcc {
            b"VP8X" => le24(data, 4).zip(le24(data, 7)).map(plus_one),
            b"VP8L" if data.first() == Some(&0x2f) => le32(data, 1)
                .map(|bits| (bits & 0x3fff, (bits >> 14) & 0x3fff))
                .map(plus_one),
            // 14-bit sizes; the top two bits are a scale, not a size.
            b"VP8 " if data.get(3..6) == Some(&[0x9d, 0x01, 0x2a]) => le16(data, 6)
                .zip(le16(data, 8))
                .map(|(w, h)| (w & 0x3fff, h & 0x3fff)),
            b"ANMF" if top => {
                // Frame bitstreams are chunks inside the frame, after its 16-byte header.
                webp_chunks(data.get(16..).unwrap_or_default(), sizes, false);
                le24(data, 6).zip(le24(data, 9)).map(plus_one)
            }
            _ => None,
        };
        sizes.extend(size);
        // Chunks are padded to an even length.
        let next = 8usize.saturating_add(len).saturating_add(len & 1);
        chunks = chunks.get(next..).unwrap_or_default();
    }
}

/// JPEG: every frame header (`SOF0`...`SOF15` but `DHT`, `JPG`, `DAC`) before the first scan.
pub fn jpeg(bytes: &[u8]) -> Option<Vec<Size>> {
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return None;
    }
    let mut sizes = Vec::new();
    let mut at = 2;
    while bytes.get(at) == Some(&0xff) {
        // Any number of 0xff fill bytes may precede a marker.
        while bytes.get(at) == Some(&0xff) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else { break };
        at += 1;
        match marker {
            // Markers without a segment.
            0x01 | 0xd0..=0xd8 => continue,
            // End of image, start of scan: no frame header comes before the scan's data.
            0xd9 | 0xda => break,
            _ => {}
        }
        let Some(len) = be16(bytes, at) else { break };
        if matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
            // Precision, then height and width.
            if let (Some(height), Some(width)) = (be16(bytes, at + 3), be16(bytes, at + 5)) {
                sizes.push((width, height));
            }
        }
        at += len as usize;
    }
    Some(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_little_and_big_endian_fields() {
        let b = [1, 2, 3, 4];
        assert_eq!(le16(&b, 0), Some(0x0201));
        assert_eq!(le24(&b, 1), Some(0x040302));
        assert_eq!(le32(&b, 0), Some(0x04030201));
        assert_eq!(be16(&b, 2), Some(0x0304));
        assert_eq!(be32(&b, 0), Some(0x01020304));
        assert_eq!(le16(&b, 3), None);
    }
}
