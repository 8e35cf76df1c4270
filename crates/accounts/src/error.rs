//! What the accounts use cases report to their callers.

use schoolbrug_kernel::FieldError;

use crate::ports::{Conflict, HashError, StoreError};

/// Why an accounts use case did not happen. The HTTP adapter maps each variant to one
/// status code, in one table.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// It does not exist, or the actor may not see it (the two are never told apart).
    #[error("not found")]
    NotFound,
    /// The request was refused field by field.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// Something with that name or slot exists.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// Wrong credentials, or no valid session. One message for every cause.
    #[error("wrong username or password")]
    Unauthenticated,
    /// The password was right, and the account signs in with a second factor: send the
    /// same request again with a TOTP code or a recovery code.
    #[error("a second factor is required")]
    SecondFactorRequired,
    /// The password was right, and the second-factor code was wrong, used or too old.
    #[error("wrong second-factor code")]
    SecondFactorInvalid,
    /// The school requires a second factor of staff and admins, and this account has
    /// none yet: only enrolling it, `/me` and signing out are allowed until it has.
    #[error("second factor enrolment required")]
    SecondFactorEnrolmentRequired,
    /// Too many failed attempts: try again after this many seconds.
    #[error("too many attempts; retry after {retry_after_secs} s")]
    Throttled {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: u64,
    },
    /// A one-time code that is unknown, used or expired (one answer for all three).
    #[error("the code is unknown, used or expired")]
    InvalidCode,
    /// Too many sign-ins (or password changes) wait for the password hasher: refused at
    /// once, so that waiting never grows without bound; try again after this many seconds.
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

impl AccountsError {
    /// A single-field validation error.
    pub fn invalid(field: &str, code: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }
}

impl From<StoreError> for AccountsError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(c) => Self::Conflict(c),
            StoreError::NotFound => Self::NotFound,
            StoreError::Unavailable(m) => Self::Unavailable(m),
            StoreError::Unexpected(m) => Self::Unexpected(m),
        }
    }
}

impl From<HashError> for AccountsError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Busy { retry_after_secs } => Self::Busy { retry_after_secs },
            HashError::Failed(_) => Self::Unexpected(e.to_string()),
        }
    }
}

impl From<FieldError> for AccountsError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}
