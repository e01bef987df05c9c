//! The administration app: users, application settings, and the About page (with the instance's
//! diagnostics for administrators). Visited least of all, so kept out of the others;
//! `web/static/app.js` loads it for its paths (`twofold_web::router::app_of`).

use leptos::prelude::*;
use twofold_web::app::{Shell, start};
use twofold_web::pages::about::About;
use twofold_web::pages::admin::{AppSettings, ManageUser, Users};
use twofold_web::router::{Route, WebApp};

const ROUTES: &[Route] = &[
    ("/about", || view! { <Shell><About/></Shell> }.into_any()),
    ("/admin/users", || {
        view! { <Shell><Users/></Shell> }.into_any()
    }),
    ("/admin/users/:id", || {
        view! { <Shell><ManageUser/></Shell> }.into_any()
    }),
    ("/admin/app", || {
        view! { <Shell><AppSettings/></Shell> }.into_any()
    }),
];

fn main() {
    start(WebApp::Admin, ROUTES);
}
