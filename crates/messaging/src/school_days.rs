//! The school days messaging counts in when no calendar module is wired: the school's time
//! zone with weekends only. A deployment gives messaging the calendar's `SchoolCalendar`
//! (with the school's free days) through `Messaging::with_school_calendar`.

use std::sync::Arc;

use async_trait::async_trait;
use schoolbrug_kernel::{FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId};

use crate::ports::Directory;

/// A `SchoolCalendar` without free days, over the directory's time zones.
pub struct WeekendsOnly {
    directory: Arc<dyn Directory>,
}

impl WeekendsOnly {
    /// School days in the time zones `directory` gives.
    pub fn new(directory: Arc<dyn Directory>) -> Self {
        Self { directory }
    }
}

#[async_trait]
impl SchoolCalendar for WeekendsOnly {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        let zone = self
            .directory
            .time_zone(school)
            .await
            .map_err(|_| SchoolCalendarError::Unavailable)?
            .ok_or(SchoolCalendarError::NotFound)?;
        Ok(SchoolDays::new(zone, FreeDays::default()))
    }
}
