//! The languages Twofold speaks (2FAuth's sixteen), which one a reader gets, and how each counts.
//!
//! The choice follows 2FAuth: the `lang` preference unless it is `browser`, then the best entry of
//! `Accept-Language` by its weight (`fr-FR` reads as `fr`, `*` is ignored), then English. Past
//! 2FAuth, a tag that names only the language or another region still finds the language
//! (`es` and `es-MX` read Spanish, `pt-PT` Brazilian Portuguese, `zh-HK` Traditional Chinese)
//! rather than falling back to English.

/// How a language picks the form of a counted text, for whole numbers (CLDR's plural rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralRule {
    /// Forms `[one, other]`, `one` for 1 (English, German, …).
    OneForOne,
    /// Forms `[one, other]`, `one` for 0 and 1 (French, Brazilian Portuguese, Hindi).
    OneForZeroAndOne,
    /// Forms `[one, few, many]`: 1, 21, 31…; 2–4, 22–24…; the rest (Russian).
    EastSlavic,
    /// One form for every number (Chinese, Japanese, Korean).
    Invariable,
}

impl PluralRule {
    /// How many forms a counted text has in a language of this rule.
    pub const fn forms(self) -> usize {
        match self {
            Self::OneForOne | Self::OneForZeroAndOne => 2,
            Self::EastSlavic => 3,
            Self::Invariable => 1,
        }
    }

    /// Which form (an index below [`forms`](Self::forms)) a count takes.
    pub fn form(self, count: i64) -> usize {
        let n = count.unsigned_abs();
        match self {
            Self::OneForOne => usize::from(n != 1),
            Self::OneForZeroAndOne => usize::from(n > 1),
            Self::EastSlavic => match (n % 10, n % 100) {
                (1, tens) if tens != 11 => 0,
                (2..=4, tens) if !(12..=14).contains(&tens) => 1,
                _ => 2,
            },
            Self::Invariable => 0,
        }
    }
}

/// A language of the interface and the API's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale {
    /// The code 2FAuth uses for it (`lang` preference values, file names): `fr`, `zh-CN`, …
    pub code: &'static str,
    /// Its name in itself, as a language menu shows it.
    pub name: &'static str,
    /// How it counts.
    pub plural: PluralRule,
}

const fn locale(code: &'static str, name: &'static str, plural: PluralRule) -> Locale {
    Locale { code, name, plural }
}

/// English, in which the app is written and which every other choice falls back to.
pub const ENGLISH: Locale = locale("en", "English", PluralRule::OneForOne);

/// The sixteen languages, in 2FAuth's order.
pub const LOCALES: [Locale; 16] = {
    use PluralRule::*;
    [
        locale("bg", "Български", OneForOne),
        locale("zh-CN", "简体中文", Invariable),
        locale("zh-TW", "繁體中文", Invariable),
        locale("da", "Dansk", OneForOne),
        locale("nl", "Nederlands", OneForOne),
        ENGLISH,
        locale("fr", "Français", OneForZeroAndOne),
        locale("de", "Deutsch", OneForOne),
        locale("hi", "हिन्दी", OneForZeroAndOne),
        locale("it", "Italiano", OneForOne),
        locale("ja", "日本語", Invariable),
        locale("ko", "한국어", Invariable),
        locale("pt-BR", "Português (Brasil)", OneForZeroAndOne),
        locale("ru", "Русский", EastSlavic),
        locale("es-ES", "Español", OneForOne),
        locale("tr", "Türkçe", OneForOne),
    ]
};

/// The language of a code as 2FAuth writes it (case ignored), if Twofold has it.
pub fn find(code: &str) -> Option<Locale> {
    LOCALES
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(code))
        .copied()
}

/// The language a language tag (`fr-FR`, `es`, `zh-Hant-HK`) is best read in, if any: the tag
/// itself, else its language subtag, else (Chinese) the script or region, else the one language
/// of that subtag.
pub fn best_match(tag: &str) -> Option<Locale> {
    let tag = tag.trim();
    if let Some(exact) = find(tag) {
        return Some(exact);
    }
    let mut subtags = tag.split(['-', '_']);
    let language = subtags.next().unwrap_or_default();
    if let Some(found) = find(language) {
        return Some(found);
    }
    if language.eq_ignore_ascii_case("zh") {
        let traditional =
            subtags.any(|s| ["hant", "tw", "hk", "mo"].contains(&&*s.to_ascii_lowercase()));
        return find(if traditional { "zh-TW" } else { "zh-CN" });
    }
    LOCALES
        .iter()
        .find(|l| {
            l.code
                .split_once('-')
                .is_some_and(|(own, _)| own.eq_ignore_ascii_case(language))
        })
        .copied()
}

/// The weight of an `Accept-Language` entry (`q=0.8`) in thousandths: 1000 when absent, 0 when
/// unreadable. Read by hand: a float parser would weigh more in the browser's .wasm than all
/// of this module.
fn weight(params: &str) -> u16 {
    let Some(q) = params.split(';').find_map(|p| p.trim().strip_prefix("q=")) else {
        return 1000;
    };
    let (units, decimals) = q.trim().split_once('.').unwrap_or((q.trim(), ""));
    let digits = decimals.bytes().chain(core::iter::repeat(b'0')).take(3);
    let valid = decimals.len() <= 3 && decimals.bytes().all(|b| b.is_ascii_digit());
    match units {
        "1" if valid && decimals.bytes().all(|b| b == b'0') => 1000,
        "0" if valid => digits.fold(0, |n, b| n * 10 + u16::from(b - b'0')),
        _ => 0,
    }
}

/// The language an `Accept-Language` header asks for first among Twofold's: the entry of the
/// highest weight that names one, the first of equal weights; `*` and `q=0` never chosen.
pub fn from_accept_language(header: &str) -> Option<Locale> {
    let mut best: Option<(Locale, u16)> = None;
    for entry in header.split(',') {
        let (tag, params) = entry.split_once(';').unwrap_or((entry, ""));
        let q = weight(params);
        let better = best.is_none_or(|(_, chosen)| q > chosen);
        if q > 0
            && better
            && tag.trim() != "*"
            && let Some(found) = best_match(tag)
        {
            best = Some((found, q));
        }
    }
    best.map(|(locale, _)| locale)
}

/// The language a reader gets: the `lang` preference unless it is `browser` (or unknown), then
/// the `Accept-Language` header (a browser's `navigator.languages` joined by commas reads the
/// same), then English.
pub fn negotiate(preference: &str, accept_language: &str) -> Locale {
    find(preference)
        .or_else(|| from_accept_language(accept_language))
        .unwrap_or(ENGLISH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(l: Locale) -> &'static str {
        l.code
    }

    #[test]
    fn the_preference_wins_unless_it_is_browser() {
        assert_eq!(code(negotiate("de", "fr-FR,fr;q=0.9")), "de");
        assert_eq!(code(negotiate("browser", "fr-FR,fr;q=0.9")), "fr");
        assert_eq!(code(negotiate("", "ja")), "ja");
        assert_eq!(code(negotiate("browser", "")), "en");
        assert_eq!(code(negotiate("xx", "ko")), "ko");
    }

    #[test]
    fn accept_language_by_weight_then_order() {
        assert_eq!(code(negotiate("browser", "de;q=0.5, it;q=0.8")), "it");
        assert_eq!(code(negotiate("browser", "nl, da")), "nl");
        assert_eq!(code(negotiate("browser", "*, ru;q=0.1")), "ru");
        assert_eq!(code(negotiate("browser", "tr;q=0, bg;q=0.2")), "bg");
        assert_eq!(code(negotiate("browser", "tlh, sw;q=0.9")), "en");
        assert_eq!(code(negotiate("browser", "de;q=abc, fr;q=0.1")), "fr");
        assert_eq!(code(negotiate("browser", "de;q=0.25, it;q=0.3")), "it");
        assert_eq!(
            code(negotiate("browser", "de;q=0.5, it;q=0.50, ja;q=1.0")),
            "ja"
        );
        assert_eq!(
            code(negotiate("browser", "de;q=2, it;q=0.1234, ja;q=0.001")),
            "ja"
        );
    }

    #[test]
    fn weights_read_as_thousandths() {
        assert_eq!(weight(""), 1000);
        assert_eq!(weight("q=1"), 1000);
        assert_eq!(weight(" q=0.8"), 800);
        assert_eq!(weight("q=0.05"), 50);
        assert_eq!(weight("q=0"), 0);
        assert_eq!(weight("q=1.5"), 0);
        assert_eq!(weight("q=-1"), 0);
        assert_eq!(weight("q=0.x"), 0);
    }

    #[test]
    fn tags_find_their_language() {
        assert_eq!(best_match("fr-FR").map(code), Some("fr"));
        assert_eq!(best_match("PT-br").map(code), Some("pt-BR"));
        assert_eq!(best_match("pt-PT").map(code), Some("pt-BR"));
        assert_eq!(best_match("es").map(code), Some("es-ES"));
        assert_eq!(best_match("es-MX").map(code), Some("es-ES"));
        assert_eq!(best_match("zh").map(code), Some("zh-CN"));
        assert_eq!(best_match("zh-Hans-SG").map(code), Some("zh-CN"));
        assert_eq!(best_match("zh-HK").map(code), Some("zh-TW"));
        assert_eq!(best_match("zh-Hant").map(code), Some("zh-TW"));
        assert_eq!(best_match("en_GB").map(code), Some("en"));
        assert_eq!(best_match("pl"), None);
    }

    #[test]
    fn each_language_counts_as_cldr_says() {
        let forms = |rule: PluralRule, counts: &[i64]| -> alloc::vec::Vec<usize> {
            counts.iter().map(|&n| rule.form(n)).collect()
        };
        let counts = [0, 1, 2, 5, 11, 21, 22, 25, 112, 101];
        assert_eq!(
            forms(PluralRule::OneForOne, &counts),
            [1, 0, 1, 1, 1, 1, 1, 1, 1, 1]
        );
        assert_eq!(
            forms(PluralRule::OneForZeroAndOne, &counts),
            [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
        );
        assert_eq!(
            forms(PluralRule::EastSlavic, &counts),
            [2, 0, 1, 2, 2, 0, 1, 2, 2, 0]
        );
        assert_eq!(forms(PluralRule::Invariable, &counts), [0; 10]);
        assert_eq!(PluralRule::OneForOne.form(-1), 0);
        for locale in LOCALES {
            for n in 0..200 {
                assert!(
                    locale.plural.form(n) < locale.plural.forms(),
                    "{} {n}",
                    locale.code
                );
            }
        }
    }

    #[test]
    fn sixteen_distinct_codes_english_among_them() {
        for (i, l) in LOCALES.iter().enumerate() {
            assert!(LOCALES[..i].iter().all(|o| o.code != l.code));
            assert_eq!(find(l.code), Some(*l));
        }
        assert!(LOCALES.contains(&ENGLISH));
    }
}
