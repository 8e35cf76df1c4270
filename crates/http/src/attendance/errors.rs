//! How attendance's errors are shown: each [`AttendanceError`] falls into one
//! [`ErrorClass`], which the API's table answers.

use schoolbrug_attendance::AttendanceError;

use crate::core::error::{ApiError, ErrorClass};

impl From<AttendanceError> for ErrorClass {
    fn from(e: AttendanceError) -> Self {
        match e {
            AttendanceError::NotFound => Self::NotFound,
            AttendanceError::Forbidden => Self::Forbidden,
            AttendanceError::Invalid(fields) => Self::Invalid(fields),
            AttendanceError::Conflict(c) => Self::Conflict(c),
            AttendanceError::Unavailable(detail) => Self::Unavailable(detail),
            AttendanceError::Unexpected(detail) => Self::Unexpected(detail),
        }
    }
}

impl From<AttendanceError> for ApiError {
    fn from(e: AttendanceError) -> Self {
        Self::Domain(e.into())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use axum::http::StatusCode;
    use axum::response::IntoResponse as _;
    use schoolbrug_kernel::Conflict;
    use schoolbrug_kernel::FieldError;

    use super::*;

    fn status(e: AttendanceError) -> StatusCode {
        ApiError::from(e).into_response().status()
    }

    #[test]
    fn every_variant_answers_its_status() {
        assert_eq!(status(AttendanceError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(status(AttendanceError::Forbidden), StatusCode::FORBIDDEN);
        assert_eq!(
            status(AttendanceError::Invalid(vec![FieldError::new(
                "to", "too_long", "x"
            )])),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            status(AttendanceError::Conflict(Conflict::named("note_overlaps"))),
            StatusCode::CONFLICT
        );
        assert_eq!(
            status(AttendanceError::Unavailable("down".into())),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            status(AttendanceError::Unexpected("bug".into())),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
