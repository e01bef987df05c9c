//! The one place where an error becomes an HTTP status and a 2FAuth-shaped JSON body.

use serde_json::{Value, json};
use twofold_core::account::OtpError;
use twofold_core::validation::ValidationErrors;
use worker::Response;

/// Every way a request can fail, each mapped to 2FAuth's status and body in [`ApiError::into_response`].
#[derive(Debug)]
pub enum ApiError {
    /// 400 with a `message` only.
    BadRequest(String),
    /// 400 `bad request` with a `reason` (a list or an object, as 2FAuth words it).
    BadRequestWith(Value),
    /// 400 `invalid OTP parameters` with the reason.
    InvalidOtpParameters(&'static str),
    /// 401 `Unauthenticated.`: no or invalid credentials.
    Unauthenticated,
    /// 401 `unauthorized`: wrong password.
    WrongPassword,
    /// 403 from a policy: another user's resource.
    Forbidden,
    /// 403 with a specific message (e.g. `Sharing feature is disabled`, registration disabled).
    ForbiddenWith(&'static str),
    /// 404 `not found`: a missing resource.
    NotFound,
    /// 404 with no body (2FAuth's PAT deletion answers so).
    NotFoundEmpty,
    /// 404 `unknowkn endpoint` (sic): no route under `/api/v1`.
    UnknownEndpoint,
    /// 405 for a known path with another method.
    MethodNotAllowed,
    /// 413: the body is larger than the route allows (its limit in bytes).
    PayloadTooLarge(usize),
    /// 418 `inactivity detected`: a cookie session idle beyond the user's `kickUserAfter`.
    Inactivity,
    /// 409 `conflict` with a reason.
    Conflict(&'static str),
    /// 422 `bad request` with a reason object (2FAuth answers a share with its owner so).
    UnprocessableReason(Value),
    /// 419: CSRF header missing or not equal to the `XSRF-TOKEN` cookie.
    CsrfMismatch,
    /// 429 after too many failed logins; `Retry-After` carries the seconds left.
    LoginLockout(u64),
    /// 429 over THROTTLE_API, with Laravel's `Retry-After` and `X-RateLimit-*` headers.
    TooManyAttempts {
        /// Requests allowed per window.
        limit: u32,
        /// Unix time at which the window ends.
        reset_at: u64,
        /// Seconds until then.
        retry_after: u64,
    },
    /// 422 with Laravel's validation body.
    Validation(ValidationErrors),
    /// 500: storage or platform failure. The detail is logged, never returned.
    Internal(String),
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Validation(errors)
    }
}

impl From<OtpError> for ApiError {
    /// 400 with 2FAuth's message (core words it).
    fn from(error: OtpError) -> Self {
        Self::BadRequest(error.message().into())
    }
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl ApiError {
    /// The status and JSON body 2FAuth answers with (`None` for an empty body).
    pub fn status_and_body(&self) -> (u16, Option<Value>) {
        match self {
            Self::BadRequest(message) => (400, Some(json!({ "message": message }))),
            Self::BadRequestWith(reason) => (
                400,
                Some(json!({ "message": "bad request", "reason": reason })),
            ),
            Self::InvalidOtpParameters(reason) => (
                400,
                Some(json!({ "message": "invalid OTP parameters", "reason": [reason] })),
            ),
            Self::Unauthenticated => (401, Some(json!({ "message": "Unauthenticated." }))),
            Self::WrongPassword => (401, Some(json!({ "message": "unauthorized" }))),
            Self::Forbidden => (
                403,
                Some(json!({ "message": "forbidden", "reason": "This action is unauthorized." })),
            ),
            Self::ForbiddenWith(message) => (403, Some(json!({ "message": message }))),
            Self::NotFound => (404, Some(json!({ "message": "not found" }))),
            Self::NotFoundEmpty => (404, None),
            Self::UnknownEndpoint => (404, Some(json!({ "message": "unknowkn endpoint" }))),
            Self::MethodNotAllowed => (
                405,
                Some(json!({ "message": "The method is not supported for this route." })),
            ),
            Self::PayloadTooLarge(limit) => (
                413,
                Some(json!({
                    "message": format!("The request body is larger than {} MiB.", limit >> 20)
                })),
            ),
            Self::Inactivity => (418, Some(json!({ "message": "inactivity detected" }))),
            Self::Conflict(reason) => (
                409,
                Some(json!({ "message": "conflict", "reason": reason })),
            ),
            Self::UnprocessableReason(reason) => (
                422,
                Some(json!({ "message": "bad request", "reason": reason })),
            ),
            Self::CsrfMismatch => (419, Some(json!({ "message": "CSRF token mismatch." }))),
            // The literal `{seconds}` is 2FAuth's own (untranslated placeholder).
            Self::LoginLockout(_) => (
                429,
                Some(
                    json!({ "message": "Too many login attempts. Please try again in {seconds} seconds." }),
                ),
            ),
            Self::TooManyAttempts { .. } => (429, Some(json!({ "message": "Too Many Attempts." }))),
            Self::Validation(errors) => (
                422,
                Some(json!({ "message": errors.message(), "errors": errors })),
            ),
            Self::Internal(_) => (500, Some(json!({ "message": "Server Error" }))),
        }
    }

    /// Builds the response; internal errors are logged here (without request data).
    pub fn into_response(self) -> worker::Result<Response> {
        if let Self::Internal(detail) = &self {
            worker::console_error!("internal error: {detail}");
        }
        let (status, body) = self.status_and_body();
        let mut response = match body {
            Some(body) => Response::from_json(&body)?,
            None => Response::empty()?,
        };
        let headers = response.headers_mut();
        match self {
            Self::LoginLockout(seconds) => headers.set("Retry-After", &seconds.to_string())?,
            Self::TooManyAttempts {
                limit,
                reset_at,
                retry_after,
            } => {
                headers.set("Retry-After", &retry_after.to_string())?;
                headers.set("X-RateLimit-Reset", &reset_at.to_string())?;
                headers.set("X-RateLimit-Limit", &limit.to_string())?;
                headers.set("X-RateLimit-Remaining", "0")?;
            }
            _ => {}
        }
        Ok(response.with_status(status))
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_2fauths() {
        assert_eq!(
            ApiError::UnknownEndpoint.status_and_body(),
            (404, Some(json!({"message": "unknowkn endpoint"})))
        );
        assert_eq!(
            ApiError::Forbidden.status_and_body().1.unwrap()["reason"],
            "This action is unauthorized."
        );
        let v = ApiError::Validation(ValidationErrors::single("uri", "bad")).status_and_body();
        assert_eq!(
            v,
            (
                422,
                Some(json!({"message": "bad", "errors": {"uri": ["bad"]}}))
            )
        );
        let internal = ApiError::Internal("D1_ERROR: secret detail".into()).status_and_body();
        assert_eq!(internal, (500, Some(json!({"message": "Server Error"}))));
    }
}
