//! The doubles of these tests: the in-memory store with its writes handed to a mockall
//! `MockMessageStore`, and a reader whose copies cannot be read.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::secret::SecretHash;
use schoolbrug_kernel::{
    AccountId, GroupId, MessageId, NewsId, Page, PageRequest, Role, SchoolCalendar,
    SchoolCalendarError, SchoolDays, SchoolId,
};
use schoolbrug_messaging::memory::InMemoryMessageStore;
use schoolbrug_messaging::model::{
    Addressee, Audience, Folder, GroupInfo, InboxCounts, Message, NewsAudience, NewsEntry,
    NewsItem, NewsReach, NotificationSettings, OutboxRow, OutboxStatus, Publication, Receipt,
    ReceivedMessage, SentSummary, Summary,
};
use schoolbrug_messaging::ports::{
    Delivery, Directory, MailAllowance, MailCounted, MessageReader, MessageStore, MockMessageStore,
    NewsStore, SettingsStore, StoreError, StoreResult,
};

/// What every failing port answers here.
pub fn down() -> StoreError {
    StoreError::Unavailable("connection reset".into())
}

/// The in-memory store, with its writes (`MessageStore`) handed to a mock: every read
/// answers from memory, and the mock says which write fails and which must not happen.
pub struct MockedWrites {
    pub memory: Arc<InMemoryMessageStore>,
    pub writes: MockMessageStore,
}

#[async_trait]
impl MessageStore for MockedWrites {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<()> {
        self.writes.deliver(delivery).await
    }
    async fn mark_read(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.writes.mark_read(school, account, message, at).await
    }
    async fn mark_replied(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.writes.mark_replied(school, account, message, at).await
    }
    async fn set_trashed(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool> {
        self.writes.set_trashed(school, account, message, at).await
    }
    async fn mark_misdirected(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.writes
            .mark_misdirected(school, account, message, at)
            .await
    }
    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.writes.erase_account(school, account).await
    }
}

#[async_trait]
impl Directory for MockedWrites {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        self.memory.time_zone(school).await
    }
    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        self.memory.addressee(school, id).await
    }
    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        self.memory.co_accounts_of(school, pupil).await
    }
    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        self.memory.group(school, id).await
    }
    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        self.memory.groups(school).await
    }
    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        self.memory.group_audience(school, group, audience).await
    }
    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        self.memory.with_role(school, role).await
    }
    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        self.memory.groups_of(school, account).await
    }
}

#[async_trait]
impl NewsStore for MockedWrites {
    async fn publish_news(&self, publication: &Publication) -> StoreResult<()> {
        self.memory.publish_news(publication).await
    }
    async fn update_news(&self, publication: &Publication) -> StoreResult<bool> {
        self.memory.update_news(publication).await
    }
    async fn withdraw_news(&self, school: SchoolId, id: NewsId) -> StoreResult<bool> {
        self.memory.withdraw_news(school, id).await
    }
    async fn news_item(&self, school: SchoolId, id: NewsId) -> StoreResult<Option<NewsItem>> {
        self.memory.news_item(school, id).await
    }
    async fn visible_news(
        &self,
        school: SchoolId,
        reader: AccountId,
        reach: &NewsReach,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        limit: u32,
    ) -> StoreResult<Vec<NewsEntry>> {
        self.memory
            .visible_news(school, reader, reach, now, since, limit)
            .await
    }
    async fn mark_news_read(
        &self,
        school: SchoolId,
        account: AccountId,
        id: NewsId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.memory.mark_news_read(school, account, id, at).await
    }
    async fn erase_news_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.memory.erase_news_account(school, account).await
    }
}

#[async_trait]
impl MessageReader for MockedWrites {
    async fn received(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>> {
        self.memory.received(school, account, message).await
    }
    async fn sent(
        &self,
        school: SchoolId,
        sender: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<Message>> {
        self.memory.sent(school, sender, message).await
    }
    async fn folder(
        &self,
        school: SchoolId,
        account: AccountId,
        folder: Folder,
        query: Option<&str>,
        page: &PageRequest,
    ) -> StoreResult<Page<Summary>> {
        self.memory
            .folder(school, account, folder, query, page)
            .await
    }
    async fn receipts(
        &self,
        school: SchoolId,
        message: MessageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Receipt>> {
        self.memory.receipts(school, message, page).await
    }
    async fn receipt_counts(
        &self,
        school: SchoolId,
        message: MessageId,
    ) -> StoreResult<SentSummary> {
        self.memory.receipt_counts(school, message).await
    }
    async fn unread_count(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        self.memory.unread_count(school, account).await
    }
    async fn inbox_counts(&self, school: SchoolId, account: AccountId) -> StoreResult<InboxCounts> {
        self.memory.inbox_counts(school, account).await
    }
}

#[async_trait]
impl SettingsStore for MockedWrites {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        self.memory.settings(school, account).await
    }
    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        self.memory
            .put_settings(school, account, settings, confirmation)
            .await
    }
    async fn put_settings_counting_mail(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: (SecretHash, DateTime<Utc>),
        now: DateTime<Utc>,
        allowance: MailAllowance,
    ) -> StoreResult<MailCounted> {
        self.memory
            .put_settings_counting_mail(school, account, settings, confirmation, now, allowance)
            .await
    }
    async fn confirm_forward_email(
        &self,
        school: SchoolId,
        account: AccountId,
        token: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.memory
            .confirm_forward_email(school, account, token, now)
            .await
    }
    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        self.memory.forward_addresses(school, accounts).await
    }
    async fn news_addresses(
        &self,
        school: SchoolId,
        audience: &[NewsAudience],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        self.memory.news_addresses(school, audience).await
    }
    async fn outbox(
        &self,
        school: SchoolId,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>> {
        self.memory.outbox(school, status, page).await
    }
}

#[async_trait]
impl SchoolCalendar for MockedWrites {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        self.memory.school_days(school).await
    }
}

/// A reader whose copies cannot be read (the store is down). `MessageReader` has no mockall
/// double: mockall cannot take its `Option<&str>` argument.
#[derive(Default)]
pub struct UnreadableCopies {
    pub tries: AtomicUsize,
}

#[async_trait]
impl MessageReader for UnreadableCopies {
    async fn received(
        &self,
        _: SchoolId,
        _: AccountId,
        _: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>> {
        self.tries.fetch_add(1, Ordering::SeqCst);
        Err(down())
    }
    async fn sent(&self, _: SchoolId, _: AccountId, _: MessageId) -> StoreResult<Option<Message>> {
        Err(down())
    }
    async fn folder(
        &self,
        _: SchoolId,
        _: AccountId,
        _: Folder,
        _: Option<&str>,
        _: &PageRequest,
    ) -> StoreResult<Page<Summary>> {
        Err(down())
    }
    async fn receipts(
        &self,
        _: SchoolId,
        _: MessageId,
        _: &PageRequest,
    ) -> StoreResult<Page<Receipt>> {
        Err(down())
    }
    async fn receipt_counts(&self, _: SchoolId, _: MessageId) -> StoreResult<SentSummary> {
        Err(down())
    }
    async fn unread_count(&self, _: SchoolId, _: AccountId) -> StoreResult<u64> {
        Err(down())
    }
    async fn inbox_counts(&self, _: SchoolId, _: AccountId) -> StoreResult<InboxCounts> {
        Err(down())
    }
}
