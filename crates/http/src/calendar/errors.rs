//! How the calendar's errors are shown: each [`CalendarError`] falls into one
//! [`ErrorClass`], which the API's table and the pages' table answer.

use schoolbrug_calendar::CalendarError;

use crate::core::error::{ApiError, ErrorClass};

impl From<CalendarError> for ErrorClass {
    fn from(e: CalendarError) -> Self {
        match e {
            CalendarError::NotFound => Self::NotFound,
            CalendarError::Forbidden => Self::Forbidden,
            CalendarError::Invalid(fields) => Self::Invalid(fields),
            CalendarError::Conflict(c) => Self::Conflict(c),
            CalendarError::Unavailable(detail) => Self::Unavailable(detail),
            CalendarError::Unexpected(detail) => Self::Unexpected(detail),
        }
    }
}

impl From<CalendarError> for ApiError {
    fn from(e: CalendarError) -> Self {
        Self::Domain(e.into())
    }
}
