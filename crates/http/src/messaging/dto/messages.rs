//! The JSON shapes of messages: sent, listed, read, receipts, the address book and the
//! recipients of a new message.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::Page;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::dto::RoleName;

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
