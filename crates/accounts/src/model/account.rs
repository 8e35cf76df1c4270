//! Main accounts and co-accounts, and the values they are made of.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_kernel::{AccountId, FieldError, Role, SchoolId};
use serde::{Deserialize, Serialize};

/// A username: trimmed, lowercase, 2–64 of letters, digits, `.`, `_`, `-`, `@`.
/// Unique within a school.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    /// The most characters a username has.
    pub const MAX_LENGTH: usize = 64;

    /// Parses a username (case-insensitive: stored in lower case).
    ///
    /// # Errors
    /// A [`FieldError`] on `username` when it is not 2–64 allowed characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let ok = s.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '@')
        });
        if !(2..=Self::MAX_LENGTH).contains(&s.chars().count()) || !ok {
            return Err(FieldError::new(
                "username",
                "invalid",
                "2 to 64 letters, digits, dots, dashes, underscores or @",
            ));
        }
        Ok(Self(s))
    }

    /// The username.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A first or last name: trimmed, 1–100 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// Parses a name for `field`.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` when blank or longer than 100 characters.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "blank", "required"));
        }
        if s.chars().count() > 100 || s.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "invalid",
                "at most 100 printable characters",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A co-account's slot on its pupil's account: 1 to 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slot(u8);

impl Slot {
    /// The number of co-accounts a pupil can have.
    pub const MAX: u8 = 6;

    /// Parses a slot number.
    ///
    /// # Errors
    /// A [`FieldError`] on `slot` outside 1–6.
    pub fn parse(n: i64) -> Result<Self, FieldError> {
        match u8::try_from(n) {
            Ok(v) if (1..=Self::MAX).contains(&v) => Ok(Self(v)),
            _ => Err(FieldError::new(
                "slot",
                "out_of_range",
                "a slot is a number from 1 to 6",
            )),
        }
    }

    /// The slot number.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Who the person behind a co-account is to the pupil.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Moeder.
    Mother,
    /// Vader.
    Father,
    /// Voogd.
    Guardian,
    /// Pleegouder.
    FosterParent,
    /// Plusouder.
    StepParent,
    /// Huiswerkbegeleider.
    HomeworkTutor,
    /// Opvoeder internaat.
    BoardingEducator,
    /// Iemand anders.
    Other,
}

impl Relation {
    /// Every relation, in a stable order.
    pub const ALL: [Relation; 8] = [
        Relation::Mother,
        Relation::Father,
        Relation::Guardian,
        Relation::FosterParent,
        Relation::StepParent,
        Relation::HomeworkTutor,
        Relation::BoardingEducator,
        Relation::Other,
    ];

    /// The relation's name in the API and the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Relation::Mother => "mother",
            Relation::Father => "father",
            Relation::Guardian => "guardian",
            Relation::FosterParent => "foster_parent",
            Relation::StepParent => "step_parent",
            Relation::HomeworkTutor => "homework_tutor",
            Relation::BoardingEducator => "boarding_educator",
            Relation::Other => "other",
        }
    }

    /// Parses a relation's name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// Whether a co-account may sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoAccountStatus {
    /// May sign in.
    Active,
    /// May not sign in.
    Inactive,
    /// May sign in up to and including this date (school time zone).
    ActiveUntil(NaiveDate),
}

impl CoAccountStatus {
    /// Whether the co-account may sign in on `today` (a date in the school's zone).
    #[must_use]
    pub fn is_active_on(self, today: NaiveDate) -> bool {
        match self {
            CoAccountStatus::Active => true,
            CoAccountStatus::Inactive => false,
            CoAccountStatus::ActiveUntil(last) => today <= last,
        }
    }
}

/// Main account with roles, or co-account of a pupil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountKind {
    /// A pupil's or staff member's own account.
    Main {
        /// Its roles; a pupil holds only `Pupil`.
        roles: Vec<Role>,
        /// Birth date (pupils), used by the password policy.
        birth_date: Option<NaiveDate>,
    },
    /// One of a pupil's co-accounts.
    Co {
        /// The pupil's main account.
        pupil: AccountId,
        /// Its slot, 1–6.
        slot: Slot,
        /// Who the person is to the pupil.
        relation: Relation,
        /// Whether it may sign in.
        status: CoAccountStatus,
    },
}

/// When and which version of the school's terms of use an account accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermsAcceptance {
    /// The version accepted.
    pub version: String,
    /// When.
    pub accepted_at: DateTime<Utc>,
}

/// A main account or a co-account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Its id.
    pub id: AccountId,
    /// Its school.
    pub school: SchoolId,
    /// Its username, unique in the school.
    pub username: Username,
    /// First name.
    pub first_name: PersonName,
    /// Last name.
    pub last_name: PersonName,
    /// Main or co-account.
    pub kind: AccountKind,
    /// A contact address (not yet confirmed for forwarding).
    pub email: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// The terms of use it accepted last, if any.
    pub terms: Option<TermsAcceptance>,
}

impl Account {
    /// The roles of a main account; none for a co-account.
    #[must_use]
    pub fn roles(&self) -> &[Role] {
        match &self.kind {
            AccountKind::Main { roles, .. } => roles,
            AccountKind::Co { .. } => &[],
        }
    }

    /// Whether this is a pupil's main account.
    #[must_use]
    pub fn is_pupil(&self) -> bool {
        self.roles().contains(&Role::Pupil)
    }

    /// The pupil of a co-account.
    #[must_use]
    pub fn pupil(&self) -> Option<AccountId> {
        match &self.kind {
            AccountKind::Co { pupil, .. } => Some(*pupil),
            AccountKind::Main { .. } => None,
        }
    }
}

/// Which accounts an admin lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// Only main accounts holding this role.
    pub role: Option<Role>,
    /// Only accounts whose username, first or last name contains this text (any case).
    pub query: Option<String>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_username_is_stored_in_lower_case() {
        assert_eq!(
            Username::parse(" Jan.Peeters ").unwrap().as_str(),
            "jan.peeters"
        );
    }

    #[test]
    fn a_username_with_spaces_is_refused() {
        assert_eq!(
            Username::parse("jan peeters").unwrap_err().field,
            "username"
        );
    }

    #[test]
    fn slots_run_from_one_to_six() {
        assert!(Slot::parse(0).is_err());
        assert!(Slot::parse(1).is_ok());
        assert!(Slot::parse(6).is_ok());
        assert_eq!(Slot::parse(7).unwrap_err().code, "out_of_range");
    }

    #[test]
    fn a_co_account_active_until_a_date_stops_after_it() {
        let last = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        let status = CoAccountStatus::ActiveUntil(last);
        assert!(status.is_active_on(last));
        assert!(!status.is_active_on(last.succ_opt().unwrap()));
    }

    #[test]
    fn relation_names_round_trip() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
    }
}
