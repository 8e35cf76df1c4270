//! Who looks at a calendar, as the calendar needs to know them: their roles and groups, and
//! for a co-account the child whose calendar it sees.

use schoolbrug_kernel::{AccountId, GroupId, Role};
use serde::{Deserialize, Serialize};

/// The pupil a co-account looks through, named so every item can be labelled with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    /// The pupil's account.
    pub id: AccountId,
    /// The pupil's display name.
    pub name: String,
}

/// An account of the school as the calendar sees it. For a co-account, `roles` and
/// `groups` are its pupil's and `child` names the pupil: a co-account sees what its
/// child's audience sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    /// The account looking.
    pub account: AccountId,
    /// Its roles (a co-account: its pupil's, so `[Pupil]`).
    pub roles: Vec<Role>,
    /// The groups it is in (a co-account: its pupil's).
    pub groups: Vec<GroupId>,
    /// For a co-account, the pupil it belongs to.
    pub child: Option<Child>,
}

impl Viewer {
    /// Whether the viewer is staff (a co-account never is).
    #[must_use]
    pub fn is_staff(&self) -> bool {
        self.child.is_none() && self.roles.iter().any(|r| r.is_staff())
    }

    /// Whether the viewer is an admin of the school (a co-account never is).
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.child.is_none() && self.roles.contains(&Role::Admin)
    }

    /// What the viewer's calendar reaches: admins everything, staff also what they
    /// planned.
    #[must_use]
    pub fn reach(&self) -> Reach {
        Reach {
            everything: self.is_admin(),
            groups: self.groups.clone(),
            roles: self.roles.clone(),
            planner: self.is_staff().then_some(self.account),
        }
    }
}

/// Which activities a calendar shows: those for the whole school, and those whose
/// audience names one of `groups` or `roles`, or planned by `planner`; all of the school's
/// when `everything`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Every activity of the school (admins).
    pub everything: bool,
    /// The groups whose activities are shown.
    pub groups: Vec<GroupId>,
    /// The roles whose activities are shown.
    pub roles: Vec<Role>,
    /// Also what this account planned.
    pub planner: Option<AccountId>,
}

impl Reach {
    /// Whether an activity for `audience` planned by `planner` is in reach.
    #[must_use]
    pub fn reaches(&self, audience: &[super::Target], planner: AccountId) -> bool {
        use super::Target;
        self.everything
            || self.planner == Some(planner)
            || audience.iter().any(|t| match t {
                Target::School => true,
                Target::Group(g) => self.groups.contains(g),
                Target::Role(r) => self.roles.contains(r),
            })
    }
}
