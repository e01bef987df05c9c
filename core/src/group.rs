//! Group rules: names and the `show_in_chips` flag.

use alloc::string::String;

use serde_json::{Map, Value};

use crate::input::laravel_boolean;
use crate::validation::{ValidationErrors, messages};

/// Longest group name.
pub const MAX_NAME: usize = 32;
/// The virtual group's label, reserved.
pub const ALL: &str = "All";
/// 2FAuth's message for the reserved name.
pub const RESERVED: &str = "Reserved name, please choose something else";
/// 2FAuth's message for characters outside its set.
pub const CHARSET: &str =
    "Please only use letters, numbers, dashes, underscores, spaces or single quotation marks";

/// 2FAuth's `^[A-zÀ-ú0-9\s\-_']+$`. The ASCII range `A-z` also admits `[ \ ] ^ _` and the
/// backtick, and `À-ú` includes `×` and `÷`: reproduced as is, for compatibility.
fn allowed(c: char) -> bool {
    ('A'..='z').contains(&c)
        || ('À'..='ú').contains(&c)
        || c.is_ascii_digit()
        || c.is_whitespace()
        || c == '-'
        || c == '\''
}

/// A valid group request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInput {
    /// The name (unique per user: the caller checks storage).
    pub name: String,
    /// `show_in_chips` when sent.
    pub show_in_chips: Option<bool>,
}

/// Checks a group body (already normalised).
pub fn validate(body: &Map<String, Value>) -> Result<GroupInput, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = match body.get("name") {
        None | Some(Value::Null) => {
            errors.add("name", messages::required("name"));
            None
        }
        Some(Value::String(name)) => {
            if !name.chars().all(allowed) {
                errors.add("name", CHARSET);
            }
            if name.chars().count() > MAX_NAME {
                errors.add("name", messages::max_chars("name", MAX_NAME));
            }
            if name == ALL {
                errors.add("name", RESERVED);
            }
            Some(name.clone())
        }
        Some(_) => {
            errors.add("name", messages::string("name"));
            None
        }
    };
    let show_in_chips = match body.get("show_in_chips") {
        None => None,
        Some(v) => match laravel_boolean(v) {
            Some(b) => Some(b),
            None => {
                errors.add("show_in_chips", messages::boolean("show_in_chips"));
                None
            }
        },
    };
    match name {
        Some(name) if errors.is_empty() => Ok(GroupInput {
            name,
            show_in_chips,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: Value) -> Result<GroupInput, ValidationErrors> {
        match v {
            Value::Object(m) => validate(&m),
            _ => unreachable!(),
        }
    }

    #[test]
    fn names() {
        for ok in ["Social", "Été 2024", "a-b_c 'd'", "[x]^`"] {
            assert!(check(json!({"name": ok})).is_ok(), "{ok}");
        }
        assert_eq!(
            check(json!({"name": "a\"b"})).unwrap_err().message(),
            CHARSET
        );
        assert_eq!(
            check(json!({"name": "All"})).unwrap_err().message(),
            RESERVED
        );
        assert_eq!(
            check(json!({"name": "x".repeat(33)}))
                .unwrap_err()
                .message(),
            "The name field must not be greater than 32 characters."
        );
        assert_eq!(
            check(json!({})).unwrap_err().message(),
            "The name field is required."
        );
        assert_eq!(
            check(json!({"name": "ok", "show_in_chips": "1"}))
                .unwrap()
                .show_in_chips,
            Some(true)
        );
        assert!(check(json!({"name": "ok", "show_in_chips": "yes"})).is_err());
    }
}
