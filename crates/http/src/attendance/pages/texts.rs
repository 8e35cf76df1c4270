//! The absences pages' texts that are looked up in Rust: the halves of a day, the codes'
//! meanings, days and months as the register and the year overview show them, counts, and
//! the messages of every refused field of the register, the parents' note and the codes
//! form, from `locales/<language>/attendance.ftl` (months and dates from `core.ftl`, the
//! names of the weekdays from the fixed-text table).

use chrono::{Datelike as _, NaiveDate, Weekday};
use schoolbrug_attendance::{AbsenceSettings, Code, Half, Official};

use crate::core::i18n::Lang;
use crate::core::i18n::texts::{
    FIELD_INVALID, MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9,
    MONTH_10, MONTH_11, MONTH_12, Message, messages,
};

messages! {
    "attendance" {
        ABSENCE_DAY = absence_day(weekday, date);
        ABSENCE_HALF_DAY = absence_half_day(day, half);
        ABSENCE_SHORT_DAY = absence_short_day(weekday, day);
        ABSENCE_DAY_MONTH = absence_day_month(day, month);
        ABSENCE_MONTH = absence_month(month, year);
        ABSENCE_CODE_CHOICE = absence_code_choice(code, meaning);
        ABSENCE_CODE_COUNTS_AS = absence_code_counts_as(label, official);
        ABSENCE_CLASS = absence_class(class);
        ABSENCE_SCHOOL_YEAR = absence_school_year(first, last);
        ABSENCE_TOTAL = absence_total(count);
        REGISTER_TITLE = register_title(class);
        REGISTER_TODAY = register_today(day);
        REGISTER_ABSENT_COUNT = register_absent_count(absent, total);
        NOTES_LEFT = notes_left(count);
        NOTE_RULES = note_rules(days, notes);
        NOTE_FOR = note_for(name);
        NOTE_PERIOD = note_period(from, to);
        NOTE_HANDED_IN = note_handed_in(date);
        FOLLOW_UP_INTRO = follow_up_intro(guidance, allowance);
        CODES_NUMBER_HINT = codes_number_hint(least, most);
        ABSENCE_FIELD_DATE_REQUIRED = absence_field_date_required;
        ABSENCE_FIELD_DATE = absence_field_date;
        REGISTER_FIELD_CLASS = register_field_class;
        REGISTER_FIELD_HALF = register_field_half;
        REGISTER_FIELD_NOT_A_SCHOOL_DAY = register_field_not_a_school_day;
        REGISTER_FIELD_IN_THE_FUTURE = register_field_in_the_future;
        REGISTER_FIELD_OUT_OF_RANGE = register_field_out_of_range;
        REGISTER_FIELD_PUPIL = register_field_pupil;
        REGISTER_FIELD_CODE = register_field_code;
        REGISTER_FIELD_REMARK_TOO_LONG = register_field_remark_too_long;
        REGISTER_FIELD_REMARK = register_field_remark;
        NOTE_FIELD_TOO_LONG = note_field_too_long(days);
        NOTE_FIELD_QUOTA_REACHED = note_field_quota_reached(count);
        NOTE_FIELD_OVERLAPS = note_field_overlaps;
        NOTE_FIELD_BEFORE_FROM = note_field_before_from;
        NOTE_FIELD_TOO_LATE = note_field_too_late(days);
        NOTE_FIELD_TOO_EARLY = note_field_too_early(days);
        NOTE_FIELD_CROSSES_SCHOOL_YEAR = note_field_crosses_school_year;
        NOTE_FIELD_REASON = note_field_reason;
        NOTE_FIELD_TEXT_TOO_LONG = note_field_text_too_long;
        NOTE_FIELD_TEXT = note_field_text;
        CODES_FIELD_CODE_BLANK = codes_field_code_blank;
        CODES_FIELD_CODE_TOO_LONG = codes_field_code_too_long;
        CODES_FIELD_CODE_CHARACTERS = codes_field_code_characters;
        CODES_FIELD_CODE_RESERVED = codes_field_code_reserved;
        CODES_FIELD_CODE_DUPLICATE = codes_field_code_duplicate;
        CODES_FIELD_LABEL = codes_field_label;
        CODES_FIELD_OFFICIAL = codes_field_official;
        CODES_FIELD_TOO_MANY = codes_field_too_many;
        CODES_FIELD_NUMBER = codes_field_number;
        CODES_FIELD_OUT_OF_RANGE = codes_field_out_of_range(least, most);
        CODES_FIELD_BELOW_GUIDANCE = codes_field_below_guidance;
    }
}

/// The months' names, January first.
const MONTHS: [Message; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];

/// The absences pages' texts that take values, and their field errors.
impl Lang {
    /// "voormiddag", "namiddag".
    #[must_use]
    pub fn absence_half(self, half: Half) -> &'static str {
        let t = self.texts();
        match half {
            Half::Am => t.half_am,
            Half::Pm => t.half_pm,
        }
    }

    /// "vm", "nm".
    #[must_use]
    pub fn absence_half_short(self, half: Half) -> &'static str {
        let t = self.texts();
        match half {
            Half::Am => t.half_am_short,
            Half::Pm => t.half_pm_short,
        }
    }

    /// What an official code means: "ziekte".
    #[must_use]
    pub fn official_meaning(self, code: Official) -> &'static str {
        let t = self.texts();
        match code {
            Official::R => t.code_r,
            Official::Z => t.code_z,
            Official::P => t.code_p,
            Official::H => t.code_h,
            Official::M => t.code_m,
            Official::A => t.code_a,
            Official::B => t.code_b,
        }
    }

    /// What a code of a half-day means: an official code's meaning, "unknown" for `?`, and
    /// for one of the school's own its label with the official code it counts as (its
    /// label from today's settings when the school still has it).
    #[must_use]
    pub fn code_meaning(self, code: &Code, settings: &AbsenceSettings) -> String {
        match code {
            Code::Unknown => self.texts().code_unknown.to_owned(),
            Code::Official(o) => self.official_meaning(*o).to_owned(),
            Code::School(name, official) => {
                let label = settings
                    .codes
                    .iter()
                    .find(|c| c.code == *name)
                    .map_or(name.as_str(), |c| c.label.as_str());
                self.absence_code_counts_as(label, *official)
            }
        }
    }

    /// A school code's meaning: "te laat zonder geldige reden (telt als B)".
    #[must_use]
    pub fn absence_code_counts_as(self, label: &str, official: Official) -> String {
        self.message(
            &ABSENCE_CODE_COUNTS_AS,
            &[
                ("label", label.to_owned().into()),
                ("official", official.as_str().into()),
            ],
        )
    }

    /// An option of a code select: "Z – ziekte".
    #[must_use]
    pub fn absence_code_choice(self, code: &str, meaning: &str) -> String {
        self.message(
            &ABSENCE_CODE_CHOICE,
            &[
                ("code", code.to_owned().into()),
                ("meaning", meaning.to_owned().into()),
            ],
        )
    }

    /// The name of a day of the week: "dinsdag".
    fn absence_weekday(self, day: Weekday) -> &'static str {
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
    fn absence_weekday_short(self, day: Weekday) -> &'static str {
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

    fn month_name(self, date: NaiveDate) -> String {
        MONTHS
            .get(date.month0() as usize)
            .map(|m| self.message(m, &[]))
            .unwrap_or_default()
    }

    /// A day in full: "dinsdag 1 september 2026".
    #[must_use]
    pub fn absence_day(self, date: NaiveDate) -> String {
        self.message(
            &ABSENCE_DAY,
            &[
                ("weekday", self.absence_weekday(date.weekday()).into()),
                ("date", self.date(date).into()),
            ],
        )
    }

    /// A half-day in full: "dinsdag 1 september 2026, voormiddag".
    #[must_use]
    pub fn absence_half_day(self, date: NaiveDate, half: Half) -> String {
        self.half_day_words(self.absence_day(date), self.absence_half(half))
    }

    /// A half-day in its month's row: "di 1, vm".
    #[must_use]
    pub fn absence_short_half_day(self, date: NaiveDate, half: Half) -> String {
        self.half_day_words(self.absence_short_day(date), self.absence_half_short(half))
    }

    /// A half-day without its year: "1 september, vm".
    #[must_use]
    pub fn absence_dated_half_day(self, date: NaiveDate, half: Half) -> String {
        self.half_day_words(self.absence_day_month(date), self.absence_half_short(half))
    }

    fn half_day_words(self, day: String, half: &'static str) -> String {
        self.message(
            &ABSENCE_HALF_DAY,
            &[("day", day.into()), ("half", half.into())],
        )
    }

    /// A day within its month's row: "di 1".
    #[must_use]
    pub fn absence_short_day(self, date: NaiveDate) -> String {
        self.message(
            &ABSENCE_SHORT_DAY,
            &[
                ("weekday", self.absence_weekday_short(date.weekday()).into()),
                ("day", date.day().into()),
            ],
        )
    }

    /// A day without its year: "1 september".
    #[must_use]
    pub fn absence_day_month(self, date: NaiveDate) -> String {
        self.message(
            &ABSENCE_DAY_MONTH,
            &[
                ("day", date.day().into()),
                ("month", self.month_name(date).into()),
            ],
        )
    }

    /// A month of the year overview: "september 2026".
    #[must_use]
    pub fn absence_month(self, first_day: NaiveDate) -> String {
        self.message(
            &ABSENCE_MONTH,
            &[
                ("month", self.month_name(first_day).into()),
                ("year", first_day.year().into()),
            ],
        )
    }

    /// A pupil's class: "klas 3A".
    #[must_use]
    pub fn absence_class(self, class: &str) -> String {
        self.message(&ABSENCE_CLASS, &[("class", class.to_owned().into())])
    }

    /// "Schooljaar 2026–2027".
    #[must_use]
    pub fn absence_school_year(self, first: NaiveDate, last: NaiveDate) -> String {
        self.message(
            &ABSENCE_SCHOOL_YEAR,
            &[("first", first.year().into()), ("last", last.year().into())],
        )
    }

    /// The number of absent half-days: "3 halve dagen".
    #[must_use]
    pub fn absence_total(self, count: u32) -> String {
        self.message(&ABSENCE_TOTAL, &[("count", count.into())])
    }

    /// The register's title: "Afwezigheden 3A".
    #[must_use]
    pub fn register_title(self, class: &str) -> String {
        self.message(&REGISTER_TITLE, &[("class", class.to_owned().into())])
    }

    /// "Vandaag, dinsdag 1 september 2026".
    #[must_use]
    pub fn register_today(self, today: NaiveDate) -> String {
        self.message(&REGISTER_TODAY, &[("day", self.absence_day(today).into())])
    }

    /// "2 van de 25 leerlingen afwezig".
    #[must_use]
    pub fn register_absent_count(self, absent: usize, total: usize) -> String {
        self.message(
            &REGISTER_ABSENT_COUNT,
            &[("absent", absent.into()), ("total", total.into())],
        )
    }

    /// How many parents' notes are left this school year.
    #[must_use]
    pub fn notes_left(self, count: u32) -> String {
        self.message(&NOTES_LEFT, &[("count", count.into())])
    }

    /// The rules of a parents' note, with the school's numbers.
    #[must_use]
    pub fn note_rules(self, settings: &AbsenceSettings) -> String {
        self.message(
            &NOTE_RULES,
            &[
                ("days", settings.note_max_days.into()),
                ("notes", settings.notes_per_year.into()),
            ],
        )
    }

    /// Whose note it is: "Voor Lotte Janssens".
    #[must_use]
    pub fn note_for(self, name: &str) -> String {
        self.message(&NOTE_FOR, &[("name", name.to_owned().into())])
    }

    /// The days a note covers: "1 september 2026 tot en met 3 september 2026" (one date
    /// when it covers one day).
    #[must_use]
    pub fn note_period(self, from: NaiveDate, to: NaiveDate) -> String {
        if from == to {
            return self.date(from);
        }
        self.message(
            &NOTE_PERIOD,
            &[
                ("from", self.date(from).into()),
                ("to", self.date(to).into()),
            ],
        )
    }

    /// When a note was handed in: "ingediend op 1 september 2026".
    #[must_use]
    pub fn note_handed_in(self, date: NaiveDate) -> String {
        self.message(&NOTE_HANDED_IN, &[("date", self.date(date).into())])
    }

    /// The follow-up list's introduction, with the school's thresholds.
    #[must_use]
    pub fn follow_up_intro(self, settings: &AbsenceSettings) -> String {
        self.message(
            &FOLLOW_UP_INTRO,
            &[
                ("guidance", settings.guidance_threshold.into()),
                ("allowance", settings.allowance_threshold.into()),
            ],
        )
    }

    /// The hint of a number of the codes form: "Van 1 tot 30."
    #[must_use]
    pub fn codes_number_hint(self, (least, most): (u32, u32)) -> String {
        self.message(
            &CODES_NUMBER_HINT,
            &[("least", least.into()), ("most", most.into())],
        )
    }

    /// The message of a refused field of the register (`date`, `class`, `half`, and each
    /// pupil's `absent[i].pupil`, `absent[i].code`, `absent[i].remark`), by the domain's
    /// field and reason code.
    #[must_use]
    pub fn register_field_message(self, field: &str, code: &str) -> String {
        let leaf = field.rsplit('.').next().unwrap_or(field);
        let message = match (leaf, code) {
            ("date", "required") => &ABSENCE_FIELD_DATE_REQUIRED,
            ("date", "not_a_school_day") => &REGISTER_FIELD_NOT_A_SCHOOL_DAY,
            ("date", "in_the_future") => &REGISTER_FIELD_IN_THE_FUTURE,
            ("date", "out_of_range") => &REGISTER_FIELD_OUT_OF_RANGE,
            ("date", _) => &ABSENCE_FIELD_DATE,
            ("class", _) => &REGISTER_FIELD_CLASS,
            ("half", _) => &REGISTER_FIELD_HALF,
            ("pupil", _) => &REGISTER_FIELD_PUPIL,
            ("code", _) => &REGISTER_FIELD_CODE,
            ("remark", "too_long") => &REGISTER_FIELD_REMARK_TOO_LONG,
            ("remark", _) => &REGISTER_FIELD_REMARK,
            _ => &FIELD_INVALID,
        };
        self.message(message, &[])
    }

    /// The message of a refused field of the parents' note (`from`, `to`, `text`,
    /// `reason`), by the domain's field and reason code; the school's numbers say how many
    /// days and notes it allows.
    #[must_use]
    pub fn note_field_message(self, field: &str, code: &str, settings: &AbsenceSettings) -> String {
        match (field, code) {
            (_, "too_long") if field != "text" => self.message(
                &NOTE_FIELD_TOO_LONG,
                &[("days", settings.note_max_days.into())],
            ),
            (_, "quota_reached") => self.message(
                &NOTE_FIELD_QUOTA_REACHED,
                &[("count", settings.notes_per_year.into())],
            ),
            (_, "too_late") => self.message(
                &NOTE_FIELD_TOO_LATE,
                &[(
                    "days",
                    schoolbrug_attendance::service::NOTE_DAYS_BACK.into(),
                )],
            ),
            (_, "too_early") => self.message(
                &NOTE_FIELD_TOO_EARLY,
                &[(
                    "days",
                    schoolbrug_attendance::service::NOTE_DAYS_AHEAD.into(),
                )],
            ),
            (field, code) => {
                let message = match (field, code) {
                    (_, "required") => &ABSENCE_FIELD_DATE_REQUIRED,
                    (_, "invalid") if field != "text" => &ABSENCE_FIELD_DATE,
                    (_, "overlaps") => &NOTE_FIELD_OVERLAPS,
                    (_, "before_from") => &NOTE_FIELD_BEFORE_FROM,
                    (_, "crosses_school_year") => &NOTE_FIELD_CROSSES_SCHOOL_YEAR,
                    ("reason", _) => &NOTE_FIELD_REASON,
                    ("text", "too_long") => &NOTE_FIELD_TEXT_TOO_LONG,
                    ("text", _) => &NOTE_FIELD_TEXT,
                    _ => &FIELD_INVALID,
                };
                self.message(message, &[])
            }
        }
    }

    /// The message of a refused field of the codes form (each row's `codes[i].code`,
    /// `.label`, `.official`; `codes`; the numbers), by the domain's field and reason
    /// code.
    #[must_use]
    pub fn codes_field_message(self, field: &str, code: &str) -> String {
        let leaf = field.rsplit('.').next().unwrap_or(field);
        if code == "out_of_range" {
            let bounds = match leaf {
                "unknown_becomes_b_after_days" => AbsenceSettings::UNKNOWN_DAYS,
                "note_max_days" => AbsenceSettings::NOTE_DAYS,
                "notes_per_year" => AbsenceSettings::NOTES_PER_YEAR,
                _ => AbsenceSettings::THRESHOLD,
            };
            return self.message(
                &CODES_FIELD_OUT_OF_RANGE,
                &[("least", bounds.0.into()), ("most", bounds.1.into())],
            );
        }
        let message = match (leaf, code) {
            ("code", "blank") => &CODES_FIELD_CODE_BLANK,
            ("code", "too_long") => &CODES_FIELD_CODE_TOO_LONG,
            ("code", "invalid_characters") => &CODES_FIELD_CODE_CHARACTERS,
            ("code", "reserved") => &CODES_FIELD_CODE_RESERVED,
            ("code", "duplicate") => &CODES_FIELD_CODE_DUPLICATE,
            ("label", _) => &CODES_FIELD_LABEL,
            ("official", _) => &CODES_FIELD_OFFICIAL,
            ("codes", _) => &CODES_FIELD_TOO_MANY,
            (_, "below_guidance_threshold") => &CODES_FIELD_BELOW_GUIDANCE,
            (_, "invalid") => &CODES_FIELD_NUMBER,
            _ => &FIELD_INVALID,
        };
        self.message(message, &[])
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeSet;

    use super::*;

    fn en() -> Lang {
        Lang::from_code("en").unwrap()
    }

    #[test]
    fn days_and_halves_read_naturally() {
        let date = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let nl = Lang::default();
        assert_eq!(
            nl.absence_half_day(date, Half::Am),
            "dinsdag 1 september 2026, voormiddag"
        );
        assert_eq!(
            en().absence_half_day(date, Half::Pm),
            "Tuesday 1 September 2026, afternoon"
        );
        assert_eq!(nl.absence_short_day(date), "di 1");
        assert_eq!(nl.absence_month(date), "september 2026");
        assert_eq!(nl.notes_left(1), "Nog 1 briefje over dit schooljaar.");
        assert_eq!(en().notes_left(2), "2 notes left this school year.");
    }

    #[test]
    fn every_refused_field_has_its_own_reason() {
        let settings = AbsenceSettings::default();
        for lang in Lang::all() {
            let register = [
                ("date", "required"),
                ("date", "invalid"),
                ("date", "not_a_school_day"),
                ("date", "in_the_future"),
                ("date", "out_of_range"),
                ("class", "required"),
                ("half", "invalid"),
                ("absent[0].pupil", "not_in_class"),
                ("absent[0].code", "unknown_code"),
                ("absent[1].remark", "too_long"),
                ("absent[1].remark", "control_characters"),
                ("anything", "else"),
            ];
            let seen: BTreeSet<String> = register
                .iter()
                .map(|(f, c)| lang.register_field_message(f, c))
                .collect();
            assert_eq!(seen.len(), register.len(), "{}", lang.code());
            let note = [
                ("to", "too_long"),
                ("from", "quota_reached"),
                ("from", "overlaps"),
                ("to", "before_from"),
                ("from", "too_late"),
                ("to", "too_early"),
                ("to", "crosses_school_year"),
                ("reason", "unsupported_reason"),
                ("text", "too_long"),
                ("text", "control_characters"),
                ("from", "required"),
                ("to", "invalid"),
                ("anything", "else"),
            ];
            let seen: BTreeSet<String> = note
                .iter()
                .map(|(f, c)| lang.note_field_message(f, c, &settings))
                .collect();
            assert_eq!(seen.len(), note.len(), "{}", lang.code());
            let codes = [
                ("codes[0].code", "blank"),
                ("codes[0].code", "too_long"),
                ("codes[0].code", "invalid_characters"),
                ("codes[0].code", "reserved"),
                ("codes[1].code", "duplicate"),
                ("codes[0].label", "invalid"),
                ("codes[0].official", "unknown_code"),
                ("codes", "too_many"),
                ("note_max_days", "out_of_range"),
                ("guidance_threshold", "out_of_range"),
                ("allowance_threshold", "below_guidance_threshold"),
                ("notes_per_year", "invalid"),
                ("anything", "else"),
            ];
            let seen: BTreeSet<String> = codes
                .iter()
                .map(|(f, c)| lang.codes_field_message(f, c))
                .collect();
            assert_eq!(seen.len(), codes.len(), "{}", lang.code());
        }
        assert!(
            Lang::default()
                .note_field_message("from", "quota_reached", &settings)
                .contains("medisch attest")
        );
    }
}
