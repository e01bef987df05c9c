//! Who may become a user: 2FAuth's registration rules (`UserStoreRequest`), uniqueness, and the
//! admin's registration policy. Shared by `POST /user` and the admin's `POST /api/v1/users`.

use serde_json::{Map, Value};
use twofold_core::settings;
use twofold_core::user::{self, Registration};
use twofold_core::validation::{ValidationErrors, messages};

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::platform::hash_password;
use crate::store::users::User;
use crate::store::{self, users};
use crate::tools;

/// Whether the admin's registration policy lets `email` in (the rule's regex engine is the tools
/// module's). Also asked when a user changes their address.
pub fn email_allowed(all: &[(String, Value)], email: &str) -> bool {
    settings::email_allowed(all, email, |rule| {
        tools::rule_matches(rule, email) == Some(true)
    })
}

/// A registration that passed every rule, or the 422 listing every failure.
pub async fn checked(ctx: &Ctx, body: &Map<String, Value>) -> ApiResult<Registration> {
    let mut errors = ValidationErrors::new();
    let registration = user::registration(body);
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
    let (name, email) = match &registration {
        Ok(r) => (r.name.clone(), r.email.clone()),
        Err(_) => (
            text("name").to_string(),
            twofold_core::case::to_lowercase(text("email")),
        ),
    };
    let (name_taken, email_taken) = users::taken(&ctx.db, &name, &email).await?;
    if let Err(e) = &registration {
        errors.merge(e.clone());
    }
    if name_taken {
        errors.add("name", messages::taken("name"));
    }
    if email_taken {
        errors.add("email", messages::taken("email"));
    }
    let all = store::settings::all(&ctx.db).await?;
    if !errors.has("email") && !email_allowed(&all, &email) {
        errors.add("email", messages::POLICY_REFUSED);
    }
    match registration {
        Ok(r) if errors.is_empty() => Ok(r),
        _ => Err(errors.into()),
    }
}

/// Creates the user of a checked registration (`is_admin` as the admin chose, or by the
/// first-user rule when `None`).
pub async fn create(
    ctx: &Ctx,
    registration: &Registration,
    is_admin: Option<bool>,
) -> ApiResult<User> {
    let password = hash_password(&registration.password).await?;
    users::insert(
        &ctx.db,
        &registration.name,
        &registration.email,
        &password,
        ctx.now as i64,
        is_admin,
    )
    .await
}

/// Whether the admin closed registration (`disableRegistration`).
pub async fn closed(ctx: &Ctx) -> ApiResult<bool> {
    let all = store::settings::all(&ctx.db).await?;
    Ok(settings::enabled(&all, "disableRegistration"))
}
