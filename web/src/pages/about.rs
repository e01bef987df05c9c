//! `/about`: which Twofold this is, where its API is described, and how it keeps secrets; for
//! administrators, the instance's diagnostics (`GET /system/infos`) to copy into a bug report.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::app::PageLoad;
use crate::browser::copy;
use crate::client;
use crate::i18n::{en, tr, trf};

/// One section of the diagnostics: its title and its `key: value` lines.
type Section = (&'static str, Vec<(String, String)>);

/// The diagnostics, section by section, as text.
fn sections(infos: &Value) -> Vec<Section> {
    [
        ("common", en("Instance")),
        ("admin_settings", en("Application settings")),
        ("user_preferences", en("My preferences")),
    ]
    .into_iter()
    .map(|(key, title)| {
        let lines = infos[key].as_object().into_iter().flatten().map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                Value::Null => "-".into(),
                other => other.to_string(),
            };
            (k.clone(), v)
        });
        (title, lines.collect())
    })
    .collect()
}

/// The diagnostics as the text copied into a bug report.
fn report(sections: &[Section]) -> String {
    let mut out = String::new();
    for (title, lines) in sections {
        out.push_str(&format!("## {title}\n"));
        for (k, v) in lines {
            out.push_str(&format!("{k}: {v}\n"));
        }
    }
    out
}

/// `/about`.
#[component]
pub fn About() -> impl IntoView {
    let infos = RwSignal::new(Vec::<Section>::new());
    let copied = RwSignal::new(String::new());
    let me = PageLoad::here().me;
    spawn_local(async move {
        let is_admin = me.user().await.is_some_and(|u| u.is_admin);
        if is_admin && let Ok(answer) = client::call::<Value>("GET", "/system/infos", None).await {
            infos.set(sections(&answer));
        }
    });
    let copy = move |_| {
        copy(&report(&infos.get()));
        copied.set(tr("Copied").into());
    };
    view! {
        <section aria-labelledby="about-title">
            <h1 id="about-title">{trf("Twofold {}", &[env!("CARGO_PKG_VERSION")])}</h1>
            <p>{tr("A self-hosted vault for two-factor accounts that speaks the 2FAuth API v1: 2FAuth's clients work with it.")}</p>
            <p>{tr("Codes are computed in this browser; secrets are encrypted at rest on the server, and tokens and passwords are kept only as hashes.")}</p>
            <ul>
                // Pages outside the app (rel="external": the router leaves them to the browser).
                <li><a href="/api/docs" rel="external">{tr("API reference")}</a></li>
                <li><a href="/api/v1/openapi.json" rel="external">{tr("The API's OpenAPI document")}</a></li>
                <li>{tr("License: MIT")}</li>
            </ul>
            <Show when=move || !infos.get().is_empty()>
                <h2>{tr("Diagnostics")}</h2>
                {move || infos.get().into_iter().map(|(title, lines)| view! {
                    <h3>{tr(title)}</h3>
                    <dl class="infos">
                        {lines.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                }).collect_view()}
                <button type="button" on:click=copy>{tr("Copy the diagnostics")}</button>
                <p class="toast" role="status" aria-live="polite">{move || copied.get()}</p>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_report_lists_each_section_with_its_values_as_text() {
        let infos = json!({
            "common": { "Version": "0.1.0", "THROTTLE_API": null },
            "admin_settings": { "enableSharing": true },
            "user_preferences": { "theme": "dark" }
        });
        assert_eq!(
            report(&sections(&infos)),
            "## Instance\nVersion: 0.1.0\nTHROTTLE_API: -\n## Application settings\n\
             enableSharing: true\n## My preferences\ntheme: dark\n"
        );
    }
}
