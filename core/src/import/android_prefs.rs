//! Android SharedPreferences files (`shared_prefs/*.xml`): the internal storage several apps keep
//! their accounts in (Authy, Battle.net, FreeOTP 1.x). A `<map>` of typed entries, each with a
//! `name` attribute and its value as text (`<string>`) or as a `value` attribute (`<int>`,
//! `<long>`, `<boolean>`, ...). Read with a real XML tokenizer; entities are decoded here.

use alloc::string::String;
use alloc::vec::Vec;

use xmlparser::{ElementEnd, Token, Tokenizer};

/// One preference: its name and value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pref {
    pub name: String,
    pub value: String,
}

/// True when `text` looks like a SharedPreferences file (an XML document whose root is `<map>`).
pub(super) fn detect(text: &str) -> bool {
    let start = text.trim_start();
    start.starts_with("<?xml") && start.contains("<map") || start.starts_with("<map")
}

/// The entries of a SharedPreferences file, or `None` when it is not well-formed.
pub(super) fn read(text: &str) -> Option<Vec<Pref>> {
    let mut prefs = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Pref> = None;
    let mut root_seen = false;
    for token in Tokenizer::from(text) {
        match token.ok()? {
            Token::ElementStart { local, .. } => {
                depth += 1;
                match depth {
                    1 if local.as_str() == "map" && !root_seen => root_seen = true,
                    2 => {
                        current = Some(Pref {
                            name: String::new(),
                            value: String::new(),
                        });
                    }
                    _ => return None,
                }
            }
            Token::Attribute { local, value, .. } if depth == 2 => {
                let pref = current.as_mut()?;
                match local.as_str() {
                    "name" => pref.name = unescape(value.as_str())?,
                    "value" => pref.value = unescape(value.as_str())?,
                    _ => {}
                }
            }
            Token::ElementEnd { end, .. } => match end {
                ElementEnd::Open => {}
                ElementEnd::Close(..) | ElementEnd::Empty => {
                    if depth == 2 {
                        prefs.push(current.take()?);
                    }
                    depth = depth.checked_sub(1)?;
                }
            },
            Token::Text { text } if depth == 2 => {
                current.as_mut()?.value.push_str(&unescape(text.as_str())?);
            }
            Token::Cdata { text, .. } if depth == 2 => {
                current.as_mut()?.value.push_str(text.as_str());
            }
            _ => {}
        }
    }
    (root_seen && depth == 0).then_some(prefs)
}

/// The value of the preference `name`.
pub(super) fn get<'a>(prefs: &'a [Pref], name: &str) -> Option<&'a str> {
    prefs
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.value.as_str())
}

/// Decodes XML's five named entities and numeric character references.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';')? + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_typed_entries_and_entities() {
        let xml = r#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <int name="n" value="121" />
    <string name="a&amp;b">[{&quot;x&quot;:&#34;&#x41;&quot;}]</string>
    <boolean name="flag" value="false" />
</map>"#;
        assert!(detect(xml));
        let prefs = read(xml).unwrap();
        assert_eq!(get(&prefs, "n"), Some("121"));
        assert_eq!(get(&prefs, "a&b"), Some(r#"[{"x":"A"}]"#));
        assert_eq!(get(&prefs, "flag"), Some("false"));
    }

    #[test]
    fn refuses_what_is_not_a_flat_map() {
        for bad in [
            "<map><string name='x'><b/></string></map>",
            "<list></list>",
            "<map><string name='x'>&bogus;</string></map>",
            "<map><string name='x'>open",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
}
