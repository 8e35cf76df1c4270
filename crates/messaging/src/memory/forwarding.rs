//! The in-memory forwarding ports: `QuietHoursStore` and the `OutboxQueue`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{OutboxId, SchoolId};

use super::{InMemoryMessageStore, State};
use crate::forwarding::QuietHours;
use crate::model::{OutboxRow, OutboxStatus};
use crate::ports::{OutboxQueue, QuietHoursStore, StoreError, StoreResult};

#[async_trait]
impl QuietHoursStore for InMemoryMessageStore {
    async fn quiet_hours(&self, school: SchoolId) -> StoreResult<Option<QuietHours>> {
        Ok(self.lock().quiet_hours.get(&school).copied())
    }

    async fn put_quiet_hours(
        &self,
        school: SchoolId,
        quiet: Option<QuietHours>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        match quiet {
            Some(quiet) => state.quiet_hours.insert(school, quiet),
            None => state.quiet_hours.remove(&school),
        };
        Ok(())
    }
}

impl State {
    /// The waiting row `id` of `school`, with its lease cleared, if there is one.
    fn waiting_row(&mut self, school: SchoolId, id: OutboxId) -> Option<&mut OutboxRow> {
        let row = self
            .outbox
            .iter_mut()
            .find(|o| o.id == id && o.school == school && o.status == OutboxStatus::Waiting)?;
        self.leases.remove(&id);
        Some(row)
    }
}

#[async_trait]
impl OutboxQueue for InMemoryMessageStore {
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: chrono::Duration,
    ) -> StoreResult<Vec<OutboxRow>> {
        let mut state = self.lock();
        let state = &mut *state;
        let leased_until = now
            .checked_add_signed(lease)
            .ok_or_else(|| StoreError::Unexpected("lease out of range".into()))?;
        let mut due: Vec<&OutboxRow> = state
            .outbox
            .iter()
            .filter(|o| {
                o.status == OutboxStatus::Waiting
                    && o.next_attempt_at <= now
                    && state.leases.get(&o.id).is_none_or(|until| *until <= now)
            })
            .collect();
        due.sort_by_key(|o| (o.next_attempt_at, o.id));
        due.truncate(limit as usize);
        let claimed: Vec<OutboxRow> = due.into_iter().cloned().collect();
        for row in &claimed {
            state.leases.insert(row.id, leased_until);
        }
        Ok(claimed)
    }

    async fn record_sent(
        &self,
        school: SchoolId,
        id: OutboxId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        let Some(row) = state.waiting_row(school, id) else {
            return Ok(false);
        };
        row.status = OutboxStatus::Sent;
        row.attempts = row.attempts.saturating_add(1);
        row.last_error = None;
        row.next_attempt_at = at;
        Ok(true)
    }

    async fn record_retry(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        let Some(row) = state.waiting_row(school, id) else {
            return Ok(false);
        };
        row.attempts = row.attempts.saturating_add(1);
        row.last_error = Some(error.to_owned());
        row.next_attempt_at = next_attempt_at;
        Ok(true)
    }

    async fn record_failed(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        let Some(row) = state.waiting_row(school, id) else {
            return Ok(false);
        };
        row.status = OutboxStatus::Failed;
        row.attempts = row.attempts.saturating_add(1);
        row.last_error = Some(error.to_owned());
        row.next_attempt_at = at;
        Ok(true)
    }

    async fn release(&self, school: SchoolId, id: OutboxId) -> StoreResult<bool> {
        Ok(self.lock().waiting_row(school, id).is_some())
    }

    async fn purge_sent(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let mut state = self.lock();
        let was = state.outbox.len();
        state
            .outbox
            .retain(|o| !(o.status == OutboxStatus::Sent && o.next_attempt_at < before));
        Ok((was - state.outbox.len()) as u64)
    }
}
