//! `/settings/options`: the user's preferences that shape the app, saved as they change; those
//! the administrator locked are shown but cannot be changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{Errors, apply_theme};
use crate::client;
use crate::i18n::{self, en, tr, trf};

/// A preference as the API lists it.
#[derive(Debug, Clone, Deserialize)]
struct Preference {
    key: String,
    value: Value,
    locked: bool,
}

/// How a preference is edited.
enum Kind {
    Switch,
    Choice(&'static [(&'static str, &'static str)]),
}

/// The options shown, in the order of 2FAuth's settings screen, with their labels.
const OPTIONS: &[(&str, &str, Kind)] = &[
    (
        "lang",
        en("Language"),
        Kind::Choice(&[
            ("browser", en("Browser's language")),
            ("en", "English"),
            ("fr", "Français"),
        ]),
    ),
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
        "displayMode",
        en("Layout"),
        Kind::Choice(&[("list", en("List")), ("grid", en("Grid"))]),
    ),
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
    (
        "viewDefaultGroupOnCopy",
        en("Show the default group after a copy"),
        Kind::Switch,
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
    ("showAccountsIcons", en("Show icons"), Kind::Switch),
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
        "AutoSaveQrcodedAccount",
        en("Save a scanned account at once"),
        Kind::Switch,
    ),
    (
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
    ),
];

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
    let errors = RwSignal::new(Vec::new());
    let saved = RwSignal::new(String::new());
    spawn_local(async move {
        match client::call::<Vec<Preference>>("GET", "/api/v1/user/preferences", None).await {
            Ok(list) => prefs.set(list),
            Err(e) => errors.set(e.details()),
        }
    });
    let save = move |key: &'static str, label: &'static str, value: Value| {
        spawn_local(async move {
            let path = format!("/api/v1/user/preferences/{key}");
            match client::call::<Value>("PUT", &path, Some(&json!({ "value": value }))).await {
                Ok(_) => {
                    match key {
                        "theme" => apply_theme(value.as_str().unwrap_or("system")),
                        "lang" => i18n::follow_preference(value.as_str().unwrap_or("browser")),
                        _ => {}
                    }
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
    view! {
        <section aria-labelledby="options-title">
            <h1 id="options-title">{tr("Options")}</h1>
            <Errors errors/>
            <Show when=move || !prefs.get().is_empty()>
                <form class="options" on:submit=|ev| ev.prevent_default()>
                    {OPTIONS.iter().map(|(key, label, kind)| {
                        let (key, label) = (*key, *label);
                        let id = format!("pref-{key}");
                        let locked = move || find(key).is_some_and(|p| p.locked);
                        let note = move || locked().then_some(tr("Locked by the administrator"));
                        let control = match kind {
                            Kind::Switch => view! {
                                <input type="checkbox" id=id.clone() class="switch"
                                    prop:checked=move || find(key).is_some_and(|p| p.value == Value::Bool(true))
                                    disabled=locked
                                    on:change=move |ev| save(key, label, Value::Bool(event_target_checked(&ev)))/>
                            }.into_any(),
                            Kind::Choice(choices) => view! {
                                <select id=id.clone() disabled=locked
                                    prop:value=move || find(key).map(|p| as_text(&p.value)).unwrap_or_default()
                                    on:change=move |ev| save(key, label, choice_value(&event_target_value(&ev)))>
                                    {choices.iter().map(|(value, text)| view! { <option value=*value>{tr(text)}</option> }).collect_view()}
                                </select>
                            }.into_any(),
                        };
                        view! {
                            <div class="option">
                                <label for=id>{tr(label)}</label>
                                {control}
                                <small class="locked">{note}</small>
                            </div>
                        }
                    }).collect_view()}
                </form>
            </Show>
            <p class="toast" role="status" aria-live="polite">{move || saved.get()}</p>
        </section>
    }
}
