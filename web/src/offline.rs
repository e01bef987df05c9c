//! This device's offline copy of the accounts (`web/static/vault.js` keeps it, encrypted with a
//! key only the account's password opens once the session is over): made when the user asks at
//! sign-in, refreshed each time the accounts load while the session lives (with a key the server
//! hands only to it), opened with the password when the server cannot be reached. With
//! `web/static/sw.js` serving the app itself, codes keep coming without a network — what 2FAuth
//! does not offer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use wasm_bindgen::JsValue;

use crate::browser::local_storage as storage;
use crate::i18n::{date_time, tr, trf};
use crate::me::Me;
use crate::tools::{ToolError, call_in};
use crate::widgets::Errors;
use crate::{client, passkeys};

/// `app.js`'s loader of `vault.js`.
const LOADER: &str = "twofoldVault";

/// Where this device remembers the sign-in's choice.
const WANTED_KEY: &str = "twofold.offline";

/// Whether this device's user asked for an offline copy at the last sign-in.
pub fn wanted() -> bool {
    storage().and_then(|s| s.get_item(WANTED_KEY).ok().flatten()) == Some("1".into())
}

/// What opens a copy made at a sign-in once the session is over.
#[derive(Debug, Clone, Copy)]
pub enum Opener<'a> {
    /// The account's password.
    Password(&'a str),
    /// The passkey just used, by its PRF secret (when its authenticator gives one).
    Passkey,
}

/// After a sign-in: starts a new copy when `on` (the accounts fill it as they load), opened by
/// `opener`, or removes this device's copy.
pub async fn choose(on: bool, email: &str, opener: Opener<'_>) -> Result<(), ToolError> {
    // Nobody asked for a copy here: there is none to remove, and no vault to load.
    if !on && !wanted() {
        return Ok(());
    }
    if on {
        match opener {
            Opener::Password(password) => {
                call_in(LOADER, "enable", &[email.into(), password.into()]).await?
            }
            Opener::Passkey => call_in(LOADER, "enablePasskey", &[email.into()]).await?,
        };
    } else {
        call_in(LOADER, "forget", &[]).await?;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(WANTED_KEY, if on { "1" } else { "0" });
    }
    Ok(())
}

/// Saves what the accounts screen shows (`{accounts, preferences}`), when this session keeps a
/// copy; a failure leaves the previous copy.
pub async fn save(content: &Value) {
    if !wanted() {
        return;
    }
    let _ = call_in(LOADER, "save", &[content.to_string().into()]).await;
}

/// After a password change: when this device keeps the copy of `email`, a new one under a new
/// vault key that only the new password opens, filled at once (nothing saved from now on is
/// readable with the old password). `me` gives the preferences the copy keeps.
pub async fn renew(me: Me, email: &str, password: &str) {
    if !wanted() || !owned_by(email).await {
        return;
    }
    if choose(true, email, Opener::Password(password))
        .await
        .is_err()
    {
        return;
    }
    let path = "/api/v1/twofaccounts?withSecret=1";
    if let Ok(accounts) = client::call::<Value>("GET", path, None).await {
        let preferences = me.preferences_json().await;
        save(&json!({ "accounts": accounts, "preferences": preferences })).await;
    }
}

/// The account of `email` is gone: its copy on this device goes too.
pub async fn forget(email: &str) {
    if owned_by(email).await {
        let _ = call_in(LOADER, "forget", &[]).await;
    }
}

/// The session is over: the copy stays, but only the password opens it again.
pub async fn lock() {
    if !wanted() {
        return;
    }
    let _ = call_in(LOADER, "lock", &[]).await;
}

/// When the copy on this device was saved (ms since 1970), and whether a passkey opens it rather
/// than the password, if there is one.
async fn status() -> Option<(f64, bool)> {
    let found = call_in(LOADER, "status", &[]).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&found, &name.into()).ok();
    Some((field("savedAt")?.as_f64()?, field("passkey")?.is_truthy()))
}

/// Whether this device's copy belongs to `email` (the device keeps only a salted hash of it).
async fn owned_by(email: &str) -> bool {
    call_in(LOADER, "owns", &[email.into()])
        .await
        .is_ok_and(|found| found.is_truthy())
}

/// Opens the copy with `opener`: `{accounts, preferences}`.
async fn open(opener: Opener<'_>) -> Result<Value, ToolError> {
    let text = match opener {
        Opener::Password(password) => {
            call_in(LOADER, "open", &[JsValue::from_str(password)]).await?
        }
        Opener::Passkey => call_in(LOADER, "openWithPasskey", &[]).await?,
    };
    Ok(serde_json::from_str(&text.as_string().unwrap_or_default()).unwrap_or(Value::Null))
}

/// Shown when the server cannot be reached: opens this device's copy with the password, or with
/// the passkey it was made with, then hands `{accounts, preferences}` to `opened`.
#[component]
pub fn Unlock(opened: Callback<Value>) -> impl IntoView {
    let copy = RwSignal::new(None::<(f64, bool)>);
    let checked = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    spawn_local(async move {
        copy.set(status().await);
        checked.set(true);
    });
    let unlock = move |passkey: bool| {
        spawn_local(async move {
            let typed = password.get_untracked();
            let opener = match passkey {
                true => Opener::Passkey,
                false => Opener::Password(&typed),
            };
            match open(opener).await {
                Ok(content) => {
                    password.set(String::new());
                    opened.run(content);
                }
                Err(e) if e.code == "WRONG_PASSWORD" => errors.set(vec![
                    tr("This password does not open the offline copy.").into(),
                ]),
                Err(e) if e.code == "WRONG_PASSKEY" || e.code == "NO_PRF" => errors.set(vec![
                    tr("This passkey does not open the offline copy.").into(),
                ]),
                Err(e) if passkey => errors.set(vec![passkeys::refusal(&e).into()]),
                Err(e) => errors.set(vec![e.message]),
            }
        });
    };
    let saved = move || {
        let at = copy.get().map_or(0.0, |(at, _)| at);
        date_time(
            &String::from(js_sys::Date::new(&at.into()).to_iso_string()),
            "",
        )
    };
    let by_passkey = move || copy.get().is_some_and(|(_, passkey)| passkey);
    view! {
        <div class="offline" role="region" aria-label=tr("Offline")>
            <p>{tr("The server cannot be reached.")}</p>
            <Show when=move || checked.get() && copy.get().is_none()>
                <p>{tr("This device keeps no offline copy of your accounts (it is offered when you sign in).")}</p>
            </Show>
            <Show when=move || copy.get().is_some() && !by_passkey()>
                <form class="add" on:submit=move |ev| {
                    ev.prevent_default();
                    unlock(false);
                }>
                    <label for="offline-password">{move || {
                        trf("Your account's password, to open this device's copy of {}", &[&saved()])
                    }}</label>
                    <div class="row">
                        <input id="offline-password" type="password" autocomplete="current-password" required bind:value=password/>
                        <button type="submit">{tr("Open")}</button>
                    </div>
                </form>
            </Show>
            <Show when=by_passkey>
                <p>{move || trf("This device's copy of {} opens with your passkey.", &[&saved()])}</p>
                <button type="button" on:click=move |_| unlock(true)>{tr("Open with your passkey")}</button>
            </Show>
            <Errors errors/>
        </div>
    }
}
