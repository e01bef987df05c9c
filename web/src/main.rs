//! The everyday app: accounts and their codes, adding and editing them, groups.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use twofold_web::app::{Shell, WebApp, start};
use twofold_web::pages::{
    accounts::Accounts, auth::Login, auth::Register, create::Create, edit::Edit, groups::Groups,
};

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| view! { <Redirect path="/accounts"/> }>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/register") view=Register/>
                <Route path=path!("/accounts") view=|| view! { <Shell><Accounts/></Shell> }/>
                <Route path=path!("/groups") view=|| view! { <Shell><Groups/></Shell> }/>
                <Route path=path!("/accounts/create") view=|| view! { <Shell><Create/></Shell> }/>
                <Route path=path!("/accounts/:id/edit") view=|| view! { <Shell><Edit/></Shell> }/>
            </Routes>
        </Router>
    }
}

fn main() {
    start(WebApp::Everyday, App);
}
