//! Id lists and orders: the `ids=1,2,3` query parameter and the reorder algorithm.

use alloc::collections::BTreeSet;
use alloc::string::ToString;
use alloc::vec::Vec;

use serde_json::Value;

use crate::validation::{ValidationErrors, messages};

/// 2FAuth refuses lists of this many ids or more (it says "max 100" but already fails at 100).
pub const IDS_LIMIT: usize = 100;
/// The most ids one bulk call may carry (one fewer than [`IDS_LIMIT`]); longer lists are split.
pub const IDS_PER_CALL: usize = IDS_LIMIT - 1;

/// True when a bulk operation may take this many ids (2FAuth answers 400 otherwise).
pub fn within_limit(ids: &[i64]) -> bool {
    ids.len() <= IDS_PER_CALL
}

/// Reads a required `ids` parameter (already normalised: `""` is `null`): 422 when absent, empty
/// or not `^\d+(,\d+)*$`. The length is the caller's check ([`within_limit`]), as only bulk
/// operations have one.
pub fn parse(value: Option<&Value>) -> Result<Vec<i64>, ValidationErrors> {
    let raw = match value {
        None | Some(Value::Null) => {
            return Err(ValidationErrors::single("ids", messages::required("ids")));
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(ValidationErrors::single("ids", messages::IDS_FORMAT)),
    };
    let ids: Option<Vec<i64>> = raw
        .split(',')
        .map(|part| {
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect();
    ids.ok_or_else(|| ValidationErrors::single("ids", messages::IDS_FORMAT))
}

/// Refuses (422, Laravel's `max` rule for arrays) an array of ids longer than a bulk operation
/// may take ([`within_limit`]): group reorders and share requests check each id with its own
/// query, so an unbounded list is an unbounded number of queries. Anything but an array passes
/// (its own validation answers it).
pub fn array_within_limit(value: Option<&Value>, field: &str) -> Result<(), ValidationErrors> {
    match value {
        Some(Value::Array(items)) if items.len() >= IDS_LIMIT => Err(ValidationErrors::single(
            field,
            messages::max_items(field, IDS_LIMIT - 1),
        )),
        _ => Ok(()),
    }
}

/// Reads an array of integer ids (`orderedIds`, `ids` of group assignment): required, an array,
/// every item an integer (or a string of digits).
pub fn parse_array(value: Option<&Value>, field: &str) -> Result<Vec<i64>, ValidationErrors> {
    let items = match value {
        None | Some(Value::Null) => {
            return Err(ValidationErrors::single(field, messages::required(field)));
        }
        Some(Value::Array(items)) if items.is_empty() => {
            return Err(ValidationErrors::single(field, messages::required(field)));
        }
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ValidationErrors::single(field, messages::array(field)));
        }
    };
    let mut errors = ValidationErrors::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match crate::input::laravel_integer(item) {
            Some(id) => out.push(id),
            None => {
                let key = alloc::format!("{field}.{i}");
                errors.add(&key, messages::integer(&key));
            }
        }
    }
    errors.into_result().map(|()| out)
}

/// 2FAuth's reorder: the requested ids the user can see, first occurrence only, in the requested
/// order, then every other visible id in its current order.
pub fn reorder(requested: &[i64], visible_in_order: &[i64]) -> Vec<i64> {
    let visible: BTreeSet<i64> = visible_in_order.iter().copied().collect();
    let mut placed = BTreeSet::new();
    let mut out: Vec<i64> = requested
        .iter()
        .copied()
        .filter(|id| visible.contains(id) && placed.insert(*id))
        .collect();
    out.extend(
        visible_in_order
            .iter()
            .copied()
            .filter(|id| !placed.contains(id)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_lists_like_2fauth() {
        assert_eq!(parse(Some(&json!("1,22,3"))), Ok(alloc::vec![1, 22, 3]));
        assert_eq!(parse(Some(&json!(7))), Ok(alloc::vec![7]));
        for bad in ["a,1", "1,,2", "1,2,", "1;2", ",1", "-1"] {
            assert_eq!(
                parse(Some(&json!(bad))).unwrap_err().message(),
                messages::IDS_FORMAT,
                "{bad}"
            );
        }
        assert_eq!(
            parse(None).unwrap_err().message(),
            "The ids field is required."
        );
        assert!(parse(Some(&Value::Null)).is_err());
        let list = |n: i64| (1..=n).collect::<Vec<_>>();
        assert!(within_limit(&list(99)));
        assert!(!within_limit(&list(100)), "2FAuth already refuses 100");
    }

    #[test]
    fn arrays_of_ids() {
        assert_eq!(
            parse_array(Some(&json!([3, "4"])), "ids"),
            Ok(alloc::vec![3, 4])
        );
        let e = parse_array(Some(&json!([1, "x"])), "orderedIds").unwrap_err();
        assert!(e.has("orderedIds.1"));
        assert!(parse_array(Some(&json!([])), "orderedIds").is_err());
        assert!(parse_array(Some(&json!("1,2")), "orderedIds").is_err());
    }

    #[test]
    fn arrays_are_capped_like_id_lists() {
        let array = |n: i64| Value::from((1..=n).collect::<Vec<_>>());
        assert_eq!(array_within_limit(Some(&array(99)), "orderedIds"), Ok(()));
        let refused = array_within_limit(Some(&array(100)), "user_ids").unwrap_err();
        assert_eq!(
            refused.message(),
            "The user ids field must not have more than 99 items."
        );
        assert!(refused.has("user_ids"));
        assert_eq!(array_within_limit(Some(&json!("1,2")), "ids"), Ok(()));
        assert_eq!(array_within_limit(None, "ids"), Ok(()));
    }

    #[test]
    fn reorders_like_2fauth() {
        assert_eq!(reorder(&[3, 1], &[1, 2, 3, 4]), [3, 1, 2, 4]);
        assert_eq!(reorder(&[3, 3, 99, 1], &[1, 2, 3]), [3, 1, 2]);
        assert_eq!(reorder(&[], &[5, 4]), [5, 4]);
    }
}
