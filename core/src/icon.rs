//! Icons of accounts: which uploads are images, SVG sanitising, and the names and addresses the
//! logo libraries use.
//!
//! The SVG sanitiser ([`sanitize_svg`], module `svg`) is an allow-list over a real XML
//! tokenizer: only drawing elements and presentation attributes survive; scripts, event
//! handlers, foreign objects and namespaces, entity declarations and every reference outside the
//! document (`href`, `url(...)`, `@import`) go.

mod svg;
pub use svg::{Unsanitizable, sanitize_svg};

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// An image format 2FAuth accepts for icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// BMP.
    Bmp,
    /// WebP.
    Webp,
    /// SVG (stored sanitised).
    Svg,
}

impl Kind {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Bmp => "bmp",
            Self::Webp => "webp",
            Self::Svg => "svg",
        }
    }

    /// MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Bmp => "image/bmp",
            Self::Webp => "image/webp",
            Self::Svg => "image/svg+xml",
        }
    }

    /// The kind of a file extension (lower case).
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext {
            "png" => Self::Png,
            "jpg" | "jpeg" => Self::Jpeg,
            "gif" => Self::Gif,
            "bmp" => Self::Bmp,
            "webp" => Self::Webp,
            "svg" => Self::Svg,
            _ => return None,
        })
    }
}

/// The image format of `bytes`, by content (never by name).
pub fn detect(bytes: &[u8]) -> Option<Kind> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some(Kind::Png),
        [0xff, 0xd8, 0xff, ..] => Some(Kind::Jpeg),
        [b'G', b'I', b'F', b'8', ..] => Some(Kind::Gif),
        [b'B', b'M', ..] if bytes.len() > 26 => Some(Kind::Bmp),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some(Kind::Webp),
        _ => core::str::from_utf8(bytes)
            .ok()
            .filter(|text| text.to_ascii_lowercase().contains("<svg"))
            .map(|_| Kind::Svg),
    }
}

/// A logo library's name for a service: lower case, every run of other characters than `0-9a-z`
/// turned into one `-`.
pub fn reference_name(service: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in crate::case::to_lowercase(service).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash {
            out.push('-');
            dash = true;
        }
    }
    out
}

/// The addresses to try, in order, for a service's logo in a library at `base` (ending in `/`):
/// SVG then PNG, with the variant's suffix (`-light`, `-dark`).
pub fn logo_candidates(base: &str, service: &str, variant: &str) -> Vec<String> {
    let name = reference_name(service);
    let suffix = match variant {
        "light" => "-light",
        "dark" => "-dark",
        _ => "",
    };
    ["svg", "png"]
        .iter()
        .map(|ext| format!("{base}{ext}/{name}{suffix}.{ext}"))
        .collect()
}

/// 40 random characters of `[A-Za-z0-9]` from 40 random bytes, then the extension.
pub fn file_name(random: &[u8; 40], kind: Kind) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let name: String = random
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("{name}.{}", kind.extension())
}

/// Whether `name` has the shape of a stored icon's file name.
pub fn is_file_name(name: &str) -> bool {
    name.split_once('.').is_some_and(|(stem, ext)| {
        stem.len() == 40
            && stem.bytes().all(|b| b.is_ascii_alphanumeric())
            && Kind::from_extension(ext).is_some()
    })
}

/// A logo library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// selfh.st icons.
    Selfh,
    /// Homarr's dashboard icons.
    DashboardIcons,
    /// 2fa.directory's logos.
    Tfa,
}

impl Collection {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "selfh" => Self::Selfh,
            "dashboardicons" => Self::DashboardIcons,
            "tfa" => Self::Tfa,
            _ => return None,
        })
    }
}

/// A valid `POST /api/v1/icons/default` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoRequest {
    /// The service, HTML tags stripped.
    pub service: String,
    /// Where to look.
    pub collection: Collection,
    /// `regular`, `light` or `dark`.
    pub variant: String,
}

/// Text with its HTML tags removed (PHP's `strip_tags`, simply).
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Checks a logo request. `iconPack` names a pack on the server; Twofold has none, so any pack is
/// unknown. Without a collection, the user's `iconCollection` preference applies, variant
/// `regular`.
pub fn logo_request(
    body: &serde_json::Map<String, serde_json::Value>,
    preferred_collection: &str,
) -> Result<LogoRequest, crate::validation::ValidationErrors> {
    use crate::validation::{ValidationErrors, messages};
    use serde_json::Value;
    let mut errors = ValidationErrors::new();
    let service = match body.get("service") {
        Some(Value::String(s)) => Some(strip_tags(s)),
        None | Some(Value::Null) => {
            errors.add("service", messages::required("service"));
            None
        }
        Some(_) => {
            errors.add("service", messages::string("service"));
            None
        }
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let collection_name = text("iconCollection");
    let variant = text("variant");
    if body.get("iconPack").is_some_and(|v| !v.is_null()) {
        refuse_icon_pack(collection_name.is_some(), variant.is_some(), &mut errors);
    }
    let collection = match collection_name {
        Some(name) => chosen_collection(name, variant, &mut errors),
        None => Collection::parse(preferred_collection).or(Some(Collection::Selfh)),
    };
    match (service, collection) {
        (Some(service), Some(collection)) if errors.is_empty() => Ok(LogoRequest {
            service,
            collection,
            variant: collection_name
                .and(variant)
                .unwrap_or("regular")
                .to_string(),
        }),
        _ => Err(errors),
    }
}

/// The errors of a request naming an icon pack (none exists here), with or without a collection
/// or a variant beside it.
fn refuse_icon_pack(
    with_collection: bool,
    with_variant: bool,
    errors: &mut crate::validation::ValidationErrors,
) {
    use crate::validation::messages;
    if with_collection {
        // Laravel words camelCase fields in words: `icon_pack` reads "icon pack".
        errors.add(
            "iconPack",
            messages::prohibited_with("icon_pack", "icon_collection"),
        );
    }
    if with_variant {
        errors.add("variant", messages::prohibited("variant"));
    }
    errors.add("iconPack", messages::NO_ICON_PACK);
}

/// The collection a request names, and the variant it requires (2fa.directory's has only
/// `regular`).
fn chosen_collection(
    name: &str,
    variant: Option<&str>,
    errors: &mut crate::validation::ValidationErrors,
) -> Option<Collection> {
    use crate::validation::messages;
    let c = Collection::parse(name);
    if c.is_none() {
        errors.add(
            "iconCollection",
            messages::invalid_selection("iconCollection"),
        );
    }
    match variant {
        None => errors.add(
            "variant",
            messages::required_with("variant", "icon_collection"),
        ),
        Some(v) if !["regular", "light", "dark"].contains(&v) => {
            errors.add("variant", messages::invalid_selection("variant"))
        }
        Some(v) if c == Some(Collection::Tfa) && v != "regular" => {
            errors.add("variant", messages::invalid_selection("variant"))
        }
        Some(_) => {}
    }
    c
}

/// 2fa.directory's name for a service (lower case, `+` spelled `plus`).
pub fn tfa_key(name: &str) -> String {
    crate::case::to_lowercase(name).replace('+', "plus")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_images_by_content() {
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n...."), Some(Kind::Png));
        assert_eq!(detect(&[0xff, 0xd8, 0xff, 0xe0]), Some(Kind::Jpeg));
        assert_eq!(detect(b"GIF89a...."), Some(Kind::Gif));
        assert_eq!(detect(b"RIFF\0\0\0\0WEBPVP8 "), Some(Kind::Webp));
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(Kind::Svg)
        );
        assert_eq!(detect(b"plain text"), None);
        assert_eq!(detect(&[0, 1, 2]), None);
    }

    #[test]
    fn logo_library_names_and_addresses() {
        assert_eq!(reference_name("1Password"), "1password");
        assert_eq!(reference_name("My  Bank (EU)"), "my-bank-eu-");
        assert_eq!(
            logo_candidates("https://lib.test/", "Proton Mail", "dark"),
            [
                "https://lib.test/svg/proton-mail-dark.svg",
                "https://lib.test/png/proton-mail-dark.png"
            ]
        );
    }

    #[test]
    fn logo_requests_follow_2fauths_rules() {
        use serde_json::json;
        let body = |v: serde_json::Value| v.as_object().unwrap().clone();
        let ok =
            logo_request(&body(json!({"service": "<b>Proton</b>"})), "dashboardicons").unwrap();
        assert_eq!(
            (ok.service.as_str(), ok.collection, ok.variant.as_str()),
            ("Proton", Collection::DashboardIcons, "regular")
        );
        let dark = logo_request(
            &body(json!({"service": "x", "iconCollection": "selfh", "variant": "dark"})),
            "selfh",
        )
        .unwrap();
        assert_eq!(dark.variant, "dark");
        for (b, field) in [
            (json!({}), "service"),
            (
                json!({"service": "x", "iconCollection": "selfh"}),
                "variant",
            ),
            (
                json!({"service": "x", "iconCollection": "tfa", "variant": "dark"}),
                "variant",
            ),
            (
                json!({"service": "x", "iconCollection": "nope", "variant": "regular"}),
                "iconCollection",
            ),
            (json!({"service": "x", "iconPack": "pack"}), "iconPack"),
        ] {
            assert!(
                logo_request(&body(b.clone()), "selfh")
                    .unwrap_err()
                    .has(field),
                "{b}"
            );
        }
        assert_eq!(tfa_key("Google+"), "googleplus");
    }

    #[test]
    fn file_names() {
        let name = file_name(&[7; 40], Kind::Png);
        assert!(is_file_name(&name));
        assert!(!is_file_name("../../etc/passwd"));
        assert!(!is_file_name("short.png"));
        assert!(!is_file_name(&name.replace(".png", ".exe")));
    }
}
