//! Messages, the copies in each recipient's inbox, and what the folders list.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, Cursor, MessageId, SchoolId};

use super::body::{Body, Subject};
use super::recipient::GroupLabel;

/// An ordinary message, or a notice the platform sends itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// Written by an account.
    Normal,
    /// A notice from the platform (a misdirected-message report).
    System,
}

/// What every recipient may see of the addressing, decided at send time.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Visibility {
    /// The recipients named one by one, with their names: they see each other.
    pub named: Vec<(AccountId, String)>,
    /// The groups and roles reached ("co-accounts of 3A"), never their members.
    pub groups: Vec<GroupLabel>,
}

/// A message, once, whatever the number of recipients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Its id (time-ordered).
    pub id: MessageId,
    /// Its school.
    pub school: SchoolId,
    /// Who sent it; `None` for a system notice or after the sender's account was erased.
    pub sender: Option<AccountId>,
    /// The sender's name as it was at send time; `None` once erased.
    pub sender_name: Option<String>,
    /// Normal or system.
    pub kind: MessageKind,
    /// The subject.
    pub subject: Subject,
    /// The body.
    pub body: Body,
    /// The message this one answers.
    pub in_reply_to: Option<MessageId>,
    /// Whether the sender asked for a reply (48 school hours).
    pub reply_requested: bool,
    /// When an asked action or presence is due.
    pub action_deadline: Option<DateTime<Utc>>,
    /// Marked urgent by staff (forwarding ignores quiet hours).
    pub urgent: bool,
    /// Who may see what of the addressing.
    pub visibility: Visibility,
    /// When it was sent (and delivered).
    pub sent_at: DateTime<Utc>,
}

/// How a copy reached its recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// Named one by one: sees the other named recipients.
    Named,
    /// Through a group or role (blind copy): sees only the sender, the label and itself.
    Group(GroupLabel),
}

/// One recipient's copy of a message: its inbox row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copy {
    /// The message.
    pub message: MessageId,
    /// Its school.
    pub school: SchoolId,
    /// The recipient.
    pub recipient: AccountId,
    /// The recipient's name at send time (for the sender's receipts).
    pub recipient_name: String,
    /// How it reached the recipient.
    pub via: Via,
    /// When the recipient opened it first (the read receipt).
    pub read_at: Option<DateTime<Utc>>,
    /// When the recipient replied.
    pub replied_at: Option<DateTime<Utc>>,
    /// When the reply is due (48 school hours after delivery), if one was asked.
    pub reply_due_at: Option<DateTime<Utc>>,
    /// When the recipient moved it to the trash.
    pub trashed_at: Option<DateTime<Utc>>,
    /// When the recipient reported it as misdirected.
    pub misdirected_at: Option<DateTime<Utc>>,
}

/// A message as one recipient sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedMessage {
    /// The message.
    pub message: Message,
    /// The recipient's copy.
    pub copy: Copy,
}

impl ReceivedMessage {
    /// The addressing this recipient may see: named recipients see the named list and the
    /// group labels; a blind copy sees only its own group label and itself.
    #[must_use]
    pub fn visible_recipients(&self) -> (Vec<(AccountId, String)>, Vec<GroupLabel>) {
        match &self.copy.via {
            Via::Named => (
                self.message.visibility.named.clone(),
                self.message.visibility.groups.clone(),
            ),
            Via::Group(label) => (
                vec![(self.copy.recipient, self.copy.recipient_name.clone())],
                vec![label.clone()],
            ),
        }
    }
}

/// The folders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    /// Received, not in the trash.
    Inbox,
    /// Sent by the account.
    Sent,
    /// Received, moved to the trash.
    Trash,
    /// Received, reply requested, not yet replied, not in the trash.
    AwaitingReply,
}

impl Folder {
    /// Parses a folder's name (`inbox`, `sent`, `trash`, `awaiting_reply`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "inbox" => Some(Folder::Inbox),
            "sent" => Some(Folder::Sent),
            "trash" => Some(Folder::Trash),
            "awaiting_reply" => Some(Folder::AwaitingReply),
            _ => None,
        }
    }

    /// The folder's name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Folder::Inbox => "inbox",
            Folder::Sent => "sent",
            Folder::Trash => "trash",
            Folder::AwaitingReply => "awaiting_reply",
        }
    }
}

/// One line of a folder listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The message.
    pub id: MessageId,
    /// Its subject.
    pub subject: String,
    /// The sender's name; `None` for a system notice or an erased sender.
    pub from: Option<String>,
    /// Whether it is a system notice.
    pub system: bool,
    /// When it arrived (sent, for the sent folder).
    pub received_at: DateTime<Utc>,
    /// When this account read it (received folders only).
    pub read_at: Option<DateTime<Utc>>,
    /// When the reply is due (awaiting reply).
    pub reply_due_at: Option<DateTime<Utc>>,
    /// For the sent folder: how many received it and how many read it.
    pub sent: Option<SentSummary>,
}

/// Receipt counts of a sent message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentSummary {
    /// Recipients.
    pub recipients: u64,
    /// Recipients who opened it.
    pub read: u64,
}

/// One recipient's read receipt, for the sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The recipient. Erasing its account deletes its copy, so its receipt is no longer
    /// listed.
    pub recipient: AccountId,
    /// Their name at send time.
    pub name: String,
    /// When they opened it.
    pub read_at: Option<DateTime<Utc>>,
}

impl Receipt {
    /// Where a page of receipts that ends with this one continues: receipts are listed
    /// by name (byte order), then by recipient, and the cursor holds both.
    #[must_use]
    pub fn cursor_key(&self) -> String {
        format!("{}:{}", self.recipient.as_uuid(), self.name)
    }

    /// The (name, recipient) a receipts cursor points after; `None` when the cursor was
    /// not made by [`Receipt::cursor_key`].
    #[must_use]
    pub fn position_after(cursor: &Cursor) -> Option<(String, AccountId)> {
        let key = cursor.key();
        let (id, name) = key.split_once(':')?;
        let id = id.parse().ok()?;
        Some((name.to_owned(), AccountId::from_uuid(id)))
    }
}
