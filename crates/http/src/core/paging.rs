//! Reading list parameters (`?limit=&after=` and filters) from the query string: every
//! value arrives as text and is checked here, so a bad one answers 422 on its field. A
//! parameter that is there is checked as the OpenAPI description says (a blank `limit`
//! or an out-of-range one is refused, not replaced by the default): what the description
//! refuses, the server refuses.

use schoolbrug_kernel::paging::MAX_LIMIT;
use schoolbrug_kernel::{AccountId, Cursor, FieldError, PageRequest};

use crate::core::error::ApiError;

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

/// `?limit=`: a whole number from 1 to 200 (default 50 when left out). A value that is
/// there but blank, not a number or out of range is refused, as the OpenAPI description
/// says, rather than quietly replaced.
///
/// # Errors
/// A field error on `limit`: `invalid` (not a whole number) or `out_of_range`.
pub fn limit(raw: Option<&str>) -> Result<Option<u32>, FieldError> {
    raw.map(|s| {
        // Digits only: `+5` and ` 5` are not the integers the description promises.
        let n = Some(s)
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
            .ok_or_else(|| FieldError::new("limit", "invalid", "a whole number from 1 to 200"))?;
        if (1..=MAX_LIMIT).contains(&n) {
            Ok(n)
        } else {
            Err(FieldError::new(
                "limit",
                "out_of_range",
                "a whole number from 1 to 200",
            ))
        }
    })
    .transpose()
}

/// `?after=`: a cursor from a previous page's `next`.
///
/// # Errors
/// A field error on `after` (`malformed_cursor`) when it is not a cursor we made, blank
/// included.
pub fn after(raw: Option<&str>) -> Result<Option<Cursor>, FieldError> {
    raw.map(|s| {
        Cursor::parse(s)
            .ok()
            .filter(|_| !s.is_empty())
            .ok_or_else(|| {
                FieldError::new("after", "malformed_cursor", "not a cursor of this list")
            })
    })
    .transpose()
}

/// A query value that must be one of a few words: left out means `None`; anything else,
/// blank included, must parse.
///
/// # Errors
/// `refused` when the value is there but does not parse.
pub fn one_of<T>(
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Option<T>,
    refused: impl FnOnce() -> FieldError,
) -> Result<Option<T>, FieldError> {
    raw.map(|s| parse(s).ok_or_else(refused)).transpose()
}

/// A free-text query value of at most `max` characters (counted as sent); blank means
/// no filter.
///
/// # Errors
/// A field error on `field` (`too_long`).
pub fn text<'a>(
    field: &str,
    raw: Option<&'a str>,
    max: usize,
) -> Result<Option<&'a str>, FieldError> {
    if raw.is_some_and(|s| s.chars().count() > max) {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    Ok(present(raw))
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
    raw.map(|s| {
        // The hyphenated form only, as `format: uuid` says.
        Some(s)
            .filter(|s| s.len() == 36)
            .and_then(|s| s.parse::<AccountId>().ok())
            .ok_or_else(|| FieldError::new(field, "invalid", "an account id (UUID)"))
    })
    .transpose()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_a_whole_number_from_1_to_200() {
        assert_eq!(limit(None).unwrap(), None);
        assert_eq!(limit(Some("20")).unwrap(), Some(20));
        assert_eq!(limit(Some("200")).unwrap(), Some(200));
        assert_eq!(limit(Some("-1")).unwrap_err().code, "invalid");
        assert_eq!(limit(Some(" ")).unwrap_err().code, "invalid");
        assert_eq!(limit(Some("0")).unwrap_err().code, "out_of_range");
        assert_eq!(limit(Some("201")).unwrap_err().code, "out_of_range");
    }

    #[test]
    fn a_blank_cursor_is_refused() {
        assert_eq!(after(Some("")).unwrap_err().code, "malformed_cursor");
        assert_eq!(after(None).unwrap(), None);
    }

    #[test]
    fn free_text_is_counted_as_sent() {
        assert_eq!(text("q", Some("  "), 3).unwrap(), None);
        assert_eq!(text("q", Some(" ab"), 3).unwrap(), Some("ab"));
        assert_eq!(text("q", Some(" abc"), 3).unwrap_err().code, "too_long");
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
