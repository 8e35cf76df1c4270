//! What the messaging use cases report to their callers.

use schoolbrug_kernel::FieldError;

use crate::ports::StoreError;

/// Why a messaging use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    /// It does not exist, or the actor may not see it (never told apart).
    #[error("not found")]
    NotFound,
    /// The actor may never do this, whatever it names: a pupil or a co-account publishing
    /// news. (What the actor may not *see* is `NotFound`.)
    #[error("forbidden")]
    Forbidden,
    /// The request was refused field by field.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// An unknown, used or expired confirmation token.
    #[error("the token is unknown or expired")]
    InvalidToken,
    /// Too many of something for now (confirmation mails): try again after this many
    /// seconds.
    #[error("too many for now; retry after {retry_after_secs} s")]
    Throttled {
        /// Seconds until it is accepted again.
        retry_after_secs: u64,
    },
    /// A store is unreachable; retrying later may work.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else, described for the log only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl MessagingError {
    /// A single-field validation error.
    pub fn invalid(field: &str, code: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }
}

impl From<StoreError> for MessagingError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Unavailable(m) => Self::Unavailable(m),
            StoreError::Conflict(c) => Self::Unexpected(format!("conflict: {c}")),
            StoreError::Unexpected(m) => Self::Unexpected(m),
        }
    }
}

impl From<FieldError> for MessagingError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

impl From<schoolbrug_kernel::SchoolCalendarError> for MessagingError {
    fn from(e: schoolbrug_kernel::SchoolCalendarError) -> Self {
        match e {
            schoolbrug_kernel::SchoolCalendarError::NotFound => Self::NotFound,
            schoolbrug_kernel::SchoolCalendarError::Unavailable => {
                Self::Unavailable("school calendar".into())
            }
        }
    }
}
