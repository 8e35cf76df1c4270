//! The JSON shapes of the accounts API (`snake_case`, RFC 3339 UTC times, UUID ids), built
//! from the domain's values. Optional fields are left out when they have no value.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_accounts::Me;
use schoolbrug_accounts::model::{
    Account, AccountKind, AuditEvent, CoAccountStatus, Group, GroupKind, OneTimeCode, Relation,
};
use schoolbrug_kernel::{Page, Role};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub use crate::core::dto::RoleName;

/// Main account or co-account.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKindName {
    /// A pupil's or a staff member's own account.
    Main,
    /// A co-account of a pupil (a parent, a guardian…).
    Co,
}

impl From<&AccountKind> for AccountKindName {
    fn from(kind: &AccountKind) -> Self {
        match kind {
            AccountKind::Main { .. } => Self::Main,
            AccountKind::Co { .. } => Self::Co,
        }
    }
}

fn role_names(roles: &[Role]) -> Vec<RoleName> {
    roles.iter().copied().map(RoleName::from).collect()
}

/// Who the person behind a co-account is to the pupil.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationName {
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

impl From<Relation> for RelationName {
    fn from(relation: Relation) -> Self {
        match relation {
            Relation::Mother => Self::Mother,
            Relation::Father => Self::Father,
            Relation::Guardian => Self::Guardian,
            Relation::FosterParent => Self::FosterParent,
            Relation::StepParent => Self::StepParent,
            Relation::HomeworkTutor => Self::HomeworkTutor,
            Relation::BoardingEducator => Self::BoardingEducator,
            Relation::Other => Self::Other,
        }
    }
}

/// Class or other group.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupKindName {
    /// A class, such as 3A.
    Class,
    /// Any other group.
    Group,
}

impl From<GroupKind> for GroupKindName {
    fn from(kind: GroupKind) -> Self {
        match kind {
            GroupKind::Class => Self::Class,
            GroupKind::Group => Self::Group,
        }
    }
}

/// The pupil a co-account belongs to.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PupilSummary {
    /// The pupil's account id.
    pub id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
}

/// The signed-in account as it sees itself.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MeView {
    /// The account's id.
    pub id: Uuid,
    /// The school's slug.
    #[schema(example = "sint-jan")]
    pub school: String,
    /// The school's display name.
    pub school_name: String,
    /// Username, unique in the school.
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Main account or co-account.
    pub kind: AccountKindName,
    /// Roles (empty for a co-account).
    pub roles: Vec<RoleName>,
    /// For a co-account: its pupil.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pupil: Option<PupilSummary>,
    /// For a co-account: its slot, 1–6.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, minimum = 1, maximum = 6)]
    pub slot: Option<u8>,
    /// For a co-account: who the person is to the pupil.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub relation: Option<RelationName>,
    /// Whether the account accepted the current version of the terms of use.
    pub terms_accepted: bool,
    /// The current version of the terms of use (send it to `POST /api/v1/me/terms`).
    pub terms_version: String,
}

impl MeView {
    /// The view of `me`, judged against the current terms `terms_version`.
    #[must_use]
    pub fn new(me: &Me, terms_version: &str) -> Self {
        let account = &me.account;
        Self {
            id: account.id.as_uuid(),
            school: me.school.slug.as_str().to_owned(),
            school_name: me.school.name.as_str().to_owned(),
            username: account.username.as_str().to_owned(),
            first_name: account.first_name.as_str().to_owned(),
            last_name: account.last_name.as_str().to_owned(),
            kind: AccountKindName::from(&account.kind),
            roles: role_names(me.roles()),
            pupil: me.pupil.as_ref().map(|p| PupilSummary {
                id: p.id.as_uuid(),
                first_name: p.first_name.as_str().to_owned(),
                last_name: p.last_name.as_str().to_owned(),
            }),
            slot: me.slot().map(|s| s.get()),
            relation: me.relation().map(RelationName::from),
            terms_accepted: account
                .terms
                .as_ref()
                .is_some_and(|t| t.version == terms_version),
            terms_version: terms_version.to_owned(),
        }
    }
}

/// A new session.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SessionCreated {
    /// The session token: send it as `Authorization: Bearer <token>` (it is also set as
    /// the session cookie). Shown once.
    pub token: String,
    /// The device token: keep it and send it as `device` with the next sign-ins of this
    /// account (it is also set as the device cookie). The same one comes back while it is
    /// trusted; a new one replaces it otherwise.
    pub device: String,
    /// Who signed in.
    pub account: MeView,
}

/// An account as the school's administration sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AccountView {
    /// Its id.
    pub id: Uuid,
    /// Username, unique in the school.
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Main account or co-account.
    pub kind: AccountKindName,
    /// Roles (empty for a co-account).
    pub roles: Vec<RoleName>,
    /// Birth date (pupils).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub birth_date: Option<NaiveDate>,
    /// Contact address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub email: Option<String>,
    /// For a co-account: its pupil's account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pupil_id: Option<Uuid>,
    /// For a co-account: its slot, 1–6.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, minimum = 1, maximum = 6)]
    pub slot: Option<u8>,
    /// For a co-account: who the person is to the pupil.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub relation: Option<RelationName>,
    /// For a co-account: the last day it may sign in, when limited.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub active_until: Option<NaiveDate>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl From<&Account> for AccountView {
    fn from(account: &Account) -> Self {
        let (birth_date, pupil_id, slot, relation, active_until) = match &account.kind {
            AccountKind::Main { birth_date, .. } => (*birth_date, None, None, None, None),
            AccountKind::Co {
                pupil,
                slot,
                relation,
                status,
            } => (
                None,
                Some(pupil.as_uuid()),
                Some(slot.get()),
                Some(RelationName::from(*relation)),
                match status {
                    CoAccountStatus::ActiveUntil(last) => Some(*last),
                    CoAccountStatus::Active | CoAccountStatus::Inactive => None,
                },
            ),
        };
        Self {
            id: account.id.as_uuid(),
            username: account.username.as_str().to_owned(),
            first_name: account.first_name.as_str().to_owned(),
            last_name: account.last_name.as_str().to_owned(),
            kind: AccountKindName::from(&account.kind),
            roles: role_names(account.roles()),
            birth_date,
            email: account.email.clone(),
            pupil_id,
            slot,
            relation,
            active_until,
            created_at: account.created_at,
        }
    }
}

/// An account with its co-accounts (a pupil's; empty for anyone else).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AccountDetail {
    /// The account.
    pub account: AccountView,
    /// Its co-accounts, by slot.
    pub co_accounts: Vec<AccountView>,
}

/// One page of accounts.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AccountList {
    /// The accounts of this page.
    pub items: Vec<AccountView>,
    /// The cursor of the next page (`?after=`), or `null` on the last page.
    pub next: Option<String>,
}

impl From<Page<Account>> for AccountList {
    fn from(page: Page<Account>) -> Self {
        Self {
            items: page.items.iter().map(AccountView::from).collect(),
            next: page.next,
        }
    }
}

/// A one-time code, shown once.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CodeIssued {
    /// The code (`ABCD-EFGH-JKMN-PQRS`; case and dashes do not matter when typed back).
    pub code: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl CodeIssued {
    /// The view of an issued code.
    #[must_use]
    pub fn new(code: &OneTimeCode, expires_at: DateTime<Utc>) -> Self {
        Self {
            code: code.expose().to_owned(),
            expires_at,
        }
    }
}

/// A class or group.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GroupView {
    /// Its id.
    pub id: Uuid,
    /// Its name, unique in the school.
    pub name: String,
    /// Class or group.
    pub kind: GroupKindName,
}

impl From<&Group> for GroupView {
    fn from(group: &Group) -> Self {
        Self {
            id: group.id.as_uuid(),
            name: group.name.as_str().to_owned(),
            kind: GroupKindName::from(group.kind),
        }
    }
}

/// The school's groups (one page: `next` is always `null`).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GroupList {
    /// The groups.
    pub items: Vec<GroupView>,
    /// Always `null`: every group fits on one page.
    pub next: Option<String>,
}

/// One security event.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    /// Its id.
    pub id: Uuid,
    /// What happened.
    #[schema(example = "sign_in_failed")]
    pub kind: String,
    /// The account it happened to, if known (an erased account keeps its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub account: Option<Uuid>,
    /// Who did it, when someone else did (an admin).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub actor: Option<Uuid>,
    /// The username tried or concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub username: Option<String>,
    /// The client's address, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub client: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

impl From<&AuditEvent> for AuditEventView {
    fn from(event: &AuditEvent) -> Self {
        Self {
            id: event.id.as_uuid(),
            kind: event.kind.as_str().to_owned(),
            account: event.account.map(|a| a.as_uuid()),
            actor: event.actor.map(|a| a.as_uuid()),
            username: event.username.clone(),
            client: event.client.clone(),
            at: event.at,
        }
    }
}

/// One page of security events, newest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditList {
    /// The events of this page.
    pub items: Vec<AuditEventView>,
    /// The cursor of the next page (`?after=`), or `null` on the last page.
    pub next: Option<String>,
}

impl From<Page<AuditEvent>> for AuditList {
    fn from(page: Page<AuditEvent>) -> Self {
        Self {
            items: page.items.iter().map(AuditEventView::from).collect(),
            next: page.next,
        }
    }
}
