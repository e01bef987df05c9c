//! Rules for people: registration (`UserStoreRequest`) and login input.

use alloc::string::{String, ToString};

use serde_json::{Map, Value};

use crate::validation::{ValidationErrors, messages};

/// Longest name and e-mail 2FAuth stores.
pub const MAX_LENGTH: usize = 191;
/// Shortest password 2FAuth accepts.
pub const MIN_PASSWORD: usize = 8;

/// A valid registration request (uniqueness is checked against storage by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// Display name.
    pub name: String,
    /// E-mail, lower-cased.
    pub email: String,
    /// Password as typed.
    pub password: String,
}

/// Valid login input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// E-mail, lower-cased (2FAuth matches it case-insensitively).
    pub email: String,
    /// Password as typed.
    pub password: String,
}

/// A pragmatic e-mail check: one `@`, a non-empty local part, a dotted-or-not domain without
/// spaces or brackets. Deliverability is not the point; rejecting obvious garbage is.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let clean = |s: &str| {
        !s.is_empty()
            && !s
                .chars()
                .any(|c| c.is_whitespace() || "<>()[],;:\\\"@".contains(c))
    };
    clean(local) && clean(domain) && !domain.starts_with('.') && !domain.ends_with('.')
}

fn string_field(
    body: &Map<String, Value>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    match body.get(field) {
        None | Some(Value::Null) => {
            errors.add(field, messages::required(field));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.add(field, messages::string(field));
            None
        }
    }
}

fn email_field(body: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<String> {
    let email = string_field(body, "email", errors)?.to_lowercase();
    if !is_email(&email) {
        errors.add("email", messages::email("email"));
        return None;
    }
    Some(email)
}

/// Checks a registration body (already normalised).
pub fn registration(body: &Map<String, Value>) -> Result<Registration, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = string_field(body, "name", &mut errors).filter(|name| {
        let ok = name.chars().count() <= MAX_LENGTH;
        if !ok {
            errors.add("name", messages::max_chars("name", MAX_LENGTH));
        }
        ok
    });
    let email = email_field(body, &mut errors).filter(|email| {
        let ok = email.chars().count() <= MAX_LENGTH;
        if !ok {
            errors.add("email", messages::max_chars("email", MAX_LENGTH));
        }
        ok
    });
    let password = string_field(body, "password", &mut errors).filter(|password| {
        let mut ok = true;
        if password.chars().count() < MIN_PASSWORD {
            errors.add("password", messages::min_chars("password", MIN_PASSWORD));
            ok = false;
        }
        if body.get("password_confirmation").and_then(Value::as_str) != Some(password.as_str()) {
            errors.add("password", messages::confirmation("password"));
            ok = false;
        }
        ok
    });
    match (name, email, password) {
        (Some(name), Some(email), Some(password)) if errors.is_empty() => Ok(Registration {
            name,
            email,
            password,
        }),
        _ => Err(errors),
    }
}

/// Checks a login body (already normalised). Whether the e-mail exists is the caller's check.
pub fn login(body: &Map<String, Value>) -> Result<Login, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let email = email_field(body, &mut errors);
    let password = string_field(body, "password", &mut errors);
    match (email, password) {
        (Some(email), Some(password)) => Ok(Login { email, password }),
        _ => Err(errors),
    }
}

/// 2FAuth's message for a login e-mail that matches no user.
pub const UNKNOWN_EMAIL: &str = "No account found using this email.";

/// A personal access token's name: required, string, at most 255 characters.
pub fn token_name(body: &Map<String, Value>) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = string_field(body, "name", &mut errors);
    match name {
        Some(name) if name.chars().count() <= 255 => Ok(name.to_string()),
        Some(_) => Err(ValidationErrors::single(
            "name",
            messages::max_chars("name", 255),
        )),
        None => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn registration_rules() {
        let ok = registration(&map(json!({"name": "Jane", "email": "Jane@Example.com", "password": "password1", "password_confirmation": "password1"}))).unwrap();
        assert_eq!(ok.email, "jane@example.com");
        let e = registration(&map(json!({}))).unwrap_err();
        assert_eq!(
            e.message(),
            "The name field is required. (and 2 more errors)"
        );
        let e = registration(&map(json!({"name": "J", "email": "nope", "password": "short", "password_confirmation": "other"}))).unwrap_err();
        assert!(e.has("email"));
        assert_eq!(
            e.fields()
                .iter()
                .find(|(f, _)| f == "password")
                .unwrap()
                .1
                .len(),
            2
        );
        let long = "x".repeat(192);
        let e = registration(&map(json!({"name": long, "email": "a@b.c", "password": "password1", "password_confirmation": "password1"}))).unwrap_err();
        assert_eq!(
            e.message(),
            "The name field must not be greater than 191 characters."
        );
    }

    #[test]
    fn emails() {
        for ok in ["a@b", "john.doe+tag@example.co.uk"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "a", "@b", "a@", "a b@c", "a@b c", "a@.b", "a@b."] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn login_and_token_rules() {
        assert_eq!(
            login(&map(json!({"email": "A@B.C", "password": "x"})))
                .unwrap()
                .email,
            "a@b.c"
        );
        assert_eq!(
            login(&map(json!({"password": 1}))).unwrap_err().message(),
            "The email field is required. (and 1 more error)"
        );
        assert_eq!(token_name(&map(json!({"name": "cli"}))).unwrap(), "cli");
        assert!(token_name(&map(json!({"name": "x".repeat(256)}))).is_err());
        assert!(token_name(&map(json!({}))).is_err());
    }
}
