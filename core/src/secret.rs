//! A two-factor account's secret as the vault gives it back: readable, or stored under a key that
//! no longer opens it (2FAuth then shows `*indecipherable*` in its place, and refuses codes).

use alloc::string::String;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What 2FAuth shows in place of a stored value that cannot be decrypted (a wrong `APP_KEY`).
pub const INDECIPHERABLE: &str = "*indecipherable*";

/// A secret: its base32 text, or the fact that it could not be deciphered.
///
/// Serialised, an undecipherable secret reads [`INDECIPHERABLE`], where 2FAuth shows it; read
/// back, any text is a readable secret (only the vault knows a value did not open), so the
/// sentinel never gives codes either way: it is not base32.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secret {
    /// The secret's text (base32, as stored).
    Readable(String),
    /// The stored secret does not decrypt under any known key.
    Indecipherable,
}

impl Secret {
    /// The secret's text, `None` when it could not be deciphered.
    pub fn readable(&self) -> Option<&str> {
        match self {
            Self::Readable(text) => Some(text),
            Self::Indecipherable => None,
        }
    }

    /// What 2FAuth shows and exports: the text, or [`INDECIPHERABLE`].
    pub fn shown(&self) -> &str {
        self.readable().unwrap_or(INDECIPHERABLE)
    }
}

impl Default for Secret {
    /// No secret (an empty text): what an account read without its secret carries.
    fn default() -> Self {
        Self::Readable(String::new())
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Self::Readable(text)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Self::Readable(text.into())
    }
}

impl PartialEq<&str> for Secret {
    fn eq(&self, other: &&str) -> bool {
        self.readable() == Some(*other)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.shown())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::Readable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_as_2fauth_shows_it() {
        let readable = Secret::from("JBSWY3DP");
        assert_eq!(serde_json::to_string(&readable).unwrap(), r#""JBSWY3DP""#);
        assert_eq!(
            serde_json::to_string(&Secret::Indecipherable).unwrap(),
            r#""*indecipherable*""#
        );
        assert_eq!(Secret::Indecipherable.readable(), None);
        assert_eq!(readable.readable(), Some("JBSWY3DP"));
    }

    #[test]
    fn read_back_as_text() {
        let back: Secret = serde_json::from_str(r#""JBSWY3DP""#).unwrap();
        assert_eq!(back, "JBSWY3DP");
        assert_eq!(Secret::default(), "");
        assert_ne!(Secret::Indecipherable, INDECIPHERABLE);
    }
}
