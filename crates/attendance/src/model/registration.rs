//! Registrations: one code per pupil per half-day, what a register sheet writes, and the
//! audit of every change.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_kernel::{AbsenceAlertId, AbsenceNoteId, AccountId, SchoolId};

use super::{AbsenceAlert, Code, Half};

/// One absent half-day of one pupil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// The school.
    pub school: SchoolId,
    /// The pupil.
    pub pupil: AccountId,
    /// The school's local date.
    pub date: NaiveDate,
    /// Morning or afternoon.
    pub half: Half,
    /// The code.
    pub code: Code,
    /// A remark of the registering staff member (at most 500 characters).
    pub remark: Option<String>,
    /// The parents' note that justifies it, if one does.
    pub note: Option<AbsenceNoteId>,
    /// Whether an absence administrator confirmed it; a teacher no longer changes it then.
    pub confirmed: bool,
    /// Who registered it last; `None` once that account was erased, or when the school's
    /// rules changed it (a note, the automatic `B`).
    pub registered_by: Option<AccountId>,
    /// When it was registered last.
    pub registered_at: DateTime<Utc>,
}

impl Registration {
    /// Where the registration stands in the order lists keep: pupil, date, half.
    #[must_use]
    pub fn key(&self) -> RegistrationKey {
        RegistrationKey {
            pupil: self.pupil,
            date: self.date,
            half: self.half,
        }
    }
}

/// The key a list of registrations is ordered and paged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegistrationKey {
    /// The pupil.
    pub pupil: AccountId,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: Half,
}

impl RegistrationKey {
    /// The key as a list cursor writes it: `pupil_date_half`.
    #[must_use]
    pub fn encode(&self) -> String {
        format!("{}_{}_{}", self.pupil, self.date, self.half.as_str())
    }

    /// Reads a key written by [`RegistrationKey::encode`].
    #[must_use]
    pub fn decode(raw: &str) -> Option<Self> {
        let mut parts = raw.split('_');
        let key = RegistrationKey {
            pupil: parts.next()?.parse().ok()?,
            date: parts.next()?.parse().ok()?,
            half: Half::parse(parts.next()?)?,
        };
        parts.next().is_none().then_some(key)
    }
}

/// What one entry of a sheet says about one pupil's half-day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Present: an absence registered earlier is removed.
    Present,
    /// Absent with this code and remark.
    Absent {
        /// The code.
        code: Code,
        /// The remark, if any.
        remark: Option<String>,
    },
}

/// One pupil on a sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetEntry {
    /// The pupil.
    pub pupil: AccountId,
    /// Present or absent.
    pub mark: Mark,
    /// The id the alert to the parents takes if this entry is the first to leave the
    /// half-day unexplained.
    pub alert: AbsenceAlertId,
}

/// What one register of one half-day writes, all or nothing: the class register (every
/// pupil of the class), or one half-day of one pupil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The school.
    pub school: SchoolId,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: Half,
    /// One entry per pupil, each pupil once.
    pub entries: Vec<SheetEntry>,
    /// Who writes it.
    pub by: AccountId,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether what it writes is confirmed (an absence administrator writes it). When it
    /// is not, a confirmed half-day it names stays as it is.
    pub confirms: bool,
}

/// One change of one half-day, as the audit keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsenceChange {
    /// The pupil.
    pub pupil: AccountId,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: Half,
    /// The code before; `None` when the pupil was present.
    pub from: Option<String>,
    /// The code after; `None` when the pupil is present now.
    pub to: Option<String>,
    /// Who changed it; `None` for the school's rules (a note, the automatic `B`) or an
    /// erased account.
    pub by: Option<AccountId>,
    /// When.
    pub at: DateTime<Utc>,
}

/// What a sheet did: the half-days it changed, and the alerts it raised (each pupil's
/// half-day newly unknown or problematic, with no note covering it and no alert before).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetOutcome {
    /// The number of pupils absent on the half-day after the sheet, among its entries.
    pub absent: usize,
    /// The alerts to send.
    pub alerts: Vec<AbsenceAlert>,
}
