//! Who acts: the principal every use case receives and checks.

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, SchoolId};

/// A role of a main account. Staff may hold several; a pupil holds only `Pupil`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A pupil (leerling).
    Pupil,
    /// A teacher (leerkracht).
    Teacher,
    /// A student counsellor (leerlingenbegeleider).
    Counsellor,
    /// A school administrator (smartschoolbeheerder).
    Admin,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 4] = [Role::Pupil, Role::Teacher, Role::Counsellor, Role::Admin];

    /// The role's name in the API and the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Pupil => "pupil",
            Role::Teacher => "teacher",
            Role::Counsellor => "counsellor",
            Role::Admin => "admin",
        }
    }

    /// Parses a role's name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether the role belongs to the school's staff.
    #[must_use]
    pub const fn is_staff(self) -> bool {
        !matches!(self, Role::Pupil)
    }
}

/// Whether the actor signed in with a main account or with a co-account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActorKind {
    /// A pupil's or a staff member's own account, with its roles.
    Main {
        /// The roles of the account.
        roles: Vec<Role>,
    },
    /// A co-account (a parent, a guardian…) of a pupil.
    Co {
        /// The pupil this co-account belongs to.
        pupil: AccountId,
    },
}

/// The acting principal of a use case: which school, which account, and in which capacity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The school the actor belongs to; nothing the actor does crosses it.
    pub school: SchoolId,
    /// The account signed in.
    pub account: AccountId,
    /// Main account with roles, or co-account of a pupil.
    pub kind: ActorKind,
}

impl Actor {
    /// Whether the actor holds `role` (co-accounts hold none).
    #[must_use]
    pub fn has_role(&self, role: Role) -> bool {
        matches!(&self.kind, ActorKind::Main { roles } if roles.contains(&role))
    }

    /// Whether the actor is a school administrator.
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }

    /// Whether the actor is a member of staff (teacher, counsellor or admin).
    #[must_use]
    pub fn is_staff(&self) -> bool {
        matches!(&self.kind, ActorKind::Main { roles } if roles.iter().any(|r| r.is_staff()))
    }

    /// The pupil a co-account belongs to, if the actor is a co-account.
    #[must_use]
    pub fn pupil_of_co_account(&self) -> Option<AccountId> {
        match self.kind {
            ActorKind::Co { pupil } => Some(pupil),
            ActorKind::Main { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_co_account_holds_no_role() {
        let actor = Actor {
            school: SchoolId::new(),
            account: AccountId::new(),
            kind: ActorKind::Co {
                pupil: AccountId::new(),
            },
        };
        assert!(!actor.is_admin());
        assert!(!actor.is_staff());
        assert!(actor.pupil_of_co_account().is_some());
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("janitor"), None);
    }
}
