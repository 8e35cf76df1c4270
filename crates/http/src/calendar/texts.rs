//! The calendar pages' texts that are looked up in Rust: month titles, weekdays, the
//! labels of an item (its child, its days and hours) and the messages of the activity
//! form's refused fields, from `locales/<language>/calendar.ftl` (months and dates from
//! `core.ftl`).

use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _, Weekday};
use chrono_tz::Tz;

use crate::core::i18n::Lang;
use crate::core::i18n::texts::{
    FIELD_INVALID, MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9,
    MONTH_10, MONTH_11, MONTH_12, Message, messages,
};

messages! {
    "calendar" {
        CALENDAR_MONTH_TITLE = calendar_month_title(month, year);
        CALENDAR_DAY = calendar_day(weekday, date);
        CALENDAR_FOR_CHILD = calendar_for_child(name);
        CALENDAR_ALL_DAY_UNTIL = calendar_all_day_until(date);
        CALENDAR_TIME_UNTIL = calendar_time_until(start, end);
        ACTIVITY_TIME_HINT = activity_time_hint(zone);
        FEEDS_FOR_CHILD = feeds_for_child(name);
        CALENDAR_FIELD_TITLE_BLANK = calendar_field_title_blank;
        CALENDAR_FIELD_TITLE_TOO_LONG = calendar_field_title_too_long;
        CALENDAR_FIELD_TITLE = calendar_field_title;
        CALENDAR_FIELD_DESCRIPTION = calendar_field_description;
        CALENDAR_FIELD_LOCATION = calendar_field_location;
        CALENDAR_FIELD_DATE_REQUIRED = calendar_field_date_required;
        CALENDAR_FIELD_DATE = calendar_field_date;
        CALENDAR_FIELD_TIME_REQUIRED = calendar_field_time_required;
        CALENDAR_FIELD_TIME = calendar_field_time;
        CALENDAR_FIELD_TIME_NONEXISTENT = calendar_field_time_nonexistent;
        CALENDAR_FIELD_END_BEFORE_START = calendar_field_end_before_start;
        CALENDAR_FIELD_LAST_BEFORE_FIRST = calendar_field_last_before_first;
        CALENDAR_FIELD_TOO_LONG = calendar_field_too_long;
        CALENDAR_FIELD_AUDIENCE_REQUIRED = calendar_field_audience_required;
        CALENDAR_FIELD_AUDIENCE_NOT_ALLOWED = calendar_field_audience_not_allowed;
        CALENDAR_FIELD_AUDIENCE = calendar_field_audience;
        CALENDAR_FIELD_REPEAT = calendar_field_repeat;
        CALENDAR_FIELD_REPEAT_UNTIL_REQUIRED = calendar_field_repeat_until_required;
        CALENDAR_FIELD_REPEAT_UNTIL_BEFORE_START = calendar_field_repeat_until_before_start;
        CALENDAR_FIELD_REPEAT_UNTIL_TOO_LONG = calendar_field_repeat_until_too_long;
        CALENDAR_FIELD_REPEAT_EXCEPT = calendar_field_repeat_except;
        CALENDAR_FIELD_REPEAT_EXCEPT_TOO_MANY = calendar_field_repeat_except_too_many;
    }
}

/// The months' names, January first.
const MONTHS: [Message; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];

/// The days of the week, Monday first, as the month's table lists them.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The calendar pages' texts that take values, and their field errors.
impl Lang {
    /// A month's title: "september 2026".
    #[must_use]
    pub fn calendar_month_title(self, first_day: NaiveDate) -> String {
        let month = MONTHS
            .get(first_day.month0() as usize)
            .map(|m| self.message(m, &[]))
            .unwrap_or_default();
        self.message(
            &CALENDAR_MONTH_TITLE,
            &[("month", month.into()), ("year", first_day.year().into())],
        )
    }

    /// The name of a day of the week: "dinsdag".
    #[must_use]
    pub fn weekday(self, day: Weekday) -> &'static str {
        let t = self.texts();
        match day {
            Weekday::Mon => t.weekday_mon,
            Weekday::Tue => t.weekday_tue,
            Weekday::Wed => t.weekday_wed,
            Weekday::Thu => t.weekday_thu,
            Weekday::Fri => t.weekday_fri,
            Weekday::Sat => t.weekday_sat,
            Weekday::Sun => t.weekday_sun,
        }
    }

    /// The short name of a day of the week: "di".
    #[must_use]
    pub fn weekday_short(self, day: Weekday) -> &'static str {
        let t = self.texts();
        match day {
            Weekday::Mon => t.weekday_short_mon,
            Weekday::Tue => t.weekday_short_tue,
            Weekday::Wed => t.weekday_short_wed,
            Weekday::Thu => t.weekday_short_thu,
            Weekday::Fri => t.weekday_short_fri,
            Weekday::Sat => t.weekday_short_sat,
            Weekday::Sun => t.weekday_short_sun,
        }
    }

    /// A day in full: "dinsdag 1 september 2026".
    #[must_use]
    pub fn calendar_day(self, date: NaiveDate) -> String {
        self.message(
            &CALENDAR_DAY,
            &[
                ("weekday", self.weekday(date.weekday()).into()),
                ("date", self.date(date).into()),
            ],
        )
    }

    /// Whose item it is on a parent's calendar: "voor Lotte Janssens".
    #[must_use]
    pub fn calendar_for_child(self, name: &str) -> String {
        self.message(&CALENDAR_FOR_CHILD, &[("name", name.into())])
    }

    /// The days of an item of several whole days: "hele dag, tot en met 8 november 2026".
    #[must_use]
    pub fn calendar_all_day_until(self, last: NaiveDate) -> String {
        self.message(&CALENDAR_ALL_DAY_UNTIL, &[("date", self.date(last).into())])
    }

    /// The hours of an item that ends on a later day: "08:15 tot 9 september 2026 om 16:00".
    #[must_use]
    pub fn calendar_time_until(self, start: DateTime<Tz>, end: DateTime<Tz>) -> String {
        self.message(
            &CALENDAR_TIME_UNTIL,
            &[
                ("start", clock_time(start).into()),
                ("end", self.date_time(end).into()),
            ],
        )
    }

    /// The hint beside the activity form's hours, naming the school's time zone.
    #[must_use]
    pub fn activity_time_hint(self, zone: Tz) -> String {
        self.message(&ACTIVITY_TIME_HINT, &[("zone", zone.name().into())])
    }

    /// A parent's feeds page: whose calendar the link shows.
    #[must_use]
    pub fn feeds_for_child(self, name: &str) -> String {
        self.message(&FEEDS_FOR_CHILD, &[("name", name.into())])
    }

    /// The message of a refused field of the activity form, by the form's element
    /// (`title`, `date`, `start_time`, `end_time`, `last_date`, `audience`, `repeat`,
    /// `repeat_until`, `repeat_except`…) and the reason code (the domain's or the page's).
    #[must_use]
    pub fn calendar_field_message(self, element: &str, code: &str) -> String {
        let message = match (element, code) {
            ("title", "blank") => &CALENDAR_FIELD_TITLE_BLANK,
            ("title", "too_long") => &CALENDAR_FIELD_TITLE_TOO_LONG,
            ("title", _) => &CALENDAR_FIELD_TITLE,
            ("description", _) => &CALENDAR_FIELD_DESCRIPTION,
            ("location", _) => &CALENDAR_FIELD_LOCATION,
            ("date", "required") => &CALENDAR_FIELD_DATE_REQUIRED,
            ("start_time" | "end_time", "required") => &CALENDAR_FIELD_TIME_REQUIRED,
            ("start_time" | "end_time", "nonexistent") => &CALENDAR_FIELD_TIME_NONEXISTENT,
            ("end_time", "before_start") => &CALENDAR_FIELD_END_BEFORE_START,
            ("last_date", "before_start") => &CALENDAR_FIELD_LAST_BEFORE_FIRST,
            ("end_time" | "last_date", "too_long") => &CALENDAR_FIELD_TOO_LONG,
            ("start_time" | "end_time", _) => &CALENDAR_FIELD_TIME,
            ("date" | "last_date" | "repeat_until", "invalid") => &CALENDAR_FIELD_DATE,
            ("audience", "required") => &CALENDAR_FIELD_AUDIENCE_REQUIRED,
            ("audience", "not_allowed") => &CALENDAR_FIELD_AUDIENCE_NOT_ALLOWED,
            ("audience", _) => &CALENDAR_FIELD_AUDIENCE,
            ("repeat", _) => &CALENDAR_FIELD_REPEAT,
            ("repeat_until", "required") => &CALENDAR_FIELD_REPEAT_UNTIL_REQUIRED,
            ("repeat_until", "before_start") => &CALENDAR_FIELD_REPEAT_UNTIL_BEFORE_START,
            ("repeat_until", "too_long") => &CALENDAR_FIELD_REPEAT_UNTIL_TOO_LONG,
            ("repeat_except", "too_many") => &CALENDAR_FIELD_REPEAT_EXCEPT_TOO_MANY,
            ("repeat_except", _) => &CALENDAR_FIELD_REPEAT_EXCEPT,
            _ => &FIELD_INVALID,
        };
        self.message(message, &[])
    }
}

/// A time of day as the pages show it: "08:15".
#[must_use]
pub fn clock_time(at: DateTime<Tz>) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone as _;

    use super::*;

    fn en() -> Lang {
        Lang::from_code("en").unwrap()
    }

    #[test]
    fn months_and_days_read_naturally() {
        let date = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        assert_eq!(Lang::default().calendar_month_title(date), "september 2026");
        assert_eq!(en().calendar_month_title(date), "September 2026");
        assert_eq!(
            Lang::default().calendar_day(date),
            "dinsdag 1 september 2026"
        );
        assert_eq!(en().calendar_day(date), "Tuesday 1 September 2026");
        assert_eq!(
            Lang::default().calendar_for_child("Lotte Janssens"),
            "voor Lotte Janssens"
        );
        let zone = chrono_tz::Europe::Brussels;
        let start = zone.with_ymd_and_hms(2026, 9, 10, 8, 15, 0).unwrap();
        let end = zone.with_ymd_and_hms(2026, 9, 11, 16, 0, 0).unwrap();
        assert_eq!(
            en().calendar_time_until(start, end),
            "08:15 until 11 September 2026 at 16:00"
        );
    }

    #[test]
    fn every_refused_field_of_the_form_has_its_own_reason() {
        let cases = [
            ("title", "blank"),
            ("title", "too_long"),
            ("title", "control_character"),
            ("description", "too_long"),
            ("location", "too_long"),
            ("date", "required"),
            ("date", "invalid"),
            ("start_time", "required"),
            ("start_time", "invalid"),
            ("end_time", "nonexistent"),
            ("end_time", "before_start"),
            ("last_date", "before_start"),
            ("end_time", "too_long"),
            ("audience", "required"),
            ("audience", "not_allowed"),
            ("audience", "invalid_audience"),
            ("repeat", "unsupported"),
            ("repeat_until", "required"),
            ("repeat_until", "before_start"),
            ("repeat_until", "too_long"),
            ("repeat_except", "invalid"),
            ("repeat_except", "too_many"),
            ("anything", "else"),
        ];
        for lang in Lang::all() {
            let seen: std::collections::BTreeSet<String> = cases
                .iter()
                .map(|(field, code)| lang.calendar_field_message(field, code))
                .collect();
            assert_eq!(seen.len(), cases.len(), "{}", lang.code());
        }
    }
}
