//! One error type for the JSON API, mapped in one table to RFC 9457 problem details.
//! A 5xx logs the whole error and answers a generic body: no internal detail leaks.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schoolbrug_accounts::AccountsError;
use schoolbrug_kernel::FieldError;
use schoolbrug_messaging::MessagingError;
use serde::Serialize;

/// An API failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A domain error.
    #[error(transparent)]
    Accounts(#[from] AccountsError),
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
    /// A messaging domain error.
    #[error(transparent)]
    Messaging(#[from] MessagingError),
    /// A mail the request had to send (a forward-address confirmation) was not accepted
    /// by the mail server; what the request saved stays saved.
    #[error("the mail could not be sent")]
    MailUnavailable,
}

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
            ApiError::Accounts(e) => accounts_problem(e),
            ApiError::BadRequest(detail) => problem(
                StatusCode::BAD_REQUEST,
                "/problems/bad-request",
                "Bad request",
                detail,
            ),
            ApiError::Invalid(errors) => invalid(&errors),
            ApiError::Unauthenticated => unauthenticated(),
            ApiError::NotFound => not_found(),
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
            ApiError::Messaging(e) => messaging_problem(e),
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

fn invalid(errors: &[FieldError]) -> Response {
    problem_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        "/problems/validation",
        "Invalid request",
        "one or more fields were refused".to_owned(),
        None,
        Some(errors),
    )
}

fn not_found() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "/problems/not-found",
        "Not found",
        "no such resource".to_owned(),
    )
}

fn unauthenticated() -> Response {
    problem(
        StatusCode::UNAUTHORIZED,
        "/problems/unauthenticated",
        "Unauthenticated",
        "wrong username or password, or no valid session".to_owned(),
    )
}

fn accounts_problem(e: AccountsError) -> Response {
    match e {
        AccountsError::NotFound => not_found(),
        AccountsError::Invalid(errors) => invalid(&errors),
        AccountsError::Conflict(c) => problem_with(
            StatusCode::CONFLICT,
            "/problems/conflict",
            "Conflict",
            format!("{} is taken", c.code().trim_end_matches("_taken")),
            Some(c.code()),
            None,
        ),
        AccountsError::Unauthenticated => unauthenticated(),
        AccountsError::Throttled { retry_after_secs } => retry_after(
            problem(
                StatusCode::TOO_MANY_REQUESTS,
                "/problems/throttled",
                "Too many attempts",
                format!("try again in {retry_after_secs} s"),
            ),
            retry_after_secs,
        ),
        AccountsError::InvalidCode => problem(
            StatusCode::BAD_REQUEST,
            "/problems/invalid-code",
            "Invalid code",
            "the code is unknown, used or expired".to_owned(),
        ),
        AccountsError::Unavailable(detail) => {
            tracing::warn!(error = %detail, "store unavailable");
            retry_after(
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "/problems/unavailable",
                    "Service unavailable",
                    "the database cannot be reached; try again shortly".to_owned(),
                ),
                5,
            )
        }
        AccountsError::Unexpected(detail) => {
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

fn messaging_problem(e: MessagingError) -> Response {
    match e {
        MessagingError::NotFound => not_found(),
        MessagingError::Invalid(errors) => invalid(&errors),
        MessagingError::InvalidToken => problem(
            StatusCode::BAD_REQUEST,
            "/problems/invalid-token",
            "Invalid token",
            "the token is unknown or expired".to_owned(),
        ),
        MessagingError::Unavailable(detail) => {
            tracing::warn!(error = %detail, "store unavailable");
            retry_after(
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "/problems/unavailable",
                    "Service unavailable",
                    "the database cannot be reached; try again shortly".to_owned(),
                ),
                5,
            )
        }
        MessagingError::Unexpected(detail) => {
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
