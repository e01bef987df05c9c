//! `/accounts`: the accounts with live codes computed in the browser, and adding one by URI.

use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::{Value, json};
use twofold_core::account::{OtpType, TwoFAccount};

use crate::app::Errors;
use crate::client::{self, ApiError};

/// An account as the API lists it with `withSecret=1`.
#[derive(Debug, Clone, Deserialize)]
struct Item {
    id: i64,
    #[serde(flatten)]
    account: TwoFAccount,
}

fn unix_now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Sends the user to the sign-in page when the session is gone; otherwise shows the error.
fn handle_error(error: ApiError, errors: RwSignal<Vec<String>>) {
    if error.is_unauthenticated() {
        client::to_login();
    } else {
        errors.set(error.details());
    }
}

fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// `/accounts`.
#[component]
pub fn Accounts() -> impl IntoView {
    let items = RwSignal::new(Vec::<Item>::new());
    let loaded = RwSignal::new(false);
    let errors = RwSignal::new(Vec::new());
    let now = RwSignal::new(unix_now());
    let reload = {
        move || {
            spawn_local(async move {
                match client::call::<Vec<Item>>("GET", "/api/v1/twofaccounts?withSecret=1", None)
                    .await
                {
                    Ok(list) => {
                        items.set(list);
                        loaded.set(true);
                    }
                    Err(e) => handle_error(e, errors),
                }
            });
        }
    };
    reload();

    if let Ok(handle) =
        set_interval_with_handle(move || now.set(unix_now()), Duration::from_millis(500))
    {
        on_cleanup(move || handle.clear());
    }

    let uri = RwSignal::new(String::new());
    let add = {
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = json!({ "uri": uri.get() });
            spawn_local(async move {
                match client::call::<Value>("POST", "/api/v1/twofaccounts", Some(&body)).await {
                    Ok(_) => {
                        uri.set(String::new());
                        errors.set(Vec::new());
                        reload();
                    }
                    Err(e) => handle_error(e, errors),
                }
            });
        }
    };

    view! {
        <section aria-labelledby="accounts-title">
            <h1 id="accounts-title">"Accounts"</h1>
            <form class="add" on:submit=add>
                <label for="uri">"Add an account from its otpauth:// URI"</label>
                <div class="row">
                    <input id="uri" name="uri" required placeholder="otpauth://totp/Service:me@example.com?secret=..." bind:value=uri/>
                    <button type="submit">"Add"</button>
                </div>
            </form>
            <Errors errors/>
            <Show when=move || loaded.get() && items.get().is_empty()>
                <p class="empty">"No account yet. Paste an otpauth:// URI above to add one."</p>
            </Show>
            <ul class="accounts" aria-label="Accounts">
                <For each=move || items.get() key=|item| item.id let:item>
                    <AccountRow item now errors/>
                </For>
            </ul>
        </section>
    }
}

/// One account: label, live code with countdown and next code (TOTP/Steam), or a button (HOTP).
#[component]
fn AccountRow(item: Item, now: RwSignal<u64>, errors: RwSignal<Vec<String>>) -> impl IntoView {
    let account = item.account.clone();
    let title = account.service.clone().unwrap_or_default();
    let label = account.account.clone();
    let is_hotp = account.otp_type == OtpType::Hotp;
    let period = match account.otp_type {
        OtpType::Steamtotp => 30,
        _ => account.period.unwrap_or(30).max(1),
    };
    let code = {
        let account = account.clone();
        Memo::new(move |_| account.embedded_otp(now.get()).ok().flatten())
    };
    let remaining = move || period - now.get() % period;
    let hotp_code = RwSignal::new(None::<String>);
    let generate = move |_| {
        let id = item.id;
        spawn_local(async move {
            match client::call::<Value>("GET", &format!("/api/v1/twofaccounts/{id}/otp"), None)
                .await
            {
                Ok(otp) => hotp_code.set(
                    otp.get("password")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                ),
                Err(e) => handle_error(e, errors),
            }
        });
    };
    let current = move || {
        if is_hotp {
            hotp_code.get()
        } else {
            code.get().map(|c| c.password)
        }
    };
    view! {
        <li class="account">
            <div class="label">
                <span class="service">{title}</span>
                <span class="name">{label}</span>
            </div>
            <div class="otp">
                <Show when=move || is_hotp>
                    <button type="button" on:click=generate>"Generate"</button>
                </Show>
                <button type="button" class="code" aria-label="Copy code"
                    on:click=move |_| if let Some(c) = current() { copy(&c) }>
                    {move || current().unwrap_or_default()}
                </button>
                <Show when=move || !is_hotp>
                    <span class="next" aria-label="Next code">{move || code.get().map(|c| c.next_password).unwrap_or_default()}</span>
                    <span class="countdown" aria-label="Seconds left">{remaining}</span>
                </Show>
            </div>
        </li>
    }
}
