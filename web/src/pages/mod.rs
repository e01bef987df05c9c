//! One module per screen.

pub mod accounts;
pub mod auth;
pub mod edit;
pub mod groups;
pub mod options;
pub mod tokens;
