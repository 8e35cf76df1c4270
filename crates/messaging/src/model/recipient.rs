//! Whom a message is addressed to, and the accounts that resolves to.

use schoolbrug_kernel::{AccountId, GroupId, Role};
use serde::{Deserialize, Serialize};

/// Which members of a group a message reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The pupils in the group.
    Pupils,
    /// The co-accounts of the pupils in the group.
    CoAccounts,
    /// Both the pupils and their co-accounts.
    Both,
    /// Every member of the group as it is (pupils and staff), no co-accounts.
    Members,
}

impl Audience {
    /// The audience's name in the API.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Audience::Pupils => "pupils",
            Audience::CoAccounts => "co_accounts",
            Audience::Both => "both",
            Audience::Members => "members",
        }
    }

    /// Parses an audience's name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [
            Audience::Pupils,
            Audience::CoAccounts,
            Audience::Both,
            Audience::Members,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One entry of a message's `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// One account, named (recipients named one by one see each other).
    Account(AccountId),
    /// Every co-account of a pupil (a blind copy each).
    CoAccountsOf(AccountId),
    /// A group with an audience (a blind copy each).
    Group(GroupId, Audience),
    /// Every account with a role (a blind copy each).
    Role(Role),
}

/// Main account or co-account, as the directory tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddresseeKind {
    /// A main account with its roles.
    Main(Vec<Role>),
    /// A co-account of a pupil.
    Co {
        /// The pupil.
        pupil: AccountId,
    },
}

/// An account as messaging sees it: who it is and how to name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addressee {
    /// The account.
    pub id: AccountId,
    /// First and last name.
    pub name: String,
    /// Main or co-account.
    pub kind: AddresseeKind,
}

impl Addressee {
    /// Whether the account belongs to staff (teacher, counsellor or admin).
    #[must_use]
    pub fn is_staff(&self) -> bool {
        matches!(&self.kind, AddresseeKind::Main(roles) if roles.iter().any(|r| r.is_staff()))
    }
}

/// A group as messaging sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupInfo {
    /// The group.
    pub id: GroupId,
    /// Its name ("3A").
    pub name: String,
}

/// How a group or role reached a blind-copy recipient, as every recipient may see it:
/// "the co-accounts of 3A", "every teacher". Kept structured so each page can say it in
/// its own language.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GroupLabel {
    /// A group's audience.
    Group {
        /// The group's name at send time.
        name: String,
        /// Which members.
        audience: Audience,
    },
    /// The co-accounts of one pupil.
    CoAccountsOf {
        /// The pupil's name at send time.
        pupil: String,
    },
    /// Every account with a role.
    Role {
        /// The role.
        role: Role,
    },
}

impl GroupLabel {
    /// The label in English ("co-accounts of 3A").
    #[must_use]
    pub fn english(&self) -> String {
        match self {
            GroupLabel::Group { name, audience } => match audience {
                Audience::Pupils => format!("pupils of {name}"),
                Audience::CoAccounts => format!("co-accounts of {name}"),
                Audience::Both => format!("pupils and co-accounts of {name}"),
                Audience::Members => format!("members of {name}"),
            },
            GroupLabel::CoAccountsOf { pupil } => format!("co-accounts of {pupil}"),
            GroupLabel::Role { role } => format!("every {}", role.as_str()),
        }
    }

    /// The label in Dutch ("co-accounts van 3A").
    #[must_use]
    pub fn dutch(&self) -> String {
        match self {
            GroupLabel::Group { name, audience } => match audience {
                Audience::Pupils => format!("leerlingen van {name}"),
                Audience::CoAccounts => format!("co-accounts van {name}"),
                Audience::Both => format!("leerlingen en co-accounts van {name}"),
                Audience::Members => format!("leden van {name}"),
            },
            GroupLabel::CoAccountsOf { pupil } => format!("co-accounts van {pupil}"),
            GroupLabel::Role { role } => match role {
                Role::Pupil => "alle leerlingen".to_owned(),
                Role::Teacher => "alle leerkrachten".to_owned(),
                Role::Counsellor => "alle leerlingenbegeleiders".to_owned(),
                Role::Admin => "alle beheerders".to_owned(),
            },
        }
    }
}
