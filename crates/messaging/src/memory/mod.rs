//! In-memory adapters of every messaging port, for tests and for embedders who try the
//! module without a database. One lock guards the messaging state, so every method is
//! atomic; who is who comes from the directory the store is given.

mod directory;

pub use directory::{InMemoryDirectory, Person};

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::{
    AccountId, FreeDayPeriod, FreeDays, GroupId, MessageId, OutboxId, Page, PageRequest, Role,
    SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId, SecretHash,
};

use crate::forwarding::QuietHours;
use crate::model::{
    Addressee, Audience, Copy, Folder, GroupInfo, Message, MessageKind, NotificationSettings,
    OutboxRow, OutboxStatus, Receipt, ReceivedMessage, SentSummary, Summary,
};
use crate::ports::{
    Delivery, Directory, FreeDaysStore, MessageReader, MessageStore, OutboxQueue, QuietHoursStore,
    SettingsStore, StoreError, StoreResult,
};

#[derive(Default)]
struct State {
    messages: BTreeMap<MessageId, Message>,
    copies: BTreeMap<(AccountId, MessageId), Copy>,
    outbox: Vec<OutboxRow>,
    settings: HashMap<AccountId, (SchoolId, NotificationSettings)>,
    confirmations: HashMap<AccountId, (SecretHash, DateTime<Utc>)>,
    free_days: HashMap<SchoolId, Vec<FreeDayPeriod>>,
    /// `leased_until` of claimed outbox rows.
    leases: HashMap<OutboxId, DateTime<Utc>>,
    quiet_hours: HashMap<SchoolId, QuietHours>,
}

/// Every messaging port, in memory. Who is who comes from a [`Directory`] handed in: an
/// [`InMemoryDirectory`] filled by hand, or an embedder's view of its accounts module.
pub struct InMemoryMessageStore {
    directory: Arc<dyn Directory>,
    state: Mutex<State>,
    fail_next_delivery: AtomicBool,
}

impl InMemoryMessageStore {
    /// A store whose directory answers are `directory`'s.
    #[must_use]
    pub fn new(directory: Arc<dyn Directory>) -> Self {
        Self {
            directory,
            state: Mutex::new(State::default()),
            fail_next_delivery: AtomicBool::new(false),
        }
    }

    /// Makes the next `deliver` fail half way (after the message and some copies were
    /// written to its scratch state), to show that nothing of it stays.
    pub fn fail_next_delivery(&self) {
        self.fail_next_delivery.store(true, Ordering::SeqCst);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl Directory for InMemoryMessageStore {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        self.directory.time_zone(school).await
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        self.directory.addressee(school, id).await
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        self.directory.co_accounts_of(school, pupil).await
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        self.directory.group(school, id).await
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        self.directory.groups(school).await
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        self.directory.group_audience(school, group, audience).await
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        self.directory.with_role(school, role).await
    }
}

#[async_trait]
impl MessageStore for InMemoryMessageStore {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<()> {
        delivery.check()?;
        let mut state = self.lock();
        // Build the change aside; it replaces nothing until every part is in.
        let mut copies = BTreeMap::new();
        for copy in delivery.copies() {
            let key = (copy.recipient, copy.message);
            if copies.insert(key, copy.clone()).is_some() || state.copies.contains_key(&key) {
                return Err(StoreError::Unexpected(
                    "a recipient twice in one delivery".into(),
                ));
            }
            if copies.len() * 2 > delivery.copies().len()
                && self.fail_next_delivery.swap(false, Ordering::SeqCst)
            {
                return Err(StoreError::Unavailable(
                    "injected failure half way through a delivery".into(),
                ));
            }
        }
        if state.messages.contains_key(&delivery.message().id) {
            return Err(StoreError::Unexpected("message exists".into()));
        }
        state
            .messages
            .insert(delivery.message().id, delivery.message().clone());
        state.copies.extend(copies);
        state.outbox.extend(delivery.outbox().iter().cloned());
        Ok(())
    }

    async fn mark_read(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state.copies.get_mut(&(account, message)) {
            Some(copy) if copy.school == school && copy.read_at.is_none() => {
                copy.read_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn mark_replied(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if let Some(copy) = state
            .copies
            .get_mut(&(account, message))
            .filter(|c| c.school == school)
        {
            copy.replied_at.get_or_insert(at);
        }
        Ok(())
    }

    async fn set_trashed(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state
            .copies
            .get_mut(&(account, message))
            .filter(|c| c.school == school)
        {
            Some(copy) => {
                copy.trashed_at = at;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn mark_misdirected(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state
            .copies
            .get_mut(&(account, message))
            .filter(|c| c.school == school)
        {
            Some(copy) if copy.misdirected_at.is_none() => {
                copy.misdirected_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut state = self.lock();
        state
            .copies
            .retain(|(recipient, _), c| !(*recipient == account && c.school == school));
        for message in state.messages.values_mut() {
            if message.school != school {
                continue;
            }
            if message.sender == Some(account) {
                message.sender = None;
                message.sender_name = None;
            }
            message.visibility.named.retain(|(id, _)| *id != account);
        }
        state
            .outbox
            .retain(|o| !(o.recipient == account && o.school == school));
        if state
            .settings
            .get(&account)
            .is_some_and(|(s, _)| *s == school)
        {
            state.settings.remove(&account);
            state.confirmations.remove(&account);
        }
        Ok(())
    }
}

fn matches_query(message: &Message, query: Option<&str>) -> bool {
    query.is_none_or(|q| {
        let q = q.to_lowercase();
        message.subject.as_str().to_lowercase().contains(&q)
            || message.body.as_str().to_lowercase().contains(&q)
    })
}

#[async_trait]
impl MessageReader for InMemoryMessageStore {
    async fn received(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>> {
        let state = self.lock();
        let Some(copy) = state
            .copies
            .get(&(account, message))
            .filter(|c| c.school == school)
        else {
            return Ok(None);
        };
        Ok(state.messages.get(&message).map(|m| ReceivedMessage {
            message: m.clone(),
            copy: copy.clone(),
        }))
    }

    async fn sent(
        &self,
        school: SchoolId,
        sender: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<Message>> {
        Ok(self
            .lock()
            .messages
            .get(&message)
            .filter(|m| {
                m.school == school && m.sender == Some(sender) && m.kind == MessageKind::Normal
            })
            .cloned())
    }

    async fn folder(
        &self,
        school: SchoolId,
        account: AccountId,
        folder: Folder,
        query: Option<&str>,
        page: &PageRequest,
    ) -> StoreResult<Page<Summary>> {
        let before: Option<MessageId> = match page.after() {
            Some(c) => Some(c.key().parse().map_err(|_| StoreError::NotFound)?),
            None => None,
        };
        let state = self.lock();
        let limit = page.limit() as usize + 1;
        let items: Vec<Summary> = if folder == Folder::Sent {
            state
                .messages
                .values()
                .rev()
                .filter(|m| {
                    m.school == school && m.sender == Some(account) && m.kind == MessageKind::Normal
                })
                .filter(|m| before.is_none_or(|b| m.id < b) && matches_query(m, query))
                .take(limit)
                .map(|m| {
                    let copies: Vec<&Copy> = state
                        .copies
                        .values()
                        .filter(|c| c.message == m.id)
                        .collect();
                    Summary {
                        id: m.id,
                        subject: m.subject.as_str().to_owned(),
                        from: m.sender_name.clone(),
                        system: false,
                        received_at: m.sent_at,
                        read_at: None,
                        reply_due_at: None,
                        sent: Some(SentSummary {
                            recipients: copies.len() as u64,
                            read: copies.iter().filter(|c| c.read_at.is_some()).count() as u64,
                        }),
                    }
                })
                .collect()
        } else {
            let mut mine: Vec<(&Copy, &Message)> = state
                .copies
                .range((account, MessageId::from_uuid(uuid::Uuid::nil()))..)
                .take_while(|((r, _), _)| *r == account)
                .map(|(_, c)| c)
                .filter(|c| c.school == school)
                .filter(|c| match folder {
                    Folder::Inbox => c.trashed_at.is_none(),
                    Folder::Trash => c.trashed_at.is_some(),
                    Folder::AwaitingReply => {
                        c.trashed_at.is_none() && c.reply_due_at.is_some() && c.replied_at.is_none()
                    }
                    Folder::Sent => false,
                })
                .filter(|c| before.is_none_or(|b| c.message < b))
                .filter_map(|c| state.messages.get(&c.message).map(|m| (c, m)))
                .filter(|(_, m)| matches_query(m, query))
                .collect();
            mine.sort_by_key(|(c, _)| std::cmp::Reverse(c.message));
            mine.into_iter()
                .take(limit)
                .map(|(c, m)| Summary {
                    id: m.id,
                    subject: m.subject.as_str().to_owned(),
                    from: m.sender_name.clone(),
                    system: m.kind == MessageKind::System,
                    received_at: m.sent_at,
                    read_at: c.read_at,
                    reply_due_at: c.reply_due_at,
                    sent: None,
                })
                .collect()
        };
        Ok(Page::from_overfetch(items, page, |s| s.id.to_string()))
    }

    async fn receipts(
        &self,
        school: SchoolId,
        message: MessageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Receipt>> {
        let after = page
            .after()
            .map(|c| Receipt::position_after(c).ok_or(StoreError::NotFound))
            .transpose()?;
        let state = self.lock();
        let mut receipts: Vec<Receipt> = state
            .copies
            .values()
            .filter(|c| c.message == message && c.school == school)
            .filter(|c| {
                after.as_ref().is_none_or(|(name, id)| {
                    (c.recipient_name.as_str(), c.recipient) > (name.as_str(), *id)
                })
            })
            .map(|c| Receipt {
                recipient: c.recipient,
                name: c.recipient_name.clone(),
                read_at: c.read_at,
            })
            .collect();
        receipts.sort_by(|a, b| a.name.cmp(&b.name).then(a.recipient.cmp(&b.recipient)));
        receipts.truncate(page.limit() as usize + 1);
        Ok(Page::from_overfetch(receipts, page, Receipt::cursor_key))
    }

    async fn receipt_counts(
        &self,
        school: SchoolId,
        message: MessageId,
    ) -> StoreResult<SentSummary> {
        let state = self.lock();
        let mut counts = SentSummary {
            recipients: 0,
            read: 0,
        };
        for c in state
            .copies
            .values()
            .filter(|c| c.message == message && c.school == school)
        {
            counts.recipients += 1;
            counts.read += u64::from(c.read_at.is_some());
        }
        Ok(counts)
    }

    async fn unread_count(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        Ok(self
            .lock()
            .copies
            .values()
            .filter(|c| {
                c.recipient == account
                    && c.school == school
                    && c.read_at.is_none()
                    && c.trashed_at.is_none()
            })
            .count() as u64)
    }
}

#[async_trait]
impl SettingsStore for InMemoryMessageStore {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        Ok(self
            .lock()
            .settings
            .get(&account)
            .filter(|(s, _)| *s == school)
            .map(|(_, settings)| settings.clone())
            .unwrap_or_default())
    }

    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        state.settings.insert(account, (school, settings.clone()));
        match confirmation {
            Some(c) => {
                state.confirmations.insert(account, c);
            }
            None if settings.forward_email.is_none() => {
                state.confirmations.remove(&account);
            }
            None => {}
        }
        Ok(())
    }

    async fn confirm_forward_email(
        &self,
        school: SchoolId,
        account: AccountId,
        token: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        let valid = state
            .confirmations
            .get(&account)
            .is_some_and(|(hash, expires)| hash == token && now < *expires);
        let owns = state
            .settings
            .get(&account)
            .is_some_and(|(s, _)| *s == school);
        if !valid || !owns {
            return Ok(false);
        }
        state.confirmations.remove(&account);
        if let Some((_, settings)) = state.settings.get_mut(&account) {
            settings.forward_email_confirmed = true;
        }
        Ok(true)
    }

    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        let state = self.lock();
        Ok(accounts
            .iter()
            .filter_map(|id| {
                let (s, settings) = state.settings.get(id)?;
                (*s == school).then(|| settings.forward_to().map(|to| (*id, to.to_owned())))?
            })
            .collect())
    }

    async fn outbox(
        &self,
        school: SchoolId,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>> {
        let before: Option<schoolbrug_kernel::OutboxId> = match page.after() {
            Some(c) => Some(c.key().parse().map_err(|_| StoreError::NotFound)?),
            None => None,
        };
        let state = self.lock();
        let mut rows: Vec<OutboxRow> = state
            .outbox
            .iter()
            .filter(|o| o.school == school && o.status == status && before.is_none_or(|b| o.id < b))
            .cloned()
            .collect();
        rows.sort_by_key(|o| std::cmp::Reverse(o.id));
        rows.truncate(page.limit() as usize + 1);
        Ok(Page::from_overfetch(rows, page, |o| o.id.to_string()))
    }
}

#[async_trait]
impl FreeDaysStore for InMemoryMessageStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        Ok(self
            .lock()
            .free_days
            .get(&school)
            .cloned()
            .unwrap_or_default())
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        let mut sorted = periods.to_vec();
        sorted.sort_by_key(|p| (p.from, p.to));
        self.lock().free_days.insert(school, sorted);
        Ok(())
    }
}

#[async_trait]
impl SchoolCalendar for InMemoryMessageStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        let time_zone = self
            .directory
            .time_zone(school)
            .await
            .map_err(|_| SchoolCalendarError::Unavailable)?
            .ok_or(SchoolCalendarError::NotFound)?;
        let periods = self
            .lock()
            .free_days
            .get(&school)
            .cloned()
            .unwrap_or_default();
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}

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
