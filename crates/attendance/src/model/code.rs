//! Absence codes: the official Flemish set, the school's own finer codes mapped to one of
//! them, and "unknown, to be justified".

use std::fmt;

use schoolbrug_kernel::FieldError;
use serde::{Deserialize, Serialize};

/// An official code of Flemish education (since 1 September 2019). Exports and totals
/// carry these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Official {
    /// Justified by law: family council, wedding or funeral, summons, force majeure,
    /// religious holiday…
    R,
    /// Illness (a parents' note or a medical certificate).
    Z,
    /// Personal reasons, with the principal's consent.
    P,
    /// Rehabilitation during lesson time.
    H,
    /// Workplace learning not done through no fault of the pupil.
    M,
    /// Pre-school only.
    A,
    /// Problematic: not justified.
    B,
}

impl Official {
    /// Every official code, in the order the department lists them.
    pub const ALL: [Official; 7] = [
        Official::R,
        Official::Z,
        Official::P,
        Official::H,
        Official::M,
        Official::A,
        Official::B,
    ];

    /// The code's letter.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Official::R => "R",
            Official::Z => "Z",
            Official::P => "P",
            Official::H => "H",
            Official::M => "M",
            Official::A => "A",
            Official::B => "B",
        }
    }

    /// Parses a code's letter (upper case only, as the department writes them).
    #[must_use]
    pub fn parse(letter: &str) -> Option<Official> {
        Official::ALL.into_iter().find(|o| o.as_str() == letter)
    }
}

impl fmt::Display for Official {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name of a school's own code: 1–8 characters of `A–Z`, `a–z`, `0–9`, `-`, `_`,
/// neither an official letter nor `?`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CodeName(String);

impl CodeName {
    /// The longest name.
    pub const MAX_CHARS: usize = 8;

    /// Parses the name of a school code.
    ///
    /// # Errors
    /// `blank`, `too_long`, `invalid_characters`, or `reserved` (an official letter).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(field, "blank", "A code needs a name."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                "A code is at most 8 characters long.",
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(FieldError::new(
                field,
                "invalid_characters",
                "A code holds letters, digits, '-' and '_' only.",
            ));
        }
        if Official::parse(name).is_some() {
            return Err(FieldError::new(
                field,
                "reserved",
                "The official codes exist already; choose another name.",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// Wraps a name read back from storage.
    #[must_use]
    pub fn from_stored(name: String) -> Self {
        Self(name)
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A school's own code ("TL": te laat zonder geldige reden), mapped to one official code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolCode {
    /// Its name, unique in the school.
    pub code: CodeName,
    /// What it means, as the school words it (1–100 characters).
    pub label: String,
    /// The official code it counts as.
    pub official: Official,
}

impl SchoolCode {
    /// The longest label.
    pub const MAX_LABEL_CHARS: usize = 100;
}

/// The code of one absent half-day.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// Unknown, to be justified (`?`); becomes `B` after the school's number of days.
    Unknown,
    /// An official code.
    Official(Official),
    /// One of the school's own codes, with the official code it counted as when it was
    /// registered.
    School(CodeName, Official),
}

impl Code {
    /// How "unknown" is written.
    pub const UNKNOWN: &'static str = "?";

    /// The code as written in the API and the database (`?`, `Z`, `TL`).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Code::Unknown => Self::UNKNOWN,
            Code::Official(o) => o.as_str(),
            Code::School(name, _) => name.as_str(),
        }
    }

    /// The official code it counts as; `None` while unknown.
    #[must_use]
    pub fn official(&self) -> Option<Official> {
        match self {
            Code::Unknown => None,
            Code::Official(o) | Code::School(_, o) => Some(*o),
        }
    }

    /// Whether the parents are told about it: unknown or problematic.
    #[must_use]
    pub fn alerts_parents(&self) -> bool {
        matches!(self.official(), None | Some(Official::B))
    }

    /// Rebuilds a code from its stored name and official code.
    #[must_use]
    pub fn from_stored(code: &str, official: Option<Official>) -> Code {
        match (code, official) {
            (_, None) => Code::Unknown,
            (c, Some(o)) if c == o.as_str() => Code::Official(o),
            (c, Some(o)) => Code::School(CodeName(c.to_owned()), o),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn official_letters_round_trip_and_are_case_sensitive() {
        for o in Official::ALL {
            assert_eq!(Official::parse(o.as_str()), Some(o));
        }
        assert_eq!(Official::parse("z"), None);
        assert_eq!(Official::parse("?"), None);
    }

    #[test]
    fn a_school_code_may_not_be_an_official_letter_or_odd() {
        assert!(CodeName::parse("c", "TL").is_ok());
        assert_eq!(CodeName::parse("c", "Z").unwrap_err().code, "reserved");
        assert_eq!(CodeName::parse("c", " ").unwrap_err().code, "blank");
        assert_eq!(
            CodeName::parse("c", "?").unwrap_err().code,
            "invalid_characters"
        );
        assert_eq!(
            CodeName::parse("c", "TOOLONGXX").unwrap_err().code,
            "too_long"
        );
    }

    #[test]
    fn unknown_and_problematic_alert_the_parents_and_nothing_else_does() {
        assert!(Code::Unknown.alerts_parents());
        assert!(Code::Official(Official::B).alerts_parents());
        let spijbelen = Code::School(CodeName::parse("c", "SP").unwrap(), Official::B);
        assert!(spijbelen.alerts_parents());
        assert!(!Code::Official(Official::Z).alerts_parents());
    }

    #[test]
    fn a_stored_code_comes_back_as_it_went_in() {
        let tl = Code::School(CodeName::parse("c", "TL").unwrap(), Official::B);
        for code in [Code::Unknown, Code::Official(Official::R), tl] {
            assert_eq!(Code::from_stored(code.as_str(), code.official()), code);
        }
    }
}
