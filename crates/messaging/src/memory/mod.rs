//! In-memory adapters of every messaging port, for tests and for embedders who try the
//! module without a database. One lock guards the messaging state, so every method is
//! atomic; who is who comes from the directory the store is given.
//!
//! This file holds the store and its state, and passes the `Directory` on; the other
//! ports are one file each: `messages.rs`, `reader.rs`, `settings.rs`, `calendar.rs`
//! (free days and the `SchoolCalendar`), `news.rs` (news items and read states),
//! `forwarding.rs` (quiet hours and the outbox
//! queue).

mod calendar;
mod directory;
mod forwarding;
mod messages;
mod news;
mod reader;
mod settings;

pub use directory::{InMemoryDirectory, Person};

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::{
    AccountId, FreeDayPeriod, GroupId, MessageId, NewsId, OutboxId, Role, SchoolId, SecretHash,
};

use crate::forwarding::QuietHours;
use crate::model::{
    Addressee, Audience, Copy, GroupInfo, Message, NewsItem, NotificationSettings, OutboxRow,
};
use crate::ports::{Directory, StoreResult};

#[derive(Default)]
struct State {
    messages: BTreeMap<MessageId, Message>,
    copies: BTreeMap<(AccountId, MessageId), Copy>,
    outbox: Vec<OutboxRow>,
    settings: HashMap<AccountId, (SchoolId, NotificationSettings)>,
    confirmations: HashMap<AccountId, (SecretHash, DateTime<Utc>)>,
    /// Confirmation mails counted per account: how many, and when their window opened.
    confirmation_mails: HashMap<AccountId, (u32, DateTime<Utc>)>,
    free_days: HashMap<SchoolId, Vec<FreeDayPeriod>>,
    /// `leased_until` of claimed outbox rows.
    leases: HashMap<OutboxId, DateTime<Utc>>,
    quiet_hours: HashMap<SchoolId, QuietHours>,
    news: BTreeMap<NewsId, NewsItem>,
    /// When each account opened each news item: `(school, account, item)`.
    news_reads: HashMap<(SchoolId, AccountId, NewsId), DateTime<Utc>>,
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

    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        self.directory.groups_of(school, account).await
    }
}
