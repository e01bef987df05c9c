//! D1 storage, one module per table. Every statement is prepared with bound parameters, and every
//! query on user data is scoped by the caller's user id or checked against it by the caller.

pub mod api_hits;
pub mod auth_log;
pub mod backups;
pub mod groups;
pub mod icons;
pub mod login_attempts;
pub mod otp_logs;
pub mod password_resets;
pub mod reencryption;
pub mod sessions;
pub mod settings;
pub mod shares;
pub mod sso_states;
pub mod tokens;
pub mod twofaccounts;
pub mod users;
pub mod webauthn;
pub mod webauthn_recoveries;

use wasm_bindgen::JsValue;
use worker::D1Result;

/// A bound integer (D1 numbers are doubles; ids and times stay far below 2^53).
pub fn int(value: i64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// A bound text.
pub fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// A bound nullable text.
pub fn opt_text(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// How many statements of a batch changed at least one row.
pub fn changed(results: &[D1Result]) -> usize {
    results
        .iter()
        .filter_map(|r| r.meta().ok().flatten().and_then(|m| m.changes))
        .filter(|changes| *changes > 0)
        .count()
}

/// What one re-encryption batch of a table did; `K` is the table's key.
pub struct Reencrypted<K> {
    /// Rows rewritten under the current key and format.
    pub done: usize,
    /// Rows with a value no known key opens where it is (left untouched).
    pub undecipherable: Vec<K>,
    /// Where the next batch starts (`None`: this was the last).
    pub next: Option<K>,
}
