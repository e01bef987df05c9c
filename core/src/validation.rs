//! Validation errors in the shape 2FAuth (Laravel) reports them: an ordered map from field name to
//! messages, summarised as `"<first message> (and N more errors)"`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Field errors in the order the rules were checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    fields: Vec<(String, Vec<String>)>,
}

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error on one field.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Appends a message to `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        match self.fields.iter_mut().find(|(name, _)| name == field) {
            Some((_, messages)) => messages.push(message),
            None => self.fields.push((field.to_string(), alloc::vec![message])),
        }
    }

    /// Appends every error of `other`, field by field.
    pub fn merge(&mut self, other: ValidationErrors) {
        for (field, messages) in other.fields {
            for message in messages {
                self.add(&field, message);
            }
        }
    }

    /// True when no rule failed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// True when `field` has at least one error.
    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|(name, _)| name == field)
    }

    /// The fields and their messages, in order.
    pub fn fields(&self) -> &[(String, Vec<String>)] {
        &self.fields
    }

    /// Laravel's summary: the first message, then `(and N more error[s])` when there are others.
    pub fn message(&self) -> String {
        let mut all = self.fields.iter().flat_map(|(_, m)| m.iter());
        match all.next() {
            Some(first) => messages::summary(first, all.count(), None),
            None => String::new(),
        }
    }

    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl core::fmt::Display for ValidationErrors {
    /// Laravel's summary: the first message, and how many more.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for ValidationErrors {}

impl Serialize for ValidationErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (field, messages) in &self.fields {
            map.serialize_entry(field, messages)?;
        }
        map.end()
    }
}

/// The messages' templates and builders ([`crate::messages`]), where the rules find them.
pub use crate::messages::{self, attribute};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_every_other_message() {
        let mut e = ValidationErrors::new();
        assert_eq!(e.message(), "");
        e.add("account", messages::required("account"));
        assert_eq!(e.message(), "The account field is required.");
        e.add("otp_type", messages::required("otp_type"));
        assert_eq!(
            e.message(),
            "The account field is required. (and 1 more error)"
        );
        e.add("otp_type", "second");
        assert_eq!(
            e.message(),
            "The account field is required. (and 2 more errors)"
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"account":["The account field is required."],"otp_type":["The otp type field is required.","second"]}"#
        );
    }
}
