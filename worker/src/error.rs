//! The one place where an error becomes an HTTP status and a 2FAuth-shaped JSON body.

use serde_json::{Map, Value};
use twofold_core::account::OtpError;
use twofold_core::contract;
use twofold_core::messages::{self, SSO_ONLY, Table};
use twofold_core::validation::ValidationErrors;
use worker::Response;

/// The `reason` of an error body, in the shapes 2FAuth words them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A sentence: `"..."`.
    Text(&'static str),
    /// A list of one sentence: `["..."]`.
    List(&'static str),
    /// A sentence about a field: `{"field": "..."}`.
    Field(&'static str, &'static str),
}

impl Reason {
    fn to_json(self) -> Value {
        match self {
            Self::Text(text) => Value::from(text),
            Self::List(text) => Value::Array(vec![Value::from(text)]),
            Self::Field(field, text) => {
                Value::Object(Map::from_iter([(field.to_string(), Value::from(text))]))
            }
        }
    }
}

/// Every way a request can fail, each mapped to 2FAuth's status and body in [`ApiError::into_response`].
#[derive(Debug)]
pub enum ApiError {
    /// 400 with a `message` only.
    BadRequest(String),
    /// 400 `bad request` with a `reason` (a list or an object, as 2FAuth words it).
    BadRequestWith(Reason),
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
    UnprocessableReason(Reason),
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
    /// 405: `useSsoOnly` and the method is for admins only (password, passkey, registration).
    SsoOnly,
    /// 403: `useSsoOnly` and the management is for admins only (tokens, passkeys).
    SsoOnlyForbidden,
    /// 424: mail is needed and could not be sent (or is not set up). The cause is logged.
    MailFailed(String),
    /// 500: storage or platform failure. The detail is logged, never returned.
    Internal(String),
    // Sign-in by a reverse proxy or Cloudflare Access (issue 14).
    /// 403 `Request does not come from a trusted proxy`: not from a trusted address, without the
    /// proxy's secret, or without a valid Access assertion.
    UntrustedProxy,
    /// 407 `Unauthenticated.`: the proxy named no user.
    ProxyAuthRequired,
    /// 405 `Not applicable when using an auth proxy or SSO`: signing in, out, passwords, tokens
    /// and passkeys are the proxy's business.
    NotWithProxy,
    /// 500 with what the administrator must fix (a guard that cannot run safely); the message
    /// holds no secret.
    Misconfigured(&'static str),
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
    /// The detail goes to the server's log, so it names what was expected, never the value found:
    /// serde_json quotes it ("invalid type: string \"…\""), and a stored row's value may be a
    /// password hash, a token's hash or a sealed secret.
    fn from(error: serde_json::Error) -> Self {
        Self::Internal(without_values(&error.to_string()))
    }
}

/// `message` with what its outermost quotes enclose elided.
fn without_values(message: &str) -> String {
    match (message.find('"'), message.rfind('"')) {
        (Some(start), Some(end)) if end > start => {
            format!("{}…{}", &message[..=start], &message[end..])
        }
        _ => message.to_string(),
    }
}

impl ApiError {
    /// The status and JSON body 2FAuth answers with (`None` for an empty body).
    pub fn status_and_body(&self) -> (u16, Option<contract::Error>) {
        let (status, message, reason) = match self {
            Self::BadRequest(message) => (400, message.as_str(), None),
            Self::BadRequestWith(reason) => (400, "bad request", Some(*reason)),
            Self::InvalidOtpParameters(reason) => {
                (400, "invalid OTP parameters", Some(Reason::List(reason)))
            }
            Self::Unauthenticated => (401, "Unauthenticated.", None),
            Self::WrongPassword => (401, "unauthorized", None),
            Self::Forbidden => (
                403,
                "forbidden",
                Some(Reason::Text("This action is unauthorized.")),
            ),
            Self::ForbiddenWith(message) => (403, *message, None),
            Self::NotFound => (404, "not found", None),
            Self::NotFoundEmpty => return (404, None),
            Self::UnknownEndpoint => (404, "unknowkn endpoint", None),
            Self::MethodNotAllowed => (405, "The method is not supported for this route.", None),
            Self::PayloadTooLarge(limit) => {
                return (
                    413,
                    Some(contract::Error::new(messages::body_too_large(*limit))),
                );
            }
            Self::Inactivity => (418, "inactivity detected", None),
            Self::Conflict(reason) => (409, "conflict", Some(Reason::Text(reason))),
            Self::UnprocessableReason(reason) => (422, "bad request", Some(*reason)),
            Self::CsrfMismatch => (419, "CSRF token mismatch.", None),
            // The literal `{seconds}` is 2FAuth's own (untranslated placeholder).
            Self::LoginLockout(_) => (429, messages::LOGIN_LOCKOUT, None),
            Self::TooManyAttempts { .. } => (429, "Too Many Attempts.", None),
            Self::Validation(errors) => {
                let mut body = contract::Error::new(errors.message());
                body.errors = match serde_json::to_value(errors) {
                    Ok(Value::Object(map)) => Some(map),
                    _ => None,
                };
                return (422, Some(body));
            }
            Self::SsoOnly => (405, SSO_ONLY, None),
            Self::SsoOnlyForbidden => (403, "forbidden", Some(Reason::Text(SSO_ONLY))),
            Self::MailFailed(_) => (424, messages::MAIL_FAILED, None),
            Self::Internal(_) => (500, "Server Error", None),
            Self::UntrustedProxy => (403, "Request does not come from a trusted proxy", None),
            Self::ProxyAuthRequired => (407, "Unauthenticated.", None),
            Self::NotWithProxy => (405, messages::NOT_WITH_PROXY, None),
            Self::Misconfigured(message) => (500, *message, None),
        };
        let mut body = contract::Error::new(message);
        body.reason = reason.map(Reason::to_json);
        (status, Some(body))
    }

    /// Whether the answer may carry words of the reader's language, as 2FAuth's go through its
    /// translator. These never do: 2FAuth (or Laravel under it) writes them in English whatever
    /// the language — `Unauthenticated.`, `unauthorized`, `forbidden` with `This action is
    /// unauthorized.`, `not found`, `unknowkn endpoint`, the 405 and 419 of the framework,
    /// `inactivity detected`, `Too Many Attempts.`, `Server Error`, the OTP library's reasons,
    /// the proxy guard's refusals — and Twofold's configuration errors, which name variables for
    /// the administrator. The others are translated message by message (`crate::i18n`): a text
    /// of no template of `core::messages` (`bad request`, `conflict`, `not a valid base32
    /// encoded secret`, …) stays English there too.
    pub fn translatable(&self) -> bool {
        !matches!(
            self,
            Self::Unauthenticated
                | Self::WrongPassword
                | Self::Forbidden
                | Self::NotFound
                | Self::NotFoundEmpty
                | Self::UnknownEndpoint
                | Self::MethodNotAllowed
                | Self::InvalidOtpParameters(_)
                | Self::Inactivity
                | Self::CsrfMismatch
                | Self::TooManyAttempts { .. }
                | Self::Internal(_)
                | Self::UntrustedProxy
                | Self::ProxyAuthRequired
                | Self::Misconfigured(_)
        )
    }

    /// Builds the response; internal errors are logged here (without request data).
    pub fn into_response(self) -> worker::Result<Response> {
        self.into_response_in(None)
    }

    /// Builds the response with its messages in the language of `table` (English without one).
    pub fn into_response_in(self, table: Option<&Table>) -> worker::Result<Response> {
        if let Self::Internal(detail) = &self {
            worker::console_error!("internal error: {detail}");
        }
        if let Self::Misconfigured(message) = &self {
            worker::console_error!("configuration: {message}");
        }
        if let Self::MailFailed(detail) = &self {
            worker::console_error!("mail not sent: {detail}");
        }
        let (status, mut body) = self.status_and_body();
        if let (Some(table), Some(body)) = (table, body.as_mut()) {
            body.translate(table);
        }
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

    fn body(error: ApiError) -> (u16, String) {
        let (status, body) = error.status_and_body();
        (status, serde_json::to_string(&body).unwrap())
    }

    #[test]
    fn bodies_are_2fauths() {
        assert_eq!(
            body(ApiError::UnknownEndpoint),
            (404, r#"{"message":"unknowkn endpoint"}"#.into())
        );
        assert_eq!(
            body(ApiError::Forbidden).1,
            r#"{"message":"forbidden","reason":"This action is unauthorized."}"#
        );
        let v = body(ApiError::Validation(ValidationErrors::single("uri", "bad")));
        assert_eq!(
            v,
            (422, r#"{"message":"bad","errors":{"uri":["bad"]}}"#.into())
        );
        let internal = body(ApiError::Internal("D1_ERROR: secret detail".into()));
        assert_eq!(internal, (500, r#"{"message":"Server Error"}"#.into()));
        assert_eq!(body(ApiError::NotFoundEmpty), (404, "null".into()));
    }

    #[test]
    fn a_row_of_an_unexpected_shape_is_logged_without_its_values() {
        let error = serde_json::from_str::<Vec<i64>>(r#"["$2y$12$hash.of.a.password"]"#)
            .expect_err("a string is no i64");
        assert!(
            error.to_string().contains("hash.of"),
            "serde_json quotes the value"
        );
        let ApiError::Internal(detail) = ApiError::from(error) else {
            panic!("a JSON error is internal");
        };
        assert!(!detail.contains("hash.of"), "{detail}");
        assert!(detail.contains("expected i64"), "{detail}");
        assert_eq!(without_values("no quotes at all"), "no quotes at all");
    }

    /// A table that marks every template of the catalogue.
    fn marking() -> Table {
        let marks: Map<String, Value> = messages::CATALOGUE
            .iter()
            .map(|t| (t.to_string(), Value::from(format!("«{t}»"))))
            .collect();
        let json = serde_json::to_vec(&marks).unwrap();
        Table::from_json(&json, twofold_core::locale::ENGLISH.plural).unwrap()
    }

    #[test]
    fn answers_2fauth_words_in_english_carry_no_text_to_translate() {
        let english_only = [
            ApiError::Unauthenticated,
            ApiError::WrongPassword,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::UnknownEndpoint,
            ApiError::MethodNotAllowed,
            ApiError::InvalidOtpParameters("The counter has reached its maximum value"),
            ApiError::Inactivity,
            ApiError::CsrfMismatch,
            ApiError::TooManyAttempts {
                limit: 60,
                reset_at: 0,
                retry_after: 1,
            },
            ApiError::Internal("detail".into()),
            ApiError::UntrustedProxy,
            ApiError::ProxyAuthRequired,
            ApiError::Misconfigured("set AUTH_PROXY_SECRET"),
        ];
        let marks = marking();
        for error in english_only {
            assert!(!error.translatable(), "{error:?}");
            let (_, Some(body)) = error.status_and_body() else {
                continue;
            };
            let mut translated = body.clone();
            translated.translate(&marks);
            assert_eq!(translated, body, "{error:?}");
        }
        let translated = [
            ApiError::Validation(ValidationErrors::single("name", messages::required("name"))),
            ApiError::BadRequest(messages::WRONG_CURRENT_PASSWORD.into()),
            ApiError::BadRequestWith(Reason::List(messages::TOO_MANY_IDS)),
            ApiError::ForbiddenWith(messages::SHARING_DISABLED),
            ApiError::Conflict(messages::SHARED_WITH_ALL),
            ApiError::UnprocessableReason(Reason::Field("user_ids", messages::OWNER_NOT_RECIPIENT)),
            ApiError::LoginLockout(30),
            ApiError::SsoOnly,
            ApiError::SsoOnlyForbidden,
            ApiError::MailFailed("detail".into()),
            ApiError::NotWithProxy,
            ApiError::PayloadTooLarge(2 << 20),
        ];
        for error in translated {
            assert!(error.translatable(), "{error:?}");
            let (_, Some(body)) = error.status_and_body() else {
                unreachable!()
            };
            let mut marked = body.clone();
            marked.translate(&marks);
            assert_ne!(marked, body, "{error:?}");
        }
    }

    #[test]
    fn proxy_answers_are_2fauths() {
        assert_eq!(
            body(ApiError::UntrustedProxy),
            (
                403,
                r#"{"message":"Request does not come from a trusted proxy"}"#.into()
            )
        );
        assert_eq!(
            body(ApiError::ProxyAuthRequired),
            (407, r#"{"message":"Unauthenticated."}"#.into())
        );
        assert_eq!(
            body(ApiError::NotWithProxy),
            (
                405,
                r#"{"message":"Not applicable when using an auth proxy or SSO"}"#.into()
            )
        );
        assert_eq!(
            body(ApiError::Misconfigured("set AUTH_PROXY_SECRET")),
            (500, r#"{"message":"set AUTH_PROXY_SECRET"}"#.into())
        );
    }

    #[test]
    fn reasons_in_their_three_shapes() {
        let cases = [
            (Reason::Text("t"), r#""t""#),
            (Reason::List("t"), r#"["t"]"#),
            (Reason::Field("uri", "t"), r#"{"uri":"t"}"#),
        ];
        for (reason, json) in cases {
            assert_eq!(
                body(ApiError::BadRequestWith(reason)).1,
                format!(r#"{{"message":"bad request","reason":{json}}}"#)
            );
        }
        assert_eq!(
            body(ApiError::InvalidOtpParameters("r")).1,
            r#"{"message":"invalid OTP parameters","reason":["r"]}"#
        );
        assert_eq!(
            body(ApiError::PayloadTooLarge(2 << 20)).1,
            r#"{"message":"The request body is larger than 2 MiB."}"#
        );
    }
}
