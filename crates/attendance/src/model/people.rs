//! The people attendance speaks of, as its [`Directory`](crate::ports::Directory) reads
//! them from the accounts module.

use schoolbrug_kernel::{AccountId, GroupId};

/// A pupil, with the class the lists show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pupil {
    /// The pupil's main account.
    pub id: AccountId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The name of the pupil's class (the first by name when in several); `None` when in
    /// none.
    pub class: Option<String>,
}

/// A class with its pupils and its teachers (the staff members in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassList {
    /// The class.
    pub id: GroupId,
    /// Its name ("3A").
    pub name: String,
    /// Its pupils, by last name then first name.
    pub pupils: Vec<Pupil>,
    /// The staff members in it: they register its absences.
    pub teachers: Vec<AccountId>,
}

/// A line of the follow-up list: a pupil with problematic half-days this school year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpRow {
    /// The pupil.
    pub pupil: AccountId,
    /// The problematic half-days, oldest first.
    pub half_days: Vec<super::HalfDay>,
}
