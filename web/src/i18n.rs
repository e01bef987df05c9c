//! The app in the reader's language, one of the sixteen of [`twofold_core::locale`]. The code is
//! written with its English strings; [`tr`] swaps in the reader's language, whose table
//! (`web/locales/<code>.json`, served as `/locales/<code>.json`) is fetched once at start, before
//! the first paint, and only for that language: the .wasm carries English alone, however many
//! languages there are. The language comes from the `lang` preference, remembered in local
//! storage so the first paint is already right, or from the browser's languages. Changing it
//! reloads the app: strings are plain text, not signals, which keeps the .wasm small.

use std::sync::OnceLock;

use serde_json::Value;
use twofold_core::locale::{self, ENGLISH, Locale};
use wasm_bindgen::JsCast;

use crate::browser::{self, local_storage as storage};

/// A language's table, as `web/locales/<code>.json` holds it: `strings`, each English text with
/// its translation; `plurals`, each counted text (by its English plural) with its forms in the
/// order of the language's plural rule. Read as a JSON value, whose code the app has anyway: a
/// typed reader would add kilobytes to every app.
type Table = Value;

/// The language chosen at start, and its table once fetched (none for English, or when it could
/// not be fetched: the app then speaks English rather than not start).
struct Language {
    chosen: Locale,
    table: Option<Table>,
}

/// Set once at start: [`tr`] reads it for every string, in views and in plain code alike (error
/// messages of the client), so it is a global rather than a context each caller must reach.
static LANGUAGE: OnceLock<Language> = OnceLock::new();

/// Where the last known `lang` preference is kept between visits.
const STORAGE_KEY: &str = "twofold.lang";

/// The English forms `(one, other)` of each counted text; [`plural`] finds a text by its plural.
#[rustfmt::skip]
const ENGLISH_PLURALS: &[(&str, &str)] = &[
    ("{} account", "{} accounts"),
    ("{} moved", "{} moved"),
    ("{} deleted", "{} deleted"),
    ("{} selected", "{} selected"),
    ("{} withdrawn from its group", "{} withdrawn from their group"),
    ("Import {} selected", "Import {} selected"),
    ("{} imported", "{} imported"),
    ("{} failed", "{} failed"),
    ("Delete {} account? Its codes will be gone.", "Delete {} accounts? Their codes will be gone."),
    ("expires in {} day", "expires in {} days"),
];

fn table() -> Option<&'static Table> {
    LANGUAGE.get()?.table.as_ref()
}

/// The language the app is shown in: the chosen one once its table is there, else English.
fn shown() -> Locale {
    match LANGUAGE.get() {
        Some(Language {
            chosen,
            table: Some(_),
        }) => *chosen,
        _ => ENGLISH,
    }
}

/// `english` in a table, or as it is.
fn lookup<'a>(table: Option<&'a Table>, english: &'a str) -> &'a str {
    table
        .and_then(|t| t["strings"].get(english)?.as_str())
        .unwrap_or(english)
}

/// A counted text with `count` in place of `{}`: the table's form for the language's rule, or
/// the English one.
fn counted(language: Option<(&Table, Locale)>, english: &str, count: i64) -> String {
    let translated = language.and_then(|(table, locale)| {
        let forms = table["plurals"].get(english)?;
        forms.get(locale.plural.form(count))?.as_str()
    });
    let text = translated.unwrap_or_else(|| {
        let singular = ENGLISH_PLURALS
            .iter()
            .find(|(_, other)| *other == english)
            .map_or(english, |(one, _)| one);
        if ENGLISH.plural.form(count) == 0 {
            singular
        } else {
            english
        }
    });
    text.replacen("{}", &count.to_string(), 1)
}

/// A counted text in the user's language, with the count in place of `{}`; `english` is the
/// English plural of a row of [`ENGLISH_PLURALS`] (shown as is when none has it).
pub fn plural(english: &'static str, count: impl Into<i64>) -> String {
    counted(table().map(|t| (t, shown())), english, count.into())
}

/// Marks a string of a table that is translated when shown (with [`tr`]); lets the tests find it.
pub const fn en(english: &'static str) -> &'static str {
    english
}

/// The string in the user's language.
pub fn tr(english: &'static str) -> &'static str {
    lookup(table(), english)
}

/// [`tr`], then each `{}` replaced by the next value.
pub fn trf(english: &'static str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut parts = tr(english).split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push_str(values.get(i).copied().unwrap_or_default());
        out.push_str(part);
    }
    out
}

/// A date from the API (`2024-05-02T06:32:00.000000Z`) as the user reads it: in their language
/// and time zone (`timezone` preference, or the device's when empty); the text unchanged when it
/// is not a date.
pub fn date_time(iso: &str, zone: &str) -> String {
    let date = js_sys::Date::new(&iso.into());
    if date.get_time().is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    for (key, value) in [
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
        ("timeZone", zone),
    ] {
        // No zone: the device's own.
        if !value.is_empty() {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
    }
    let language = shown().code;
    // Called through `Function.call`, which catches the RangeError of an unknown zone.
    js_sys::Reflect::get(&date, &"toLocaleString".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call2(&date, &language.into(), &options).ok())
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// The browser's languages in its order of preference, as an `Accept-Language` list.
fn browser_languages() -> String {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return String::new();
    };
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if listed.is_empty() {
        navigator.language().unwrap_or_default()
    } else {
        listed.join(", ")
    }
}

/// The language a `lang` preference gives in this browser.
fn chosen_for(preference: &str) -> Locale {
    locale::negotiate(preference, &browser_languages())
}

/// Chooses the language at start-up, from the remembered preference or the browser, fetches
/// its table and tells the page (`<html lang>`); awaited before the app is drawn.
pub async fn init() {
    let preference = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .unwrap_or_default();
    let chosen = chosen_for(&preference);
    let table = if chosen == ENGLISH {
        None
    } else {
        let text = browser::fetch_text(&format!("/locales/{}.json", chosen.code)).await;
        text.and_then(|t| serde_json::from_str(&t).ok())
    };
    let _ = LANGUAGE.set(Language { chosen, table });
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", shown().code);
    }
}

/// Takes the user's `lang` preference into account: remembered, and the app reloads when it
/// changes the language chosen.
pub fn follow_preference(preference: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, preference);
    }
    let before = LANGUAGE.get().map_or(ENGLISH, |l| l.chosen);
    if chosen_for(preference) != before
        && let Some(w) = web_sys::window()
    {
        let _ = w.location().reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal given to `tr`, `trf` or `en` in the app, read from the sources, and the
    /// files of core's import table, which the import screen translates.
    fn used_strings() -> Vec<String> {
        let mut used = literals_after(&["tr(", "trf(", "en("]);
        let sources = twofold_core::import_sources::SOURCES.iter();
        used.extend(sources.map(|s| String::from(s.file)));
        used
    }

    /// The first literal given to each call of `markers` in the app's sources.
    fn literals_after(markers: &[&str]) -> Vec<String> {
        let mut found = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            // The app's code only, not its tests (this one names the markers).
            let text = source.split("#[cfg(test)]").next().unwrap();
            for marker in markers {
                for (at, _) in text.match_indices(marker) {
                    let word_start =
                        !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
                    let rest = text[at + marker.len()..].trim_start();
                    if let (true, Some(rest)) = (word_start, rest.strip_prefix('"')) {
                        found.push(rest[..rest.find('"').unwrap()].to_string());
                    }
                }
            }
        }
        found
    }

    /// Every language's table, read from `web/locales/`.
    fn tables() -> Vec<(Locale, Table)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
        let mut found: Vec<(Locale, Table)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                let code = path.file_stem().unwrap().to_str().unwrap().to_string();
                let locale = locale::find(&code)
                    .filter(|l| l.code == code && *l != ENGLISH)
                    .unwrap_or_else(|| panic!("{code}: no such language"));
                let text = std::fs::read_to_string(&path).unwrap();
                let table = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{code}: {e}"));
                (locale, table)
            })
            .collect();
        found.sort_by_key(|(l, _)| l.code);
        found
    }

    #[test]
    fn every_language_but_english_has_its_table() {
        let codes: Vec<_> = tables().iter().map(|(l, _)| l.code).collect();
        let mut expected: Vec<_> = locale::LOCALES
            .iter()
            .filter(|l| **l != ENGLISH)
            .map(|l| l.code)
            .collect();
        expected.sort_unstable();
        assert_eq!(codes, expected);
    }

    #[test]
    fn every_table_translates_every_string_of_the_app_and_nothing_else() {
        let used = used_strings();
        for (locale, table) in tables() {
            let code = locale.code;
            let untranslated: Vec<_> = used
                .iter()
                .filter(|u| {
                    table["strings"][u.as_str()]
                        .as_str()
                        .is_none_or(|t| t.trim().is_empty())
                })
                .collect();
            assert!(
                untranslated.is_empty(),
                "{code}: untranslated {untranslated:?}"
            );
            for (english, text) in table["strings"].as_object().unwrap() {
                let text = text.as_str().unwrap();
                assert!(used.contains(english), "{code}: unused {english:?}");
                assert_eq!(
                    english.matches("{}").count(),
                    text.matches("{}").count(),
                    "{code}: placeholders of {english:?}"
                );
            }
        }
    }

    #[test]
    fn every_counted_text_has_its_forms_in_every_language() {
        let used = literals_after(&["plural("]);
        for u in &used {
            assert!(
                ENGLISH_PLURALS.iter().any(|(_, other)| other == u),
                "no forms for {u}"
            );
        }
        for (i, (one, other)) in ENGLISH_PLURALS.iter().enumerate() {
            assert!(used.iter().any(|u| u == other), "unused: {other}");
            assert!(
                ENGLISH_PLURALS[..i].iter().all(|(_, o)| o != other),
                "twice: {other}"
            );
            assert!(one.matches("{}").count() == 1 && other.matches("{}").count() == 1);
        }
        for (locale, table) in tables() {
            let code = locale.code;
            let plurals = table["plurals"].as_object().unwrap();
            assert_eq!(plurals.len(), ENGLISH_PLURALS.len(), "{code}");
            for (_, other) in ENGLISH_PLURALS {
                let forms = plurals[*other]
                    .as_array()
                    .unwrap_or_else(|| panic!("{code}: {other}"));
                assert_eq!(forms.len(), locale.plural.forms(), "{code}: {other}");
                let one_each = |f: &Value| f.as_str().is_some_and(|f| f.matches("{}").count() == 1);
                assert!(forms.iter().all(one_each), "{code}: {other}");
            }
        }
    }

    fn table_of(code: &str) -> (Table, Locale) {
        let found = tables().into_iter().find(|(l, _)| l.code == code).unwrap();
        (found.1, found.0)
    }

    #[test]
    fn counts_take_the_form_of_their_language() {
        assert_eq!(counted(None, "{} accounts", 1), "1 account");
        assert_eq!(counted(None, "{} accounts", 0), "0 accounts");
        assert_eq!(counted(None, "{} imported", 1), "1 imported");
        let (fr, french) = table_of("fr");
        assert_eq!(counted(Some((&fr, french)), "{} accounts", 0), "0 compte");
        assert_eq!(counted(Some((&fr, french)), "{} accounts", 2), "2 comptes");
        let (ru, russian) = table_of("ru");
        let forms = &ru["plurals"]["{} accounts"];
        for (n, form) in [(1, 0), (3, 1), (5, 2), (11, 2), (21, 0), (24, 1)] {
            let expected = forms[form]
                .as_str()
                .unwrap()
                .replacen("{}", &n.to_string(), 1);
            assert_eq!(counted(Some((&ru, russian)), "{} accounts", n), expected);
        }
    }

    #[test]
    fn a_table_translates_and_english_stays_without_one() {
        let (de, _) = table_of("de");
        assert_eq!(lookup(None, "Sign in with GitHub"), "Sign in with GitHub");
        assert_eq!(
            lookup(Some(&de), "Sign in with GitHub"),
            de["strings"]["Sign in with GitHub"].as_str().unwrap()
        );
        assert_eq!(
            lookup(Some(&de), "not a string of the app"),
            "not a string of the app"
        );
    }

    #[test]
    fn values_fill_the_placeholders_in_order() {
        assert_eq!(trf("Edit {} {}", &["GitHub", "me"]), "Edit GitHub me");
        assert_eq!(trf("Copied {}", &[]), "Copied ");
    }
}
