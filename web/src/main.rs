//! The everyday app: accounts and their codes, groups, sign-in. Adding and editing an account
//! are the editor app's (`src/bin/editor.rs`).

use leptos::prelude::*;
use twofold_web::app::{Shell, start};
use twofold_web::pages::{accounts::Accounts, auth::Login, auth::Register, groups::Groups};
use twofold_web::router::{Route, WebApp};

const ROUTES: &[Route] = &[
    ("/login", || view! { <Login/> }.into_any()),
    ("/register", || view! { <Register/> }.into_any()),
    ("/accounts", || {
        view! { <Shell><Accounts/></Shell> }.into_any()
    }),
    ("/groups", || view! { <Shell><Groups/></Shell> }.into_any()),
];

fn main() {
    start(WebApp::Everyday, ROUTES);
}
