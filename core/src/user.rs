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

pub(crate) fn string_field(
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

pub(crate) fn email_field(
    body: &Map<String, Value>,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let email = crate::case::to_lowercase(&string_field(body, "email", errors)?);
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

/// A new password: required, at least [`MIN_PASSWORD`] characters, equal to
/// `password_confirmation`.
fn new_password(body: &Map<String, Value>, errors: &mut ValidationErrors) -> Option<String> {
    let password = string_field(body, "password", errors)?;
    let mut ok = true;
    if password.chars().count() < MIN_PASSWORD {
        errors.add("password", messages::min_chars("password", MIN_PASSWORD));
        ok = false;
    }
    if body.get("password_confirmation").and_then(Value::as_str) != Some(password.as_str()) {
        errors.add("password", messages::confirmation("password"));
        ok = false;
    }
    ok.then_some(password)
}

/// A name or e-mail within [`MAX_LENGTH`].
fn bounded(field: &str, value: Option<String>, errors: &mut ValidationErrors) -> Option<String> {
    let value = value?;
    if value.chars().count() > MAX_LENGTH {
        errors.add(field, messages::max_chars(field, MAX_LENGTH));
        return None;
    }
    Some(value)
}

/// A profile update (`PUT /user`): the new name and e-mail, and the current password that
/// authorises the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileUpdate {
    /// New display name.
    pub name: String,
    /// New e-mail, lower-cased.
    pub email: String,
    /// The current password.
    pub password: String,
}

/// Checks a profile update body (uniqueness and policy are the caller's checks).
pub fn profile_update(body: &Map<String, Value>) -> Result<ProfileUpdate, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = string_field(body, "name", &mut errors);
    let name = bounded("name", name, &mut errors);
    let email = email_field(body, &mut errors);
    let email = bounded("email", email, &mut errors);
    let password = string_field(body, "password", &mut errors);
    match (name, email, password) {
        (Some(name), Some(email), Some(password)) if errors.is_empty() => Ok(ProfileUpdate {
            name,
            email,
            password,
        }),
        _ => Err(errors),
    }
}

/// Checks a password change (`PATCH /user/password`): `(current, new)`.
pub fn password_change(body: &Map<String, Value>) -> Result<(String, String), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let current = string_field(body, "currentPassword", &mut errors);
    let new = new_password(body, &mut errors);
    match (current, new) {
        (Some(current), Some(new)) if errors.is_empty() => Ok((current, new)),
        _ => Err(errors),
    }
}

/// Checks a lost-password request (`POST /user/password/lost`): the e-mail, lower-cased.
pub fn lost_password(body: &Map<String, Value>) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    email_field(body, &mut errors).ok_or(errors)
}

/// A password reset (`POST /user/password/reset`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordReset {
    /// The token of the reset link.
    pub token: String,
    /// The e-mail of the link, lower-cased.
    pub email: String,
    /// The new password.
    pub password: String,
}

/// Checks a password reset body.
pub fn password_reset(body: &Map<String, Value>) -> Result<PasswordReset, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let token = string_field(body, "token", &mut errors);
    let email = email_field(body, &mut errors);
    let password = new_password(body, &mut errors);
    match (token, email, password) {
        (Some(token), Some(email), Some(password)) if errors.is_empty() => Ok(PasswordReset {
            token,
            email,
            password,
        }),
        _ => Err(errors),
    }
}

/// A passkey recovery (`POST /webauthn/recover`): the mailed link's token and e-mail, and the
/// current password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebauthnRecovery {
    /// The token of the recovery link.
    pub token: String,
    /// The e-mail of the link, lower-cased.
    pub email: String,
    /// The account's current password.
    pub password: String,
}

/// Checks a passkey recovery body (`revokeAll` is read apart: any value, PHP's booleans).
pub fn webauthn_recovery(body: &Map<String, Value>) -> Result<WebauthnRecovery, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let token = string_field(body, "token", &mut errors);
    let email = email_field(body, &mut errors);
    let password = string_field(body, "password", &mut errors);
    match (token, email, password) {
        (Some(token), Some(email), Some(password)) if errors.is_empty() => Ok(WebauthnRecovery {
            token,
            email,
            password,
        }),
        _ => Err(errors),
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

    #[test]
    fn password_changes_need_the_current_one_and_a_confirmed_new_one() {
        assert_eq!(
            password_change(&map(
                json!({"currentPassword": "old", "password": "newpassword", "password_confirmation": "newpassword"})
            )),
            Ok(("old".into(), "newpassword".into()))
        );
        let errors = password_change(&map(
            json!({"password": "short", "password_confirmation": "other"}),
        ))
        .unwrap_err();
        assert!(errors.has("currentPassword") && errors.has("password"));
    }

    #[test]
    fn profile_updates_and_resets() {
        let ok = profile_update(&map(
            json!({"name": "Jo", "email": "Jo@Example.org", "password": "x"}),
        ))
        .unwrap();
        assert_eq!(ok.email, "jo@example.org");
        let errors = profile_update(&map(
            json!({"name": "n".repeat(192), "email": "nope", "password": null}),
        ))
        .unwrap_err();
        assert!(errors.has("name") && errors.has("email") && errors.has("password"));
        assert!(password_reset(&map(json!({"email": "a@b.c"}))).is_err());
        assert_eq!(
            lost_password(&map(json!({"email": "A@B.C"}))),
            Ok("a@b.c".into())
        );
    }

    #[test]
    fn webauthn_recovery_needs_token_email_and_password() {
        let body = |v: Value| v.as_object().unwrap().clone();
        let ok = webauthn_recovery(&body(serde_json::json!({
            "token": "t", "email": "Jane@Example.com", "password": "x"
        })))
        .unwrap();
        assert_eq!(
            (ok.token.as_str(), ok.email.as_str()),
            ("t", "jane@example.com")
        );
        let errors = webauthn_recovery(&body(serde_json::json!({"email": "nope"}))).unwrap_err();
        let json = serde_json::to_value(&errors).unwrap();
        for field in ["token", "email", "password"] {
            assert!(json.get(field).is_some(), "{field}: {json}");
        }
    }
}
