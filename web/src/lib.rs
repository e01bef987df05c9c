//! Twofold's web app: Leptos, client-side rendered; codes are computed here by `twofold_core`.
//! Three apps share this library, each its own .wasm carrying only the screens it routes to: the
//! everyday one (`src/main.rs`: accounts and codes, adding, editing, groups), the settings one
//! (`src/bin/settings.rs`: options, tokens, own account, import, managing several accounts,
//! sharing, code logs, lost password) and the administration one (`src/bin/admin.rs`: users,
//! application settings, About). [`app::app_of`] tells which owns a path.

pub mod app;
pub mod client;
pub mod i18n;
pub mod me;
pub mod offline;
pub mod pages;
pub mod session;
pub mod tools;
