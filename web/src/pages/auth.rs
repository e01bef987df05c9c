//! Sign in and registration.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};

use futures::FutureExt;
use futures::future::LocalBoxFuture;

use crate::i18n::tr;
use crate::offline::Opener;
use crate::router::{self, navigate};
use crate::widgets::Errors;
use crate::{client, offline, passkeys};

/// What a form does once the server said yes, before the accounts show.
type AfterSuccess = Box<dyn Fn() -> LocalBoxFuture<'static, ()>>;

/// Posts `body` to `path`, then runs `after` and goes to the accounts on success.
fn submit_to(
    path: &'static str,
    body: impl Fn() -> Value + 'static,
    errors: RwSignal<Vec<String>>,
    after: AfterSuccess,
) -> impl Fn(SubmitEvent) {
    let after = std::rc::Rc::new(after);
    move |ev: SubmitEvent| {
        ev.prevent_default();
        let after = after.clone();
        let body = body();
        spawn_local(async move {
            match client::run("POST", path, Some(&body)).await {
                Ok(_) => {
                    after().await;
                    navigate("/accounts");
                }
                Err(e) => errors.set(e.details()),
            }
        });
    }
}

/// `/login`.
#[component]
pub fn Login() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let offline = RwSignal::new(offline::wanted());
    let submit = submit_to(
        "/user/login",
        move || json!({ "email": email.get(), "password": password.get() }),
        errors,
        Box::new(move || {
            let (on, email, password) = (offline.get(), email.get(), password.get());
            // A copy that cannot be made does not stop the sign-in.
            async move {
                let _ = offline::choose(on, &email, Opener::Password(&password)).await;
            }
            .boxed_local()
        }),
    );
    // With the e-mail typed, that user's passkeys; without, whichever passkey the authenticator
    // offers for this site.
    let passkey = move |_| {
        let (typed, on) = (email.get(), offline.get());
        spawn_local(async move {
            match passkeys::sign_in(&typed).await {
                Ok(user) => {
                    // The copy opens offline with this passkey when its authenticator has PRF;
                    // without, the device's copy stays as it was.
                    let address = user["email"].as_str().unwrap_or_default();
                    let _ = offline::choose(on, address, Opener::Passkey).await;
                    navigate("/accounts");
                }
                Err(found) => errors.set(found),
            }
        });
    };
    view! {
        <main class="auth">
            <h1>{tr("Sign in to Twofold")}</h1>
            <form on:submit=submit>
                <label for="email">{tr("Email")}</label>
                <input id="email" name="email" type="email" autocomplete="username" required bind:value=email/>
                <label for="password">{tr("Password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required bind:value=password/>
                <label class="check"><input type="checkbox" bind:checked=offline/>
                    {tr("Keep an encrypted copy on this device for offline use")}</label>
                <Errors errors/>
                <button type="submit">{tr("Sign in")}</button>
            </form>
            <button type="button" class="secondary" on:click=passkey>{tr("Use a passkey")}</button>
            <SsoButtons/>
            <p><a href="/register">{tr("Create an account")}</a></p>
            <p><a href="/password/request" rel="external">{tr("Lost your password?")}</a></p>
            <p><a href="/webauthn/lost" rel="external">{tr("Lost your passkey?")}</a></p>
        </main>
    }
}

/// One link per provider the server offers (`GET /socialite/providers`): only those configured,
/// and none when SSO is off. A full page load, not the router: the provider's page comes next.
/// (A signal filled once rather than a resource: the everyday app stays small.)
#[component]
fn SsoButtons() -> impl IntoView {
    let providers = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        if let Ok(offered) = client::call::<Value>("GET", "/socialite/providers", None).await {
            let names = offered["providers"].as_array().into_iter().flatten();
            providers.set(
                names
                    .filter_map(|d| d.as_str().map(str::to_string))
                    .collect(),
            );
        }
    });
    move || {
        providers
            .get()
            .into_iter()
            .map(|driver| {
                let label = match driver.as_str() {
                    "github" => tr("Sign in with GitHub"),
                    _ => tr("Sign in with OpenID"),
                };
                let href = format!("/socialite/redirect/{driver}");
                view! { <p><a class="button secondary" href=href rel="external">{label}</a></p> }
            })
            .collect_view()
    }
}

/// `/error?err=sso_*`: where a single sign-on that did not sign anyone in ends (2FAuth's page).
#[component]
pub fn SsoError() -> impl IntoView {
    let text = move || match router::query("err").as_deref() {
        Some("sso_bad_provider_setup") => tr(
            "This provider is not set up on this instance: its client id, secret or addresses are missing, or its configuration cannot be read. Tell the administrator.",
        ),
        Some("sso_disabled") => {
            tr("Signing in with an external provider is disabled on this instance.")
        }
        Some("sso_email_already_used") => tr(
            "Another account already uses the e-mail address of your provider's account. Sign in to it another way.",
        ),
        Some("sso_no_register") => tr(
            "Registrations are closed on this instance: your provider's account has no Twofold account here.",
        ),
        Some("sso_failed") => {
            tr("The sign-in with your provider failed or was refused. Try again from the start.")
        }
        _ => tr("Something went wrong."),
    };
    view! {
        <main class="auth">
            <h1>{tr("Sign-in failed")}</h1>
            <p role="alert">{text}</p>
            <p><a href="/login">{tr("Back to the sign-in page")}</a></p>
        </main>
    }
}

/// `/register`.
#[component]
pub fn Register() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let submit = submit_to(
        "/user",
        move || {
            json!({
                "name": name.get(),
                "email": email.get(),
                "password": password.get(),
                "password_confirmation": password.get(),
            })
        },
        errors,
        Box::new(|| async {}.boxed_local()),
    );
    view! {
        <main class="auth">
            <h1>{tr("Create your Twofold account")}</h1>
            <form on:submit=submit>
                <label for="name">{tr("Name")}</label>
                <input id="name" name="name" autocomplete="name" required bind:value=name/>
                <label for="email">{tr("Email")}</label>
                <input id="email" name="email" type="email" autocomplete="email" required bind:value=email/>
                <label for="password">{tr("Password (8 characters or more)")}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required bind:value=password/>
                <Errors errors/>
                <button type="submit">{tr("Register")}</button>
            </form>
            <p><a href="/login">{tr("I already have an account")}</a></p>
        </main>
    }
}
