//! Twofold's web app: Leptos, client-side rendered; codes are computed here by `twofold_core`.

mod app;
mod client;
mod i18n;
mod pages;
mod session;
mod tools;

fn main() {
    i18n::init();
    leptos::mount::mount_to_body(app::App);
}
