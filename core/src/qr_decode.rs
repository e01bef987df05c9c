//! Reading QR codes from images (feature `qr-decode`): PNG, JPEG, GIF and WebP are turned into a
//! grey-scale raster, then searched for QR codes with `rqrr`.

use alloc::string::String;
use alloc::vec::Vec;

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
}

impl DecodeError {
    /// 2FAuth's message for this case.
    pub fn message(self) -> &'static str {
        match self {
            Self::NotAnImage => "No readable QR code",
            Self::NotDetected => "Cannot detect a QR code in the image, try to crop the image",
            Self::Undecodable => "Cannot decode detected QR code, try to crop or sharpen the image",
            Self::InvalidChecksum => "QR code has invalid checksum",
        }
    }
}

/// Images larger than this (in pixels) are refused rather than risk the Worker's memory.
const MAX_PIXELS: usize = 4096 * 4096;

/// A grey-scale raster.
struct Luma {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
}

/// Blends a pixel with alpha over white (transparent QR backgrounds must read as light).
fn over_white(value: u8, alpha: u8) -> u8 {
    ((u32::from(value) * u32::from(alpha) + 255 * (255 - u32::from(alpha))) / 255) as u8
}

fn from_channels(width: usize, height: usize, data: &[u8], channels: usize) -> Option<Luma> {
    if width.checked_mul(height)? > MAX_PIXELS || data.len() < width * height * channels {
        return None;
    }
    let pixels = data
        .chunks_exact(channels)
        .take(width * height)
        .map(|p| match channels {
            1 => p[0],
            2 => over_white(p[0], p[1]),
            3 => luma(p[0], p[1], p[2]),
            _ => over_white(luma(p[0], p[1], p[2]), p[3]),
        })
        .collect();
    Some(Luma {
        width,
        height,
        pixels,
    })
}

fn png(bytes: &[u8]) -> Option<Luma> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = alloc::vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    let channels = info.color_type.samples();
    from_channels(
        info.width as usize,
        info.height as usize,
        &buf[..info.buffer_size()],
        channels,
    )
}

fn jpeg(bytes: &[u8]) -> Option<Luma> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let channels = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => 1,
        jpeg_decoder::PixelFormat::RGB24 => 3,
        _ => return None,
    };
    from_channels(
        usize::from(info.width),
        usize::from(info.height),
        &pixels,
        channels,
    )
}

fn gif(bytes: &[u8]) -> Option<Luma> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).ok()?;
    let (width, height) = (usize::from(decoder.width()), usize::from(decoder.height()));
    let frame = decoder.read_next_frame().ok()??;
    // The first frame, placed on a white canvas of the image's size.
    let mut canvas = alloc::vec![255u8; width.checked_mul(height)?.checked_mul(4)?];
    let (left, top) = (usize::from(frame.left), usize::from(frame.top));
    for y in 0..usize::from(frame.height) {
        for x in 0..usize::from(frame.width) {
            let (cx, cy) = (left + x, top + y);
            if cx < width && cy < height {
                let src = (y * usize::from(frame.width) + x) * 4;
                let dst = (cy * width + cx) * 4;
                canvas[dst..dst + 4].copy_from_slice(frame.buffer.get(src..src + 4)?);
            }
        }
    }
    from_channels(width, height, &canvas, 4)
}

fn webp(bytes: &[u8]) -> Option<Luma> {
    let mut decoder = image_webp::WebPDecoder::new(std::io::Cursor::new(bytes)).ok()?;
    let (width, height) = decoder.dimensions();
    let channels = if decoder.has_alpha() { 4 } else { 3 };
    let mut buf = alloc::vec![0; decoder.output_buffer_size()?];
    decoder.read_image(&mut buf).ok()?;
    from_channels(width as usize, height as usize, &buf, channels)
}

fn raster(bytes: &[u8]) -> Option<Luma> {
    use crate::icon::{Kind, detect};
    match detect(bytes)? {
        Kind::Png => png(bytes),
        Kind::Jpeg => jpeg(bytes),
        Kind::Gif => gif(bytes),
        Kind::Webp => webp(bytes),
        Kind::Bmp | Kind::Svg => None,
    }
}

/// The text of the first readable QR code in an image.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let image = raster(bytes).ok_or(DecodeError::NotAnImage)?;
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(image.width, image.height, |x, y| {
            image.pixels[y * image.width + x]
        });
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err(DecodeError::NotDetected);
    }
    let mut last = DecodeError::Undecodable;
    for grid in grids {
        match grid.decode() {
            Ok((_, text)) => return Ok(text),
            Err(rqrr::DeQRError::DataEcc | rqrr::DeQRError::FormatEcc) => {
                last = DecodeError::InvalidChecksum
            }
            Err(_) => {}
        }
    }
    Err(last)
}

/// 2FAuth's rule on decoded text: URL-decoded, unless it is a single-line Google Authenticator
/// migration URI, which is kept raw (its base64 payload must not be altered).
pub fn decoded_text(raw: &str) -> String {
    let single_migration =
        raw.starts_with("otpauth-migration://offline?data=") && !raw.trim_end().contains('\n');
    if single_migration {
        String::from(raw)
    } else {
        crate::export::url_decode(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
