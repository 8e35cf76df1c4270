//! An alert to a pupil's parents: the half-day is unexplained.

use chrono::{DateTime, Datelike as _, NaiveDate, Utc, Weekday};
use schoolbrug_kernel::{AbsenceAlertId, AccountId, SchoolId};

use super::Half;

/// One alert: one per pupil per half-day at most, however often the half-day is edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsenceAlert {
    /// Its id; the system message it becomes carries the same id, so delivering it twice
    /// stores it once.
    pub id: AbsenceAlertId,
    /// The school.
    pub school: SchoolId,
    /// The pupil.
    pub pupil: AccountId,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: Half,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
}

/// What the parents read: a subject and a body, in Dutch and English (the message goes to
/// every co-account, whatever language each reads in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertText {
    /// The subject.
    pub subject: String,
    /// The body.
    pub body: String,
}

impl AbsenceAlert {
    /// The message for the parents of `first_name`.
    #[must_use]
    pub fn text(&self, first_name: &str) -> AlertText {
        let (dag, day) = weekday_names(self.date.weekday());
        let (maand, month) = month_names(self.date.month());
        let (dagdeel, part) = match self.half {
            Half::Am => ("voormiddag", "morning"),
            Half::Pm => ("namiddag", "afternoon"),
        };
        let d = self.date.day();
        let y = self.date.year();
        AlertText {
            subject: format!(
                "{first_name} is afwezig: {dag} {d} {maand}, {dagdeel} / {first_name} is absent: {day} {d} {month}, {part}"
            ),
            body: format!(
                "{first_name} is niet op school in de {dagdeel} van {dag} {d} {maand} {y}, en de school kent de reden niet. \
                 Was {first_name} ziek, geef dan een briefje van de ouders af onder \"Mijn kinderen\"; anders neemt u best contact op met de school.\n\n\
                 {first_name} is not at school on the {part} of {day} {d} {month} {y}, and the school does not know why. \
                 If {first_name} was ill, hand in a parents' note under \"My children\"; otherwise, please contact the school."
            ),
        }
    }
}

fn weekday_names(day: Weekday) -> (&'static str, &'static str) {
    match day {
        Weekday::Mon => ("maandag", "Monday"),
        Weekday::Tue => ("dinsdag", "Tuesday"),
        Weekday::Wed => ("woensdag", "Wednesday"),
        Weekday::Thu => ("donderdag", "Thursday"),
        Weekday::Fri => ("vrijdag", "Friday"),
        Weekday::Sat => ("zaterdag", "Saturday"),
        Weekday::Sun => ("zondag", "Sunday"),
    }
}

fn month_names(month: u32) -> (&'static str, &'static str) {
    const NAMES: [(&str, &str); 12] = [
        ("januari", "January"),
        ("februari", "February"),
        ("maart", "March"),
        ("april", "April"),
        ("mei", "May"),
        ("juni", "June"),
        ("juli", "July"),
        ("augustus", "August"),
        ("september", "September"),
        ("oktober", "October"),
        ("november", "November"),
        ("december", "December"),
    ];
    let index = usize::try_from(month.saturating_sub(1))
        .unwrap_or(0)
        .min(11);
    NAMES[index]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_alert_names_the_child_the_day_and_the_half_in_both_languages() {
        let alert = AbsenceAlert {
            id: AbsenceAlertId::new(),
            school: SchoolId::new(),
            pupil: AccountId::new(),
            date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            half: Half::Am,
            raised_at: Utc::now(),
        };
        let text = alert.text("Lotte");
        assert!(
            text.subject
                .starts_with("Lotte is afwezig: donderdag 3 december, voormiddag")
        );
        assert!(text.subject.ends_with("Thursday 3 December, morning"));
        assert!(
            text.body
                .contains("voormiddag van donderdag 3 december 2026")
        );
        assert!(text.body.contains("morning of Thursday 3 December 2026"));
    }
}
