//! Reading list parameters (`?limit=&after=` and filters) from the query string: every
//! value arrives as text and is checked here, so a bad one answers 422 on its field.

use schoolbrug_kernel::{AccountId, Cursor, FieldError, PageRequest};

use crate::error::ApiError;

/// Field errors gathered over one query string, so every bad parameter is reported at once.
#[derive(Debug, Default)]
pub struct QueryErrors(Vec<FieldError>);

impl QueryErrors {
    /// Keeps the value, or the error for later.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    /// `Ok` when nothing was refused.
    ///
    /// # Errors
    /// [`ApiError::Invalid`] with every refused parameter.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(self.0))
        }
    }
}

/// A query value that is present and not blank.
#[must_use]
pub fn present(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

/// `?limit=`: a whole number (clamped to 1–200 by the kernel; default 50).
///
/// # Errors
/// A field error on `limit` when it is not a whole number.
pub fn limit(raw: Option<&str>) -> Result<Option<u32>, FieldError> {
    present(raw)
        .map(|s| {
            s.parse::<u32>()
                .map_err(|_| FieldError::new("limit", "invalid", "a whole number from 1 to 200"))
        })
        .transpose()
}

/// `?after=`: a cursor from a previous page's `next`.
///
/// # Errors
/// A field error on `after` when it is not a cursor we made.
pub fn after(raw: Option<&str>) -> Result<Option<Cursor>, FieldError> {
    present(raw)
        .map(|s| {
            Cursor::parse(s).map_err(|_| {
                FieldError::new("after", "malformed_cursor", "not a cursor of this list")
            })
        })
        .transpose()
}

/// The page asked for, with errors gathered in `errors`.
pub fn page_request(
    errors: &mut QueryErrors,
    limit_raw: Option<&str>,
    after_raw: Option<&str>,
) -> PageRequest {
    let limit = errors.take(limit(limit_raw)).flatten();
    let after = errors.take(after(after_raw)).flatten();
    PageRequest::new(limit, after)
}

/// An account id given as a filter (`?account=`).
///
/// # Errors
/// A field error on `field` when it is not a UUID.
pub fn account_id(field: &str, raw: Option<&str>) -> Result<Option<AccountId>, FieldError> {
    present(raw)
        .map(|s| {
            s.parse::<AccountId>()
                .map_err(|_| FieldError::new(field, "invalid", "an account id (UUID)"))
        })
        .transpose()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_limit_means_the_default() {
        assert_eq!(limit(Some(" ")).unwrap(), None);
        assert_eq!(limit(Some("20")).unwrap(), Some(20));
        assert_eq!(limit(Some("-1")).unwrap_err().field, "limit");
    }

    #[test]
    fn a_cursor_that_is_not_ours_is_refused() {
        assert_eq!(after(Some("%%%")).unwrap_err().code, "malformed_cursor");
        assert!(
            after(Some(Cursor::after_key("x").as_str()))
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn every_bad_parameter_is_reported() {
        let mut errors = QueryErrors::default();
        let _ = page_request(&mut errors, Some("many"), Some("%%%"));
        match errors.finish() {
            Err(ApiError::Invalid(e)) => assert_eq!(e.len(), 2),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}
