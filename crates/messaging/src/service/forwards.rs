//! The outbox rows of a message, a news item or a system notice: one per e-mail address,
//! due at once or, inside the school's quiet hours, at their end. One place, so the three
//! kinds of forward wait alike.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, OutboxId, SchoolId};

use super::Messaging;
use crate::error::MessagingError;
use crate::forwarding::next_allowed;
use crate::model::{Forwarded, OutboxRow, OutboxStatus};

impl Messaging {
    /// One waiting row per `(recipient, address)` forwarding `what` under `subject`, due
    /// at `due`, or at the end of the school's quiet hours when `due` falls in them and
    /// the forward `waits` (an urgent message does not).
    pub(super) async fn outbox_rows(
        &self,
        school: SchoolId,
        addresses: Vec<(AccountId, String)>,
        what: Forwarded,
        subject: &str,
        (due, now): (DateTime<Utc>, DateTime<Utc>),
        waits: bool,
    ) -> Result<Vec<OutboxRow>, MessagingError> {
        let next_attempt_at = match (&self.quiet_hours, waits && !addresses.is_empty()) {
            (Some(store), true) => {
                let days = self.calendar.school_days(school).await?;
                let quiet = store.quiet_hours(school).await?;
                next_allowed(due, quiet.as_ref(), &days)
            }
            _ => due,
        };
        Ok(addresses
            .into_iter()
            .map(|(recipient, to)| OutboxRow {
                id: OutboxId::new(),
                school,
                forwards: what,
                recipient,
                to,
                subject: subject.to_owned(),
                status: OutboxStatus::Waiting,
                attempts: 0,
                last_error: None,
                next_attempt_at,
                created_at: now,
            })
            .collect())
    }
}
