//! One pupil's school year as "Mijn kinderen" and the staff's pupil page show it: a row
//! per month from September to August with each absent half-day and its code, the totals
//! per official code, and the parents' notes handed in with how many are left. Built from
//! the service's [`ChildAbsences`]; the template is `absences/overview.html`.

use chrono::{Datelike as _, Months, NaiveDate};
use chrono_tz::Tz;
use schoolbrug_attendance::service::ChildAbsences;
use schoolbrug_attendance::{AbsenceSettings, Code, Official, Pupil, SchoolYear};

use crate::core::i18n::Lang;

/// One absent half-day in its month's row.
pub(super) struct HalfDayCell {
    /// "di 1, vm", what the row shows.
    pub short: String,
    /// "dinsdag 1 september 2026, voormiddag", for screen readers.
    pub full: String,
    pub code: String,
    pub meaning: String,
    /// `code-b`, `code-unknown` or `code-justified`: how the stylesheet marks it.
    pub class: &'static str,
    /// Justified by a parents' note.
    pub note: bool,
}

/// A month of the school year.
pub(super) struct MonthRow {
    pub id: String,
    pub name: String,
    pub half_days: Vec<HalfDayCell>,
}

/// The half-days counted as one official code (or unknown).
pub(super) struct TotalRow {
    pub code: &'static str,
    pub meaning: &'static str,
    pub count: u32,
}

/// A parents' note handed in.
pub(super) struct NoteRow {
    pub period: String,
    pub handed_in: String,
    pub text: Option<String>,
}

/// A pupil's year.
pub(super) struct Overview {
    pub pupil_id: String,
    pub name: String,
    pub class: Option<String>,
    pub year: String,
    pub months: Vec<MonthRow>,
    pub totals: Vec<TotalRow>,
    pub total: String,
    pub notes: Vec<NoteRow>,
    pub notes_left: String,
    /// Where a parent hands in a note; `None` for staff and when none are left.
    pub note_link: Option<String>,
}

/// "First Last".
pub(super) fn pupil_name(pupil: &Pupil) -> String {
    format!("{} {}", pupil.first_name, pupil.last_name)
}

impl Overview {
    /// The overview of `absences`, for the school year `today` falls in (the one the
    /// service reads by default); `parent` adds the link to the note form.
    pub(super) fn build(
        lang: Lang,
        absences: &ChildAbsences,
        settings: &AbsenceSettings,
        today: NaiveDate,
        zone: Tz,
        parent: bool,
    ) -> Self {
        let year = SchoolYear::of(today);
        let mut months = Vec::with_capacity(12);
        let mut first = year.first_day;
        while first <= year.last_day {
            let cells = absences
                .items
                .iter()
                .filter(|r| r.date.year() == first.year() && r.date.month() == first.month())
                .map(|r| {
                    let class = match r.code.official() {
                        None => "code-unknown",
                        Some(Official::B) => "code-b",
                        Some(_) => "code-justified",
                    };
                    HalfDayCell {
                        short: lang.absence_short_half_day(r.date, r.half),
                        full: lang.absence_half_day(r.date, r.half),
                        code: r.code.as_str().to_owned(),
                        meaning: lang.code_meaning(&r.code, settings),
                        class,
                        note: r.note.is_some(),
                    }
                })
                .collect();
            months.push(MonthRow {
                id: format!(
                    "pupil-{}-month-{}",
                    absences.pupil.id,
                    first.format("%Y-%m")
                ),
                name: lang.absence_month(first),
                half_days: cells,
            });
            let Some(next) = first.checked_add_months(Months::new(1)) else {
                break;
            };
            first = next;
        }
        let t = lang.texts();
        let mut totals: Vec<TotalRow> = Official::ALL
            .into_iter()
            .map(|o| TotalRow {
                code: o.as_str(),
                meaning: lang.official_meaning(o),
                count: absences.totals.get(o.as_str()).copied().unwrap_or(0),
            })
            .collect();
        totals.push(TotalRow {
            code: Code::UNKNOWN,
            meaning: t.code_unknown,
            count: absences.totals.get(Code::UNKNOWN).copied().unwrap_or(0),
        });
        let total = totals.iter().map(|r| r.count).sum();
        totals.retain(|r| r.count > 0);
        let notes = absences
            .notes
            .iter()
            .map(|n| NoteRow {
                period: lang.note_period(n.from, n.to),
                handed_in: lang.note_handed_in(n.at.with_timezone(&zone).date_naive()),
                text: n.text.clone(),
            })
            .collect();
        Self {
            pupil_id: absences.pupil.id.to_string(),
            name: pupil_name(&absences.pupil),
            class: absences
                .pupil
                .class
                .as_deref()
                .map(|c| lang.absence_class(c)),
            year: lang.absence_school_year(year.first_day, year.last_day),
            months,
            totals,
            total: lang.absence_total(total),
            notes,
            notes_left: lang.notes_left(absences.notes_left),
            note_link: (parent && absences.notes_left > 0)
                .then(|| format!("/children/{}/note", absences.pupil.id)),
        }
    }
}
