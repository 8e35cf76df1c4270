//! The JSON shapes of the API (`snake_case`, RFC 3339 UTC times, UUID ids), built from
//! the domain's values. Optional fields are left out when they have no value.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_accounts::Me;
use schoolbrug_accounts::model::{
    Account, AccountKind, AuditEvent, CoAccountStatus, Group, GroupKind, OneTimeCode, Relation,
};
use schoolbrug_kernel::{Page, Role};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

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

/// A role of a main account.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    /// Leerling.
    Pupil,
    /// Leerkracht.
    Teacher,
    /// Leerlingenbegeleider.
    Counsellor,
    /// School administrator.
    Admin,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::Pupil => Self::Pupil,
            Role::Teacher => Self::Teacher,
            Role::Counsellor => Self::Counsellor,
            Role::Admin => Self::Admin,
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
    /// the `schoolbrug_session` cookie). Shown once.
    pub token: String,
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

// ---------------------------------------------------------------------------------------
// Messages, free days, notification settings
// ---------------------------------------------------------------------------------------

/// A message just sent.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MessageSent {
    /// The message's id.
    pub id: Uuid,
    /// How many inboxes received it (each account once, however it was reached).
    pub recipients: usize,
}

impl From<schoolbrug_messaging::Sent> for MessageSent {
    fn from(sent: schoolbrug_messaging::Sent) -> Self {
        Self {
            id: sent.id.as_uuid(),
            recipients: sent.recipients,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One line of a folder listing.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MessageSummaryView {
    /// The message's id.
    pub id: Uuid,
    /// Its subject.
    pub subject: String,
    /// The sender's name; `null` for a system notice (`system: true`) and for a sender
    /// whose account was erased (a deleted account, `from_deleted: true`).
    pub from: Option<String>,
    /// The sender's account was erased (a deleted account); left out otherwise.
    #[serde(skip_serializing_if = "is_false")]
    pub from_deleted: bool,
    /// A notice from the platform itself (a misdirected-message report); left out otherwise.
    #[serde(skip_serializing_if = "is_false")]
    pub system: bool,
    /// When it arrived (for the sent folder: when it was sent).
    pub received_at: DateTime<Utc>,
    /// When this account opened it; `null` when unread (always `null` in the sent folder).
    pub read_at: Option<DateTime<Utc>>,
    /// When a reply is due (48 school hours after delivery), when the sender asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reply_due_at: Option<DateTime<Utc>>,
    /// Sent folder only: how many inboxes received it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub recipients: Option<u64>,
    /// Sent folder only: how many of them opened it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub read: Option<u64>,
}

impl From<schoolbrug_messaging::model::Summary> for MessageSummaryView {
    fn from(s: schoolbrug_messaging::model::Summary) -> Self {
        Self {
            id: s.id.as_uuid(),
            subject: s.subject,
            from_deleted: s.from.is_none() && !s.system,
            from: s.from,
            system: s.system,
            received_at: s.received_at,
            read_at: s.read_at,
            reply_due_at: s.reply_due_at,
            recipients: s.sent.map(|c| c.recipients),
            read: s.sent.map(|c| c.read),
        }
    }
}

/// One page of a folder, newest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MessageList {
    /// The messages of this page.
    pub items: Vec<MessageSummaryView>,
    /// The cursor of the next page (`?after=`), or `null` on the last page.
    pub next: Option<String>,
}

impl From<Page<schoolbrug_messaging::model::Summary>> for MessageList {
    fn from(page: Page<schoolbrug_messaging::model::Summary>) -> Self {
        Self {
            items: page
                .items
                .into_iter()
                .map(MessageSummaryView::from)
                .collect(),
            next: page.next,
        }
    }
}

/// An account as messages name it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PersonView {
    /// The account's id.
    pub id: Uuid,
    /// First and last name (at send time, for a message's recipients).
    pub name: String,
}

/// Which members of a group a message reaches.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AudienceName {
    /// The pupils in the group.
    Pupils,
    /// The co-accounts of the pupils in the group.
    CoAccounts,
    /// The pupils and their co-accounts.
    Both,
    /// Every member as the group is (pupils and staff), no co-accounts.
    Members,
}

impl From<schoolbrug_messaging::model::Audience> for AudienceName {
    fn from(a: schoolbrug_messaging::model::Audience) -> Self {
        use schoolbrug_messaging::model::Audience;
        match a {
            Audience::Pupils => Self::Pupils,
            Audience::CoAccounts => Self::CoAccounts,
            Audience::Both => Self::Both,
            Audience::Members => Self::Members,
        }
    }
}

/// What kind of blind-copy addressing a label names.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupLabelKind {
    /// A group's audience (`name`, `audience`).
    Group,
    /// The co-accounts of one pupil (`pupil`).
    CoAccountsOf,
    /// Every account with a role (`role`).
    Role,
}

/// A group or role a message was sent to ("co-accounts of 3A"), never its members.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GroupLabelView {
    /// The label in Dutch ("co-accounts van 3A").
    pub label_nl: String,
    /// The label in English ("co-accounts of 3A").
    pub label_en: String,
    /// Which kind of label.
    pub kind: GroupLabelKind,
    /// `group`: the group's name at send time.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub name: Option<String>,
    /// `group`: which members.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub audience: Option<AudienceName>,
    /// `co_accounts_of`: the pupil's name at send time.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pupil: Option<String>,
    /// `role`: the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub role: Option<RoleName>,
}

impl From<&schoolbrug_messaging::model::GroupLabel> for GroupLabelView {
    fn from(label: &schoolbrug_messaging::model::GroupLabel) -> Self {
        use schoolbrug_messaging::model::GroupLabel;
        let mut view = Self {
            label_nl: label.dutch(),
            label_en: label.english(),
            kind: GroupLabelKind::Group,
            name: None,
            audience: None,
            pupil: None,
            role: None,
        };
        match label {
            GroupLabel::Group { name, audience } => {
                view.name = Some(name.clone());
                view.audience = Some(AudienceName::from(*audience));
            }
            GroupLabel::CoAccountsOf { pupil } => {
                view.kind = GroupLabelKind::CoAccountsOf;
                view.pupil = Some(pupil.clone());
            }
            GroupLabel::Role { role } => {
                view.kind = GroupLabelKind::Role;
                view.role = Some(RoleName::from(*role));
            }
        }
        view
    }
}

/// Whether the caller received or sent a message.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MessageSide {
    /// The caller's own copy of a message it received.
    Received,
    /// A message the caller sent.
    Sent,
}

/// A message as the caller may see it.
///
/// A recipient sees the sender, its own read and reply times, and of the addressing only
/// what it may: recipients named one by one see each other and the group labels; a blind
/// copy (reached through a group or role) sees itself and its own group label. The sender
/// sees every named recipient, every group label and the receipt counts.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MessageView {
    /// The message's id.
    pub id: Uuid,
    /// Its subject.
    pub subject: String,
    /// Its body, plain text.
    pub body: String,
    /// The body as safe HTML: everything escaped, line breaks kept, `http(s)` links
    /// clickable.
    pub body_html: String,
    /// The sender's name; `null` for a system notice (`system: true`) and for a sender
    /// whose account was erased (a deleted account, `from_deleted: true`).
    pub from: Option<String>,
    /// The sender's account was erased (a deleted account); left out otherwise.
    #[serde(skip_serializing_if = "is_false")]
    pub from_deleted: bool,
    /// A notice from the platform itself; left out otherwise.
    #[serde(skip_serializing_if = "is_false")]
    pub system: bool,
    /// When it was sent (and delivered).
    pub sent_at: DateTime<Utc>,
    /// Whether the sender asked for a reply within 48 school hours.
    pub reply_requested: bool,
    /// Received only: when this account's reply is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reply_due_at: Option<DateTime<Utc>>,
    /// When an asked action or presence is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub action_deadline: Option<DateTime<Utc>>,
    /// The message this one answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub in_reply_to: Option<Uuid>,
    /// Marked urgent by staff; left out otherwise.
    #[serde(skip_serializing_if = "is_false")]
    pub urgent: bool,
    /// Received only: when this account first opened it (set by this very request the
    /// first time).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub read_at: Option<DateTime<Utc>>,
    /// Received only: when this account replied.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub replied_at: Option<DateTime<Utc>>,
    /// The recipients the caller may see: the named ones (a blind copy: only itself).
    pub recipients: Vec<PersonView>,
    /// The groups and roles the caller may see (a blind copy: only its own).
    pub groups: Vec<GroupLabelView>,
    /// `received` or `sent`.
    pub mine: MessageSide,
    /// Sent only: how many inboxes received it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub recipient_count: Option<u64>,
    /// Sent only: how many of them opened it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub read_count: Option<u64>,
}

fn people(named: &[(schoolbrug_kernel::AccountId, String)]) -> Vec<PersonView> {
    named
        .iter()
        .map(|(id, name)| PersonView {
            id: id.as_uuid(),
            name: name.clone(),
        })
        .collect()
}

impl MessageView {
    fn base(message: &schoolbrug_messaging::model::Message, mine: MessageSide) -> Self {
        let system = message.kind == schoolbrug_messaging::model::MessageKind::System;
        Self {
            id: message.id.as_uuid(),
            subject: message.subject.as_str().to_owned(),
            body: message.body.as_str().to_owned(),
            body_html: schoolbrug_messaging::model::render_body_html(message.body.as_str()),
            from: message.sender_name.clone(),
            from_deleted: message.sender_name.is_none() && !system,
            system,
            sent_at: message.sent_at,
            reply_requested: message.reply_requested,
            reply_due_at: None,
            action_deadline: message.action_deadline,
            in_reply_to: message.in_reply_to.map(|m| m.as_uuid()),
            urgent: message.urgent,
            read_at: None,
            replied_at: None,
            recipients: Vec::new(),
            groups: Vec::new(),
            mine,
            recipient_count: None,
            read_count: None,
        }
    }

    /// A recipient's view: only what [`ReceivedMessage::visible_recipients`] allows.
    ///
    /// [`ReceivedMessage::visible_recipients`]: schoolbrug_messaging::model::ReceivedMessage::visible_recipients
    #[must_use]
    pub fn received(received: &schoolbrug_messaging::model::ReceivedMessage) -> Self {
        let (named, groups) = received.visible_recipients();
        Self {
            reply_due_at: received.copy.reply_due_at,
            read_at: received.copy.read_at,
            replied_at: received.copy.replied_at,
            recipients: people(&named),
            groups: groups.iter().map(GroupLabelView::from).collect(),
            ..Self::base(&received.message, MessageSide::Received)
        }
    }

    /// The sender's view: every named recipient, every group label, and the counts of the
    /// read receipts.
    #[must_use]
    pub fn sent(
        message: &schoolbrug_messaging::model::Message,
        counts: schoolbrug_messaging::model::SentSummary,
    ) -> Self {
        Self {
            recipients: people(&message.visibility.named),
            groups: message
                .visibility
                .groups
                .iter()
                .map(GroupLabelView::from)
                .collect(),
            recipient_count: Some(counts.recipients),
            read_count: Some(counts.read),
            ..Self::base(message, MessageSide::Sent)
        }
    }
}

/// One page of a message's read receipts, by recipient name.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReceiptList {
    /// The receipts of this page.
    pub items: Vec<ReceiptView>,
    /// The cursor of the next page (`?after=`), or `null` on the last page.
    pub next: Option<String>,
}

impl From<Page<schoolbrug_messaging::model::Receipt>> for ReceiptList {
    fn from(page: Page<schoolbrug_messaging::model::Receipt>) -> Self {
        Self {
            items: page.items.iter().map(ReceiptView::from).collect(),
            next: page.next,
        }
    }
}

/// One recipient's read receipt, for the sender.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// The recipient's account id.
    pub recipient: Uuid,
    /// The recipient's name at send time.
    pub name: String,
    /// When the recipient first opened it; `null` while unread.
    pub read_at: Option<DateTime<Utc>>,
}

impl From<&schoolbrug_messaging::model::Receipt> for ReceiptView {
    fn from(r: &schoolbrug_messaging::model::Receipt) -> Self {
        Self {
            recipient: r.recipient.as_uuid(),
            name: r.name.clone(),
            read_at: r.read_at,
        }
    }
}

/// How many inbox messages the caller has not opened.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    /// Unread messages in the inbox (the trash not counted).
    pub unread: u64,
}

/// A class or group a message can be sent to.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GroupRef {
    /// The group's id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
}

/// Whom the caller may write to: staff for everyone; pupils and groups for staff only
/// (empty lists for pupils and co-accounts).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AddressBookView {
    /// The school's staff, by name.
    pub staff: Vec<PersonView>,
    /// The school's pupils, by name (staff only).
    pub pupils: Vec<PersonView>,
    /// The school's classes and groups, by name (staff only).
    pub groups: Vec<GroupRef>,
}

impl From<schoolbrug_messaging::AddressBook> for AddressBookView {
    fn from(book: schoolbrug_messaging::AddressBook) -> Self {
        let person = |a: schoolbrug_messaging::model::Addressee| PersonView {
            id: a.id.as_uuid(),
            name: a.name,
        };
        Self {
            staff: book.staff.into_iter().map(person).collect(),
            pupils: book.pupils.into_iter().map(person).collect(),
            groups: book
                .groups
                .into_iter()
                .map(|g| GroupRef {
                    id: g.id.as_uuid(),
                    name: g.name,
                })
                .collect(),
        }
    }
}

/// One period of free days, dates inclusive.
#[derive(Clone, Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct FreeDayPeriodView {
    /// The first free day, `YYYY-MM-DD`.
    #[schema(example = "2026-12-21")]
    pub from: NaiveDate,
    /// The last free day (inclusive), `YYYY-MM-DD`; not before `from`.
    #[schema(example = "2027-01-01")]
    pub to: NaiveDate,
    /// What the period is called: 1–100 characters (surrounding whitespace is ignored).
    #[schema(
        example = "Kerstvakantie",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[\s\S]{0,98}[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
}

/// The school's free days: weekends aside, the days that do not count for the 48-hour
/// rules.
#[derive(Clone, Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct FreeDaysView {
    /// The periods, by start date (at most 1000).
    #[schema(max_items = 1000)]
    pub periods: Vec<FreeDayPeriodView>,
}

/// How the caller wants to be told of messages and news.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NotificationSettingsView {
    /// The personal address messages are forwarded to, or `null`.
    pub forward_email: Option<String>,
    /// Forward every received message by e-mail (only to a confirmed address).
    pub forward_messages: bool,
    /// Tell of news.
    pub notify_news: bool,
    /// Push to the app.
    pub push: bool,
    /// Whether `forward_email` was confirmed through the link mailed to it; nothing is
    /// forwarded to an unconfirmed address.
    pub forward_email_confirmed: bool,
}

impl From<schoolbrug_messaging::model::NotificationSettings> for NotificationSettingsView {
    fn from(s: schoolbrug_messaging::model::NotificationSettings) -> Self {
        Self {
            forward_email: s.forward_email,
            forward_messages: s.forward_messages,
            notify_news: s.notify_news,
            push: s.push,
            forward_email_confirmed: s.forward_email_confirmed,
        }
    }
}

/// `to[i]` of a new message as `{ "account": id }`: one account, named. Recipients named
/// one by one see each other.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountRecipient {
    /// The account's id (staff; pupils and co-accounts may only write to staff, or reply).
    pub account: Uuid,
}

/// `to[i]` as `{ "co_accounts_of": pupil_id }`: every co-account of a pupil (blind copies).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoAccountsOfRecipient {
    /// The pupil's account id.
    pub co_accounts_of: Uuid,
}

/// `to[i]` as `{ "group": id, "audience": … }`: a group's audience (blind copies).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupRecipient {
    /// The group's id.
    pub group: Uuid,
    /// Which members: `pupils`, `co_accounts`, `both` or `members`.
    pub audience: AudienceName,
}

/// `to[i]` as `{ "role": … }`: every account holding a role (blind copies).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRecipient {
    /// The role.
    pub role: RoleName,
}

/// One recipient of a new message: exactly one of the four shapes, with no other key.
/// Recipients reached through a group, a pupil's co-accounts or a role are blind copies:
/// each sees the sender, the group's label and itself only. An unknown shape answers 422
/// on `to[i]` (`invalid_recipient`).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum RecipientSchema {
    /// `{ "account": id }`
    Account(AccountRecipient),
    /// `{ "co_accounts_of": pupil_id }`
    CoAccountsOf(CoAccountsOfRecipient),
    /// `{ "group": id, "audience": "pupils" | "co_accounts" | "both" | "members" }`
    Group(GroupRecipient),
    /// `{ "role": "pupil" | "teacher" | "counsellor" | "admin" }`
    Role(RoleRecipient),
}

/// A folder of messages.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FolderName {
    /// Received, not in the trash.
    Inbox,
    /// Sent by the caller.
    Sent,
    /// Received, moved to the trash.
    Trash,
    /// Received, a reply asked and not given yet, not in the trash.
    AwaitingReply,
}

// ---------------------------------------------------------------------------------------
// Quiet hours and the mail queue (administration)
// ---------------------------------------------------------------------------------------

/// A school's quiet hours: forwards by e-mail made in quiet time wait until it ends
/// (unless the message is urgent). Times are local times of the school's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct QuietHoursView {
    /// When the daily quiet window starts, `HH:MM` from `00:00` to `23:59` (inclusive;
    /// surrounding whitespace is ignored).
    #[schema(
        example = "20:00",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[01][0-9]|2[0-3]):[0-5][0-9][\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub start: String,
    /// When it ends, `HH:MM` (exclusive); before `start` when the window wraps midnight.
    /// Not equal to `start` (`same_as_start`).
    #[schema(
        example = "07:00",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[01][0-9]|2[0-3]):[0-5][0-9][\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub end: String,
    /// Saturdays and Sundays are quiet all day.
    pub weekends: bool,
    /// The school's free days and holidays (Monday to Friday) are quiet all day.
    pub free_days: bool,
}

impl From<schoolbrug_messaging::QuietHours> for QuietHoursView {
    fn from(q: schoolbrug_messaging::QuietHours) -> Self {
        Self {
            start: q.start.format("%H:%M").to_string(),
            end: q.end.format("%H:%M").to_string(),
            weekends: q.weekends,
            free_days: q.free_days,
        }
    }
}

/// Where a forward by e-mail stands.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatusName {
    /// Not sent yet: due, held by quiet hours, or to be retried after a temporary failure.
    Waiting,
    /// Accepted by the mail server.
    Sent,
    /// Refused for good by the mail server (`last_error` holds its answer); not retried.
    Failed,
}

impl From<schoolbrug_messaging::model::OutboxStatus> for OutboxStatusName {
    fn from(status: schoolbrug_messaging::model::OutboxStatus) -> Self {
        use schoolbrug_messaging::model::OutboxStatus;
        match status {
            OutboxStatus::Waiting => Self::Waiting,
            OutboxStatus::Sent => Self::Sent,
            OutboxStatus::Failed => Self::Failed,
        }
    }
}

/// One forward by e-mail in the school's mail queue.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OutboxRowView {
    /// The row's id.
    pub id: Uuid,
    /// The address it goes to (as confirmed when the message was delivered).
    pub to: String,
    /// The forwarded message's subject.
    pub subject: String,
    /// `waiting`, `sent` or `failed`.
    pub status: OutboxStatusName,
    /// How many times it was handed to the mail server.
    pub attempts: u32,
    /// The mail server's last answer after a failure (for `failed`: why it failed for
    /// good); left out when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub last_error: Option<String>,
    /// `waiting` only: when it is (next) tried; left out for `sent` and `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// `sent` and `failed` only: when it was accepted, or refused for good.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub finished_at: Option<DateTime<Utc>>,
    /// When it was queued (with the message's delivery).
    pub created_at: DateTime<Utc>,
}

impl From<schoolbrug_messaging::model::OutboxRow> for OutboxRowView {
    fn from(row: schoolbrug_messaging::model::OutboxRow) -> Self {
        let waiting = row.status == schoolbrug_messaging::model::OutboxStatus::Waiting;
        Self {
            id: row.id.as_uuid(),
            to: row.to,
            subject: row.subject,
            status: row.status.into(),
            attempts: row.attempts,
            last_error: row.last_error,
            next_attempt_at: waiting.then_some(row.next_attempt_at),
            finished_at: (!waiting).then_some(row.next_attempt_at),
            created_at: row.created_at,
        }
    }
}

/// One page of the mail queue, newest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OutboxList {
    /// The rows of this page.
    pub items: Vec<OutboxRowView>,
    /// The cursor of the next page (`?after=`), or `null` on the last page.
    pub next: Option<String>,
}

impl From<Page<schoolbrug_messaging::model::OutboxRow>> for OutboxList {
    fn from(page: Page<schoolbrug_messaging::model::OutboxRow>) -> Self {
        Self {
            items: page.items.into_iter().map(OutboxRowView::from).collect(),
            next: page.next,
        }
    }
}
