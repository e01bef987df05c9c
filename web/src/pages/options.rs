//! `/settings/options`: the user's preferences that shape the app, saved as they change; those
//! the administrator locked are shown but cannot be changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::contract::Preference;

use wasm_bindgen::JsCast;

use crate::app::PageLoad;
use crate::app::{Footer, apply_theme};
use crate::client;
use crate::i18n::{self, en, tr, trf};
use crate::pages::groups;
use crate::widgets::Errors;

/// How a preference is edited.
enum Kind {
    Switch,
    Choice(&'static [(&'static str, &'static str)]),
    /// `lang`: the browser's, or one of the sixteen languages, each by its own name.
    Language,
    /// `defaultGroup`: none, the active group, or one of the user's groups.
    Group,
    /// `timezone`: the IANA zones the browser knows.
    TimeZone,
}

/// One preference on the screen: its key, its label, how it is edited.
type Setting = (&'static str, &'static str, Kind);

/// The choices of `lang`: the browser's language, then each language by its own name.
fn language_choices() -> Vec<(&'static str, &'static str)> {
    let languages = twofold_core::locale::LOCALES.iter();
    std::iter::once(("browser", en("Browser's language")))
        .chain(languages.map(|l| (l.code, l.name)))
        .collect()
}

/// The options shown, by section, in the order of 2FAuth's settings screen. The notification
/// preferences are left out: Twofold sends no e-mail.
const SECTIONS: &[(&str, &[Setting])] = &[
    (
        en("General"),
        &[
            ("lang", en("Language"), Kind::Language),
            ("timezone", en("Time zone"), Kind::TimeZone),
            (
                "theme",
                en("Theme"),
                Kind::Choice(&[
                    ("system", en("System")),
                    ("light", en("Light")),
                    ("dark", en("Dark")),
                ]),
            ),
            (
                "showEmailInFooter",
                en("Show my e-mail in the footer"),
                Kind::Switch,
            ),
            (
                "showQuickNavMenus",
                en("Quick links in the footer"),
                Kind::Switch,
            ),
        ],
    ),
    (
        en("Accounts list"),
        &[
            (
                "displayMode",
                en("Layout"),
                Kind::Choice(&[("list", en("List")), ("grid", en("Grid"))]),
            ),
            ("showAccountsIcons", en("Show icons"), Kind::Switch),
            (
                "sortCaseSensitive",
                en("Sort with case and accents"),
                Kind::Switch,
            ),
        ],
    ),
    (
        en("Codes"),
        &[
            ("getOtpOnRequest", en("Show codes on request"), Kind::Switch),
            (
                "autoCloseTimeout",
                en("Close an open code after"),
                Kind::Choice(&[
                    ("0", en("Never")),
                    ("1", en("1 minute")),
                    ("2", en("2 minutes")),
                    ("5", en("5 minutes")),
                ]),
            ),
            ("showOtpAsDot", en("Show codes as dots"), Kind::Switch),
            (
                "revealDottedOTP",
                en("Allow revealing dotted codes"),
                Kind::Switch,
            ),
            ("formatPassword", en("Format codes"), Kind::Switch),
            (
                "formatPasswordBy",
                en("Group digits by"),
                Kind::Choice(&[
                    ("0.5", en("Halves")),
                    ("2", en("Pairs")),
                    ("3", en("Trios")),
                ]),
            ),
            ("showNextOtp", en("Show the next code"), Kind::Switch),
            (
                "closeOtpOnCopy",
                en("Close the code after copying it"),
                Kind::Switch,
            ),
            (
                "copyOtpOnDisplay",
                en("Copy a code as soon as it shows"),
                Kind::Switch,
            ),
            (
                "clearSearchOnCopy",
                en("Clear the search after copying"),
                Kind::Switch,
            ),
        ],
    ),
    (
        en("Groups"),
        &[
            (
                "useGroupChips",
                en("Groups as chips (else a switch)"),
                Kind::Switch,
            ),
            (
                "showVirtualChips",
                en("Offer the pseudo-groups (without group, shared)"),
                Kind::Switch,
            ),
            (
                "rememberActiveGroup",
                en("Remember the chosen group"),
                Kind::Switch,
            ),
            ("defaultGroup", en("New accounts go to"), Kind::Group),
            (
                "viewDefaultGroupOnCopy",
                en("Show the default group after a copy"),
                Kind::Switch,
            ),
        ],
    ),
    (
        en("Icons"),
        &[
            (
                "getOfficialIcons",
                en("Give new accounts their official logo"),
                Kind::Switch,
            ),
            (
                "iconCollection",
                en("Logo library"),
                Kind::Choice(&[
                    ("selfh", "selfh.st"),
                    ("dashboardicons", "Dashboard Icons"),
                    ("tfa", "2fa.directory"),
                ]),
            ),
            (
                "iconVariant",
                en("Logo variant"),
                Kind::Choice(&[
                    ("regular", en("Regular")),
                    ("light", en("Light")),
                    ("dark", en("Dark")),
                ]),
            ),
            (
                "iconVariantStrictFetch",
                en("Only this variant (no fallback to regular)"),
                Kind::Switch,
            ),
        ],
    ),
    (
        en("Adding accounts"),
        &[
            (
                "defaultCaptureMode",
                en("Add accounts with"),
                Kind::Choice(&[
                    ("livescan", en("The camera")),
                    ("upload", en("An image")),
                    ("advancedForm", en("The advanced form")),
                ]),
            ),
            (
                "useDirectCapture",
                en("Start with it directly"),
                Kind::Switch,
            ),
            (
                "useBasicQrcodeReader",
                en("Basic QR reader (a photo instead of the live camera)"),
                Kind::Switch,
            ),
            (
                "AutoSaveQrcodedAccount",
                en("Save a scanned account at once"),
                Kind::Switch,
            ),
        ],
    ),
    (
        en("Security"),
        &[(
            "kickUserAfter",
            en("Sign out after inactivity"),
            Kind::Choice(&[
                ("0", en("Never")),
                ("-1", en("After copying a code")),
                ("1", en("1 minute")),
                ("5", en("5 minutes")),
                ("10", en("10 minutes")),
                ("15", en("15 minutes")),
                ("30", en("30 minutes")),
                ("60", en("1 hour")),
                ("1440", en("1 day")),
            ]),
        )],
    ),
];

/// The IANA time zones the browser knows (`Intl.supportedValuesOf`), `UTC` first, and the
/// `saved` one even when the browser names it otherwise (`Asia/Kolkata` is `Asia/Calcutta` to
/// some).
fn time_zones(saved: &str) -> Vec<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok();
    let zones = intl.and_then(|intl| {
        let list = js_sys::Reflect::get(&intl, &"supportedValuesOf".into()).ok()?;
        let list: js_sys::Function = list.dyn_into().ok()?;
        list.call1(&intl, &"timeZone".into()).ok()
    });
    let mut out = vec!["UTC".to_string()];
    if let Some(zones) = zones.and_then(|z| z.dyn_into::<js_sys::Array>().ok()) {
        out.extend(
            zones
                .iter()
                .filter_map(|z| z.as_string())
                .filter(|z| z != "UTC"),
        );
    }
    if !saved.is_empty() && !out.iter().any(|z| z == saved) {
        out.insert(1, saved.to_string());
    }
    out
}

/// A preference's value as the text a control shows (`0.5`, `15`, `dark`).
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The JSON value a choice saves: numbers stay numbers.
fn choice_value(text: &str) -> Value {
    text.parse::<f64>()
        .ok()
        .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number))
        .map(|n| match n.as_f64() {
            Some(f) if f.fract() == 0.0 => Value::from(f as i64),
            _ => n,
        })
        .unwrap_or_else(|| Value::from(text))
}

/// `/settings/options`.
#[component]
pub fn Options() -> impl IntoView {
    let prefs = RwSignal::new(Vec::<Preference>::new());
    let groups = RwSignal::new(Vec::<twofold_core::contract::Group>::new());
    let errors = RwSignal::new(Vec::new());
    let saved = RwSignal::new(String::new());
    let footer = use_context::<Footer>();
    let me = PageLoad::here().me;
    spawn_local(async move {
        match client::call::<Vec<Preference>>("GET", "/api/v1/user/preferences", None).await {
            Ok(list) => prefs.set(list),
            Err(e) => errors.set(e.details()),
        }
        if let Ok(list) = groups::load().await {
            groups.set(list);
        }
    });
    let save = move |key: &'static str, label: &'static str, value: Value| {
        spawn_local(async move {
            let path = format!("/api/v1/user/preferences/{key}");
            match client::run("PUT", &path, Some(&json!({ "value": value }))).await {
                Ok(_) => {
                    match key {
                        "theme" => apply_theme(value.as_str().unwrap_or("system")),
                        "lang" => i18n::follow_preference(value.as_str().unwrap_or("browser")),
                        _ => {}
                    }
                    if let Some(footer) = footer {
                        footer.follow(key, &value);
                    }
                    me.remember(key, value.clone()).await;
                    prefs.update(|list| {
                        if let Some(p) = list.iter_mut().find(|p| p.key == key) {
                            p.value = value;
                        }
                    });
                    saved.set(trf("{}: saved", &[tr(label)]));
                    errors.set(Vec::new());
                }
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let find = move |key: &str| prefs.get().into_iter().find(|p| p.key == key);
    let setting = move |(key, label, kind): &'static Setting| {
        let (key, label) = (*key, *label);
        let id = format!("pref-{key}");
        let locked = move || find(key).is_some_and(|p| p.locked == Some(true));
        let note = move || locked().then_some(tr("Locked by the administrator"));
        let current = move || find(key).map(|p| as_text(&p.value)).unwrap_or_default();
        let choose = move |ev| save(key, label, choice_value(&event_target_value(&ev)));
        let control = match kind {
            Kind::Switch => view! {
                <input type="checkbox" id=id.clone() class="switch"
                    prop:checked=move || find(key).is_some_and(|p| p.value == Value::Bool(true))
                    disabled=locked
                    on:change=move |ev| save(key, label, Value::Bool(event_target_checked(&ev)))/>
            }
            .into_any(),
            Kind::Choice(_) | Kind::Language => {
                let choices = match kind {
                    Kind::Choice(choices) => choices.to_vec(),
                    _ => language_choices(),
                };
                let listed = choices.clone();
                view! {
                    <select id=id.clone() disabled=locked prop:value=current on:change=choose>
                        {choices.into_iter().map(|(value, text)| view! { <option value=value>{tr(text)}</option> }).collect_view()}
                        // A value set elsewhere (a script's): shown as it is.
                        {move || {
                            let saved = current();
                            (!saved.is_empty() && !listed.iter().any(|(value, _)| *value == saved))
                                .then(|| view! { <option value=saved.clone() selected=true>{saved.clone()}</option> })
                        }}
                    </select>
                }
                .into_any()
            }
            Kind::Group => view! {
                <select id=id.clone() disabled=locked prop:value=current on:change=choose>
                    <option value="0">{tr("No group")}</option>
                    <option value="-1">{tr("The group shown")}</option>
                    {move || groups.get().into_iter().map(|g| {
                        // Options drawn after the value was set: each says whether it is the one.
                        let value = g.id.to_string();
                        view! { <option selected=value == current() value=value>{g.name}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any(),
            Kind::TimeZone => view! {
                <select id=id.clone() disabled=locked prop:value=current
                    on:change=move |ev| save(key, label, Value::from(event_target_value(&ev)))>
                    {time_zones(&current()).into_iter().map(|z| view! { <option value=z.clone()>{z.clone()}</option> }).collect_view()}
                </select>
            }
            .into_any(),
        };
        view! {
            <div class="option">
                <label for=id>{tr(label)}</label>
                {control}
                <small class="locked">{note}</small>
            </div>
        }
    };
    view! {
        <section aria-labelledby="options-title">
            <h1 id="options-title">{tr("Options")}</h1>
            <Errors errors/>
            <Show when=move || !prefs.get().is_empty()>
                <form class="options" on:submit=|ev| ev.prevent_default()>
                    {SECTIONS.iter().map(|(title, settings)| view! {
                        <fieldset>
                            <legend>{tr(title)}</legend>
                            {settings.iter().map(setting).collect_view()}
                        </fieldset>
                    }).collect_view()}
                </form>
            </Show>
            <p class="toast" role="status" aria-live="polite">{move || saved.get()}</p>
        </section>
    }
}
