//! `POST /api/v1/twofaccounts/migration`: reads another app's export (a `payload` string or a
//! multipart `file`) with `core`'s importers and answers what an import would create, marking
//! duplicates of the caller's accounts (`id: -1`) and invalid entries (`id: -2`). Nothing is stored.
//! With a `password` field (our extension), encrypted Aegis and 2FAS exports are opened. The
//! importers run in the worker's tools module (`tools`).

use std::collections::HashSet;

use serde_json::Value;
use twofold_core::account::TwoFAccount;
use twofold_core::contract::{AccountFlags, Algorithm, OtpType, TwoFAccountRead};
use twofold_core::duplicate::Identity;
use twofold_core::imported::{Entry, ImportError, Limits};
use twofold_core::validation::{ValidationErrors, messages};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::{Input, json};
use crate::store::twofaccounts as store;
use crate::tools::{self, Failure};

/// The payload: the `payload` string, else the `file` upload (text, or andOTP's binary backup).
fn payload(input: &Input) -> ApiResult<Vec<u8>> {
    match (input.get("payload"), input.file("file")) {
        (Some(Value::String(s)), _) => Ok(s.clone().into_bytes()),
        (Some(v), _) if !v.is_null() => {
            Err(ValidationErrors::single("payload", messages::string("payload")).into())
        }
        (_, Some(file)) => Ok(file.bytes.clone()),
        _ => Err(ValidationErrors::single(
            "payload",
            messages::required_without("payload", "file"),
        )
        .into()),
    }
}

fn import_error(failure: Failure<ImportError>) -> ApiError {
    let error = match failure {
        Failure::Refused(error) => error,
        Failure::Module(detail) => return ApiError::Internal(detail),
    };
    match error {
        ImportError::Unsupported => ApiError::BadRequest(messages::MIGRATION_UNSUPPORTED.into()),
        ImportError::Encrypted(_) => ApiError::BadRequest(messages::MIGRATION_ENCRYPTED.into()),
        ImportError::Unreadable(format) => {
            ApiError::BadRequest(messages::migration_unreadable(format.app_name()))
        }
        ImportError::Invalid(errors) => ApiError::Validation(errors),
        ImportError::WrongPassword(_) => ApiError::Validation(ValidationErrors::single(
            "password",
            messages::WRONG_IMPORT_PASSWORD,
        )),
        ImportError::TooCostly(format) => {
            ApiError::BadRequest(messages::migration_too_costly(format.app_name()))
        }
    }
}

/// One migration item, in the account resource's shape.
fn item(id: i64, a: &TwoFAccount, with_secret: bool) -> TwoFAccountRead {
    TwoFAccountRead {
        id,
        group_id: None,
        flags: AccountFlags::default(),
        otp_type: a.otp_type,
        account: a.account.clone(),
        service: a.service.clone(),
        icon: a.icon.clone(),
        secret: with_secret.then(|| a.secret.clone()),
        digits: a.digits,
        algorithm: a.algorithm,
        period: a.period,
        counter: a.counter,
        otp: None,
    }
}

/// An invalid entry: its error travels in `secret`, as in 2FAuth.
fn invalid(
    service: Option<&str>,
    account: Option<&str>,
    error: &str,
    with_secret: bool,
) -> TwoFAccountRead {
    TwoFAccountRead {
        id: -2,
        group_id: None,
        flags: AccountFlags::default(),
        otp_type: OtpType::Totp,
        account: account.unwrap_or("- invalid account -").into(),
        service: Some(service.unwrap_or("- invalid service -").into()),
        icon: None,
        secret: with_secret.then(|| error.into()),
        digits: 6,
        algorithm: Algorithm::Sha1,
        period: Some(30),
        counter: None,
        otp: None,
    }
}

/// `POST /api/v1/twofaccounts/migration`.
pub async fn migrate(req: &mut Request, ctx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = Input::read(req).await?;
    let payload = payload(&input)?;
    // `password` is Twofold's extension: 2FAuth refuses encrypted exports outright.
    let password = match input.get("password") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.as_str()),
        Some(_) => {
            return Err(ValidationErrors::single("password", messages::string("password")).into());
        }
    };
    let imported = tools::import(&payload, password, Limits::WORKER).map_err(import_error)?;
    let with_secret = input.php_bool("withSecret").unwrap_or(false);
    let vault = ctx.vault()?;
    // 2FAuth's rule: duplicates of the caller's own accounts only.
    let stored: Vec<TwoFAccount> = store::list_owned(&ctx.db, caller.user.id)
        .await?
        .iter()
        .map(|row| row.open(vault, true))
        .collect::<ApiResult<_>>()?;
    let mine: HashSet<Identity> = stored.iter().filter_map(Identity::of).collect();
    let items: Vec<TwoFAccountRead> = imported
        .entries
        .iter()
        .map(|entry| match entry {
            Entry::Account(a) => {
                let duplicate = Identity::of(a).is_some_and(|id| mine.contains(&id));
                item(if duplicate { -1 } else { 0 }, a, with_secret)
            }
            Entry::Invalid {
                service,
                account,
                error,
            } => invalid(service.as_deref(), account.as_deref(), error, with_secret),
        })
        .collect();
    json(200, &items)
}
