//! The shell: routes and the navigation bar.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::path;
use serde_json::Value;

use crate::i18n::{self, tr};
use crate::pages::{
    accounts::Accounts, auth::Login, auth::Register, create::Create, edit::Edit, groups::Groups,
    import::Import, options::Options, tokens::Tokens,
};
use crate::{client, session};

/// The app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| view! { <Redirect path="/accounts"/> }>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/register") view=Register/>
                <Route path=path!("/accounts") view=|| view! { <Shell><Accounts/></Shell> }/>
                <Route path=path!("/settings/tokens") view=|| view! { <Shell><Tokens/></Shell> }/>
                <Route path=path!("/settings/options") view=|| view! { <Shell><Options/></Shell> }/>
                <Route path=path!("/groups") view=|| view! { <Shell><Groups/></Shell> }/>
                <Route path=path!("/accounts/create") view=|| view! { <Shell><Create/></Shell> }/>
                <Route path=path!("/accounts/import") view=|| view! { <Shell><Import/></Shell> }/>
                <Route path=path!("/accounts/:id/edit") view=|| view! { <Shell><Edit/></Shell> }/>
            </Routes>
        </Router>
    }
}

/// Applies the `theme` preference: `light` or `dark` override the system's choice.
pub fn apply_theme(theme: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
}

/// The frame of signed-in pages: navigation and sign-out; applies the user's theme, language and
/// inactivity limit.
#[component]
fn Shell(children: Children) -> impl IntoView {
    spawn_local(async {
        if let Ok(user) = client::call::<Value>("GET", "/api/v1/user", None).await {
            let pref = |k: &str| user.pointer(&format!("/preferences/{k}")).cloned();
            apply_theme(
                pref("theme")
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or("system"),
            );
            session::watch(pref("kickUserAfter").and_then(|v| v.as_i64()).unwrap_or(0));
            i18n::follow_preference(
                pref("lang")
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or("browser"),
            );
        }
    });
    view! {
        <header class="bar">
            <span class="brand">"Twofold"</span>
            <nav aria-label=tr("Main")>
                <A href="/accounts">{tr("Accounts")}</A>
                <A href="/accounts/create">{tr("New")}</A>
                <A href="/accounts/import">{tr("Import")}</A>
                <A href="/groups">{tr("Groups")}</A>
                <A href="/settings/tokens">{tr("Tokens")}</A>
                <A href="/settings/options">{tr("Options")}</A>
                <button type="button" class="link" on:click=|_| session::sign_out()>{tr("Sign out")}</button>
            </nav>
        </header>
        <main>{children()}</main>
    }
}

/// A list of error messages, announced to screen readers.
#[component]
pub fn Errors(errors: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !errors.get().is_empty()>
            <ul class="errors" role="alert">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </Show>
    }
}
