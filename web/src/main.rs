//! Twofold's web app: Leptos, client-side rendered; codes are computed here by `twofold_core`.

mod app;
mod client;
mod pages;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
