//! A school's attendance settings: its own codes, when "unknown" becomes `B`, the notes'
//! rules, the follow-up thresholds, and who administers absences.

use schoolbrug_kernel::{AccountId, Actor};

use super::{Code, SchoolCode};

/// A school's attendance settings. [`AbsenceSettings::default`] is the Flemish rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsenceSettings {
    /// The school's own codes, each mapped to one official code.
    pub codes: Vec<SchoolCode>,
    /// After how many school days an unknown half-day becomes `B` (1–30).
    pub unknown_becomes_b_after_days: u32,
    /// The most consecutive calendar days one parents' note may cover (1–10; 3 by law).
    pub note_max_days: u32,
    /// The most parents' notes per pupil per school year (0–20; 4 by law).
    pub notes_per_year: u32,
    /// From how many problematic half-days the pupil guidance centre is involved (5).
    pub guidance_threshold: u32,
    /// From how many problematic half-days the school allowance is at risk (30).
    pub allowance_threshold: u32,
    /// The staff members who administer absences: they confirm and change any half-day.
    /// Administrators of the school always may.
    pub administrators: Vec<AccountId>,
}

impl Default for AbsenceSettings {
    fn default() -> Self {
        Self {
            codes: Vec::new(),
            unknown_becomes_b_after_days: 3,
            note_max_days: 3,
            notes_per_year: 4,
            guidance_threshold: 5,
            allowance_threshold: 30,
            administrators: Vec::new(),
        }
    }
}

impl AbsenceSettings {
    /// The bounds of the numbers, as `(least, most)`.
    pub const UNKNOWN_DAYS: (u32, u32) = (1, 30);
    /// See [`AbsenceSettings::note_max_days`].
    pub const NOTE_DAYS: (u32, u32) = (1, 10);
    /// See [`AbsenceSettings::notes_per_year`].
    pub const NOTES_PER_YEAR: (u32, u32) = (0, 20);
    /// See the thresholds.
    pub const THRESHOLD: (u32, u32) = (1, 366);
    /// The most codes of its own a school keeps.
    pub const MAX_CODES: usize = 50;

    /// Whether `actor` administers the school's absences: a school administrator, or a
    /// staff member the school named.
    #[must_use]
    pub fn administered_by(&self, actor: &Actor) -> bool {
        actor.is_admin() || (actor.is_staff() && self.administrators.contains(&actor.account))
    }

    /// The code written as `raw` (`?`, an official letter, or one of the school's), if the
    /// school knows it.
    #[must_use]
    pub fn code(&self, raw: &str) -> Option<Code> {
        if raw == Code::UNKNOWN {
            return Some(Code::Unknown);
        }
        if let Some(official) = super::Official::parse(raw) {
            return Some(Code::Official(official));
        }
        self.codes
            .iter()
            .find(|c| c.code.as_str() == raw)
            .map(|c| Code::School(c.code.clone(), c.official))
    }
}
