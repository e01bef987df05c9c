//! The SVG sanitiser: an allow-list applied to the tokens of a real XML tokenizer (`xmlparser`).
//!
//! Names are compared as SVG defines them, case-sensitively, after resolving namespaces: an
//! element is kept only when it is in the SVG namespace and on [`ELEMENTS`]; an attribute only
//! when it has no namespace and is on [`ATTRIBUTES`], or is the XLink `href`. Values are read as a
//! browser would read them (XML character references, then CSS escapes and comments) before they
//! are checked, and written back escaped. Everything else goes: scripts, event handlers, foreign
//! objects and namespaces, `xml:base`, references outside the document (`href`, `url(...)`,
//! `@import`, `image-set(...)`). A document type with an internal subset (entity declarations,
//! "billion laughs") is refused, as is any entity it would define; a bare `<!DOCTYPE svg PUBLIC
//! ...>`, comments and processing instructions are dropped.
//!
//! The output declares the SVG and XLink namespaces once, on its root, and writes every kept
//! element unprefixed: it is well-formed XML whatever prefixes the input used.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use xmlparser::{ElementEnd, Token, Tokenizer};

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The XLink namespace (`xlink:href`).
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
/// The namespace bound to the reserved `xml` prefix.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

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
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "title",
    "desc",
    "use",
    "symbol",
    "pattern",
    "style",
];

/// Attributes (without namespace) kept: geometry, presentation, `id`, `class`, checked `style`
/// and `href`. Event handlers (`on*`) are absent, so they never pass.
const ATTRIBUTES: &[&str] = &[
    // Identity and styling.
    "id",
    "class",
    "style",
    "type",
    "href",
    // Geometry.
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "dx",
    "dy",
    "rotate",
    "width",
    "height",
    "d",
    "points",
    "pathLength",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "transform-origin",
    "version",
    "baseProfile",
    "refX",
    "refY",
    "textLength",
    "lengthAdjust",
    // Gradients, patterns, clips and masks.
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "stop-color",
    "stop-opacity",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "clip-path",
    "clip-rule",
    "mask",
    "mask-type",
    // Painting.
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "vector-effect",
    "shape-rendering",
    "color-interpolation",
    "paint-order",
    "isolation",
    "mix-blend-mode",
    // Text.
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "font-stretch",
    "text-anchor",
    "text-rendering",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "text-decoration",
    "writing-mode",
    "direction",
    "unicode-bidi",
];

/// Why an SVG could not be sanitised: not well-formed XML, not an `<svg>` document, a document
/// type with declarations, an undefined entity, or a `<style>` sheet that reaches outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsanitizable;

impl core::fmt::Display for Unsanitizable {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("The SVG cannot be sanitized")
    }
}

impl core::error::Error for Unsanitizable {}

/// Decodes XML character and predefined entity references; `None` for any other entity (none
/// can be defined, as internal subsets are refused) or an invalid character reference.
fn xml_decode(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest.find(';')?;
        let name = &rest[..end];
        rest = &rest[end + 1..];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(hex, 16).ok())??
                } else if let Some(dec) = name.strip_prefix('#') {
                    (!dec.is_empty() && dec.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| dec.parse::<u32>().ok())??
                } else {
                    return None;
                };
                char::from_u32(code).filter(|c| *c != '\0')?
            }
        };
        out.push(c);
    }
    out.push_str(rest);
    Some(out)
}

/// Text as CSS reads it: comments removed and escapes (`\75`, `\u`, `\` + newline) resolved, so
/// that `u\72l(` or `@im/**/port` are seen for what they are.
fn css_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '\\' => {
                let mut hex = String::new();
                while hex.len() < 6 {
                    match chars.peek() {
                        Some(h) if h.is_ascii_hexdigit() => {
                            hex.push(*h);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                if hex.is_empty() {
                    // `\` + newline is a line continuation; `\` + anything else is that thing.
                    match chars.next() {
                        Some('\n' | '\r' | '\x0c') | None => {}
                        Some(other) => out.push(other),
                    }
                } else {
                    let code = u32::from_str_radix(&hex, 16).unwrap_or(0xfffd);
                    out.push(
                        char::from_u32(code)
                            .filter(|c| *c != '\0')
                            .unwrap_or('\u{fffd}'),
                    );
                    // One whitespace after a hex escape belongs to the escape.
                    if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                        chars.next();
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a value (attribute or style sheet, XML-decoded) is free of references outside the
/// document and of script: every `url(...)` must point to `#id`, and no `@import`,
/// `image-set(`, `expression(`, `javascript:`, ... may appear, after CSS decoding.
fn safe_css(value: &str) -> bool {
    let flat: String = css_decode(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    const FORBIDDEN: &[&str] = &[
        "@import",
        "@font-face",
        "@namespace",
        "image-set(",
        "image(",
        "cross-fade(",
        "element(",
        "src(",
        "expression(",
        "javascript:",
        "vbscript:",
        "data:",
        "-moz-binding",
        "behavior:",
    ];
    if FORBIDDEN.iter().any(|bad| flat.contains(bad)) {
        return false;
    }
    let mut rest = flat.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        if !rest.trim_start_matches(['\'', '"']).starts_with('#') {
            return false;
        }
    }
    true
}

/// Whether an `href` (XML-decoded) points inside the document: `#` and an id's characters.
fn internal_reference(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|id| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    })
}

/// Appends `text` escaped for XML content, or for a double-quoted attribute value when
/// `attribute` (where literal tabs and newlines would be read back as spaces).
fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// An attribute value as XML reads it: literal white space normalised to spaces, then
/// references decoded.
fn attribute_value(raw: &str) -> Option<String> {
    xml_decode(&raw.replace(['\t', '\n', '\r'], " "))
}

/// In-scope namespace bindings: `(prefix, uri)`, innermost last; `""` is the default namespace.
struct Scopes {
    bindings: Vec<(String, String)>,
    /// How many bindings each open element added.
    marks: Vec<usize>,
}

impl Scopes {
    fn new() -> Self {
        // An SVG without `xmlns` is read as SVG (the output declares it).
        Self {
            bindings: alloc::vec![
                (String::new(), SVG_NS.to_string()),
                ("xml".to_string(), XML_NS.to_string()),
            ],
            marks: Vec::new(),
        }
    }

    fn resolve(&self, prefix: &str) -> Option<&str> {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
    }

    fn push(&mut self, added: Vec<(String, String)>) {
        self.marks.push(added.len());
        self.bindings.extend(added);
    }

    fn pop(&mut self) {
        let n = self.marks.pop().unwrap_or(0);
        self.bindings.truncate(self.bindings.len() - n);
    }
}

/// An element whose start tag is being read.
struct Pending<'a> {
    prefix: &'a str,
    local: &'a str,
    attributes: Vec<(&'a str, &'a str, &'a str)>,
}

/// What the stack remembers of an open element.
struct Open<'a> {
    /// Its name as written (for matching the end tag).
    prefix: &'a str,
    local: &'a str,
    /// Kept in the output (else dropped with its whole content).
    kept: bool,
    /// A `<style>` element: its text is a style sheet.
    style: bool,
}

/// The attributes of a kept element, checked and written out (after the element name).
fn write_attributes(
    out: &mut String,
    element: &Pending<'_>,
    scopes: &Scopes,
    root: bool,
) -> Result<(), Unsanitizable> {
    let mut written: Vec<(bool, &str)> = Vec::new();
    if root {
        out.push_str(" xmlns=\"");
        out.push_str(SVG_NS);
        out.push_str("\" xmlns:xlink=\"");
        out.push_str(XLINK_NS);
        out.push('"');
    }
    for &(prefix, local, raw) in &element.attributes {
        let value = attribute_value(raw).ok_or(Unsanitizable)?;
        if prefix == "xmlns" || (prefix.is_empty() && local == "xmlns") {
            continue;
        }
        // Only `href` may carry a namespace (XLink's, whatever its prefix); `xml:base` and every
        // other namespaced attribute goes.
        let xlink = !prefix.is_empty();
        if xlink && (scopes.resolve(prefix) != Some(XLINK_NS) || local != "href") {
            continue;
        }
        if !xlink && !ATTRIBUTES.contains(&local) {
            continue;
        }
        let safe = if local == "href" {
            internal_reference(value.trim_matches(|c: char| c.is_ascii_whitespace()))
        } else {
            safe_css(&value)
        };
        if !safe || written.contains(&(xlink, local)) {
            continue;
        }
        written.push((xlink, local));
        out.push(' ');
        if xlink {
            out.push_str("xlink:");
        }
        out.push_str(local);
        out.push_str("=\"");
        push_escaped(out, &value, true);
        out.push('"');
    }
    Ok(())
}

/// The SVG with only drawing elements and safe attributes left.
pub fn sanitize_svg(svg: &str) -> Result<String, Unsanitizable> {
    let svg = svg.strip_prefix('\u{feff}').unwrap_or(svg);
    let mut state = Sanitizer {
        out: String::with_capacity(svg.len()),
        scopes: Scopes::new(),
        stack: Vec::new(),
        pending: None,
        seen_root: false,
        sheet: String::new(),
    };
    for token in Tokenizer::from(svg) {
        match token.map_err(|_| Unsanitizable)? {
            Token::Declaration { .. }
            | Token::Comment { .. }
            | Token::ProcessingInstruction { .. } => {}
            // `<!DOCTYPE svg PUBLIC ...>` is harmless and common; declarations are not.
            Token::EmptyDtd { .. } => {}
            Token::DtdStart { .. } | Token::EntityDeclaration { .. } | Token::DtdEnd { .. } => {
                return Err(Unsanitizable);
            }
            Token::ElementStart { prefix, local, .. } => {
                state.pending = Some(Pending {
                    prefix: prefix.as_str(),
                    local: local.as_str(),
                    attributes: Vec::new(),
                });
            }
            Token::Attribute {
                prefix,
                local,
                value,
                ..
            } => {
                let element = state.pending.as_mut().ok_or(Unsanitizable)?;
                element
                    .attributes
                    .push((prefix.as_str(), local.as_str(), value.as_str()));
            }
            Token::ElementEnd { end, .. } => match end {
                ElementEnd::Open => state.open(false)?,
                ElementEnd::Empty => state.open(true)?,
                ElementEnd::Close(prefix, local) => state.close(prefix.as_str(), local.as_str())?,
            },
            Token::Text { text } => {
                state.text(&xml_decode(text.as_str()).ok_or(Unsanitizable)?);
            }
            Token::Cdata { text, .. } => state.text(text.as_str()),
        }
    }
    if !state.seen_root || !state.stack.is_empty() || state.pending.is_some() {
        return Err(Unsanitizable);
    }
    Ok(state.out)
}

/// What the sanitiser has written and where it is in the document.
struct Sanitizer<'a> {
    out: String,
    scopes: Scopes,
    stack: Vec<Open<'a>>,
    /// The element whose start tag is being read (its attributes so far).
    pending: Option<Pending<'a>>,
    seen_root: bool,
    /// The text of the `<style>` element being read, checked whole at its end.
    sheet: String,
}

impl<'a> Sanitizer<'a> {
    /// The end of a start tag (`empty`: `/>`): the element is written, with its safe attributes,
    /// when it and every ancestor are drawing elements of the SVG namespace.
    fn open(&mut self, empty: bool) -> Result<(), Unsanitizable> {
        let element = self.pending.take().ok_or(Unsanitizable)?;
        let root = self.stack.is_empty();
        if root && self.seen_root {
            return Err(Unsanitizable);
        }
        self.seen_root = true;
        let parent_kept = self.stack.last().is_none_or(|open| open.kept);
        let parent_style = self.stack.last().is_some_and(|open| open.style);
        self.scopes.push(declared_namespaces(&element)?);
        let kept = parent_kept
            && !parent_style
            && self.scopes.resolve(element.prefix) == Some(SVG_NS)
            && ELEMENTS.contains(&element.local);
        if root && !(kept && element.local == "svg") {
            return Err(Unsanitizable);
        }
        if kept {
            self.out.push('<');
            self.out.push_str(element.local);
            write_attributes(&mut self.out, &element, &self.scopes, root)?;
        }
        if empty {
            self.scopes.pop();
            if kept {
                self.out.push_str("/>");
            }
            return Ok(());
        }
        if kept {
            self.out.push('>');
        }
        self.stack.push(Open {
            prefix: element.prefix,
            local: element.local,
            kept,
            style: kept && element.local == "style",
        });
        Ok(())
    }

    /// An end tag: it must close the element open last; a style sheet is checked whole here.
    fn close(&mut self, prefix: &str, local: &str) -> Result<(), Unsanitizable> {
        let open = self.stack.pop().ok_or(Unsanitizable)?;
        if open.prefix != prefix || open.local != local {
            return Err(Unsanitizable);
        }
        self.scopes.pop();
        if open.style {
            if !safe_css(&self.sheet) {
                return Err(Unsanitizable);
            }
            push_escaped(&mut self.out, &self.sheet, false);
            self.sheet.clear();
        }
        if open.kept {
            self.out.push_str("</");
            self.out.push_str(open.local);
            self.out.push('>');
        }
        Ok(())
    }

    /// Text (decoded) or CDATA: kept inside kept elements, gathered inside a style sheet.
    fn text(&mut self, text: &str) {
        match self.stack.last() {
            Some(open) if open.style => self.sheet.push_str(text),
            Some(open) if open.kept => push_escaped(&mut self.out, text, false),
            _ => {}
        }
    }
}

/// The namespaces an element declares (`xmlns:p="…"`, `xmlns="…"`), which apply to its own name
/// too.
fn declared_namespaces(element: &Pending<'_>) -> Result<Vec<(String, String)>, Unsanitizable> {
    let mut added = Vec::new();
    for &(prefix, local, raw) in &element.attributes {
        let uri = attribute_value(raw).ok_or(Unsanitizable)?;
        if prefix == "xmlns" {
            added.push((local.to_string(), uri));
        } else if prefix.is_empty() && local == "xmlns" {
            added.push((String::new(), uri));
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests;
