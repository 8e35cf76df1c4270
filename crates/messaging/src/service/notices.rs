//! System notices to a pupil's parents, written by another module (attendance's alert
//! that a half-day is unexplained): one message to every co-account of the pupil, each a
//! blind copy, forwarded by e-mail under the quiet hours like any message.

use schoolbrug_kernel::{AccountId, MessageId, SchoolId};

use super::Messaging;
use crate::error::MessagingError;
use crate::model::{
    Body, Copy, Forwarded, GroupLabel, Message, MessageKind, Subject, Via, Visibility,
};
use crate::ports::Delivery;

impl Messaging {
    /// Delivers a system notice `id` to every co-account of `pupil`; returns how many
    /// received it (none when the pupil has no co-accounts, or is not a pupil of the
    /// school). Delivering the same `id` again delivers nothing: the caller may retry.
    ///
    /// # Errors
    /// `Invalid` for a subject or body the rules refuse (too long), `Unavailable` when a
    /// store is down (nothing is delivered then).
    pub async fn notify_parents(
        &self,
        school: SchoolId,
        pupil: AccountId,
        id: MessageId,
        subject: &str,
        body: &str,
    ) -> Result<usize, MessagingError> {
        let Some(child) = self.directory.addressee(school, pupil).await? else {
            return Ok(0);
        };
        let parents = self.directory.co_accounts_of(school, pupil).await?;
        let Some(first) = parents.first() else {
            return Ok(0);
        };
        if self.reader.received(school, first.id, id).await?.is_some() {
            return Ok(0);
        }
        let subject =
            Subject::parse(&subject.chars().take(Subject::MAX_CHARS).collect::<String>())?;
        let body = Body::parse(body)?;
        let now = self.clock.now();
        let ids: Vec<AccountId> = parents.iter().map(|p| p.id).collect();
        let forwards = self.settings.forward_addresses(school, &ids).await?;
        let outbox = self
            .outbox_rows(
                school,
                forwards,
                Forwarded::Message(id),
                subject.as_str(),
                (now, now),
                true,
            )
            .await?;
        let label = GroupLabel::CoAccountsOf { pupil: child.name };
        let copies: Vec<Copy> = parents
            .into_iter()
            .map(|parent| Copy {
                message: id,
                school,
                recipient: parent.id,
                recipient_name: parent.name,
                via: Via::Group(label.clone()),
                read_at: None,
                replied_at: None,
                reply_due_at: None,
                trashed_at: None,
                misdirected_at: None,
            })
            .collect();
        let recipients = copies.len();
        let delivery = Delivery::new(
            Message {
                id,
                school,
                sender: None,
                sender_name: None,
                kind: MessageKind::System,
                subject,
                body,
                in_reply_to: None,
                reply_requested: false,
                action_deadline: None,
                urgent: false,
                visibility: Visibility {
                    named: Vec::new(),
                    groups: vec![label],
                },
                sent_at: now,
            },
            copies,
            outbox,
        )
        .map_err(|e| MessagingError::Unexpected(e.to_string()))?;
        self.store.deliver(&delivery).await?;
        if let Some(signal) = &self.outbox_signal
            && delivery
                .outbox()
                .iter()
                .any(|row| row.next_attempt_at <= now)
        {
            signal.rows_due();
        }
        Ok(recipients)
    }
}
