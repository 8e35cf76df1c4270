//! The school year and its free days, kept by admins and read by everyone (the 48-hour
//! rules read them through the kernel's `SchoolCalendar`).

use schoolbrug_kernel::{Actor, FieldError, FreeDayPeriod};

use super::Calendar;
use crate::error::CalendarError;
use crate::model::SchoolYear;

/// The most free-day periods a school keeps.
pub const MAX_FREE_DAY_PERIODS: usize = 1_000;

impl Calendar {
    /// The school's free days, ordered by first day. Admins only.
    ///
    /// # Errors
    /// `NotFound` for anyone but an admin of the school.
    pub async fn free_days(&self, actor: &Actor) -> Result<Vec<FreeDayPeriod>, CalendarError> {
        if !actor.is_admin() {
            return Err(CalendarError::NotFound);
        }
        Ok(self.store.free_days(actor.school).await?)
    }

    /// Replaces the school's free days. Admins only.
    ///
    /// # Errors
    /// `NotFound` for anyone but an admin; `Invalid` for a period that ends before it
    /// starts, has no name, or too many periods.
    pub async fn replace_free_days(
        &self,
        actor: &Actor,
        mut periods: Vec<FreeDayPeriod>,
    ) -> Result<(), CalendarError> {
        if !actor.is_admin() {
            return Err(CalendarError::NotFound);
        }
        let mut errors = Vec::new();
        if periods.len() > MAX_FREE_DAY_PERIODS {
            errors.push(FieldError::new(
                "periods",
                "too_many",
                "at most 1000 periods",
            ));
        }
        for (i, p) in periods.iter_mut().enumerate() {
            p.name = p.name.trim().to_owned();
            if p.to < p.from {
                errors.push(FieldError::new(
                    format!("periods[{i}].to"),
                    "before_from",
                    "`to` is before `from`",
                ));
            }
            if p.name.is_empty() {
                errors.push(FieldError::new(
                    format!("periods[{i}].name"),
                    "blank",
                    "a period needs a name",
                ));
            } else if p.name.chars().count() > 100 {
                errors.push(FieldError::new(
                    format!("periods[{i}].name"),
                    "too_long",
                    "at most 100 characters",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(CalendarError::Invalid(errors));
        }
        periods.sort_by_key(|p| (p.from, p.to));
        self.store.replace_free_days(actor.school, &periods).await?;
        Ok(())
    }

    /// The school year: the one the school set, or 1 September to 31 August around today.
    ///
    /// # Errors
    /// `NotFound` when the school is gone.
    pub async fn school_year(&self, actor: &Actor) -> Result<SchoolYear, CalendarError> {
        let zone = self.zone(actor.school).await?;
        Ok(match self.store.school_year(actor.school).await? {
            Some(year) => year,
            None => SchoolYear::around(self.today(zone)),
        })
    }

    /// Sets the school year. Admins only.
    ///
    /// # Errors
    /// `NotFound` for anyone but an admin.
    pub async fn set_school_year(
        &self,
        actor: &Actor,
        year: SchoolYear,
    ) -> Result<(), CalendarError> {
        if !actor.is_admin() {
            return Err(CalendarError::NotFound);
        }
        Ok(self.store.set_school_year(actor.school, &year).await?)
    }
}
