//! The administration app: users, application settings, and the About page (with the instance's
//! diagnostics for administrators). Visited least of all, so kept out of the other two;
//! `web/static/app.js` loads it for its paths (`twofold_web::app::app_of`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use twofold_web::app::{Elsewhere, Shell, WebApp, start};
use twofold_web::pages::about::About;
use twofold_web::pages::admin::{AppSettings, ManageUser, Users};

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=Elsewhere>
                <Route path=path!("/about") view=|| view! { <Shell><About/></Shell> }/>
                <Route path=path!("/admin/users") view=|| view! { <Shell><Users/></Shell> }/>
                <Route path=path!("/admin/users/:id") view=|| view! { <Shell><ManageUser/></Shell> }/>
                <Route path=path!("/admin/app") view=|| view! { <Shell><AppSettings/></Shell> }/>
            </Routes>
        </Router>
    }
}

fn main() {
    start(WebApp::Admin, App);
}
