//! School-hours arithmetic: time elapsed counting only school days, in the school's time
//! zone, given its free days. Drives the 48-hour rules (reply due, short notice).
//!
//! A school day is a Monday to Friday that is not a free day; all of its 24 (or 23, 25)
//! wall-clock hours count. Weekends and free days do not count at all.
//!
//! Precisely:
//! - A local date lasts, in real (UTC) time, from its start to the start of the next date.
//!   A date starts at its local midnight; when that midnight is shown twice (clocks set
//!   back across it) the earlier instant counts, and when it is never shown (clocks set
//!   forward across it) the date starts at the instant the clocks jump. So every instant
//!   belongs to exactly one date, and a date around a daylight-saving change counts its
//!   real 23 or 25 hours.
//! - School time is the real time spent inside school days. Counting from an instant in a
//!   weekend or free day starts at the start of the next school day.
//! - A result that falls exactly at the end of a school day is that end (the next local
//!   midnight), even when weekends or free days follow: a reply due "Saturday 00:00" is due
//!   at the end of Friday, not on Monday morning.
//! - The arithmetic looks at most [`SEARCH_LIMIT_DAYS`] local dates (about ten years) ahead
//!   of its start, so that free days covering years cannot make it loop for ever; see the
//!   two methods of [`SchoolDays`] for what they return past that horizon.

use async_trait::async_trait;
use chrono::{
    DateTime, Duration, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone as _, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::SchoolId;

/// One period of free days (a holiday, a pedagogical study day), dates inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeDayPeriod {
    /// First free day.
    pub from: NaiveDate,
    /// Last free day (inclusive).
    pub to: NaiveDate,
    /// What the period is called ("Kerstvakantie").
    pub name: String,
}

/// The free days of one school.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FreeDays {
    periods: Vec<FreeDayPeriod>,
}

impl FreeDays {
    /// The free days made of `periods`.
    #[must_use]
    pub fn new(periods: Vec<FreeDayPeriod>) -> Self {
        Self { periods }
    }

    /// Whether `date` falls in one of the periods.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.periods.iter().any(|p| p.from <= date && date <= p.to)
    }

    /// The periods, as entered.
    #[must_use]
    pub fn periods(&self) -> &[FreeDayPeriod] {
        &self.periods
    }
}

/// A school's week: its time zone and free days.
#[derive(Clone, Debug)]
pub struct SchoolDays {
    time_zone: Tz,
    free_days: FreeDays,
}

impl SchoolDays {
    /// The school days of a school in `time_zone` with `free_days`.
    #[must_use]
    pub fn new(time_zone: Tz, free_days: FreeDays) -> Self {
        Self {
            time_zone,
            free_days,
        }
    }

    /// The school's time zone.
    #[must_use]
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// Whether `date` (a local date of the school) is a school day.
    #[must_use]
    pub fn is_school_day(&self, date: NaiveDate) -> bool {
        use chrono::Datelike as _;
        let weekday = date.weekday().number_from_monday();
        weekday <= 5 && !self.free_days.contains(date)
    }

    /// The instant when `amount` of school time has passed since `start`.
    ///
    /// Returns `start` itself when `amount` is zero or negative. Counting from a weekend or
    /// a free day starts at the start of the next school day. A result at the very end of a
    /// school day is that end (the next local midnight), never the start of the next school
    /// day after a weekend. If `amount` cannot be reached within [`SEARCH_LIMIT_DAYS`] local
    /// dates from `start` (free days covering years), returns the end of that horizon: the
    /// earliest instant the answer could be.
    #[must_use]
    pub fn add_school_time(&self, start: DateTime<Utc>, amount: Duration) -> DateTime<Utc> {
        if amount <= Duration::zero() {
            return start;
        }
        let mut remaining = amount;
        let mut cursor = start;
        let mut day = self.day_of(start);
        for _ in 0..SEARCH_LIMIT_DAYS {
            let Some(next_day) = day.succ_opt() else {
                break;
            };
            let day_end = self.day_start(next_day).max(cursor);
            if self.is_school_day(day) {
                let available = day_end - cursor;
                if remaining <= available {
                    return cursor.checked_add_signed(remaining).unwrap_or(day_end);
                }
                remaining -= available;
            }
            cursor = day_end;
            day = next_day;
        }
        cursor
    }

    /// The school time that passes between `from` and `to` (zero when `to <= from`).
    ///
    /// Only the [`SEARCH_LIMIT_DAYS`] local dates from `from` on are counted: for a `to`
    /// further away, returns the school time up to the end of that horizon.
    #[must_use]
    pub fn school_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        if to <= from {
            return total;
        }
        let mut cursor = from;
        let mut day = self.day_of(from);
        for _ in 0..SEARCH_LIMIT_DAYS {
            let Some(next_day) = day.succ_opt() else {
                break;
            };
            let day_end = self.day_start(next_day).max(cursor);
            if self.is_school_day(day) {
                total += day_end.min(to) - cursor;
            }
            if to <= day_end {
                break;
            }
            cursor = day_end;
            day = next_day;
        }
        total
    }

    /// The local date `instant` belongs to: the one whose [start](Self::day_start) is at or
    /// before it and whose next date starts after it.
    fn day_of(&self, instant: DateTime<Utc>) -> NaiveDate {
        let date = instant.with_timezone(&self.time_zone).date_naive();
        if instant < self.day_start(date) {
            // Unreachable with real zones; kept so that every instant has one date.
            date.pred_opt().unwrap_or(date)
        } else if let Some(next) = date.succ_opt()
            && instant >= self.day_start(next)
        {
            // Clocks set back across midnight: the repeated hour belongs to the new date.
            next
        } else {
            date
        }
    }

    /// The instant `date` starts: its local midnight (the earlier one if shown twice), or,
    /// when the clocks jump over midnight, the instant they jump.
    fn day_start(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_time(NaiveTime::MIN);
        match self.time_zone.from_local_datetime(&midnight) {
            MappedLocalTime::Single(instant) => instant.with_timezone(&Utc),
            MappedLocalTime::Ambiguous(earlier, later) => earlier.min(later).with_timezone(&Utc),
            MappedLocalTime::None => self.end_of_gap(midnight),
        }
    }

    /// The first instant whose local time is at or after `local`, a local time the clocks
    /// skip: the instant they jump.
    fn end_of_gap(&self, local: NaiveDateTime) -> DateTime<Utc> {
        // The first whole minute the clocks show again (a gap never lasts more than a day)...
        let mut minute = local;
        for _ in 0..MAX_GAP_MINUTES {
            let Some(next) = minute.checked_add_signed(Duration::minutes(1)) else {
                break;
            };
            minute = next;
            let Some(shown) = self.time_zone.from_local_datetime(&minute).earliest() else {
                continue;
            };
            // ...then the jump itself, to the second, within the minute before it (offsets
            // of old local mean times are not whole minutes). `low` shows a local time
            // before `local`, `high` one at or after it.
            let mut high = shown.timestamp();
            let mut low = high - 60;
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                let shows_later = DateTime::from_timestamp(middle, 0).is_some_and(|instant| {
                    instant.with_timezone(&self.time_zone).naive_local() >= local
                });
                if shows_later {
                    high = middle;
                } else {
                    low = middle;
                }
            }
            return DateTime::from_timestamp(high, 0).unwrap_or_else(|| shown.with_timezone(&Utc));
        }
        // Only at the edge of the representable dates.
        local.and_utc()
    }
}

/// How many local dates the school-hours arithmetic looks at, at most, from its start:
/// about ten years. Beyond that horizon, see [`SchoolDays::add_school_time`] and
/// [`SchoolDays::school_time_between`].
pub const SEARCH_LIMIT_DAYS: u32 = 3_660;

/// How many minutes after a skipped local time the clocks are looked for (two days).
const MAX_GAP_MINUTES: u32 = 2 * 24 * 60;

/// Why the school calendar could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SchoolCalendarError {
    /// The school does not exist.
    #[error("school not found")]
    NotFound,
    /// The store behind the calendar is unreachable.
    #[error("school calendar unavailable")]
    Unavailable,
}

/// Port: looks up a school's time zone and free days.
#[async_trait]
pub trait SchoolCalendar: Send + Sync {
    /// The school days of `school`.
    ///
    /// # Errors
    /// MUST return [`SchoolCalendarError::NotFound`] for an unknown school.
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError>;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
