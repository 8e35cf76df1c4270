//! The in-memory `FreeDaysStore` and `SchoolCalendar`: a school's free days and time
//! zone.

use async_trait::async_trait;
use schoolbrug_kernel::{
    FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId,
};

use super::InMemoryMessageStore;
use crate::ports::{FreeDaysStore, StoreResult};

#[async_trait]
impl FreeDaysStore for InMemoryMessageStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        Ok(self
            .lock()
            .free_days
            .get(&school)
            .cloned()
            .unwrap_or_default())
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        let mut sorted = periods.to_vec();
        sorted.sort_by_key(|p| (p.from, p.to));
        self.lock().free_days.insert(school, sorted);
        Ok(())
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
