//! Web (session) routes, as 2FAuth serves them outside `/api/v1`: CSRF, register, login, logout,
//! the user's own profile, lost passwords, personal access tokens, the instance's diagnostics, the
//! key of the web app's offline copy.

pub mod offline_key;
pub mod password_reset;
pub mod profile;
pub mod session;
pub mod sso;
pub mod sso_only;
pub mod system;
pub mod tokens;
pub mod webauthn;
pub mod webauthn_recovery;
