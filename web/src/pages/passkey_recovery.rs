//! A lost passkey: `/webauthn/lost` asks for a recovery mail, and `/webauthn/recover?token=…&email=…`,
//! where the mailed link leads, turns password sign-in back on with the account's password and,
//! if asked, removes every passkey of the account.

use leptos::prelude::*;
use serde_json::json;

use crate::i18n::{en, tr};
use crate::pages::form::{Input, send};
use crate::router;
use crate::widgets::Errors;

/// `/webauthn/lost`.
#[component]
pub fn LostPasskey() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(
            "POST",
            "/webauthn/lost".into(),
            Some(json!({ "email": email.get() })),
            status,
            errors,
            en("A recovery link is on its way to your mailbox."),
            || {},
        );
    };
    view! {
        <main class="auth">
            <h1>{tr("Lost passkey")}</h1>
            <p>{tr("We will mail you a link to sign in with your password again.")}</p>
            <form on:submit=submit>
                <Input id="email" label=en("Email") value=email kind="email" autocomplete="email"/>
                <Errors errors/>
                <button type="submit">{tr("Send the recovery link")}</button>
            </form>
            <p role="status" aria-live="polite">{move || status.get()}</p>
            <p><a href="/login" rel="external">{tr("Back to sign in")}</a></p>
        </main>
    }
}

/// `/webauthn/recover`.
#[component]
pub fn RecoverPasskey() -> impl IntoView {
    let email = RwSignal::new(router::query("email").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let revoke_all = RwSignal::new(false);
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "token": router::query("token").unwrap_or_default(),
            "email": email.get(), "password": password.get(), "revokeAll": revoke_all.get(),
        });
        send(
            "POST",
            "/webauthn/recover".into(),
            Some(body),
            status,
            errors,
            en("Done: you can sign in with your password."),
            || {},
        );
    };
    view! {
        <main class="auth">
            <h1>{tr("Sign in without your passkey")}</h1>
            <form on:submit=submit>
                <Input id="email" label=en("Email") value=email kind="email" autocomplete="email"/>
                <Input id="password" label=en("Password") value=password kind="password" autocomplete="current-password"/>
                <div class="option">
                    <input type="checkbox" id="revoke-all" bind:checked=revoke_all/>
                    <label for="revoke-all">{tr("Also remove every passkey of my account")}</label>
                </div>
                <Errors errors/>
                <button type="submit">{tr("Turn password sign-in back on")}</button>
            </form>
            <p role="status" aria-live="polite">{move || status.get()}</p>
            <p><a href="/login" rel="external">{tr("Back to sign in")}</a></p>
        </main>
    }
}
