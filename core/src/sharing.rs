//! Sharing rules (2FAuth's sharing routes): which users a share request names, how the recipients filter reads, and
//! an ownership transfer's input.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};

use crate::input::laravel_integer;
use crate::user::is_email;
use crate::validation::{ValidationErrors, messages};

/// The users of a share request: `user_ids` (required array of at least one distinct integer),
/// or the older single `user_id` when `user_ids` is absent. Whether they exist is the caller's
/// check.
pub fn user_ids(body: &Map<String, Value>) -> Result<Vec<i64>, ValidationErrors> {
    let items = match (body.get("user_ids"), body.get("user_id")) {
        (None | Some(Value::Null), Some(single)) if !single.is_null() => {
            return laravel_integer(single)
                .map(|id| alloc::vec![id])
                .ok_or_else(|| ValidationErrors::single("user_id", messages::integer("user_id")));
        }
        (None | Some(Value::Null), _) => {
            return Err(ValidationErrors::single(
                "user_ids",
                messages::required("user_ids"),
            ));
        }
        (Some(Value::Array(items)), _) if items.is_empty() => {
            return Err(ValidationErrors::single(
                "user_ids",
                messages::required("user_ids"),
            ));
        }
        (Some(Value::Array(items)), _) => items,
        (Some(_), _) => {
            return Err(ValidationErrors::single(
                "user_ids",
                messages::array("user_ids"),
            ));
        }
    };
    let mut errors = ValidationErrors::new();
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = format!("user_ids.{i}");
        match laravel_integer(item) {
            Some(id) if ids.contains(&id) => errors.add(&field, messages::distinct(&field)),
            Some(id) => ids.push(id),
            None => errors.add(&field, messages::integer(&field)),
        }
    }
    errors.into_result().map(|()| ids)
}

/// The recipients filter (`filter[nameOrEmail]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientFilter {
    /// No filter: every other user.
    All,
    /// An empty filter: nobody.
    Nobody,
    /// A valid e-mail: that exact address.
    Email(String),
    /// Anything else: names containing it (partial e-mails never match).
    Name(String),
}

/// Reads the recipients filter.
pub fn recipient_filter(raw: Option<&str>) -> RecipientFilter {
    match raw.map(str::trim) {
        None => RecipientFilter::All,
        Some("") => RecipientFilter::Nobody,
        // PHP's FILTER_VALIDATE_EMAIL wants a dotted domain.
        Some(text)
            if is_email(text) && text.rsplit('@').next().is_some_and(|d| d.contains('.')) =>
        {
            RecipientFilter::Email(crate::case::to_lowercase(text))
        }
        Some(text) => RecipientFilter::Name(String::from(text)),
    }
}

/// An ownership transfer: `new_owner_id` (required integer, not `current_owner`) and
/// `confirm_password` (required). Whether the user exists is the caller's check.
pub fn transfer(
    body: &Map<String, Value>,
    current_owner: i64,
) -> Result<(i64, String), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let owner = match body.get("new_owner_id") {
        None | Some(Value::Null) => {
            errors.add("new_owner_id", messages::required("new_owner_id"));
            None
        }
        Some(v) => match laravel_integer(v) {
            Some(id) if id == current_owner => {
                errors.add("new_owner_id", messages::SAME_OWNER);
                None
            }
            Some(id) => Some(id),
            None => {
                errors.add("new_owner_id", messages::integer("new_owner_id"));
                None
            }
        },
    };
    let password = match body.get("confirm_password") {
        Some(Value::String(p)) => Some(p.clone()),
        _ => {
            errors.add("confirm_password", messages::required("confirm_password"));
            None
        }
    };
    match (owner, password) {
        (Some(owner), Some(password)) if errors.is_empty() => Ok((owner, password)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn user_ids_follow_2fauths_rules() {
        assert_eq!(
            user_ids(&body(json!({"user_ids": [2, "3"]}))),
            Ok(alloc::vec![2, 3])
        );
        assert_eq!(user_ids(&body(json!({"user_id": 4}))), Ok(alloc::vec![4]));
        for (b, field) in [
            (json!({}), "user_ids"),
            (json!({"user_ids": []}), "user_ids"),
            (json!({"user_ids": 2}), "user_ids"),
            (json!({"user_ids": [2, 2]}), "user_ids.1"),
            (json!({"user_ids": ["x"]}), "user_ids.0"),
        ] {
            assert!(user_ids(&body(b.clone())).unwrap_err().has(field), "{b}");
        }
    }

    #[test]
    fn recipient_filters() {
        assert_eq!(recipient_filter(None), RecipientFilter::All);
        assert_eq!(recipient_filter(Some(" ")), RecipientFilter::Nobody);
        assert_eq!(
            recipient_filter(Some("Jo@Example.org")),
            RecipientFilter::Email("jo@example.org".into())
        );
        assert_eq!(
            recipient_filter(Some("jo@exa")),
            RecipientFilter::Name("jo@exa".into())
        );
    }

    #[test]
    fn transfers() {
        assert_eq!(
            transfer(
                &body(json!({"new_owner_id": 5, "confirm_password": "pw"})),
                1
            ),
            Ok((5, "pw".into()))
        );
        let same = transfer(
            &body(json!({"new_owner_id": 1, "confirm_password": "pw"})),
            1,
        );
        assert!(same.unwrap_err().has("new_owner_id"));
        let missing = transfer(&body(json!({})), 1).unwrap_err();
        assert!(missing.has("new_owner_id") && missing.has("confirm_password"));
    }
}
