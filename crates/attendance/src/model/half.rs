//! The unit of attendance: the half-day (morning or afternoon) of a school day, and the
//! school year the counts run over.

use std::fmt;

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

/// The morning or the afternoon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Half {
    /// The morning (voormiddag).
    Am,
    /// The afternoon (namiddag).
    Pm,
}

impl Half {
    /// Both halves, morning first.
    pub const BOTH: [Half; 2] = [Half::Am, Half::Pm];

    /// The half's name in the API and the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Half::Am => "am",
            Half::Pm => "pm",
        }
    }

    /// Parses a half's name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Half> {
        Half::BOTH.into_iter().find(|h| h.as_str() == name)
    }
}

impl fmt::Display for Half {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One half of one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HalfDay {
    /// The school's local date.
    pub date: NaiveDate,
    /// Morning or afternoon.
    pub half: Half,
}

/// A school year as Flemish education counts it: 1 September to 31 August. The notes'
/// quota and the problematic half-days are counted per school year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchoolYear {
    /// 1 September.
    pub first_day: NaiveDate,
    /// 31 August of the next calendar year.
    pub last_day: NaiveDate,
}

impl SchoolYear {
    /// The school year `date` falls in.
    #[must_use]
    pub fn of(date: NaiveDate) -> SchoolYear {
        let start_year = if date.month() >= 9 {
            date.year()
        } else {
            date.year() - 1
        };
        // 1 September and 31 August exist in every year chrono can represent here; the
        // fallback keeps the function total without a panic.
        let first_day = NaiveDate::from_ymd_opt(start_year, 9, 1).unwrap_or(date);
        let last_day = NaiveDate::from_ymd_opt(start_year + 1, 8, 31).unwrap_or(date);
        SchoolYear {
            first_day,
            last_day,
        }
    }

    /// Whether `date` falls in the year.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first_day <= date && date <= self.last_day
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_school_year_runs_from_september_to_august() {
        let year = SchoolYear::of(d(2026, 12, 3));
        assert_eq!(year.first_day, d(2026, 9, 1));
        assert_eq!(year.last_day, d(2027, 8, 31));
        assert_eq!(SchoolYear::of(d(2027, 8, 31)), year);
        assert_eq!(SchoolYear::of(d(2026, 9, 1)), year);
        assert_ne!(SchoolYear::of(d(2026, 8, 31)), year);
    }

    #[test]
    fn halves_round_trip() {
        for h in Half::BOTH {
            assert_eq!(Half::parse(h.as_str()), Some(h));
        }
        assert_eq!(Half::parse("noon"), None);
    }
}
