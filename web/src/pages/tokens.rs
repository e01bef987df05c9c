//! `/settings/tokens`: personal access tokens: create (shown once), list, revoke.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::json;

use crate::app::PageLoad;
use crate::browser::copy;
use crate::client;
use crate::i18n::{date_time, plural, tr, trf};
use crate::widgets::Errors;

#[derive(Debug, Clone, Deserialize)]
struct Token {
    id: String,
    name: String,
    expires_at: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Created {
    access_token: String,
}

/// Days left before a token expires, rounded down (negative once expired); `None` when the date
/// cannot be read.
fn days_left(expires_at: &str, now_ms: f64) -> Option<i64> {
    let at = js_sys::Date::parse(expires_at);
    (!at.is_nan()).then(|| ((at - now_ms) / 86_400_000.0).floor() as i64)
}

/// A token's expiry, with a warning in its last month, as 2FAuth's list gives.
fn expiry(expires_at: &str, zone: &str) -> impl IntoView + use<> {
    let days = days_left(expires_at, js_sys::Date::now());
    let (class, text) = match days {
        Some(d) if d < 0 => ("expires warn", tr("expired").to_string()),
        Some(d) if d <= 30 => ("expires warn", plural("expires in {} days", d)),
        _ => (
            "expires",
            trf("expires {}", &[&date_time(expires_at, zone)]),
        ),
    };
    view! { <span class=class>{text}</span> }
}

/// `/settings/tokens`.
#[component]
pub fn Tokens() -> impl IntoView {
    let tokens = RwSignal::new(Vec::<Token>::new());
    let errors = RwSignal::new(Vec::new());
    let created = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());

    let zone = RwSignal::new(String::from("UTC"));
    let me = PageLoad::here().me;
    let reload = move || {
        spawn_local(async move {
            let path = "/oauth/personal-access-tokens";
            let (answer, time_zone) = futures::join!(
                client::call::<Vec<Token>>("GET", path, None),
                me.time_zone()
            );
            zone.set(time_zone);
            match answer {
                Ok(list) => tokens.set(list),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    reload();

    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = json!({ "name": name.get() });
        spawn_local(async move {
            match client::call::<Created>("POST", "/oauth/personal-access-tokens", Some(&body))
                .await
            {
                Ok(c) => {
                    created.set(Some(c.access_token));
                    name.set(String::new());
                    errors.set(Vec::new());
                    reload();
                }
                Err(e) => errors.set(e.details()),
            }
        });
    };
    let revoke = move |id: String| {
        spawn_local(async move {
            match client::run(
                "DELETE",
                &format!("/oauth/personal-access-tokens/{id}"),
                None,
            )
            .await
            {
                Ok(_) => reload(),
                Err(e) => errors.set(e.details()),
            }
        });
    };

    view! {
        <section aria-labelledby="tokens-title">
            <h1 id="tokens-title">{tr("Personal access tokens")}</h1>
            <p>{tr("A token lets a 2FAuth client (browser extension, app, script) call the API as you.")}</p>
            // A page outside the app (rel="external": the router leaves it to the browser).
            <p><a href="/api/docs" rel="external">{tr("API reference")}</a></p>
            <form class="add" on:submit=create>
                <label for="token-name">{tr("Token name")}</label>
                <div class="row">
                    <input id="token-name" name="name" required maxlength="255" bind:value=name/>
                    <button type="submit">{tr("Create token")}</button>
                </div>
            </form>
            <Errors errors/>
            <Show when=move || created.get().is_some()>
                <div class="created" role="status">
                    <p>{tr("Copy this token now: it will not be shown again.")}</p>
                    <code class="token">{move || created.get().unwrap_or_default()}</code>
                    <button type="button" on:click=move |_| {
                        if let Some(t) = created.get() {
                            copy(&t);
                        }
                    }>{tr("Copy")}</button>
                </div>
            </Show>
            <ul class="tokens" aria-label=tr("Tokens")>
                <For each=move || tokens.get() key=|t| t.id.clone() let:token>
                    <li>
                        <span class="name">{token.name.clone()}</span>
                        {expiry(&token.expires_at, &zone.get_untracked())}
                        <button type="button" on:click={
                            let id = token.id.clone();
                            move |_| revoke(id.clone())
                        }>{tr("Revoke")}</button>
                    </li>
                </For>
            </ul>
        </section>
    }
}
