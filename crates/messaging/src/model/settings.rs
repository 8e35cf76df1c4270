//! Notification settings per account, and the outbox rows written for forwarding.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, NewsId, OutboxId, SchoolId};

/// How an account wants to be told of messages and news.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NotificationSettings {
    /// The personal address to forward to.
    pub forward_email: Option<String>,
    /// Whether the address was confirmed (nothing goes to an unconfirmed address).
    pub forward_email_confirmed: bool,
    /// Forward every received message by e-mail.
    pub forward_messages: bool,
    /// Tell of news.
    pub notify_news: bool,
    /// Push to the app.
    pub push: bool,
}

impl NotificationSettings {
    /// Where to forward a received message, if anywhere.
    #[must_use]
    pub fn forward_to(&self) -> Option<&str> {
        match (
            &self.forward_email,
            self.forward_email_confirmed,
            self.forward_messages,
        ) {
            (Some(address), true, true) => Some(address),
            _ => None,
        }
    }
}

/// Where a forward stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxStatus {
    /// Not sent yet (or to be retried).
    Waiting,
    /// Accepted by the mail server.
    Sent,
    /// Refused for good.
    Failed,
}

impl OutboxStatus {
    /// The status's name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Waiting => "waiting",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }

    /// Parses a status's name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "waiting" => Some(OutboxStatus::Waiting),
            "sent" => Some(OutboxStatus::Sent),
            "failed" => Some(OutboxStatus::Failed),
            _ => None,
        }
    }
}

/// What an outbox row forwards: a recipient's copy of a message, or a news item that
/// reaches the recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Forwarded {
    /// The recipient's copy of this message.
    Message(MessageId),
    /// This news item.
    News(NewsId),
}

impl NotificationSettings {
    /// Where to tell of news by e-mail, if anywhere: a confirmed address with
    /// `notify_news` on.
    #[must_use]
    pub fn news_to(&self) -> Option<&str> {
        match (
            &self.forward_email,
            self.forward_email_confirmed,
            self.notify_news,
        ) {
            (Some(address), true, true) => Some(address),
            _ => None,
        }
    }
}

/// One mail to forward: written in the same transaction as the delivery (or the news
/// item's publication).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    /// Its id.
    pub id: OutboxId,
    /// Its school.
    pub school: SchoolId,
    /// The message (the recipient's copy) or the news item forwarded.
    pub forwards: Forwarded,
    /// The recipient whose copy it forwards.
    pub recipient: AccountId,
    /// The address, as confirmed at delivery time.
    pub to: String,
    /// The subject (for the admin's mail queue).
    pub subject: String,
    /// Where it stands.
    pub status: OutboxStatus,
    /// Attempts so far.
    pub attempts: u32,
    /// The mail server's last answer, when it failed.
    pub last_error: Option<String>,
    /// When to try (next).
    pub next_attempt_at: DateTime<Utc>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}
