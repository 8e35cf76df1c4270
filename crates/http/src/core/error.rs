//! What went wrong, in classes every module's errors fall into ([`ErrorClass`]), and the
//! one error type of the JSON API ([`ApiError`]), mapped in one table to RFC 9457 problem
//! details. Each module says how its domain errors are classed (`accounts/errors.rs`,
//! `messaging/errors.rs`); the pages' table of the same classes is
//! [`failure`](crate::core::view::failure). A 5xx logs the whole error and answers a
//! generic body: no internal detail leaks.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schoolbrug_kernel::{Conflict, FieldError};
use serde::Serialize;

/// The class of a domain error: what the caller is told, whichever module refused. Every
/// variant of every module's error enum falls into one class.
#[derive(Debug, thiserror::Error)]
pub enum ErrorClass {
    /// It does not exist, or the actor may not see it (never told apart).
    #[error("not found")]
    NotFound,
    /// The request was refused field by field.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// The actor may never do this, whatever it names (a pupil publishing news or planning
    /// an activity): said openly, since nothing is revealed.
    #[error("forbidden")]
    Forbidden,
    /// Something with that name or slot exists; the conflict's code names it.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// Wrong credentials, or no valid session.
    #[error("not signed in")]
    Unauthenticated,
    /// The password was right; the account's second factor is needed too.
    #[error("a second factor is required")]
    SecondFactorRequired,
    /// The password was right, the second-factor code was not.
    #[error("wrong second-factor code")]
    SecondFactorInvalid,
    /// The school requires a second factor of this account, which has none yet.
    #[error("second factor enrolment required")]
    SecondFactorEnrolmentRequired,
    /// Too many failed attempts: try again after this many seconds.
    #[error("too many attempts; retry after {retry_after_secs} s")]
    Throttled {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: u64,
    },
    /// A one-time code that is unknown, used or expired.
    #[error("the code is unknown, used or expired")]
    InvalidCode,
    /// A confirmation token that is unknown, used or expired.
    #[error("the token is unknown or expired")]
    InvalidToken,
    /// The server sheds load (too many sign-ins wait for the password hasher): try
    /// again after this many seconds.
    #[error("busy; retry after {retry_after_secs} s")]
    Busy {
        /// Seconds to wait before trying again.
        retry_after_secs: u64,
    },
    /// A store is unreachable; retrying later may work.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else, described for the log only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

/// An API failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A domain error, by its class.
    #[error(transparent)]
    Domain(ErrorClass),
    /// A request the server cannot read (malformed JSON, a bad path parameter).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Validation failed field by field (request shape known, values wrong).
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// No valid session.
    #[error("not signed in")]
    Unauthenticated,
    /// Nothing here (or nothing the caller may see).
    #[error("not found")]
    NotFound,
    /// The body is not JSON (`Content-Type` missing or another type).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    #[error("payload too large")]
    PayloadTooLarge,
    /// A signed-in account gave a wrong current password (the session stays valid).
    #[error("wrong current password")]
    WrongCurrentPassword,
    /// No such endpoint under the API (unknown path).
    #[error("no such endpoint")]
    NoRoute,
    /// The endpoint exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A mail the request had to send (a forward-address confirmation) was not accepted
    /// by the mail server; what the request saved stays saved.
    #[error("the mail could not be sent")]
    MailUnavailable,
}

/// How long a client waits before trying again when a store is unreachable (the API's
/// 503 and the pages' alike).
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// How long a client waits before trying again after [`ApiError::MailUnavailable`].
pub const MAIL_RETRY_AFTER_SECS: u64 = 60;

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
}

/// Builds a problem+json response.
#[must_use]
pub fn problem(status: StatusCode, kind: &str, title: &str, detail: String) -> Response {
    problem_with(status, kind, title, detail, None, None)
}

fn problem_with(
    status: StatusCode,
    kind: &str,
    title: &str,
    detail: String,
    code: Option<&str>,
    errors: Option<&[FieldError]>,
) -> Response {
    let body = Problem {
        kind,
        title,
        status: status.as_u16(),
        detail,
        code,
        errors,
    };
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

fn retry_after(mut response: Response, secs: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Domain(class) => class_problem(class),
            ApiError::BadRequest(detail) => problem(
                StatusCode::BAD_REQUEST,
                "/problems/bad-request",
                "Bad request",
                detail,
            ),
            ApiError::Invalid(errors) => class_problem(ErrorClass::Invalid(errors)),
            ApiError::Unauthenticated => class_problem(ErrorClass::Unauthenticated),
            ApiError::NotFound => class_problem(ErrorClass::NotFound),
            ApiError::UnsupportedMediaType => problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/problems/unsupported-media-type",
                "Unsupported media type",
                "send the body as application/json".to_owned(),
            ),
            ApiError::PayloadTooLarge => problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "/problems/payload-too-large",
                "Payload too large",
                "the request body is larger than the server accepts".to_owned(),
            ),
            ApiError::WrongCurrentPassword => problem_with(
                StatusCode::UNAUTHORIZED,
                "/problems/wrong-password",
                "Wrong password",
                "the current password is wrong".to_owned(),
                Some("wrong_current_password"),
                None,
            ),
            ApiError::NoRoute => problem(
                StatusCode::NOT_FOUND,
                "/problems/not-found",
                "Not found",
                "no such endpoint".to_owned(),
            ),
            ApiError::MethodNotAllowed => problem(
                StatusCode::METHOD_NOT_ALLOWED,
                "/problems/method-not-allowed",
                "Method not allowed",
                "this endpoint does not answer this method".to_owned(),
            ),
            ApiError::MailUnavailable => retry_after(
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "/problems/mail-unavailable",
                    "Mail unavailable",
                    "the settings were saved, but the confirmation mail could not be sent; the address \
stays unconfirmed until it is confirmed. Save the settings again later to send a new confirmation mail"
                        .to_owned(),
                ),
                MAIL_RETRY_AFTER_SECS,
            ),
        }
    }
}

/// The API's one table of error classes: the problem each class answers.
fn class_problem(class: ErrorClass) -> Response {
    match class {
        ErrorClass::NotFound => problem(
            StatusCode::NOT_FOUND,
            "/problems/not-found",
            "Not found",
            "no such resource".to_owned(),
        ),
        ErrorClass::Invalid(errors) => problem_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            "Invalid request",
            "one or more fields were refused".to_owned(),
            None,
            Some(&errors),
        ),
        ErrorClass::Conflict(c) => problem_with(
            StatusCode::CONFLICT,
            "/problems/conflict",
            "Conflict",
            format!("{} is taken", c.code().trim_end_matches("_taken")),
            Some(c.code()),
            None,
        ),
        ErrorClass::Forbidden => problem_with(
            StatusCode::FORBIDDEN,
            "/problems/forbidden",
            "Forbidden",
            "your account may not do this".to_owned(),
            Some("forbidden"),
            None,
        ),
        ErrorClass::Unauthenticated => problem(
            StatusCode::UNAUTHORIZED,
            "/problems/unauthenticated",
            "Unauthenticated",
            "wrong username or password, or no valid session".to_owned(),
        ),
        ErrorClass::SecondFactorRequired => problem_with(
            StatusCode::UNAUTHORIZED,
            "/problems/second-factor-required",
            "Second factor required",
            "the password is right; send the request again with `totp`: a code of the \
authenticator app or a recovery code"
                .to_owned(),
            Some("second_factor_required"),
            None,
        ),
        ErrorClass::SecondFactorInvalid => problem_with(
            StatusCode::UNAUTHORIZED,
            "/problems/second-factor-invalid",
            "Wrong code",
            "the code is wrong, used already or too old".to_owned(),
            Some("second_factor_invalid"),
            None,
        ),
        ErrorClass::SecondFactorEnrolmentRequired => problem_with(
            StatusCode::FORBIDDEN,
            "/problems/second-factor-enrolment-required",
            "Second factor enrolment required",
            "the school requires a second factor of this account: enrol one with \
`POST /api/v1/me/totp` first"
                .to_owned(),
            Some("second_factor_enrolment_required"),
            None,
        ),
        ErrorClass::Throttled { retry_after_secs } => retry_after(
            problem(
                StatusCode::TOO_MANY_REQUESTS,
                "/problems/throttled",
                "Too many attempts",
                format!("try again in {retry_after_secs} s"),
            ),
            retry_after_secs,
        ),
        ErrorClass::InvalidCode => problem(
            StatusCode::BAD_REQUEST,
            "/problems/invalid-code",
            "Invalid code",
            "the code is unknown, used or expired".to_owned(),
        ),
        ErrorClass::InvalidToken => problem(
            StatusCode::BAD_REQUEST,
            "/problems/invalid-token",
            "Invalid token",
            "the token is unknown or expired".to_owned(),
        ),
        ErrorClass::Busy { retry_after_secs } => retry_after(
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "/problems/busy",
                "Busy",
                format!("too many sign-ins at once; try again in {retry_after_secs} s"),
            ),
            retry_after_secs,
        ),
        ErrorClass::Unavailable(detail) => {
            tracing::warn!(error = %detail, "store unavailable");
            retry_after(
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "/problems/unavailable",
                    "Service unavailable",
                    "the database cannot be reached; try again shortly".to_owned(),
                ),
                UNAVAILABLE_RETRY_AFTER_SECS,
            )
        }
        ErrorClass::Unexpected(detail) => {
            tracing::error!(error = %detail, "unexpected error");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "/problems/internal",
                "Internal error",
                "something went wrong on our side".to_owned(),
            )
        }
    }
}
