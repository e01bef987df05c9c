//! One module per screen.

pub mod account_form;
pub mod accounts;
pub mod auth;
pub mod create;
pub mod edit;
pub mod groups;
pub mod import;
pub mod options;
pub mod tokens;
