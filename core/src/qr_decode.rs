//! Reading QR codes from images (feature `qr-decode`): PNG, JPEG, GIF and WebP are turned into a
//! grey-scale raster, then searched for QR codes with `rqrr`.
//!
//! A decoder allocates from the size an image *declares*: a 60-byte file may declare 20000×20000
//! pixels (1.6 GB of RGBA). So every size a file declares (PNG's header, GIF's screen and each
//! frame, WebP's canvas, frames and bitstreams, JPEG's frame headers) is read first by the small
//! pure functions of [`header`], and the image is refused above [`MAX_PIXELS`] before any decoder
//! runs.

use alloc::string::String;

#[cfg(feature = "qr-decode")]
mod decoder;
#[cfg(feature = "qr-decode")]
pub mod header;

#[cfg(feature = "qr-decode")]
pub use decoder::{check_size, decode};

/// Why no text came out of an image, in 2FAuth's four cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not an image this module reads (or a corrupt one).
    NotAnImage,
    /// No QR code was found in the image.
    NotDetected,
    /// A QR code was found but could not be read.
    Undecodable,
    /// A QR code was read but its error correction failed.
    InvalidChecksum,
    /// The image declares more than [`MAX_PIXELS`] pixels (refused before decoding).
    TooLarge,
}

impl DecodeError {
    /// 2FAuth's message for this case.
    pub fn message(self) -> &'static str {
        match self {
            Self::NotAnImage => crate::messages::QR_NOT_AN_IMAGE,
            Self::NotDetected => crate::messages::QR_NOT_DETECTED,
            Self::Undecodable => crate::messages::QR_UNDECODABLE,
            Self::InvalidChecksum => crate::messages::QR_CHECKSUM,
            Self::TooLarge => "The qrcode field has invalid image dimensions.",
        }
    }
}

impl DecodeError {
    /// Every case, for mapping the codes back.
    const ALL: [Self; 5] = [
        Self::NotAnImage,
        Self::NotDetected,
        Self::Undecodable,
        Self::InvalidChecksum,
        Self::TooLarge,
    ];

    /// The case's code, as the npm package reports it (`error.code`): the Worker reads images in
    /// that build of the core, a WebAssembly module of its own, and maps the codes back.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotAnImage => "NOT_AN_IMAGE",
            Self::NotDetected => "NOT_DETECTED",
            Self::Undecodable => "UNDECODABLE",
            Self::InvalidChecksum => "INVALID_CHECKSUM",
            Self::TooLarge => "TOO_LARGE",
        }
    }

    /// The case of a [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|case| case.code() == code)
    }
}

impl core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for DecodeError {}

/// Images larger than this (in pixels) are refused rather than risk the Worker's memory: a
/// Worker isolate has 128 MB, and at 16 Mpx the decoded RGBA buffer alone takes 64 MB, the grey
/// raster 16 MB more, before the QR search's own tables. A photo of a QR code never needs more.
pub const MAX_PIXELS: usize = 4096 * 4096;

/// 2FAuth's rule on decoded text: URL-decoded, unless it is a single-line Google Authenticator
/// migration URI, which is kept raw (its base64 payload must not be altered).
pub fn decoded_text(raw: &str) -> String {
    let single_migration =
        raw.starts_with("otpauth-migration://offline?data=") && !raw.trim_end().contains('\n');
    if single_migration {
        String::from(raw)
    } else {
        crate::input::url_decode(raw)
    }
}

#[cfg(all(test, feature = "qr-decode"))]
mod tests {
    use super::*;
    use crate::icon::{Kind, detect};
    use alloc::vec::Vec;

    const URI: &str = "otpauth://totp/My%20Site:john?secret=A4GRFHVVRBGY7UIW&issuer=My%20Site";

    /// The QR code of `text` as a grey raster: 4 px per module, 4-module white border.
    fn qr_pixels(text: &str) -> (usize, Vec<u8>) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let (modules, scale, border) = (code.width(), 4, 4);
        let size = (modules + 2 * border) * scale;
        let colors = code.to_colors();
        let mut pixels = alloc::vec![255u8; size * size];
        for y in 0..size {
            for x in 0..size {
                let (mx, my) = (
                    (x / scale).wrapping_sub(border),
                    (y / scale).wrapping_sub(border),
                );
                if mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark
                {
                    pixels[y * size + x] = 0;
                }
            }
        }
        (size, pixels)
    }

    fn png_of(size: usize, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, size as u32, size as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(pixels)
            .unwrap();
        out
    }

    #[test]
    fn reads_png_jpeg_gif_webp() {
        let (size, pixels) = qr_pixels(URI);
        assert_eq!(decode(&png_of(size, &pixels)).unwrap(), URI);

        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 95)
            .encode(
                &pixels,
                size as u16,
                size as u16,
                jpeg_encoder::ColorType::Luma,
            )
            .unwrap();
        assert_eq!(decode(&jpeg).unwrap(), URI);

        let mut gif_bytes = Vec::new();
        {
            let palette = [0u8, 0, 0, 255, 255, 255];
            let mut encoder =
                gif::Encoder::new(&mut gif_bytes, size as u16, size as u16, &palette).unwrap();
            let indices: Vec<u8> = pixels.iter().map(|p| u8::from(*p > 127)).collect();
            let frame = gif::Frame {
                width: size as u16,
                height: size as u16,
                buffer: indices.into(),
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame).unwrap();
        }
        assert_eq!(decode(&gif_bytes).unwrap(), URI);

        let mut webp = Vec::new();
        let rgb: Vec<u8> = pixels.iter().flat_map(|p| [*p, *p, *p]).collect();
        image_webp::WebPEncoder::new(&mut webp)
            .encode(&rgb, size as u32, size as u32, image_webp::ColorType::Rgb8)
            .unwrap();
        assert_eq!(decode(&webp).unwrap(), URI);
    }

    #[test]
    fn errors() {
        assert_eq!(decode(b"not an image"), Err(DecodeError::NotAnImage));
        let blank = png_of(64, &alloc::vec![255u8; 64 * 64]);
        assert_eq!(decode(&blank), Err(DecodeError::NotDetected));
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0]),
            Err(DecodeError::NotAnImage)
        );
    }

    /// Tiny files (well under 100 bytes) whose headers declare 20000×20000 pixels (16000×16000
    /// for VP8 and VP8L, whose sizes have 14 bits), with what a decoder needs to start allocating.
    pub(crate) fn huge_images() -> Vec<(&'static str, Vec<u8>)> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(20000u32.to_be_bytes());
        png.extend(20000u32.to_be_bytes());
        png.extend([8, 0, 0, 0, 0]);
        png.extend(crc32(&png[12..]).to_be_bytes());
        // One 1×1 frame: a decoder would paint it on the declared screen.
        let frame = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0, 0x3b];
        let mut gif_screen = b"GIF89a".to_vec();
        gif_screen.extend([0x20, 0x4e, 0x20, 0x4e, 0, 0, 0]);
        gif_screen.extend(frame);
        // A 1×1 screen, a 20000×20000 frame.
        let mut gif_frame = b"GIF89a\x01\0\x01\0\0\0\0".to_vec();
        gif_frame.extend([
            0x2c, 0, 0, 0, 0, 0x20, 0x4e, 0x20, 0x4e, 0, 2, 2, 0x4c, 0x01, 0, 0x3b,
        ]);
        let riff = |chunk: &[u8]| {
            let mut out = b"RIFF".to_vec();
            out.extend((4 + chunk.len() as u32).to_le_bytes());
            out.extend(b"WEBP");
            out.extend(chunk);
            out
        };
        let mut vp8x = b"VP8X\x0a\0\0\0\0\0\0\0".to_vec();
        vp8x.extend(&19999u32.to_le_bytes()[..3]);
        vp8x.extend(&19999u32.to_le_bytes()[..3]);
        let mut vp8l = b"VP8L\x05\0\0\0\x2f".to_vec();
        vp8l.extend((15999u32 | 15999 << 14).to_le_bytes());
        vp8l.push(0);
        let mut vp8 = b"VP8 \x0a\0\0\0\x10\x02\0\x9d\x01\x2a".to_vec();
        vp8.extend(16000u16.to_le_bytes());
        vp8.extend(16000u16.to_le_bytes());
        // An animation whose canvas is 1×1 and whose frame declares 20000×20000.
        let mut anim = b"VP8X\x0a\0\0\0\x02\0\0\0\0\0\0\0\0\0ANMF\x10\0\0\0\0\0\0\0\0\0".to_vec();
        anim.extend(&19999u32.to_le_bytes()[..3]);
        anim.extend(&19999u32.to_le_bytes()[..3]);
        anim.extend([0, 0, 0, 0]);
        let jpeg = |sof: u8| {
            let mut out = alloc::vec![0xff, 0xd8, 0xff, sof, 0, 11, 8, 0x4e, 0x20, 0x4e, 0x20, 1];
            out.extend([
                1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0xff, 0xd9,
            ]);
            out
        };
        alloc::vec![
            ("png", png),
            ("gif screen", gif_screen),
            ("gif frame", gif_frame),
            ("webp VP8X", riff(&vp8x)),
            ("webp VP8L", riff(&vp8l)),
            ("webp VP8", riff(&vp8)),
            ("webp ANMF", riff(&anim)),
            ("jpeg baseline", jpeg(0xc0)),
            ("jpeg progressive", jpeg(0xc2)),
        ]
    }

    /// PNG's CRC-32 (so the huge PNG is otherwise valid to a decoder).
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in data {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    crc >> 1 ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn declared_sizes_are_read_from_headers() {
        let sizes = |bytes: &[u8]| match detect(bytes).unwrap() {
            Kind::Png => header::png(bytes),
            Kind::Gif => header::gif(bytes),
            Kind::Webp => header::webp(bytes),
            Kind::Jpeg => header::jpeg(bytes),
            _ => None,
        };
        let huge = huge_images();
        let expected: [&[(u32, u32)]; 9] = [
            &[(20000, 20000)],
            &[(20000, 20000), (1, 1)],
            &[(1, 1), (20000, 20000)],
            &[(20000, 20000)],
            &[(16000, 16000)],
            &[(16000, 16000)],
            &[(1, 1), (20000, 20000)],
            &[(20000, 20000)],
            &[(20000, 20000)],
        ];
        for ((name, bytes), want) in huge.iter().zip(expected) {
            assert!(bytes.len() < 100, "{name}");
            assert_eq!(sizes(bytes).as_deref(), Some(want), "{name}");
        }
        // Real files from the encoders read as their true size.
        let (size, pixels) = qr_pixels(URI);
        let s = size as u32;
        assert_eq!(
            header::png(&png_of(size, &pixels)),
            Some(alloc::vec![(s, s)])
        );
    }

    #[test]
    fn images_declaring_too_many_pixels_are_refused_before_decoding() {
        for (name, bytes) in huge_images() {
            assert_eq!(check_size(&bytes), Err(DecodeError::TooLarge), "{name}");
            // A decoder given these would fail on the missing data (`NotAnImage`) after
            // allocating: `TooLarge` shows the check answered first.
            assert_eq!(decode(&bytes), Err(DecodeError::TooLarge), "{name}");
        }
        assert_eq!(
            DecodeError::TooLarge.message(),
            "The qrcode field has invalid image dimensions."
        );
        // At the limit itself, the header check lets the image through to its decoder.
        let mut edge = b"GIF89a\0\x10\0\x10\0\0\0".to_vec();
        edge.push(0x3b);
        assert_eq!(check_size(&edge), Ok(Kind::Gif));
        assert_eq!(
            check_size(b"\xff\xd8\xff\xd9"),
            Err(DecodeError::NotAnImage)
        );
        assert_eq!(
            check_size(b"RIFF\0\0\0\0WEBPJUNK"),
            Err(DecodeError::NotAnImage)
        );
    }

    #[test]
    fn text_rule() {
        assert_eq!(
            decoded_text(URI),
            "otpauth://totp/My Site:john?secret=A4GRFHVVRBGY7UIW&issuer=My Site"
        );
        let migration = "otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2Fj%2BY291bnQ%3D";
        assert_eq!(decoded_text(migration), migration);
    }
}

#[cfg(test)]
mod codes {
    use super::DecodeError;

    #[test]
    fn every_code_maps_back_to_its_case() {
        for case in DecodeError::ALL {
            assert_eq!(DecodeError::from_code(case.code()), Some(case));
        }
        assert_eq!(DecodeError::from_code("RuntimeError"), None);
    }
}
