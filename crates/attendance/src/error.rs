//! What the attendance use cases report to their callers.

use schoolbrug_kernel::FieldError;
use schoolbrug_kernel::store::{Conflict, StoreError};

/// Why an attendance use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AttendanceError {
    /// It does not exist, or the actor may not see it (never told apart).
    #[error("not found")]
    NotFound,
    /// The actor may see it but not do this (a teacher changing a confirmed half-day, a
    /// pupil registering).
    #[error("forbidden")]
    Forbidden,
    /// The request was refused field by field.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// A rule of the store refused it; the code says which.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// A store is unreachable; retrying later may work.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else, described for the log only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl AttendanceError {
    /// A single-field validation error.
    #[must_use]
    pub fn invalid(field: &str, code: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }
}

impl From<StoreError> for AttendanceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Unavailable(m) => Self::Unavailable(m),
            StoreError::Conflict(c) => Self::Conflict(c),
            StoreError::Unexpected(m) => Self::Unexpected(m),
        }
    }
}

impl From<FieldError> for AttendanceError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

/// The conflicts the attendance module names.
pub mod conflicts {
    use schoolbrug_kernel::store::Conflict;

    /// The pupil handed in as many parents' notes this school year as the school allows.
    pub const NOTE_QUOTA_REACHED: Conflict = Conflict::named("quota_reached");
    /// A parents' note already covers one of the days.
    pub const NOTE_OVERLAPS: Conflict = Conflict::named("note_overlaps");
}
