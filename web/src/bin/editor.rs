//! The app for adding an account and editing one. Apart from the everyday app so that the
//! accounts screen, where most visits open, does not download them (22 KB gzip of its .wasm when
//! split); `web/static/app.js` loads this one for its paths (`twofold_web::router::app_of`).

use leptos::prelude::*;
use twofold_web::app::{Shell, start};
use twofold_web::pages::{create::Create, edit::Edit};
use twofold_web::router::{Route, WebApp};

const ROUTES: &[Route] = &[
    ("/accounts/create", || {
        view! { <Shell><Create/></Shell> }.into_any()
    }),
    ("/accounts/:id/edit", || {
        view! { <Shell><Edit/></Shell> }.into_any()
    }),
];

fn main() {
    start(WebApp::Editor, ROUTES);
}
