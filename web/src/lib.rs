//! Twofold's web app: Leptos, client-side rendered; codes are computed here by `twofold_core`.
//! Four apps share this library, each its own .wasm carrying only the screens it routes to: the
//! everyday one (`src/main.rs`: accounts and codes, groups, sign-in), the editor
//! (`src/bin/editor.rs`: adding an account, editing one), the settings one
//! (`src/bin/settings.rs`: options, tokens, own account, import, managing several accounts,
//! sharing, code logs, lost password) and the administration one (`src/bin/admin.rs`: users,
//! application settings, About). [`router::app_of`] tells which owns a path.
//!
//! Modules, leaf first (each uses only those above it in this list):
//! - [`browser`] (storage, clipboard, timers, files), [`i18n`], [`widgets`], [`tools`] (the
//!   lazily loaded half of `core`), [`router`] (which app owns a path, the moves between one app's
//!   screens);
//! - [`client`]: HTTP to the server, reporting a session that is over without acting on it;
//! - [`me`] (the signed-in user), [`offline`] (this device's copy), [`session`] (its end),
//!   [`passkeys`] (the browser's passkeys against the worker's routes);
//! - [`app`]: what the views of a page load share through Leptos'
//!   context ([`app::PageLoad`]: the app, the user, the session, made once at each app's root),
//!   and the shell of signed-in screens;
//! - [`pages`]: one module per screen.

pub mod app;
pub mod browser;
pub mod client;
pub mod i18n;
pub mod me;
pub mod offline;
pub mod pages;
pub mod passkeys;
pub mod router;
pub mod session;
pub mod tools;
pub mod widgets;
