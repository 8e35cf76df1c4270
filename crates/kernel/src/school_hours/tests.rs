//! The tests of school-hours arithmetic: the worked examples (weekends, free days, every
//! kind of daylight-saving change), then properties over many time zones and free days.

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
    let within_the_weekend = days.school_time_between(saturday, local(BRUSSELS, 2026, 3, 29, 20));
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
