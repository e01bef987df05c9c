//! Icons of accounts: which uploads are images, SVG sanitising, and the names and addresses the
//! logo libraries use.
//!
//! The SVG sanitiser is an allow-list over a small tokenizer: only drawing elements and
//! presentation attributes survive; scripts, event handlers, foreign objects, entity
//! declarations and every reference outside the document (`href`, `url(...)`, `@import`) go.

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

/// Elements kept in a sanitised SVG (everything else is dropped with its content).
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "defs",
    "lineargradient",
    "radialgradient",
    "stop",
    "clippath",
    "mask",
    "title",
    "desc",
    "use",
    "symbol",
    "pattern",
    "style",
];

/// Attributes that may name a reference: kept only when it points inside the document.
const REFERENCES: &[&str] = &["href", "xlink:href", "src"];

/// Why an SVG could not be sanitised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsanitizable;

/// A value free of references outside the document and of script URLs.
fn safe_value(value: &str) -> bool {
    let lower: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains("javascript:") || lower.contains("data:") || lower.contains("@import") {
        return false;
    }
    // `url(#id)` is internal; any other url(...) fetches something.
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start_matches(['\'', '"']);
        if !target.starts_with('#') {
            return false;
        }
    }
    true
}

/// One parsed attribute.
fn attributes(tag: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = tag.trim();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let quote = after_eq.chars().next()?;
            if quote != '"' && quote != '\'' {
                return None;
            }
            let close = after_eq[1..].find(quote)? + 1;
            out.push((name.to_string(), after_eq[1..close].to_string()));
            rest = after_eq[close + 1..].trim_start();
        } else if !name.is_empty() {
            out.push((name.to_string(), String::new()));
        }
        if name.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The SVG with only drawing elements and safe attributes left.
pub fn sanitize_svg(svg: &str) -> Result<String, Unsanitizable> {
    let mut out = String::with_capacity(svg.len());
    // Depth inside a dropped element: its whole content goes with it.
    let mut dropping: Vec<String> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    let mut seen_svg = false;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if dropping.is_empty() && !stack.is_empty() {
            out.push_str(text);
        }
        rest = &rest[lt..];
        // Comments, CDATA, doctypes (entity declarations) and processing instructions all go.
        for (open, close) in [
            ("<!--", "-->"),
            ("<![CDATA[", "]]>"),
            ("<!", ">"),
            ("<?", "?>"),
        ] {
            if rest.starts_with(open) {
                let end = rest.find(close).ok_or(Unsanitizable)?;
                rest = &rest[end + close.len()..];
                break;
            }
        }
        if !rest.starts_with('<') || rest.starts_with("<!") || rest.starts_with("<?") {
            continue;
        }
        let end = rest.find('>').ok_or(Unsanitizable)?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(top) = dropping.last() {
                if *top == name {
                    dropping.pop();
                }
                continue;
            }
            if stack.last() == Some(&name) {
                stack.pop();
                out.push_str(&format!("</{name}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        if !dropping.is_empty() || !ELEMENTS.contains(&name.as_str()) {
            if !self_closing {
                dropping.push(name);
            }
            continue;
        }
        seen_svg |= name == "svg";
        let mut kept = format!("<{name}");
        for (attr, value) in attributes(&tag[name_end..]).ok_or(Unsanitizable)? {
            let lower = attr.to_ascii_lowercase();
            let reference = REFERENCES.contains(&lower.as_str());
            if lower.starts_with("on")
                || !safe_value(&value)
                || (reference && !value.trim_start().starts_with('#'))
                || value.contains('<')
            {
                continue;
            }
            kept.push_str(&format!(" {attr}=\"{}\"", value.replace('"', "&quot;")));
        }
        if self_closing {
            kept.push_str("/>");
        } else {
            kept.push('>');
            stack.push(name);
        }
        out.push_str(&kept);
    }
    while let Some(name) = stack.pop() {
        out.push_str(&format!("</{name}>"));
    }
    // `<style>` content must itself be safe (it can import or fetch).
    if !seen_svg || !safe_value(&out) {
        return Err(Unsanitizable);
    }
    Ok(out)
}

/// A logo library's name for a service: lower case, every run of other characters than `0-9a-z`
/// turned into one `-`.
pub fn reference_name(service: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in service.to_lowercase().chars() {
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
        if collection_name.is_some() {
            errors.add(
                "iconPack",
                "The icon pack field is prohibited when icon collection is present.",
            );
        }
        if variant.is_some() {
            errors.add("variant", "The variant field is prohibited.");
        }
        errors.add("iconPack", "The icon pack cannot be found on the server.");
    }
    let collection = match collection_name {
        Some(name) => {
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
                    "The variant field is required when icon collection is present.",
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

/// 2fa.directory's name for a service (lower case, `+` spelled `plus`).
pub fn tfa_key(name: &str) -> String {
    name.to_lowercase().replace('+', "plus")
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
    fn svg_scripts_handlers_and_remote_references_are_removed() {
        let dirty = r##"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
<script>alert("XSS");</script><foreignObject><iframe src="https://evil.test"></iframe></foreignObject>
<a href="javascript:alert(2)"><rect width="10" height="10"/></a>
<use href="#shape"/><use xlink:href="https://evil.test/x.svg#a"/>
<rect fill="url(#grad)" width="5" height="5"/><rect style="fill:url(https://evil.test/)" width="1" height="1"/>
<image href="https://evil.test/track.png"/><path d="M0 0h10" stroke="red" onclick="steal()"/></svg>"##;
        let clean = sanitize_svg(dirty).unwrap();
        for gone in [
            "script",
            "alert",
            "onload",
            "onclick",
            "iframe",
            "evil.test",
            "ENTITY",
            "javascript",
            "foreignObject",
            "<a",
            "<image",
        ] {
            assert!(!clean.contains(gone), "{gone} survived: {clean}");
        }
        for kept in [
            "<svg",
            "viewBox=\"0 0 10 10\"",
            "<path d=\"M0 0h10\" stroke=\"red\"/>",
            "url(#grad)",
            "<use href=\"#shape\"/>",
        ] {
            assert!(clean.contains(kept), "{kept} lost: {clean}");
        }
        assert!(clean.ends_with("</svg>"));
    }

    #[test]
    fn svg_styles_may_not_fetch() {
        assert_eq!(
            sanitize_svg("<svg><style>@import url(https://evil.test/x.css);</style><rect/></svg>"),
            Err(Unsanitizable)
        );
        assert_eq!(sanitize_svg("<svg><rect"), Err(Unsanitizable));
        assert_eq!(sanitize_svg("<html><body/></html>"), Err(Unsanitizable));
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
