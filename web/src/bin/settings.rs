//! The app of screens visited less often: options, tokens, passkeys, own account, backups, import, managing several
//! accounts at once, sharing, code logs, lost password, a failed single sign-on's `/error` page. Kept apart from the everyday app so that
//! one stays small; `web/static/app.js` loads this one for its paths (`twofold_web::router::app_of`).

use leptos::prelude::*;
use twofold_web::app::{Shell, start};
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
use twofold_web::router::{Route, WebApp};

const ROUTES: &[Route] = &[
    ("/password/request", || view! { <LostPassword/> }.into_any()),
    ("/error", || view! { <SsoError/> }.into_any()),
    ("/user/password/reset", || {
        view! { <ResetPassword/> }.into_any()
    }),
    ("/webauthn/lost", || view! { <LostPasskey/> }.into_any()),
    ("/webauthn/recover", || {
        view! { <RecoverPasskey/> }.into_any()
    }),
    ("/settings/options", || {
        view! { <Shell><Options/></Shell> }.into_any()
    }),
    ("/settings/tokens", || {
        view! { <Shell><Tokens/></Shell> }.into_any()
    }),
    ("/settings/webauthn", || {
        view! { <Shell><Passkeys/></Shell> }.into_any()
    }),
    ("/settings/account", || {
        view! { <Shell><MyAccount/></Shell> }.into_any()
    }),
    ("/settings/backups", || {
        view! { <Shell><Backups/></Shell> }.into_any()
    }),
    ("/accounts/import", || {
        view! { <Shell><Import/></Shell> }.into_any()
    }),
    ("/accounts/manage", || {
        view! { <Shell><Manage/></Shell> }.into_any()
    }),
    ("/accounts/:id/sharing", || {
        view! { <Shell><Sharing/></Shell> }.into_any()
    }),
    ("/accounts/:id/otp-logs", || {
        view! { <Shell><OtpLogs/></Shell> }.into_any()
    }),
];

fn main() {
    start(WebApp::Settings, ROUTES);
}
