//! The sanitiser against hostile SVGs, and real-world-shaped icons that must survive intact.

use super::*;
use alloc::format;

/// Every element (as written) and attribute (`element`, qualified name, decoded value) of a
/// sanitised output, which must itself tokenize as well-formed XML with matching tags.
fn parts(svg: &str) -> (Vec<String>, Vec<(String, String, String)>) {
    let (mut elements, mut attributes, mut open) = (Vec::new(), Vec::new(), Vec::new());
    let mut current = String::new();
    for token in Tokenizer::from(svg) {
        match token.unwrap_or_else(|e| panic!("output is not XML ({e}): {svg}")) {
            Token::ElementStart { prefix, local, .. } => {
                assert!(prefix.is_empty(), "prefixed element in {svg}");
                current = local.to_string();
                elements.push(current.clone());
            }
            Token::Attribute {
                prefix,
                local,
                value,
                ..
            } => {
                let name = if prefix.is_empty() {
                    local.to_string()
                } else {
                    format!("{prefix}:{local}")
                };
                let value = xml_decode(value.as_str()).expect("output references are valid");
                attributes.push((current.clone(), name, value));
            }
            Token::ElementEnd {
                end: ElementEnd::Open,
                ..
            } => open.push(current.clone()),
            Token::ElementEnd {
                end: ElementEnd::Close(_, local),
                ..
            } => assert_eq!(open.pop().as_deref(), Some(local.as_str()), "{svg}"),
            Token::DtdStart { .. } | Token::EmptyDtd { .. } | Token::Cdata { .. } => {
                panic!("output keeps a DTD or CDATA: {svg}")
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements in {svg}");
    (elements, attributes)
}

/// Sanitises, checks the output is well-formed and stable (sanitising it again changes nothing).
fn clean(svg: &str) -> String {
    let out = sanitize_svg(svg).unwrap_or_else(|_| panic!("refused: {svg}"));
    parts(&out);
    assert_eq!(
        sanitize_svg(&out).as_deref(),
        Ok(out.as_str()),
        "not stable"
    );
    out
}

/// A badge-like icon: gradients, a clip path, a mask, a symbol used twice, in the usual shape
/// of exported logos.
const GRADIENT_ICON: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="48" height="48" viewBox="0 0 48 48">
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="48" y2="48" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#ff7a18"/>
      <stop offset="1" stop-color="#af002d" stop-opacity=".9"/>
    </linearGradient>
    <radialGradient id="shine" cx="24" cy="10" r="30" fx="24" fy="6" gradientTransform="matrix(1 0 0 .6 0 4)" xlink:href="#g"/>
    <clipPath id="round" clipPathUnits="userSpaceOnUse"><circle cx="24" cy="24" r="22"/></clipPath>
    <mask id="cut" maskUnits="userSpaceOnUse"><rect width="48" height="48" fill="#fff"/><path d="M14 24l7 7 13-14" stroke="#000" stroke-width="4"/></mask>
    <symbol id="dot" viewBox="0 0 4 4"><circle cx="2" cy="2" r="2"/></symbol>
  </defs>
  <g clip-path="url(#round)">
    <rect width="48" height="48" fill="url(#g)"/>
    <ellipse cx="24" cy="12" rx="20" ry="10" fill="url('#shine')" opacity=".4"/>
  </g>
  <rect x="8" y="8" width="32" height="32" rx="6" fill="#fff" mask="url(#cut)"/>
  <use xlink:href="#dot" x="40" y="4" width="4" height="4"/>
  <use href="#dot" x="4" y="40" width="4" height="4" style="fill:url(#g);stroke:none"/>
</svg>"##;

#[test]
fn real_world_gradients_clips_masks_and_uses_survive_exactly() {
    let out = clean(GRADIENT_ICON);
    let (elements, attributes) = parts(&out);
    for name in [
        "svg",
        "defs",
        "linearGradient",
        "stop",
        "radialGradient",
        "clipPath",
        "circle",
        "mask",
        "symbol",
        "g",
        "rect",
        "ellipse",
        "path",
        "use",
    ] {
        assert!(elements.iter().any(|e| e == name), "{name} lost: {out}");
    }
    for (element, name, value) in [
        ("linearGradient", "id", "g"),
        ("linearGradient", "gradientUnits", "userSpaceOnUse"),
        ("stop", "stop-color", "#af002d"),
        (
            "radialGradient",
            "gradientTransform",
            "matrix(1 0 0 .6 0 4)",
        ),
        ("radialGradient", "xlink:href", "#g"),
        ("clipPath", "clipPathUnits", "userSpaceOnUse"),
        ("mask", "maskUnits", "userSpaceOnUse"),
        ("g", "clip-path", "url(#round)"),
        ("rect", "fill", "url(#g)"),
        ("ellipse", "fill", "url('#shine')"),
        ("rect", "mask", "url(#cut)"),
        ("use", "xlink:href", "#dot"),
        ("use", "href", "#dot"),
        ("use", "style", "fill:url(#g);stroke:none"),
        ("svg", "viewBox", "0 0 48 48"),
    ] {
        assert!(
            attributes
                .iter()
                .any(|(e, n, v)| e == element && n == name && v == value),
            "{element} {name}={value} lost: {out}"
        );
    }
    assert!(out.contains(r#"<rect width="48" height="48" fill="url(#g)"/>"#));
    assert!(out.starts_with(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="48""#
    ));
}

/// An editor's export: doctype, comments, its own namespaces and metadata, a CDATA style sheet.
const EDITOR_ICON: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with a vector editor -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg:svg xmlns:svg="http://www.w3.org/2000/svg" xmlns:ed="http://editor.example/ns" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" version="1.1" viewBox="0 0 24 24" ed:version="1.2">
  <svg:metadata><rdf:RDF><rdf:Description rdf:about=""/></rdf:RDF></svg:metadata>
  <ed:namedview ed:zoom="4"/>
  <svg:style type="text/css"><![CDATA[
    .bg { fill: #1e88e5 } .fg { fill: #fff; font-family: "Open Sans", sans-serif }
  ]]></svg:style>
  <svg:title>Bank &amp; Co &lt;EU&gt;</svg:title>
  <svg:g ed:label="Layer 1" id="layer1">
    <svg:rect class="bg" width="24" height="24" rx="4"/>
    <svg:text class="fg" x="12" y="16" text-anchor="middle" font-size="10">B&amp;C</svg:text>
  </svg:g>
</svg:svg>"##;

#[test]
fn editor_exports_are_normalised_not_refused() {
    let out = clean(EDITOR_ICON);
    assert!(
        out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{out}"
    );
    for kept in [
        "<style type=\"text/css\">",
        ".bg { fill: #1e88e5 }",
        "font-family: \"Open Sans\", sans-serif",
        "<title>Bank &amp; Co &lt;EU&gt;</title>",
        "<g id=\"layer1\">",
        "<rect class=\"bg\" width=\"24\" height=\"24\" rx=\"4\"/>",
        ">B&amp;C</text>",
    ] {
        assert!(out.contains(kept), "{kept} lost: {out}");
    }
    for gone in [
        "metadata",
        "RDF",
        "namedview",
        "ed:",
        "DOCTYPE",
        "CDATA",
        "<!--",
    ] {
        assert!(!out.contains(gone), "{gone} survived: {out}");
    }
}

#[test]
fn event_handlers_go_in_every_case_and_on_every_element() {
    for handler in [
        "onload",
        "ONLOAD",
        "onLoad",
        "OnLoad",
        "onclick",
        "onmouseover",
        "onbegin",
        "onfocusin",
    ] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" {handler}="alert(1)"><g {handler}="alert(2)"><rect {handler}="alert(3)" width="1" height="1"/></g><set attributeName="{handler}" to="alert(4)"/></svg>"#
        );
        let out = clean(&svg);
        let (elements, attributes) = parts(&out);
        assert_eq!(elements, ["svg", "g", "rect"], "{out}");
        assert!(
            attributes
                .iter()
                .all(|(_, name, _)| !name.to_ascii_lowercase().starts_with("on")),
            "{out}"
        );
        assert!(!out.contains("alert"), "{out}");
    }
}

#[test]
fn scripts_foreign_objects_links_and_animations_go_with_their_content() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:s="http://www.w3.org/2000/svg">
<script>alert(1)</script><s:script>alert(2)</s:script><script type="text/javascript"><![CDATA[alert(3)]]></script>
<foreignObject width="9" height="9"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.test/"/><script>alert(4)</script></body></foreignObject>
<a xlink:href="javascript:alert(5)"><rect width="9" height="9"/></a><a href="javascript:alert(6)"><text>x</text></a>
<image href="https://evil.test/t.png"/><animate attributeName="href" to="javascript:alert(7)"/>
<Script>alert(8)</Script><iframe src="https://evil.test/"/><rect width="1" height="1"/></svg>"#;
    let out = clean(svg);
    let (elements, _) = parts(&out);
    assert_eq!(elements, ["svg", "rect"], "{out}");
    for gone in ["alert", "evil", "javascript", "iframe"] {
        assert!(!out.contains(gone), "{gone} survived: {out}");
    }
}

#[test]
fn hrefs_must_stay_inside_the_document_whatever_their_prefix_or_encoding() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:x="http://www.w3.org/1999/xlink" xmlns:fake="http://evil.test/ns">
<use x:href="https://evil.test/sprite.svg#a"/>
<use x:href="#kept1"/>
<use href="https://evil.test/sprite.svg#icon"/>
<use href="//evil.test/s.svg#i"/>
<use href="&#106;avascript:alert(1)"/>
<use href="&#x6A;avascript:alert(2)"/>
<use href="&#35;kept2"/>
<use xlink:href="data:image/svg+xml,&lt;svg onload='alert(3)'/&gt;"/>
<use fake:href="#x"/>
<use xml:base="https://evil.test/" href="#kept3"/>
<use xmlns:xlink="http://evil.test/ns" xlink:href="#notxlink"/>
<use href="#a b"/>
</svg>"##;
    let out = clean(svg);
    let (_, attributes) = parts(&out);
    let refs: Vec<(&str, &str)> = attributes
        .iter()
        .filter(|(e, _, _)| e == "use")
        .map(|(_, n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        refs,
        [
            ("xlink:href", "#kept1"),
            ("href", "#kept2"),
            ("href", "#kept3")
        ],
        "{out}"
    );
    assert!(!out.contains("xml:base") && !out.contains("evil"), "{out}");
}

#[test]
fn css_escapes_and_references_are_decoded_before_checking() {
    for (attribute, value) in [
        ("style", r"fill:\75 rl(https://evil.test/a)"),
        ("style", r"fill:\000075rl(https://evil.test/a)"),
        ("style", r"fill:u\rl(https://evil.test/a)"),
        ("style", r"fill:u\72 l( 'https://evil.test/a')"),
        ("style", "fill:&#117;rl(https://evil.test/a)"),
        ("style", "fill:url(&#104;ttps://evil.test/a)"),
        ("style", "fill:url(&#x22;https://evil.test/a&#x22;)"),
        ("style", r"fill:ur/**/l(https://evil.test/a)"),
        ("style", r"@\69mport 'https://evil.test/x.css'"),
        ("style", "fill: image-set('https://evil.test/a.png' 1x)"),
        ("style", r"fill: -webkit-image-set('a.png' 1x)"),
        ("style", "width: expression(alert(1))"),
        ("style", "behavior: url(#x) ; -moz-binding: url(#y)"),
        ("fill", "url(https://evil.test/a)"),
        ("fill", "&#x75;rl(https://evil.test/a)"),
        ("fill", r"\75rl(https://evil.test/a)"),
        ("mask", "url(data:image/svg+xml;base64,AAAA)"),
        ("clip-path", "url( https://evil.test/#c)"),
    ] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1" {attribute}="{value}"/></svg>"#
        );
        let out = clean(&svg);
        assert!(
            out.contains(r#"<rect width="1" height="1"/>"#),
            "{attribute}={value} survived: {out}"
        );
    }
}

#[test]
fn style_sheets_that_reach_outside_refuse_the_document() {
    for sheet in [
        "@import url(https://evil.test/x.css);",
        "@import 'https://evil.test/x.css';",
        r"@\69mport 'https://evil.test/x.css';",
        r"@\000069 mport 'https://evil.test/x.css';",
        "@imp/**/ort 'x.css';",
        "<![CDATA[@import 'https://evil.test/x.css';]]>",
        "rect{fill:url(https://evil.test/)}",
        r"rect{fill:\75 rl(https://evil.test/)}",
        "rect{fill:&#117;rl(https://evil.test/)}",
        "<![CDATA[rect{fill:u\\72l(//evil.test/)}]]>",
        "@font-face{font-family:x;src:local(x)}",
        "rect{background:image-set('x.png' 1x)}",
    ] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>{sheet}</style><rect/></svg>"#
        );
        assert_eq!(sanitize_svg(&svg), Err(Unsanitizable), "{sheet}");
    }
    let fine = clean(
        r#"<svg xmlns="http://www.w3.org/2000/svg"><style><![CDATA[rect > .a{fill:url(#g)}]]></style><rect class="a"/></svg>"#,
    );
    assert!(
        fine.contains("<style>rect &gt; .a{fill:url(#g)}</style>"),
        "{fine}"
    );
}

#[test]
fn doctypes_with_declarations_and_undefined_entities_are_refused() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [
<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>"#;
    assert_eq!(sanitize_svg(laughs), Err(Unsanitizable));
    let external = r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"#;
    assert_eq!(sanitize_svg(external), Err(Unsanitizable));
    for undefined in [
        r#"<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="&x;"/></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><text>&#0;</text></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><text>&#xD800;</text></svg>"#,
    ] {
        assert_eq!(sanitize_svg(undefined), Err(Unsanitizable), "{undefined}");
    }
}

#[test]
fn foreign_namespaces_make_elements_foreign() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg">
<g xmlns="http://www.w3.org/1999/xhtml"><rect width="1" height="1"/><script>alert(1)</script></g>
<g xmlns=""><rect width="2" height="2"/></g>
<h:rect xmlns:h="http://www.w3.org/1999/xhtml" width="3"/>
<undeclared:rect width="4"/>
<circle r="5"/></svg>"#;
    let out = clean(svg);
    let (elements, _) = parts(&out);
    assert_eq!(elements, ["svg", "circle"], "{out}");
    assert_eq!(
        sanitize_svg(r#"<svg xmlns="http://www.w3.org/1999/xhtml"><rect/></svg>"#),
        Err(Unsanitizable),
        "an svg root outside the SVG namespace is not an SVG"
    );
}

#[test]
fn element_and_attribute_names_are_case_sensitive() {
    let out = clean(
        r##"<svg xmlns="http://www.w3.org/2000/svg" VIEWBOX="0 0 1 1" viewBox="0 0 2 2"><LinearGradient id="a"/><linearGradient id="b"/><rect FILL="url(https://evil.test/)" Fill="red" fill="url(#b)"/></svg>"##,
    );
    let (elements, attributes) = parts(&out);
    assert_eq!(elements, ["svg", "linearGradient", "rect"], "{out}");
    assert!(!out.contains("VIEWBOX") && !out.contains("FILL") && !out.contains("evil"));
    assert!(attributes.contains(&("rect".into(), "fill".into(), "url(#b)".into())));
}

#[test]
fn values_are_reescaped_and_duplicates_dropped() {
    let out = clean(
        r##"<svg xmlns="http://www.w3.org/2000/svg"><text font-family="&quot;A&amp;B&quot; &lt;x&gt;" x="1" x="2">a &lt; b</text></svg>"##,
    );
    assert!(
        out.contains(r#"<text font-family="&quot;A&amp;B&quot; &lt;x&gt;" x="1">a &lt; b</text>"#),
        "{out}"
    );
}

#[test]
fn broken_or_non_svg_documents_are_refused() {
    for bad in [
        "<svg><rect",
        "<svg><g></svg>",
        "<svg></svg><svg></svg>",
        "<html><body/></html>",
        "plain text",
        "",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></g></svg>",
    ] {
        assert_eq!(sanitize_svg(bad), Err(Unsanitizable), "{bad}");
    }
    // No `xmlns` at all reads as SVG (the output declares it), as before.
    let bare = clean("<svg viewBox=\"0 0 1 1\"><path d=\"M0 0h1\"/></svg>");
    assert!(bare.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(bare.contains("<path d=\"M0 0h1\"/>"), "{bare}");
}
