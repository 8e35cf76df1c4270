//! What a person's calendar shows: the activities their audience reaches, laid out on
//! dates, with the school's free days.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use schoolbrug_kernel::{Actor, FreeDays};

use super::Calendar;
use crate::error::CalendarError;
use crate::model::{Occurrence, expand, free_day_occurrences, start_of_day};

/// The longest span one request lays out, in days.
pub const LONGEST_SPAN_DAYS: i64 = 400;

/// What the start page shows of the calendar.
#[derive(Clone, Debug)]
pub struct StartCalendar {
    /// The occurrences of the coming days, by start.
    pub upcoming: Vec<Occurrence>,
}

impl Calendar {
    /// The actor's calendar from `from` to `to` (dates inclusive, in the school's zone):
    /// activities and free days, by start. A co-account's items are labelled with its
    /// child.
    ///
    /// # Errors
    /// `Invalid` (`to`) when `to` is before `from` or the span is over 400 days.
    pub async fn occurrences(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Occurrence>, CalendarError> {
        if to < from {
            return Err(CalendarError::invalid(
                "to",
                "before_from",
                "`to` is before `from`",
            ));
        }
        if (to - from).num_days() >= LONGEST_SPAN_DAYS {
            return Err(CalendarError::invalid(
                "to",
                "too_long",
                "a calendar shows at most 400 days at once",
            ));
        }
        let zone = self.zone(actor.school).await?;
        self.laid_out(
            actor,
            zone,
            start_of_day(zone, from),
            start_of_day(zone, to + Duration::days(1)),
        )
        .await
    }

    /// What the start page shows: the next `days` days from now.
    ///
    /// # Errors
    /// As [`Calendar::occurrences`].
    pub async fn upcoming(&self, actor: &Actor, days: i64) -> Result<StartCalendar, CalendarError> {
        let zone = self.zone(actor.school).await?;
        let today = self.today(zone);
        let now = self.clock.now();
        let to = start_of_day(zone, today + Duration::days(days + 1));
        let mut upcoming = self.laid_out(actor, zone, now, to).await?;
        upcoming.retain(|o| o.end > now);
        Ok(StartCalendar { upcoming })
    }

    async fn laid_out(
        &self,
        actor: &Actor,
        zone: chrono_tz::Tz,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>, CalendarError> {
        let viewer = self.viewer(actor).await?;
        let free_days = FreeDays::new(self.store.free_days(actor.school).await?);
        let activities = self
            .store
            .activities_in(actor.school, &viewer.reach(), from, to)
            .await?;
        let mut items: Vec<Occurrence> = activities
            .iter()
            .flat_map(|a| expand(a, zone, &free_days, from, to, viewer.child.as_ref()))
            .collect();
        items.extend(free_day_occurrences(&free_days, zone, from, to));
        items.sort_by(|a, b| (a.start, &a.title).cmp(&(b.start, &b.title)));
        Ok(items)
    }
}
