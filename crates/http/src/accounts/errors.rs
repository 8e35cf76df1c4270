//! How the accounts module's errors are shown: each [`AccountsError`] falls into one
//! [`ErrorClass`], which the API's table and the pages' table answer.

use schoolbrug_accounts::AccountsError;

use crate::core::error::{ApiError, ErrorClass};

impl From<AccountsError> for ErrorClass {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::NotFound => Self::NotFound,
            AccountsError::Invalid(fields) => Self::Invalid(fields),
            AccountsError::Conflict(c) => Self::Conflict(c),
            AccountsError::Unauthenticated => Self::Unauthenticated,
            AccountsError::SecondFactorRequired => Self::SecondFactorRequired,
            AccountsError::SecondFactorInvalid => Self::SecondFactorInvalid,
            AccountsError::SecondFactorEnrolmentRequired => Self::SecondFactorEnrolmentRequired,
            AccountsError::Throttled { retry_after_secs } => Self::Throttled { retry_after_secs },
            AccountsError::InvalidCode => Self::InvalidCode,
            AccountsError::Busy { retry_after_secs } => Self::Busy { retry_after_secs },
            AccountsError::Unavailable(detail) => Self::Unavailable(detail),
            AccountsError::Unexpected(detail) => Self::Unexpected(detail),
        }
    }
}

impl From<AccountsError> for ApiError {
    fn from(e: AccountsError) -> Self {
        Self::Domain(e.into())
    }
}
