//! Groups: classes and other groups of accounts.

use schoolbrug_kernel::{FieldError, GroupId, SchoolId};
use serde::{Deserialize, Serialize};

/// A class (klas) or another group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A class, such as 3A.
    Class,
    /// Any other group.
    Group,
}

impl GroupKind {
    /// The kind's name in the API and the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupKind::Class => "class",
            GroupKind::Group => "group",
        }
    }

    /// Parses a kind's name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "class" => Some(GroupKind::Class),
            "group" => Some(GroupKind::Group),
            _ => None,
        }
    }
}

/// A group's name: trimmed, 1–100 characters, unique in the school.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct GroupName(String);

impl GroupName {
    /// Parses a group name.
    ///
    /// # Errors
    /// A [`FieldError`] on `name` when blank or too long.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new("name", "blank", "a group needs a name"));
        }
        if s.chars().count() > 100 {
            return Err(FieldError::new(
                "name",
                "too_long",
                "at most 100 characters",
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

/// A group of accounts of one school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Its id.
    pub id: GroupId,
    /// Its school.
    pub school: SchoolId,
    /// Its name.
    pub name: GroupName,
    /// Class or group.
    pub kind: GroupKind,
}
