//! What the calendar use cases report to their callers.

use schoolbrug_kernel::FieldError;
use schoolbrug_kernel::store::{Conflict, StoreError};

/// Why a calendar use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// It does not exist, or the actor may not see it (never told apart).
    #[error("not found")]
    NotFound,
    /// The actor may see the calendar but not plan in it (pupils and co-accounts).
    #[error("forbidden")]
    Forbidden,
    /// The request was refused field by field.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// The thing exists already (a second feed for the same calendar) or changed under
    /// the caller; the code says which.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// A store is unreachable; retrying later may work.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else, described for the log only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl CalendarError {
    /// A single-field validation error.
    #[must_use]
    pub fn invalid(field: &str, code: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }
}

impl From<StoreError> for CalendarError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Unavailable(m) => Self::Unavailable(m),
            StoreError::Conflict(c) => Self::Conflict(c),
            StoreError::Unexpected(m) => Self::Unexpected(m),
        }
    }
}

impl From<FieldError> for CalendarError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

/// The conflicts the calendar names.
pub mod conflicts {
    use schoolbrug_kernel::store::Conflict;

    /// The account already has a feed for this calendar (renew it instead).
    pub const FEED_EXISTS: Conflict = Conflict::named("feed_exists");
    /// The activity was changed by someone else since it was read.
    pub const ACTIVITY_CHANGED: Conflict = Conflict::named("activity_changed");
}
