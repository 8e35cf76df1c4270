//! The JSON shapes of the settings: notification settings, quiet hours and the
//! mail queue (administration).

use chrono::{DateTime, Utc};
use schoolbrug_kernel::Page;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

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
