//! Group rules: names and the `show_in_chips` flag.

use alloc::string::String;

use serde_json::{Map, Value};

use crate::input::laravel_boolean;
use crate::validation::{ValidationErrors, messages};

/// Longest group name.
pub const MAX_NAME: usize = 32;
/// The virtual group's label, reserved.
pub const ALL: &str = "All";

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
                errors.add("name", messages::GROUP_CHARSET);
            }
            if name.chars().count() > MAX_NAME {
                errors.add("name", messages::max_chars("name", MAX_NAME));
            }
            if name == ALL {
                errors.add("name", messages::GROUP_RESERVED);
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

/// 2FAuth's group filter, kept as the `activeGroup` preference: which accounts the list shows.
/// The pseudo-groups are stored as `0` and negative numbers, groups by their (positive) id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupFilter {
    /// `0`: every account.
    All,
    /// `-1`: the accounts in no group.
    WithoutGroup,
    /// `-2`: the accounts the user shares with someone (or with everyone).
    SharedByMe,
    /// `-3`: the accounts someone shares with the user.
    SharedWithMe,
    /// One group, by id (an unknown id simply matches nothing).
    Group(i64),
}

impl GroupFilter {
    /// The filter a stored `activeGroup` value names.
    pub const fn from_preference(value: i64) -> Self {
        match value {
            0 => Self::All,
            -1 => Self::WithoutGroup,
            -2 => Self::SharedByMe,
            -3 => Self::SharedWithMe,
            id => Self::Group(id),
        }
    }

    /// The value stored in `activeGroup`.
    pub const fn preference(self) -> i64 {
        match self {
            Self::All => 0,
            Self::WithoutGroup => -1,
            Self::SharedByMe => -2,
            Self::SharedWithMe => -3,
            Self::Group(id) => id,
        }
    }

    /// The real group this filter names, if any.
    pub const fn group(self) -> Option<i64> {
        match self {
            Self::Group(id) if id > 0 => Some(id),
            _ => None,
        }
    }

    /// Whether an account shows under this filter, from its group and its sharing state.
    pub fn shows(self, group_id: Option<i64>, shared_by_me: bool, shared_with_me: bool) -> bool {
        match self {
            Self::All => true,
            Self::WithoutGroup => group_id.is_none(),
            Self::SharedByMe => shared_by_me,
            Self::SharedWithMe => shared_with_me,
            Self::Group(id) => group_id == Some(id),
        }
    }
}

/// Where a new account goes when its request names no group, from the `defaultGroup` and
/// `activeGroup` preferences: `defaultGroup` `-1` means the active group, `0` none. The answer is a
/// candidate only: the caller still checks that the group is the user's own.
pub fn default_target(default_group: i64, active_group: i64) -> Option<i64> {
    match default_group {
        -1 => GroupFilter::from_preference(active_group).group(),
        id => (id > 0).then_some(id),
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
            messages::GROUP_CHARSET
        );
        assert_eq!(
            check(json!({"name": "All"})).unwrap_err().message(),
            messages::GROUP_RESERVED
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

    #[test]
    fn group_filter_round_trips_and_matches() {
        for value in [0, -1, -2, -3, 7] {
            assert_eq!(GroupFilter::from_preference(value).preference(), value);
        }
        let (in_seven, loose) = (Some(7), None);
        assert!(GroupFilter::All.shows(loose, false, false));
        assert!(GroupFilter::WithoutGroup.shows(loose, false, false));
        assert!(!GroupFilter::WithoutGroup.shows(in_seven, false, false));
        assert!(GroupFilter::SharedByMe.shows(in_seven, true, false));
        assert!(!GroupFilter::SharedByMe.shows(in_seven, false, true));
        assert!(GroupFilter::SharedWithMe.shows(loose, false, true));
        assert!(GroupFilter::Group(7).shows(in_seven, false, false));
        assert!(!GroupFilter::Group(8).shows(in_seven, false, false));
    }

    #[test]
    fn default_target_follows_default_then_active_group() {
        assert_eq!(default_target(0, 5), None);
        assert_eq!(default_target(4, 5), Some(4));
        assert_eq!(default_target(-1, 5), Some(5));
        // The active filter is a pseudo-group: no group.
        for pseudo in [0, -1, -2, -3] {
            assert_eq!(default_target(-1, pseudo), None);
        }
        assert_eq!(default_target(-7, 5), None);
    }
}
