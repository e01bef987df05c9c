//! The app of screens visited less often: options, tokens, passkeys, own account, backups, import, managing several
//! accounts at once, sharing, code logs, lost password, a failed single sign-on's `/error` page. Kept apart from the everyday app so that
//! one stays small; `web/static/app.js` loads this one for its paths (`twofold_web::app::app_of`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use twofold_web::app::{Elsewhere, Shell, WebApp, start};
use twofold_web::pages::account::MyAccount;
use twofold_web::pages::auth::SsoError;
use twofold_web::pages::backups::Backups;
use twofold_web::pages::import::Import;
use twofold_web::pages::lost_password::{LostPassword, ResetPassword};
use twofold_web::pages::manage::Manage;
use twofold_web::pages::options::Options;
use twofold_web::pages::passkey_recovery::{LostPasskey, RecoverPasskey};
use twofold_web::pages::passkeys::Passkeys;
use twofold_web::pages::sharing::{OtpLogs, Sharing};
use twofold_web::pages::tokens::Tokens;

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=Elsewhere>
                <Route path=path!("/password/request") view=LostPassword/>
                <Route path=path!("/error") view=SsoError/>
                <Route path=path!("/user/password/reset") view=ResetPassword/>
                <Route path=path!("/webauthn/lost") view=LostPasskey/>
                <Route path=path!("/webauthn/recover") view=RecoverPasskey/>
                <Route path=path!("/settings/options") view=|| view! { <Shell><Options/></Shell> }/>
                <Route path=path!("/settings/tokens") view=|| view! { <Shell><Tokens/></Shell> }/>
                <Route path=path!("/settings/webauthn") view=|| view! { <Shell><Passkeys/></Shell> }/>
                <Route path=path!("/settings/account") view=|| view! { <Shell><MyAccount/></Shell> }/>
                <Route path=path!("/settings/backups") view=|| view! { <Shell><Backups/></Shell> }/>
                <Route path=path!("/accounts/import") view=|| view! { <Shell><Import/></Shell> }/>
                <Route path=path!("/accounts/manage") view=|| view! { <Shell><Manage/></Shell> }/>
                <Route path=path!("/accounts/:id/sharing") view=|| view! { <Shell><Sharing/></Shell> }/>
                <Route path=path!("/accounts/:id/otp-logs") view=|| view! { <Shell><OtpLogs/></Shell> }/>
            </Routes>
        </Router>
    }
}

fn main() {
    start(WebApp::Settings, App);
}
