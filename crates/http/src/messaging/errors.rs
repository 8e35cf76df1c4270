//! How the messaging module's errors are shown: each [`MessagingError`] falls into one
//! [`ErrorClass`], which the API's table and the pages' table answer.

use schoolbrug_messaging::MessagingError;

use crate::core::error::{ApiError, ErrorClass};

impl From<MessagingError> for ErrorClass {
    fn from(e: MessagingError) -> Self {
        match e {
            MessagingError::NotFound => Self::NotFound,
            MessagingError::Forbidden => Self::Forbidden,
            MessagingError::Invalid(fields) => Self::Invalid(fields),
            MessagingError::InvalidToken => Self::InvalidToken,
            MessagingError::Throttled { retry_after_secs } => Self::Throttled { retry_after_secs },
            MessagingError::Unavailable(detail) => Self::Unavailable(detail),
            MessagingError::Unexpected(detail) => Self::Unexpected(detail),
        }
    }
}

impl From<MessagingError> for ApiError {
    fn from(e: MessagingError) -> Self {
        Self::Domain(e.into())
    }
}
