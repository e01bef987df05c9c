//! QR codes of provisioning URIs, as SVG (feature `qr`).

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
}
