//! One module per screen.

pub mod about;
pub mod account;
pub mod account_form;
pub mod accounts;
pub mod admin;
pub mod auth;
pub mod backups;
pub mod create;
pub mod edit;
pub mod form;
pub mod groups;
pub mod import;
pub mod lost_password;
pub mod manage;
pub mod options;
pub mod passkey_recovery;
pub mod passkeys;
pub mod sharing;
pub mod tokens;
