//! Web (session) routes, as 2FAuth serves them outside `/api/v1`: CSRF, register, login, logout,
//! personal access tokens.

pub mod session;
pub mod tokens;
