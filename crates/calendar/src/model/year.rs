//! The school year: the window of the feeds and of what a calendar shows by default.

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

/// A school year, dates inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolYear {
    /// The first day (1 September in Flanders).
    pub starts_on: NaiveDate,
    /// The last day (31 August, so the summer holiday belongs to the year it ends).
    pub ends_on: NaiveDate,
}

impl SchoolYear {
    /// A school year, refused when it ends before it starts or lasts more than 400 days.
    ///
    /// # Errors
    /// The field and the reason.
    pub fn new(
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    ) -> Result<Self, schoolbrug_kernel::FieldError> {
        if ends_on < starts_on {
            return Err(schoolbrug_kernel::FieldError::new(
                "ends_on",
                "before_start",
                "the school year ends before it starts",
            ));
        }
        if (ends_on - starts_on).num_days() > 400 {
            return Err(schoolbrug_kernel::FieldError::new(
                "ends_on",
                "too_long",
                "a school year lasts at most 400 days",
            ));
        }
        Ok(Self { starts_on, ends_on })
    }

    /// The school year a school has not set: 1 September to 31 August around `today`.
    #[must_use]
    pub fn around(today: NaiveDate) -> Self {
        let first_year = if today.month() >= 9 {
            today.year()
        } else {
            today.year() - 1
        };
        // 1 September and 31 August exist in every year.
        let starts_on = NaiveDate::from_ymd_opt(first_year, 9, 1).unwrap_or(today);
        let ends_on = NaiveDate::from_ymd_opt(first_year + 1, 8, 31).unwrap_or(today);
        Self { starts_on, ends_on }
    }

    /// Whether `date` is in the year.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.starts_on <= date && date <= self.ends_on
    }
}
