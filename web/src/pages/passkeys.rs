//! `/settings/webauthn`: the user's passkeys: add one (named), rename, remove, and "sign in with
//! passkeys only" (`useWebauthnOnly`), offered once there is a passkey to sign in with.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use twofold_core::contract::WebauthnCredential;

use crate::app::PageLoad;
use crate::i18n::{date_time, en, tr};
use crate::pages::form::send;
use crate::widgets::Errors;
use crate::{client, passkeys};

/// `/settings/webauthn`.
#[component]
pub fn Passkeys() -> impl IntoView {
    let list = RwSignal::new(Vec::<WebauthnCredential>::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let only = RwSignal::new(false);
    let zone = RwSignal::new(String::from("UTC"));
    let me = PageLoad::here().me;
    let reload = move || {
        spawn_local(async move {
            let (answer, user, time_zone) = futures::join!(
                client::get::<Vec<WebauthnCredential>>("/webauthn/credentials"),
                me.for_screen(),
                me.time_zone()
            );
            zone.set(time_zone);
            if let Some(user) = user {
                only.set(user.preferences.use_webauthn_only());
            }
            match answer {
                Ok(found) => list.set(found),
                Err(e) => errors.set(e.details()),
            }
        });
    };
    reload();

    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = name.get();
        spawn_local(async move {
            match passkeys::register(&chosen).await {
                Ok(()) => {
                    name.set(String::new());
                    errors.set(Vec::new());
                    status.set(tr("Passkey added").into());
                    reload();
                }
                Err(found) => errors.set(found),
            }
        });
    };
    let rename = move |id: String, alias: String| {
        send(
            "PATCH",
            format!("/webauthn/credentials/{id}/name"),
            Some(json!({ "name": alias })),
            status,
            errors,
            en("Passkey renamed"),
            reload,
        );
    };
    let remove = move |id: String| {
        send(
            "DELETE",
            format!("/webauthn/credentials/{id}"),
            None,
            status,
            errors,
            en("Passkey removed"),
            reload,
        );
    };
    let set_only = move |on: bool| {
        send(
            "PUT",
            "/api/v1/user/preferences/useWebauthnOnly".into(),
            Some(json!({ "value": on })),
            status,
            errors,
            en("Saved"),
            move || {
                only.set(on);
                spawn_local(me.remember("useWebauthnOnly", Value::Bool(on)));
            },
        );
    };

    view! {
        <section aria-labelledby="passkeys-title">
            <h1 id="passkeys-title">{tr("Passkeys")}</h1>
            <p>{tr("A passkey signs you in with this device's screen lock or a security key, without a password.")}</p>
            <form class="add" on:submit=add>
                <label for="passkey-name">{tr("Passkey name")}</label>
                <div class="row">
                    <input id="passkey-name" name="name" maxlength="255" bind:value=name
                        placeholder=tr("e.g. Phone, laptop, security key")/>
                    <button type="submit">{tr("Add a passkey")}</button>
                </div>
            </form>
            <Errors errors/>
            <p role="status">{move || status.get()}</p>
            <ul class="tokens" aria-label=tr("Passkeys")>
                <For each=move || list.get() key=|p| (p.id.clone(), p.alias.clone()) let:passkey>
                    <PasskeyRow passkey zone=zone.get_untracked() rename remove/>
                </For>
            </ul>
            <Show when=move || !list.get().is_empty()>
                <label class="check">
                    <input type="checkbox" prop:checked=move || only.get()
                        on:change=move |ev| set_only(event_target_checked(&ev))/>
                    {tr("Sign in with passkeys only (the password no longer signs in)")}
                </label>
            </Show>
        </section>
    }
}

/// One passkey: its name (editable), when it was added and last used, and "Remove".
#[component]
fn PasskeyRow(
    passkey: WebauthnCredential,
    zone: String,
    rename: impl Fn(String, String) + Copy + 'static,
    remove: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let alias = RwSignal::new(passkey.alias.clone().unwrap_or_default());
    let id = passkey.id.clone();
    let used = passkey
        .last_used_at
        .as_deref()
        .map_or_else(|| tr("never used").to_string(), |at| date_time(at, &zone));
    view! {
        <li>
            <input class="name" aria-label=tr("Passkey name") bind:value=alias
                placeholder=tr("Unnamed passkey")
                on:change={
                    let id = id.clone();
                    move |_| rename(id.clone(), alias.get())
                }/>
            <span class="expires">{date_time(&passkey.created_at, &zone)}" · "{used}</span>
            <button type="button" on:click=move |_| remove(id.clone())>{tr("Remove")}</button>
        </li>
    }
}
