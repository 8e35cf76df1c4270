//! An in-memory `SchoolCalendar` for tests: a school's time zone from the directory and
//! the free days a test sets.

use async_trait::async_trait;
use schoolbrug_kernel::{
    FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId,
};

use super::InMemoryMessageStore;

impl InMemoryMessageStore {
    /// Sets the free days this store's `SchoolCalendar` reports for `school`: for tests
    /// of the 48-hour rules and the quiet hours without the calendar module, which keeps
    /// the free days in a deployment.
    pub fn set_free_days(&self, school: SchoolId, periods: &[FreeDayPeriod]) {
        let mut sorted = periods.to_vec();
        sorted.sort_by_key(|p| (p.from, p.to));
        self.lock().free_days.insert(school, sorted);
    }
}

#[async_trait]
impl SchoolCalendar for InMemoryMessageStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        let time_zone = self
            .directory
            .time_zone(school)
            .await
            .map_err(|_| SchoolCalendarError::Unavailable)?
            .ok_or(SchoolCalendarError::NotFound)?;
        let periods = self
            .lock()
            .free_days
            .get(&school)
            .cloned()
            .unwrap_or_default();
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}
