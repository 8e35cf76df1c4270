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
mod tests {
    use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone as _, Utc};
    use chrono_tz::Tz;
    use proptest::prelude::*;

    use super::{FreeDayPeriod, FreeDays, SEARCH_LIMIT_DAYS, SchoolDays};

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    /// The instant a clock in `zone` shows the given local time (which must exist once).
    fn local(zone: Tz, year: i32, month: u32, day: u32, hour: u32) -> DateTime<Utc> {
        zone.with_ymd_and_hms(year, month, day, hour, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn free_days(periods: &[(NaiveDate, NaiveDate)]) -> FreeDays {
        FreeDays::new(
            periods
                .iter()
                .map(|&(from, to)| FreeDayPeriod {
                    from,
                    to,
                    name: "Vrije dag".to_owned(),
                })
                .collect(),
        )
    }

    fn school(zone: Tz) -> SchoolDays {
        SchoolDays::new(zone, FreeDays::default())
    }

    const BRUSSELS: Tz = Tz::Europe__Brussels;

    #[test]
    fn a_message_received_on_friday_afternoon_is_due_on_tuesday_afternoon() {
        // Arrange
        let days = school(BRUSSELS);
        let received = local(BRUSSELS, 2026, 2, 6, 15);
        // Act
        let due = days.add_school_time(received, Duration::hours(48));
        // Assert
        assert_eq!(due, local(BRUSSELS, 2026, 2, 10, 15));
    }

    #[test]
    fn a_message_received_on_saturday_is_counted_from_monday_midnight() {
        // Arrange
        let days = school(BRUSSELS);
        let received = local(BRUSSELS, 2026, 2, 7, 10);
        // Act
        let due = days.add_school_time(received, Duration::hours(48));
        // Assert
        assert_eq!(due, local(BRUSSELS, 2026, 2, 11, 0));
    }

    #[test]
    fn a_free_monday_does_not_count() {
        // Arrange
        let days = SchoolDays::new(BRUSSELS, free_days(&[(date(2026, 2, 9), date(2026, 2, 9))]));
        let received = local(BRUSSELS, 2026, 2, 6, 15);
        // Act
        let due = days.add_school_time(received, Duration::hours(48));
        // Assert
        assert_eq!(due, local(BRUSSELS, 2026, 2, 11, 15));
    }

    #[test]
    fn the_start_of_summer_time_on_the_last_sunday_of_march_shifts_nothing() {
        // Arrange
        let days = school(BRUSSELS);
        let received = local(BRUSSELS, 2026, 3, 27, 15);
        // Act
        let due = days.add_school_time(received, Duration::hours(48));
        // Assert
        assert_eq!(due, local(BRUSSELS, 2026, 3, 31, 15));
    }

    #[test]
    fn the_end_of_summer_time_on_the_last_sunday_of_october_shifts_nothing() {
        // Arrange
        let days = school(BRUSSELS);
        let received = local(BRUSSELS, 2026, 10, 23, 15);
        // Act
        let due = days.add_school_time(received, Duration::hours(48));
        // Assert
        assert_eq!(due, local(BRUSSELS, 2026, 10, 27, 15));
    }

    #[test]
    fn a_school_day_that_starts_summer_time_counts_its_real_twenty_three_hours() {
        // Arrange: in Jerusalem summer time starts on Friday 27 March 2026 at 02:00.
        let jerusalem = Tz::Asia__Jerusalem;
        let days = school(jerusalem);
        let received = local(jerusalem, 2026, 3, 26, 15);
        // Act
        let due = days.add_school_time(received, Duration::hours(48));
        // Assert: Thursday 9 h + Friday 23 h + Monday 16 h.
        assert_eq!(due, local(jerusalem, 2026, 3, 30, 16));
        assert_eq!(
            days.school_time_between(
                local(jerusalem, 2026, 3, 27, 0),
                local(jerusalem, 2026, 3, 28, 0)
            ),
            Duration::hours(23)
        );
    }

    #[test]
    fn a_school_day_that_begins_after_the_clocks_jump_over_midnight_counts_twenty_three_hours() {
        // Arrange: in Tehran the clocks jumped from Monday 21 March 2022 24:00 to Tuesday 01:00.
        let tehran = Tz::Asia__Tehran;
        let days = school(tehran);
        let monday_noon = local(tehran, 2022, 3, 21, 12);
        // Act
        let due = days.add_school_time(monday_noon, Duration::hours(35));
        let counted =
            days.school_time_between(local(tehran, 2022, 3, 21, 0), local(tehran, 2022, 3, 23, 0));
        // Assert: Monday 12 h + Tuesday 23 h.
        assert_eq!(due, local(tehran, 2022, 3, 23, 0));
        assert_eq!(counted, Duration::hours(47));
    }

    #[test]
    fn a_school_day_ending_where_the_clocks_jump_over_midnight_ends_at_the_jump() {
        // Arrange: Tuesday 22 March 2022 is free, its midnight never shown in Tehran.
        let tehran = Tz::Asia__Tehran;
        let days = SchoolDays::new(tehran, free_days(&[(date(2022, 3, 22), date(2022, 3, 22))]));
        let monday_noon = local(tehran, 2022, 3, 21, 12);
        // Act
        let due = days.add_school_time(monday_noon, Duration::hours(12));
        // Assert: the end of Monday is the instant the clocks show Tuesday 01:00.
        assert_eq!(due, local(tehran, 2022, 3, 22, 1));
        assert_eq!(due - monday_noon, Duration::hours(12));
    }

    #[test]
    fn a_school_day_that_ends_summer_time_counts_twenty_five_hours() {
        // Arrange: in Tehran the clocks went back from Wednesday 21 September 2022 24:00 to 23:00.
        let tehran = Tz::Asia__Tehran;
        let days = school(tehran);
        // Act
        let counted =
            days.school_time_between(local(tehran, 2022, 9, 21, 0), local(tehran, 2022, 9, 22, 0));
        let due = days.add_school_time(local(tehran, 2022, 9, 21, 0), Duration::hours(48));
        // Assert: Wednesday 25 h + Thursday 23 h.
        assert_eq!(counted, Duration::hours(25));
        assert_eq!(due, local(tehran, 2022, 9, 22, 23));
    }

    #[test]
    fn a_school_day_the_clocks_skip_entirely_counts_nothing() {
        // Arrange: Samoa skipped Friday 30 December 2011, from Thursday 24:00 to Saturday 00:00.
        let apia = Tz::Pacific__Apia;
        let days = school(apia);
        let thursday_noon = local(apia, 2011, 12, 29, 12);
        // Act
        let end_of_thursday = days.add_school_time(thursday_noon, Duration::hours(12));
        let one_hour_more = days.add_school_time(thursday_noon, Duration::hours(13));
        let counted = days.school_time_between(thursday_noon, local(apia, 2012, 1, 2, 0));
        // Assert
        assert_eq!(end_of_thursday, local(apia, 2011, 12, 31, 0));
        assert_eq!(one_hour_more, local(apia, 2012, 1, 2, 1));
        assert_eq!(counted, Duration::hours(12));
    }

    #[test]
    fn a_result_at_the_end_of_friday_is_friday_midnight_not_monday() {
        // Arrange
        let days = school(BRUSSELS);
        let received = local(BRUSSELS, 2026, 2, 6, 15);
        // Act
        let due = days.add_school_time(received, Duration::hours(9));
        // Assert
        assert_eq!(due, local(BRUSSELS, 2026, 2, 7, 0));
    }

    #[test]
    fn adding_no_school_time_returns_the_start_even_in_a_weekend() {
        // Arrange
        let days = school(BRUSSELS);
        let friday = local(BRUSSELS, 2026, 2, 6, 15);
        let saturday = local(BRUSSELS, 2026, 2, 7, 10);
        // Act
        let from_friday = days.add_school_time(friday, Duration::zero());
        let from_saturday = days.add_school_time(saturday, Duration::zero());
        let backwards = days.add_school_time(friday, Duration::hours(-3));
        // Assert
        assert_eq!(from_friday, friday);
        assert_eq!(from_saturday, saturday);
        assert_eq!(backwards, friday);
    }

    #[test]
    fn the_school_time_between_matches_the_examples() {
        // Arrange
        let days = school(BRUSSELS);
        let friday = local(BRUSSELS, 2026, 3, 27, 15);
        let tuesday = local(BRUSSELS, 2026, 3, 31, 15);
        let saturday = local(BRUSSELS, 2026, 3, 28, 10);
        let wednesday_midnight = local(BRUSSELS, 2026, 4, 1, 0);
        // Act
        let over_the_weekend = days.school_time_between(friday, tuesday);
        let from_saturday = days.school_time_between(saturday, wednesday_midnight);
        let within_the_weekend =
            days.school_time_between(saturday, local(BRUSSELS, 2026, 3, 29, 20));
        // Assert
        assert_eq!(over_the_weekend, Duration::hours(48));
        assert_eq!(from_saturday, Duration::hours(48));
        assert_eq!(within_the_weekend, Duration::zero());
    }

    #[test]
    fn the_school_time_between_is_zero_when_to_is_not_after_from() {
        // Arrange
        let days = school(BRUSSELS);
        let friday = local(BRUSSELS, 2026, 2, 6, 15);
        // Act
        let same = days.school_time_between(friday, friday);
        let reversed = days.school_time_between(friday, friday - Duration::hours(30));
        // Assert
        assert_eq!(same, Duration::zero());
        assert_eq!(reversed, Duration::zero());
    }

    #[test]
    fn free_days_covering_decades_end_the_search_after_about_ten_years() {
        // Arrange
        let days = SchoolDays::new(
            BRUSSELS,
            free_days(&[(date(2026, 2, 9), date(2100, 12, 31))]),
        );
        let friday = local(BRUSSELS, 2026, 2, 6, 15);
        let horizon = date(2026, 2, 6) + Duration::days(i64::from(SEARCH_LIMIT_DAYS));
        // Act
        let due = days.add_school_time(friday, Duration::hours(48));
        let counted = days.school_time_between(friday, friday + Duration::days(365 * 50));
        // Assert
        let horizon_start = BRUSSELS
            .from_local_datetime(&horizon.and_time(NaiveTime::MIN))
            .single()
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(due, horizon_start);
        assert_eq!(counted, Duration::hours(9));
        assert_eq!(days.school_time_between(friday, due), Duration::hours(9));
    }

    const ZONES: [Tz; 6] = [
        Tz::Europe__Brussels,
        Tz::America__Santiago,
        Tz::Asia__Jerusalem,
        Tz::Asia__Tehran,
        Tz::Australia__Lord_Howe,
        Tz::America__New_York,
    ];

    /// 2019-01-01T00:00:00Z and 2031-01-01T00:00:00Z.
    const FIRST_SECOND: i64 = 1_546_300_800;
    const LAST_SECOND: i64 = 1_924_992_000;

    fn any_school_days() -> impl Strategy<Value = SchoolDays> {
        (
            prop::sample::select(ZONES.to_vec()),
            prop::collection::vec((0_i64..4_400, 0_i64..30), 0..6),
        )
            .prop_map(|(zone, periods)| {
                let first = date(2019, 1, 1);
                let periods: Vec<_> = periods
                    .into_iter()
                    .map(|(offset, length)| {
                        let from = first + Duration::days(offset);
                        (from, from + Duration::days(length))
                    })
                    .collect();
                SchoolDays::new(zone, free_days(&periods))
            })
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        (FIRST_SECOND..LAST_SECOND).prop_map(|second| DateTime::from_timestamp(second, 0).unwrap())
    }

    /// From one second to sixty days.
    fn any_positive_amount() -> impl Strategy<Value = Duration> {
        (1_i64..=60 * 24 * 3_600).prop_map(Duration::seconds)
    }

    /// `start` if it is school time, else an instant of the next school day (as far into
    /// it as a pseudo-random part of a day shorter than any real one).
    fn into_school_time(days: &SchoolDays, start: DateTime<Utc>) -> DateTime<Utc> {
        let mut day = days.day_of(start);
        if days.is_school_day(day) {
            return start;
        }
        while !days.is_school_day(day) {
            day = day.succ_opt().unwrap();
        }
        days.day_start(day) + Duration::seconds(start.timestamp().rem_euclid(80_000))
    }

    proptest! {
        #[test]
        fn a_result_never_falls_on_a_weekend_or_free_day(
            days in any_school_days(),
            start in any_instant(),
            amount in any_positive_amount(),
        ) {
            // Arrange
            let start = into_school_time(&days, start);
            // Act
            let result = days.add_school_time(start, amount);
            // Assert: its local date is a school day, or it is the end of one.
            let local_date = result.with_timezone(&days.time_zone()).date_naive();
            let counted_date = if result == days.day_start(local_date) {
                local_date.pred_opt().unwrap()
            } else {
                local_date
            };
            prop_assert!(result > start);
            prop_assert!(days.is_school_day(counted_date), "{result} counted on {counted_date}");
        }

        #[test]
        fn the_school_time_between_start_and_result_is_the_amount_added(
            days in any_school_days(),
            start in any_instant(),
            amount in any_positive_amount(),
        ) {
            // Arrange
            let start = into_school_time(&days, start);
            // Act
            let result = days.add_school_time(start, amount);
            // Assert
            prop_assert_eq!(days.school_time_between(start, result), amount);
        }

        #[test]
        fn adding_more_school_time_never_gives_an_earlier_result(
            days in any_school_days(),
            start in any_instant(),
            first in any_positive_amount(),
            second in any_positive_amount(),
        ) {
            // Arrange
            let (smaller, larger) = if first <= second { (first, second) } else { (second, first) };
            // Act
            let sooner = days.add_school_time(start, smaller);
            let later = days.add_school_time(start, larger);
            // Assert
            prop_assert!(sooner <= later);
        }
    }
}
