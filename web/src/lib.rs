//! Twofold's web app: Leptos, client-side rendered; codes are computed here by `twofold_core`.
//! Two apps share this library: the everyday one (`src/main.rs`: accounts and codes, adding,
//! editing, groups) and the one of screens visited less often (`src/bin/settings.rs`: options,
//! tokens, own account, import, managing several accounts, administration, lost password); each
//! .wasm carries only the screens it routes to.

pub mod app;
pub mod client;
pub mod i18n;
pub mod me;
pub mod pages;
pub mod session;
pub mod tools;
