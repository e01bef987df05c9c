//! The decoders (feature `qr-decode`): an image's declared sizes checked, then the image turned
//! into a grey-scale raster and searched for QR codes with `rqrr`.

use alloc::string::String;
use alloc::vec::Vec;

use super::{DecodeError, MAX_PIXELS, header};
use crate::icon::{Kind, detect};

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

/// Checks the sizes an image declares, before any decoder sees it: [`DecodeError::TooLarge`]
/// when one is above [`MAX_PIXELS`], [`DecodeError::NotAnImage`] when its header has none.
pub fn check_size(bytes: &[u8]) -> Result<Kind, DecodeError> {
    let kind = detect(bytes).ok_or(DecodeError::NotAnImage)?;
    let sizes = match kind {
        Kind::Png => header::png(bytes),
        Kind::Jpeg => header::jpeg(bytes),
        Kind::Gif => header::gif(bytes),
        Kind::Webp => header::webp(bytes),
        Kind::Bmp | Kind::Svg => None,
    }
    .filter(|sizes| !sizes.is_empty())
    .ok_or(DecodeError::NotAnImage)?;
    let too_large = |&(w, h): &header::Size| u64::from(w) * u64::from(h) > MAX_PIXELS as u64;
    match sizes.iter().any(too_large) {
        true => Err(DecodeError::TooLarge),
        false => Ok(kind),
    }
}

fn raster(bytes: &[u8]) -> Result<Luma, DecodeError> {
    let image = match check_size(bytes)? {
        Kind::Png => png(bytes),
        Kind::Jpeg => jpeg(bytes),
        Kind::Gif => gif(bytes),
        Kind::Webp => webp(bytes),
        Kind::Bmp | Kind::Svg => None,
    };
    image.ok_or(DecodeError::NotAnImage)
}

/// The text of the first readable QR code in an image.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let image = raster(bytes)?;
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
