//! Schools: the tenants. Every record belongs to exactly one.

use chrono_tz::Tz;
use schoolbrug_kernel::{FieldError, SchoolId};
use serde::Serialize;

/// A school's short, URL-safe name: lowercase letters, digits and dashes, 2–63 long.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SchoolSlug(String);

impl SchoolSlug {
    /// Parses a slug.
    ///
    /// # Errors
    /// A [`FieldError`] on `slug` when it is not 2–63 of `a-z`, `0-9`, `-`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !(2..=63).contains(&s.len()) || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(FieldError::new(
                "slug",
                "invalid",
                "2 to 63 lowercase letters, digits and dashes",
            ));
        }
        Ok(Self(s))
    }

    /// The slug.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A school's display name: trimmed, 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SchoolName(String);

impl SchoolName {
    /// Parses a school name.
    ///
    /// # Errors
    /// A [`FieldError`] on `name` when blank or longer than 200 characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new("name", "blank", "a school needs a name"));
        }
        if s.chars().count() > 200 {
            return Err(FieldError::new(
                "name",
                "too_long",
                "at most 200 characters",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A school: the tenant every account and record belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct School {
    /// Its id.
    pub id: SchoolId,
    /// Its short name, used to sign in when a deployment serves several schools.
    pub slug: SchoolSlug,
    /// Its display name.
    pub name: SchoolName,
    /// Its time zone; the school calendar and the 48-hour rules use it.
    pub time_zone: Tz,
    /// The shortest password the school accepts (at least 8; default 12).
    pub min_password_length: usize,
}
