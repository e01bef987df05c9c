//! `/settings/account`: the signed-in user's profile (name and e-mail, confirmed by the current
//! password), password change (which signs out the other sessions, and revokes the tokens when
//! asked), signing out everywhere, and deleting the account with everything in it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use crate::app::PageLoad;
use crate::browser::confirmed;
use crate::i18n::{en, tr};
use crate::offline;
use crate::pages::form::{Input, send};
use crate::widgets::Errors;

/// `/settings/account`.
#[component]
pub fn MyAccount() -> impl IntoView {
    let [
        name,
        email,
        profile_password,
        current,
        new,
        confirmation,
        delete_password,
    ] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let revoke_tokens = RwSignal::new(false);
    // An account a provider manages has no profile or password to change here (the server
    // refuses both).
    let provider = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::new());
    let status = RwSignal::new(String::new());
    let PageLoad { me, session, .. } = PageLoad::here();
    spawn_local(async move {
        if let Some(user) = me.for_screen().await {
            name.set(user.name.clone());
            email.set(user.email.clone());
            provider.set(user.oauth_provider.clone());
        }
    });
    let save_profile = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body =
            json!({ "name": name.get(), "email": email.get(), "password": profile_password.get() });
        send(
            "PUT",
            "/user".into(),
            Some(body),
            status,
            errors,
            en("Profile saved"),
            move || profile_password.set(String::new()),
        );
    };
    let change_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "currentPassword": current.get(), "password": new.get(),
            "password_confirmation": confirmation.get(),
            "revokeTokens": revoke_tokens.get(),
        });
        send(
            "PATCH",
            "/user/password".into(),
            Some(body),
            status,
            errors,
            en("Password changed"),
            move || {
                // The device's offline copy follows the new password.
                let (address, password) = (email.get_untracked(), new.get_untracked());
                spawn_local(async move { offline::renew(me, &address, &password).await });
                for s in [current, new, confirmation] {
                    s.set(String::new());
                }
            },
        );
    };
    let sign_out_everywhere = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(
            "DELETE",
            "/user/sessions".into(),
            None,
            status,
            errors,
            en("Signed out everywhere"),
            move || {
                spawn_local(async move {
                    offline::lock().await;
                    session.end();
                });
            },
        );
    };
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirmed(tr(
            "Delete your account and all its 2FA accounts? This cannot be undone.",
        )) {
            return;
        }
        let body = json!({ "password": delete_password.get() });
        send(
            "DELETE",
            "/user".into(),
            Some(body),
            status,
            errors,
            en("Account deleted"),
            move || {
                let address = email.get_untracked();
                spawn_local(async move {
                    offline::forget(&address).await;
                    session.end();
                });
            },
        );
    };
    view! {
        <section aria-labelledby="account-title">
            <h1 id="account-title">{tr("My account")}</h1>
            <Errors errors/>
            <p class="toast" role="status" aria-live="polite">{move || status.get()}</p>
            <Show when=move || provider.get().is_none() fallback=move || view! {
                <section class="edit" aria-labelledby="managed-title">
                    <h2 id="managed-title">{tr("Profile")}</h2>
                    <p>{move || name.get()}" · "{move || email.get()}</p>
                    <p>{tr("Your account is managed by your sign-in provider: change your name, e-mail or password there.")}</p>
                </section>
            }>
            <form class="edit" on:submit=save_profile aria-labelledby="profile-title">
                <h2 id="profile-title">{tr("Profile")}</h2>
                <Input id="name" label=en("Name") value=name autocomplete="name"/>
                <Input id="email" label=en("Email") value=email kind="email" autocomplete="email"/>
                <Input id="profile-password" label=en("Current password (to confirm)") value=profile_password kind="password" autocomplete="current-password"/>
                <div class="row actions"><button type="submit">{tr("Save the profile")}</button></div>
            </form>
            <form class="edit" on:submit=change_password aria-labelledby="password-title">
                <h2 id="password-title">{tr("Password")}</h2>
                <Input id="current-password" label=en("Current password") value=current kind="password" autocomplete="current-password"/>
                <Input id="new-password" label=en("New password (8 characters or more)") value=new kind="password" autocomplete="new-password"/>
                <Input id="confirm-password" label=en("New password again") value=confirmation kind="password" autocomplete="new-password"/>
                <p>{tr("Your other sessions end with the old password.")}</p>
                <label class="check"><input type="checkbox" bind:checked=revoke_tokens/>
                    {tr("Also revoke my personal access tokens")}</label>
                <div class="row actions"><button type="submit">{tr("Change the password")}</button></div>
            </form>
            </Show>
            <section class="edit" aria-labelledby="passkeys-link-title">
                <h2 id="passkeys-link-title">{tr("Passkeys")}</h2>
                <p>{tr("Sign in without a password, with this device's screen lock or a security key.")}</p>
                <p><a href="/settings/webauthn">{tr("Manage your passkeys")}</a></p>
            </section>
            <section class="edit" aria-labelledby="backups-link-title">
                <h2 id="backups-link-title">{tr("Backups")}</h2>
                <p><a href="/settings/backups">{tr("Automatic backups")}</a></p>
            </section>
            <form class="edit" on:submit=sign_out_everywhere aria-labelledby="sessions-title">
                <h2 id="sessions-title">{tr("Sessions")}</h2>
                <p>{tr("Signs you out on every device and browser, this one included. Personal access tokens stay valid.")}</p>
                <div class="row actions"><button type="submit">{tr("Sign out everywhere")}</button></div>
            </form>
            <form class="edit danger-zone" on:submit=delete aria-labelledby="delete-title">
                <h2 id="delete-title">{tr("Delete my account")}</h2>
                <p>{tr("Your 2FA accounts, groups, tokens and preferences are deleted with it.")}</p>
                <Input id="delete-password" label=en("Your password") value=delete_password kind="password" autocomplete="current-password"/>
                <div class="row actions"><button type="submit" class="danger">{tr("Delete my account")}</button></div>
            </form>
        </section>
    }
}
