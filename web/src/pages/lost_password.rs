//! Lost passwords: `/password/request` records a request for the administrators (Twofold sends
//! no mail: they answer it with a reset link), and `/user/password/reset?token=…&email=…`, where
//! that link leads, sets a new password.

use leptos::prelude::*;
use serde_json::json;

use crate::app::PageLoad;
use crate::i18n::{en, tr};
use crate::pages::form::{Input, send};
use crate::router;
use crate::widgets::Errors;

/// `/password/request`.
#[component]
pub fn LostPassword() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({ "email": email.get() });
        send(
            "POST",
            "/user/password/lost".into(),
            Some(body),
            status,
            errors,
            en("Request recorded: an administrator will give you a link to choose a new password."),
            || {},
        );
    };
    view! {
        <main class="auth">
            <h1>{tr("Lost password")}</h1>
            <form on:submit=submit>
                <Input id="email" label=en("Email") value=email kind="email" autocomplete="email"/>
                <Errors errors/>
                <button type="submit">{tr("Ask for a new password")}</button>
            </form>
            <p role="status" aria-live="polite">{move || status.get()}</p>
            <p><a href="/login" rel="external">{tr("Back to sign in")}</a></p>
        </main>
    }
}

/// `/user/password/reset`.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let email = RwSignal::new(router::query("email").unwrap_or_default());
    let [password, confirmation] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let session = PageLoad::here().session;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "token": router::query("token").unwrap_or_default(),
            "email": email.get(), "password": password.get(),
            "password_confirmation": confirmation.get(),
        });
        send(
            "POST",
            "/user/password/reset".into(),
            Some(body),
            status,
            errors,
            en("Password changed"),
            move || session.end(),
        );
    };
    view! {
        <main class="auth">
            <h1>{tr("Choose a new password")}</h1>
            <form on:submit=submit>
                <Input id="email" label=en("Email") value=email kind="email" autocomplete="email"/>
                <Input id="password" label=en("New password (8 characters or more)") value=password kind="password" autocomplete="new-password"/>
                <Input id="confirmation" label=en("New password again") value=confirmation kind="password" autocomplete="new-password"/>
                <Errors errors/>
                <button type="submit">{tr("Change the password")}</button>
            </form>
        </main>
    }
}
