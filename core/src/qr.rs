//! QR codes of provisioning URIs, as SVG or PNG (feature `qr`).

use alloc::string::String;
use core::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

/// Pixels per module.
const SCALE: usize = 8;
/// Light modules around the code (2FAuth uses 2).
const QUIET_ZONE: usize = 2;

/// The text is too long for any QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

impl core::fmt::Display for TooLong {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("The text is too long for a QR code")
    }
}

impl core::error::Error for TooLong {}

/// Renders `text` as an SVG QR code: one path of dark modules on a white square.
pub fn svg(text: &str) -> Result<String, TooLong> {
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| TooLong)?;
    let width = code.width();
    let size = (width + 2 * QUIET_ZONE) * SCALE;
    let mut out = String::with_capacity(64 * width * width / 2);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "<?xml version=\"1.0\" standalone=\"yes\"?><svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
         width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (
                (i % width + QUIET_ZONE) * SCALE,
                (i / width + QUIET_ZONE) * SCALE,
            );
            let _ = write!(out, "M{x} {y}h{SCALE}v{SCALE}h-{SCALE}z");
        }
    }
    out.push_str("\"/></svg>");
    Ok(out)
}

/// Renders `text` as a grey-scale PNG QR code with the same geometry as [`svg`].
pub fn png(text: &str) -> Result<alloc::vec::Vec<u8>, TooLong> {
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| TooLong)?;
    let width = code.width();
    let size = (width + 2 * QUIET_ZONE) * SCALE;
    let colors = code.to_colors();
    let mut pixels = alloc::vec![255u8; size * size];
    for (y, row) in pixels.chunks_exact_mut(size).enumerate() {
        for (x, pixel) in row.iter_mut().enumerate() {
            let (mx, my) = (
                (x / SCALE).wrapping_sub(QUIET_ZONE),
                (y / SCALE).wrapping_sub(QUIET_ZONE),
            );
            if mx < width && my < width && colors[my * width + mx] == Color::Dark {
                *pixel = 0;
            }
        }
    }
    let mut out = alloc::vec::Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, size as u32, size as u32);
    encoder.set_color(::png::ColorType::Grayscale);
    encoder.set_compression(::png::Compression::High);
    // Writing a well-formed image into a Vec cannot fail.
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&pixels));
    written.map_err(|_| TooLong)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_svg_with_a_two_module_quiet_zone() {
        let out = svg("otpauth://totp/account?secret=A4GRFHVVRBGY7UIW").unwrap();
        assert!(out.starts_with("<?xml"));
        assert!(out.ends_with("</svg>"));
        // Version 4 (33 modules) at level M for this length: (33 + 2 × 2) × 8 = 296.
        assert!(out.contains("width=\"296\""), "{}", &out[..200]);
        assert!(
            out.contains("M16 16h8v8h-8z"),
            "the finder pattern starts after the quiet zone"
        );
        assert!(svg(&"x".repeat(5000)).is_err());
    }

    #[test]
    fn renders_png() {
        let out = png("otpauth://totp/account?secret=A4GRFHVVRBGY7UIW").unwrap();
        assert_eq!(&out[..8], b"\x89PNG\r\n\x1a\n");
        #[cfg(feature = "qr-decode")]
        assert_eq!(
            crate::qr_decode::decode(&out).unwrap(),
            "otpauth://totp/account?secret=A4GRFHVVRBGY7UIW"
        );
    }
}
