//! Parents' notes: a short illness justified online by a co-account.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_kernel::{AbsenceNoteId, AccountId, SchoolId};

/// A parents' note handed in: it justifies every half-day of its dates as `Z`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsenceNote {
    /// Its id.
    pub id: AbsenceNoteId,
    /// The school.
    pub school: SchoolId,
    /// The pupil it is about.
    pub pupil: AccountId,
    /// The first day (inclusive).
    pub from: NaiveDate,
    /// The last day (inclusive).
    pub to: NaiveDate,
    /// What the parent wrote, if anything (at most 1,000 characters).
    pub text: Option<String>,
    /// The co-account that handed it in; `None` once that account was erased.
    pub by: Option<AccountId>,
    /// When.
    pub at: DateTime<Utc>,
}

impl AbsenceNote {
    /// The longest text.
    pub const MAX_TEXT_CHARS: usize = 1_000;

    /// Whether the note covers `date`.
    #[must_use]
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The number of calendar days it covers.
    #[must_use]
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}
