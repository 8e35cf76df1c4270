//! Quiet hours: the right to disconnect, enforced by the server. A school may choose a
//! daily quiet window (for example 20:00–07:00) and make weekends and free days entirely
//! quiet; a forward made in quiet time waits until it ends, unless the message is urgent.
//!
//! Precisely, in the school's time zone, an instant is *quiet* when
//! - its local time of day lies in the window `[start, end)`: when `start < end` the times
//!   from `start` up to (not including) `end`; when `start > end` the window wraps midnight
//!   (from `start` to midnight, and from midnight up to `end`); when `start == end` there is
//!   no daily window at all;
//! - or `weekends` is set and its local date is a Saturday or a Sunday;
//! - or `free_days` is set and its local date is a Monday to Friday that is not a school
//!   day (a free day or holiday of the school calendar). A weekend day is quiet only through
//!   `weekends`, even inside a holiday period.
//!
//! The window is a wall-clock window: across a daylight-saving change it keeps its local
//! times (20:00–07:00 lasts 10 or 12 real hours that night).

use chrono::{
    DateTime, Datelike as _, Duration, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime,
    Offset as _, TimeZone as _, Utc,
};
use chrono_tz::Tz;
use schoolbrug_kernel::SchoolDays;
use schoolbrug_kernel::school_hours::SEARCH_LIMIT_DAYS;
use serde::{Deserialize, Serialize};

/// A school's quiet hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QuietHours {
    /// When the daily quiet window starts (local time, inclusive).
    pub start: NaiveTime,
    /// When it ends (local time, exclusive); before `start` when it wraps midnight.
    pub end: NaiveTime,
    /// Saturdays and Sundays are quiet all day.
    pub weekends: bool,
    /// Free days and holidays (Monday to Friday) are quiet all day.
    pub free_days: bool,
}

impl QuietHours {
    /// Whether `at` is quiet time for a school with `days` (see the module documentation).
    ///
    /// An instant whose local time lies beyond the dates chrono can represent (the very
    /// edges of [`DateTime<Utc>`]) counts as not quiet.
    #[must_use]
    pub fn is_quiet(&self, at: DateTime<Utc>, days: &SchoolDays) -> bool {
        local_time(at, days.time_zone()).is_some_and(|local| {
            self.is_quiet_day(local.date(), days) || self.is_quiet_time(local.time())
        })
    }

    /// Whether the whole local `date` is quiet.
    fn is_quiet_day(&self, date: NaiveDate, days: &SchoolDays) -> bool {
        let weekend = date.weekday().number_from_monday() > 5;
        if weekend {
            self.weekends
        } else {
            self.free_days && !days.is_school_day(date)
        }
    }

    /// Whether a local time of day falls in the daily window.
    fn is_quiet_time(&self, time: NaiveTime) -> bool {
        use std::cmp::Ordering;
        match self.start.cmp(&self.end) {
            Ordering::Less => self.start <= time && time < self.end,
            Ordering::Greater => time >= self.start || time < self.end,
            Ordering::Equal => false,
        }
    }
}

/// The first instant at or after `at` that is not quiet time for a school with `days`
/// under `quiet` (`at` itself when there are no quiet hours or `at` is not quiet).
///
/// Exact to the instant, in the school's time zone, also across daylight-saving changes:
/// a window ending at a local time the clocks skip ends when the clocks jump. The search
/// looks at most [`SEARCH_LIMIT_DAYS`] local dates (about ten years) ahead; when every
/// instant up to there is quiet (free days covering years), it returns an instant near the
/// end of that horizon, still after `at`. It never panics.
#[must_use]
pub fn next_allowed(
    at: DateTime<Utc>,
    quiet: Option<&QuietHours>,
    days: &SchoolDays,
) -> DateTime<Utc> {
    let Some(quiet) = quiet else {
        return at;
    };
    if !quiet.is_quiet(at, days) {
        return at;
    }
    // Where quiet time turns into allowed time, the local time shows `end` or midnight (a
    // quiet date ends), or the clocks change: every candidate is one of those instants.
    let zone = days.time_zone();
    let Some(first) = local_time(at, zone).map(|local| local.date()) else {
        return at;
    };
    let mut date = first.pred_opt().unwrap_or(first);
    let mut best: Option<DateTime<Utc>> = None;
    let mut latest = at;
    for _ in 0..SEARCH_LIMIT_DAYS {
        for candidate in candidates(quiet, zone, date) {
            latest = latest.max(candidate);
            if candidate > at
                && best.is_none_or(|b| candidate < b)
                && !quiet.is_quiet(candidate, days)
            {
                best = Some(candidate);
            }
        }
        // Candidates of later dates lie after this date's UTC midnight less any offset
        // (under a day): once that is past the best one, nothing earlier can come.
        if let Some(best) = best
            && date
                .and_time(NaiveTime::MIN)
                .and_utc()
                .checked_sub_signed(Duration::hours(26))
                .is_some_and(|earliest| earliest > best)
        {
            return best;
        }
        let Some(next) = date.succ_opt() else {
            break;
        };
        date = next;
    }
    best.unwrap_or(latest)
}

/// The local date and time `zone` shows at `at`; `None` beyond the representable dates.
fn local_time(at: DateTime<Utc>, zone: Tz) -> Option<NaiveDateTime> {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc()).fix();
    at.naive_utc().checked_add_offset(offset)
}

/// The instants of `date` where quiet time may turn into allowed time: local midnight and
/// local `end` (each mapping when shown twice), and every change of the zone's offset in
/// the UTC day of the same calendar date.
fn candidates(quiet: &QuietHours, zone: Tz, date: NaiveDate) -> Vec<DateTime<Utc>> {
    let mut found = Vec::with_capacity(6);
    for time in [NaiveTime::MIN, quiet.end] {
        match zone.from_local_datetime(&date.and_time(time)) {
            MappedLocalTime::Single(instant) => found.push(instant.with_timezone(&Utc)),
            MappedLocalTime::Ambiguous(earlier, later) => {
                found.push(earlier.with_timezone(&Utc));
                found.push(later.with_timezone(&Utc));
            }
            // A skipped local time: the switch happens when the clocks jump, found below.
            MappedLocalTime::None => {}
        }
    }
    let start = date.and_time(NaiveTime::MIN).and_utc();
    if let Some(end) = start.checked_add_signed(Duration::days(1)) {
        found.extend(offset_changes(zone, start, end));
    }
    found
}

/// The instants in `(from, to]` at which `zone`'s offset changes (to the second, as in the
/// time-zone database). A change that is undone within the same span is not seen.
fn offset_changes(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let offset_at = |second: i64| {
        DateTime::from_timestamp(second, 0).map(|instant| {
            zone.offset_from_utc_datetime(&instant.naive_utc())
                .fix()
                .local_minus_utc()
        })
    };
    let mut changes = Vec::new();
    let mut low = from.timestamp();
    let high_end = to.timestamp();
    // A day holds at most a couple of changes; bounded so that it always ends.
    for _ in 0..4 {
        let before = offset_at(low);
        if before.is_none() || offset_at(high_end) == before {
            break;
        }
        let (mut lo, mut hi) = (low, high_end);
        while hi - lo > 1 {
            let middle = lo + (hi - lo) / 2;
            if offset_at(middle) == before {
                lo = middle;
            } else {
                hi = middle;
            }
        }
        let Some(change) = DateTime::from_timestamp(hi, 0) else {
            break;
        };
        changes.push(change);
        low = hi;
    }
    changes
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone as _, Utc};
    use chrono_tz::Tz;
    use proptest::prelude::*;
    use schoolbrug_kernel::{FreeDayPeriod, FreeDays, SchoolDays};

    use super::{QuietHours, next_allowed};

    const BRUSSELS: Tz = Tz::Europe__Brussels;

    fn time(hour: u32, minute: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
    }

    fn local(zone: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        zone.with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn evenings(weekends: bool, free_days: bool) -> QuietHours {
        QuietHours {
            start: time(20, 0),
            end: time(7, 0),
            weekends,
            free_days,
        }
    }

    fn school(zone: Tz) -> SchoolDays {
        SchoolDays::new(zone, FreeDays::default())
    }

    #[test]
    fn without_quiet_hours_every_instant_is_allowed() {
        let at = local(BRUSSELS, 2026, 9, 1, 23, 0);
        assert_eq!(next_allowed(at, None, &school(BRUSSELS)), at);
    }

    #[test]
    fn a_tuesday_evening_waits_until_wednesday_seven() {
        let at = local(BRUSSELS, 2026, 9, 1, 21, 0);
        let quiet = evenings(true, true);
        assert_eq!(
            next_allowed(at, Some(&quiet), &school(BRUSSELS)),
            local(BRUSSELS, 2026, 9, 2, 7, 0)
        );
    }

    #[test]
    fn the_early_morning_part_of_a_window_that_wraps_midnight_is_quiet_too() {
        let at = local(BRUSSELS, 2026, 9, 2, 6, 59);
        let quiet = evenings(false, false);
        assert_eq!(
            next_allowed(at, Some(&quiet), &school(BRUSSELS)),
            local(BRUSSELS, 2026, 9, 2, 7, 0)
        );
        let allowed = local(BRUSSELS, 2026, 9, 2, 19, 59);
        assert_eq!(
            next_allowed(allowed, Some(&quiet), &school(BRUSSELS)),
            allowed
        );
    }

    #[test]
    fn a_friday_evening_waits_until_monday_seven_when_weekends_are_quiet() {
        let at = local(BRUSSELS, 2026, 9, 4, 21, 0);
        assert_eq!(
            next_allowed(at, Some(&evenings(true, false)), &school(BRUSSELS)),
            local(BRUSSELS, 2026, 9, 7, 7, 0)
        );
        // Without quiet weekends, Saturday 07:00.
        assert_eq!(
            next_allowed(at, Some(&evenings(false, false)), &school(BRUSSELS)),
            local(BRUSSELS, 2026, 9, 5, 7, 0)
        );
    }

    #[test]
    fn a_free_monday_is_quiet_when_free_days_are() {
        let monday = NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
        let days = SchoolDays::new(
            BRUSSELS,
            FreeDays::new(vec![FreeDayPeriod {
                from: monday,
                to: monday,
                name: "Vrije dag".into(),
            }]),
        );
        let at = local(BRUSSELS, 2026, 9, 4, 21, 0);
        assert_eq!(
            next_allowed(at, Some(&evenings(true, true)), &days),
            local(BRUSSELS, 2026, 9, 8, 7, 0)
        );
        assert_eq!(
            next_allowed(at, Some(&evenings(true, false)), &days),
            local(BRUSSELS, 2026, 9, 7, 7, 0)
        );
    }

    #[test]
    fn a_window_inside_one_day_does_not_wrap() {
        let lunch = QuietHours {
            start: time(12, 0),
            end: time(13, 30),
            weekends: false,
            free_days: false,
        };
        let days = school(BRUSSELS);
        assert_eq!(
            next_allowed(local(BRUSSELS, 2026, 9, 1, 12, 15), Some(&lunch), &days),
            local(BRUSSELS, 2026, 9, 1, 13, 30)
        );
        let evening = local(BRUSSELS, 2026, 9, 1, 21, 0);
        assert_eq!(next_allowed(evening, Some(&lunch), &days), evening);
    }

    #[test]
    fn equal_start_and_end_make_no_daily_window() {
        let none = QuietHours {
            start: time(7, 0),
            end: time(7, 0),
            weekends: true,
            free_days: false,
        };
        let days = school(BRUSSELS);
        let tuesday = local(BRUSSELS, 2026, 9, 1, 3, 0);
        assert_eq!(next_allowed(tuesday, Some(&none), &days), tuesday);
        assert_eq!(
            next_allowed(local(BRUSSELS, 2026, 9, 5, 3, 0), Some(&none), &days),
            local(BRUSSELS, 2026, 9, 7, 0, 0)
        );
    }

    #[test]
    fn a_window_ending_at_a_skipped_local_time_ends_when_the_clocks_jump() {
        // Brussels, Sunday 29 March 2026: 02:00 becomes 03:00; 02:30 is never shown.
        let quiet = QuietHours {
            start: time(22, 0),
            end: time(2, 30),
            weekends: false,
            free_days: false,
        };
        let at = local(BRUSSELS, 2026, 3, 29, 1, 0);
        let jump = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(
            next_allowed(at, Some(&quiet), &school(BRUSSELS)),
            jump,
            "03:00 local, the instant the clocks jump"
        );
    }

    #[test]
    fn clocks_set_back_before_the_window_starts_make_the_repeated_hour_allowed() {
        // Brussels, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET.
        let quiet = QuietHours {
            start: time(2, 30),
            end: time(7, 0),
            weekends: false,
            free_days: false,
        };
        let at = Utc.with_ymd_and_hms(2026, 10, 25, 0, 45, 0).unwrap(); // 02:45 CEST
        let back = Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap(); // 02:00 CET
        assert_eq!(next_allowed(at, Some(&quiet), &school(BRUSSELS)), back);
    }

    #[test]
    fn free_days_covering_decades_end_the_search_without_a_panic() {
        let days = SchoolDays::new(
            BRUSSELS,
            FreeDays::new(vec![FreeDayPeriod {
                from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2100, 12, 31).unwrap(),
                name: "Altijd vrij".into(),
            }]),
        );
        let at = local(BRUSSELS, 2026, 9, 1, 21, 0);
        let result = next_allowed(at, Some(&evenings(true, true)), &days);
        assert!(result > at + Duration::days(365 * 9));
    }

    #[test]
    fn the_edges_of_the_representable_dates_do_not_panic() {
        let quiet = evenings(true, true);
        for zone in ZONES {
            let days = school(zone);
            let _ = next_allowed(DateTime::<Utc>::MAX_UTC, Some(&quiet), &days);
            let _ = next_allowed(DateTime::<Utc>::MIN_UTC, Some(&quiet), &days);
        }
    }

    const ZONES: [Tz; 7] = [
        Tz::Europe__Brussels,
        Tz::America__Santiago,
        Tz::Asia__Jerusalem,
        Tz::Asia__Tehran,
        Tz::Australia__Lord_Howe,
        Tz::America__New_York,
        Tz::Pacific__Apia,
    ];

    /// 2011-01-01T00:00:00Z and 2031-01-01T00:00:00Z.
    const FIRST_SECOND: i64 = 1_293_840_000;
    const LAST_SECOND: i64 = 1_924_992_000;

    fn any_days() -> impl Strategy<Value = SchoolDays> {
        (
            prop::sample::select(ZONES.to_vec()),
            prop::collection::vec((0_i64..7_300, 0_i64..30), 0..6),
        )
            .prop_map(|(zone, periods)| {
                let first = NaiveDate::from_ymd_opt(2011, 1, 1).unwrap();
                SchoolDays::new(
                    zone,
                    FreeDays::new(
                        periods
                            .into_iter()
                            .map(|(offset, length)| FreeDayPeriod {
                                from: first + Duration::days(offset),
                                to: first + Duration::days(offset + length),
                                name: "Vrij".into(),
                            })
                            .collect(),
                    ),
                )
            })
    }

    fn any_time() -> impl Strategy<Value = NaiveTime> {
        prop_oneof![
            (0_u32..24, prop::sample::select(vec![0_u32, 15, 30, 45]))
                .prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()),
            (0_u32..86_400)
                .prop_map(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap()),
        ]
    }

    fn any_quiet() -> impl Strategy<Value = QuietHours> {
        (any_time(), any_time(), any::<bool>(), any::<bool>()).prop_map(
            |(start, end, weekends, free_days)| QuietHours {
                start,
                end,
                weekends,
                free_days,
            },
        )
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        (FIRST_SECOND..LAST_SECOND, 0_u32..1_000_000_000)
            .prop_map(|(s, nanos)| DateTime::from_timestamp(s, nanos).unwrap())
    }

    proptest! {
        #[test]
        fn the_result_is_never_before_the_start(
            days in any_days(), quiet in any_quiet(), at in any_instant(),
        ) {
            prop_assert!(next_allowed(at, Some(&quiet), &days) >= at);
        }

        #[test]
        fn the_result_is_never_inside_quiet_time(
            days in any_days(), quiet in any_quiet(), at in any_instant(),
        ) {
            let result = next_allowed(at, Some(&quiet), &days);
            prop_assert!(!quiet.is_quiet(result, &days), "{at} gave quiet {result}");
        }

        #[test]
        fn asking_again_at_the_result_gives_the_result(
            days in any_days(), quiet in any_quiet(), at in any_instant(),
        ) {
            let result = next_allowed(at, Some(&quiet), &days);
            prop_assert_eq!(next_allowed(result, Some(&quiet), &days), result);
        }

        #[test]
        fn every_instant_between_the_start_and_the_result_is_quiet(
            days in any_days(), quiet in any_quiet(), at in any_instant(),
            fractions in prop::collection::vec(0.0_f64..1.0, 32),
        ) {
            let result = next_allowed(at, Some(&quiet), &days);
            let span = result - at;
            let Some(span_ms) = span.num_milliseconds().checked_sub(1) else {
                return Ok(());
            };
            for fraction in fractions {
                #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
                let offset = Duration::milliseconds((span_ms as f64 * fraction) as i64);
                let between = at + offset;
                prop_assert!(
                    between >= result || quiet.is_quiet(between, &days),
                    "{between} between {at} and {result} is allowed"
                );
            }
            // The second just before the result, too.
            let just_before = result - Duration::seconds(1);
            prop_assert!(just_before < at || quiet.is_quiet(just_before, &days));
        }
    }
}
