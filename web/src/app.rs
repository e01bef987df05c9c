//! The shell: routes and the navigation bar.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use serde_json::Value;

use crate::client;
use crate::pages::{
    accounts::Accounts, auth::Login, auth::Register, edit::Edit, groups::Groups, options::Options,
    tokens::Tokens,
};

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

/// The frame of signed-in pages: navigation and sign-out; applies the user's theme.
#[component]
fn Shell(children: Children) -> impl IntoView {
    spawn_local(async {
        if let Ok(user) = client::call::<Value>("GET", "/api/v1/user", None).await
            && let Some(theme) = user.pointer("/preferences/theme").and_then(Value::as_str)
        {
            apply_theme(theme);
        }
    });
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Whatever the answer, the session is over for this page.
            let _ = client::call::<Value>("GET", "/user/logout", None).await;
            navigate("/login", Default::default());
        });
    };
    view! {
        <header class="bar">
            <span class="brand">"Twofold"</span>
            <nav aria-label="Main">
                <A href="/accounts">"Accounts"</A>
                <A href="/groups">"Groups"</A>
                <A href="/settings/tokens">"Tokens"</A>
                <A href="/settings/options">"Options"</A>
                <button type="button" class="link" on:click=sign_out>"Sign out"</button>
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
