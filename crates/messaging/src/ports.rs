//! The messaging module's ports. Repository ports are shaped by use cases: `deliver`
//! commits a message, every copy and every outbox row in one transaction. Every MUST
//! below has a check in the contract suite (`contract` feature).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::secret::SecretHash;
pub use schoolbrug_kernel::store::{StoreError, StoreResult};
use schoolbrug_kernel::{
    AccountId, GroupId, MessageId, NewsId, OutboxId, Page, PageRequest, Role, SchoolId,
};

use crate::forwarding::QuietHours;

use crate::model::{
    Addressee, Audience, Folder, GroupInfo, InboxCounts, Message, NewsEntry, NewsItem, NewsReach,
    NotificationSettings, OutboxRow, Receipt, ReceivedMessage, SentSummary, Summary,
};

pub use crate::model::Delivery;

/// Who is who, read from the accounts module: the accounts a recipient resolves to.
/// Every method MUST stay inside `school`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait Directory: Send + Sync {
    /// The school's time zone. MUST return `None` for an unknown school.
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>>;

    /// One account of the school. MUST return `None` for another school's account.
    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>>;

    /// The co-accounts of a pupil (none for an account that is not a pupil of the school).
    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>>;

    /// One group of the school.
    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>>;

    /// The school's groups, by name.
    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>>;

    /// A group's audience: `Pupils` its pupil members, `CoAccounts` the co-accounts of
    /// those pupils, `Both` the two, `Members` every member (no co-accounts). Each account
    /// once, ordered by id.
    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>>;

    /// Every main account holding `role`, ordered by id.
    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>>;

    /// The groups `account` is a member of, ordered by id. MUST return none for an account
    /// of another school (and never a group of another school).
    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>>;
}

/// Writes of messages and copies.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Commits the message, all its copies and all its outbox rows, all or nothing.
    ///
    /// # Errors
    /// MUST leave no message, no copy and no outbox row when any part fails (for
    /// example a recipient twice: `Unexpected` or `Conflict`). MUST refuse, with
    /// `Unexpected` and writing nothing, a delivery that breaks [`Delivery::check`].
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<()>;

    /// Sets the read receipt of `account`'s copy if it is not set; `true` when it was set
    /// now. MUST never change a receipt already set.
    async fn mark_read(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Records that `account` replied to its copy.
    async fn mark_replied(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Moves `account`'s copy to the trash (`Some(time)`) or back (`None`); `false` when
    /// the account has no copy.
    async fn set_trashed(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool>;

    /// Records a misdirected report on `account`'s copy; `true` the first time only.
    async fn mark_misdirected(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Erases what messaging keeps of an account: its copies, its settings and outbox rows
    /// to it; messages it sent stay with their recipients with the sender removed
    /// (`sender` and `sender_name` become `None`). MUST also remove the account (id and
    /// name) from `visibility.named` of every message of the school that names it, so the
    /// other named recipients no longer see it; the other entries keep their order. All
    /// of it in one transaction, only within `school`. Idempotent.
    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()>;
}

/// Reads of messages, copies and folders.
#[async_trait]
pub trait MessageReader: Send + Sync {
    /// `account`'s copy of a message with the message. MUST return `None` when the account
    /// has no copy (whoever else received it).
    async fn received(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>>;

    /// A message as its sender sees it. MUST return `None` unless `sender` sent it.
    async fn sent(
        &self,
        school: SchoolId,
        sender: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<Message>>;

    /// One page of a folder, newest first (keyset on the message id), optionally only
    /// messages whose subject or body match `query` (full-text). MUST never list another
    /// account's copies.
    async fn folder(
        &self,
        school: SchoolId,
        account: AccountId,
        folder: Folder,
        query: Option<&str>,
        page: &PageRequest,
    ) -> StoreResult<Page<Summary>>;

    /// One page of a message's read receipts, by recipient name in byte order, then by
    /// recipient (keyset: [`Receipt::cursor_key`]). A cursor that is not a receipts
    /// cursor is `NotFound`.
    async fn receipts(
        &self,
        school: SchoolId,
        message: MessageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Receipt>>;

    /// How many copies of a message there are and how many were opened (zeros for a
    /// message of another school or none).
    async fn receipt_counts(
        &self,
        school: SchoolId,
        message: MessageId,
    ) -> StoreResult<SentSummary>;

    /// How many copies in `account`'s inbox are unread.
    async fn unread_count(&self, school: SchoolId, account: AccountId) -> StoreResult<u64>;

    /// In one read, of `account`'s copies not in the trash: how many are unread, and how
    /// many await a reply (`reply_due_at` set, `replied_at` not). MUST count only
    /// `account`'s own copies of `school`.
    async fn inbox_counts(&self, school: SchoolId, account: AccountId) -> StoreResult<InboxCounts>;
}

/// News items, their audience and each reader's read state. Every method MUST stay
/// inside `school`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait NewsStore: Send + Sync {
    /// Stores a new item with its audience and its outbox rows (one per recipient told by
    /// e-mail), all or nothing.
    ///
    /// # Errors
    /// MUST refuse an id already stored (`Conflict` or `Unexpected`), writing nothing.
    /// MUST refuse, with `Unexpected` and writing nothing, a publication that breaks
    /// [`Publication::check`](crate::model::Publication::check).
    async fn publish_news(&self, publication: &crate::model::Publication) -> StoreResult<()>;

    /// Replaces the title, body, audience (as a whole), window, pin and `updated_at` of
    /// the item `(item.school, item.id)` of `publication`, and brings its outbox rows in
    /// line with the publication's, all or nothing; `false` when there is none. Of the
    /// item's rows still `waiting`, those to a recipient without a row in `publication`
    /// are removed and the others take that row's `next_attempt_at`; a recipient of the
    /// publication with no row of this item at all gets its row (one whose mail was sent
    /// or failed is never written again). MUST keep its author, MUST refuse (writing
    /// nothing) a publication that breaks its rule, and MUST never change another
    /// school's item or rows.
    async fn update_news(&self, publication: &crate::model::Publication) -> StoreResult<bool>;

    /// Removes an item with its audience and every read state; `false` when there is
    /// none. MUST never remove another school's item.
    async fn withdraw_news(&self, school: SchoolId, id: NewsId) -> StoreResult<bool>;

    /// One item with its audience (in [`NewsAudience`](crate::model::NewsAudience)'s
    /// order, each entry once, as every read returns it). MUST return `None` for another
    /// school's item.
    async fn news_item(&self, school: SchoolId, id: NewsId) -> StoreResult<Option<NewsItem>>;

    /// The items `reach` sees at `now` ([`NewsItem::visible_to`]): those current at `now`
    /// (`published_at <= now`, `until` none or after `now`) whose audience holds the
    /// school, one of `reach.groups` or one of `reach.roles`, and every item whose author
    /// is `reach.author`. With `since`, only the pinned ones and those published after
    /// `since`. Pinned first, then newest `published_at` first, then newest id; at most
    /// `limit`; each with whether `reader` opened it. MUST never list an item of another
    /// school, and MUST tell the read state of `reader` only.
    async fn visible_news(
        &self,
        school: SchoolId,
        reader: AccountId,
        reach: &NewsReach,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        limit: u32,
    ) -> StoreResult<Vec<NewsEntry>>;

    /// Records that `account` opened the item; `true` when it had not before. MUST keep
    /// one read state per account (another reader's is untouched); `false` for an item of
    /// another school or none.
    async fn mark_news_read(
        &self,
        school: SchoolId,
        account: AccountId,
        id: NewsId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Erases what news keeps of an account: its read states; the items it wrote stay,
    /// with `author` and `author_name` `None`. Only within `school`; idempotent.
    async fn erase_news_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()>;
}

/// How many confirmation mails an account may be sent in a window of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailAllowance {
    /// Mails per window (at least one).
    pub mails: u32,
    /// How long a window lasts.
    pub window: chrono::Duration,
}

/// What [`SettingsStore::put_settings_counting_mail`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailCounted {
    /// Saved, and the mail counted: send it.
    Counted,
    /// Nothing saved: the account had its mails for the window that closes `until`.
    Refused {
        /// When the window closes and a mail may be counted again.
        until: DateTime<Utc>,
    },
}

/// Notification settings and forward-address confirmation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// An account's settings; the defaults when it never saved any.
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings>;

    /// Saves the settings. With `confirmation`, the address is new: it is stored
    /// unconfirmed with the token's hash and expiry, replacing any earlier token.
    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()>;

    /// Saves the settings with a new confirmation, as [`put_settings`](Self::put_settings)
    /// with `Some(confirmation)` does, and counts the confirmation mail it will send, in
    /// one atomic step — but only when fewer than `allowance.mails` were counted for the
    /// account in the window open at `now`. A window opens at the first mail counted after
    /// the last one closed and lasts `allowance.window`. MUST count at most
    /// `allowance.mails` per window however many calls run in parallel (across
    /// processes); MUST save nothing when refused, answering when the window closes.
    async fn put_settings_counting_mail(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: (SecretHash, DateTime<Utc>),
        now: DateTime<Utc>,
        allowance: MailAllowance,
    ) -> StoreResult<MailCounted>;

    /// Confirms the address whose token hashes to `token`, if it has not expired at
    /// `now`; `true` when confirmed. MUST only confirm `account`'s own address.
    async fn confirm_forward_email(
        &self,
        school: SchoolId,
        account: AccountId,
        token: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// The confirmed forward addresses of those `accounts` who forward messages.
    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>>;

    /// The confirmed forward addresses of the accounts of `school` that have `notify_news`
    /// on and that `audience` reaches, by account id: every account for `School`; the
    /// members of a group and the co-accounts of its pupil members for `Group`; the main
    /// accounts holding a role, and for `pupil` their co-accounts too, for `Role`. MUST
    /// return each account once, none without a confirmed address or with `notify_news`
    /// off, and none of another school.
    async fn news_addresses(
        &self,
        school: SchoolId,
        audience: &[crate::model::NewsAudience],
    ) -> StoreResult<Vec<(AccountId, String)>>;

    /// Outbox rows of the school with this status, newest first.
    async fn outbox(
        &self,
        school: SchoolId,
        status: crate::model::OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>>;
}

/// Every messaging port at once: what one database adapter offers.
pub trait MessagingStores:
    Directory + MessageStore + NewsStore + MessageReader + SettingsStore
{
}

impl<T> MessagingStores for T where
    T: Directory + MessageStore + NewsStore + MessageReader + SettingsStore
{
}

/// A school's quiet hours (see [`QuietHours`]).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait QuietHoursStore: Send + Sync {
    /// The school's quiet hours: `None` when they were never set or were removed. MUST
    /// return exactly what the last [`put_quiet_hours`](Self::put_quiet_hours) of the same
    /// school stored (times to the minute: the service only stores whole minutes), and
    /// never another school's.
    async fn quiet_hours(&self, school: SchoolId) -> StoreResult<Option<QuietHours>>;

    /// Replaces the school's quiet hours; `None` removes them. Idempotent; MUST change no
    /// other school's.
    async fn put_quiet_hours(&self, school: SchoolId, quiet: Option<QuietHours>)
    -> StoreResult<()>;
}

/// The forwarding worker's queue over the outbox rows that `deliver` writes, across all
/// schools. Any number of workers (processes) may use one store at once.
///
/// Besides the columns of [`OutboxRow`], every row carries a *lease*: `leased_until`, a
/// nullable instant (NULL for a new row). A row is *held* at `now` when its lease is set and
/// `now < leased_until`; a row whose lease has run out (`leased_until <= now`) is free
/// again, so a worker that dies while holding rows loses nothing: they are claimed again
/// once the lease ends. A worker MUST record every row it claimed before the lease runs
/// out, or another worker may claim and send it too (the [`Forwarder`] starts no send after
/// half the lease, so a lease over twice the mailer's timeout is enough).
///
/// Every `record_*` and [`release`](Self::release) names a row by `(school, id)` and
/// changes it only while its status is `waiting`, returning `Ok(true)`; a row already
/// `sent` or `failed`, no longer there (its recipient was erased), or of another school is
/// left as it is and the method returns `Ok(false)` (never an error). Each is one atomic
/// statement.
///
/// [`Forwarder`]: crate::forwarding::Forwarder
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait OutboxQueue: Send + Sync {
    /// Claims up to `limit` rows, atomically: rows with status `waiting`,
    /// `next_attempt_at <= now` and no lease held at `now` (`leased_until` NULL or
    /// `<= now`), of any school, taken by `next_attempt_at` then `id` (oldest first); sets
    /// `leased_until = now + lease` on each and returns them (with the stored `status`,
    /// `attempts`, `last_error` and `next_attempt_at`, unchanged by the claim), in that
    /// order. `limit` 0 claims nothing.
    ///
    /// MUST never hand the same row to two claimers while its lease runs, also when they
    /// claim at the same time from different connections or processes (PostgreSQL: lock the
    /// candidates with `FOR UPDATE SKIP LOCKED` in the same statement that sets
    /// `leased_until`; SQLite: one write transaction). Rows locked by a concurrent claimer
    /// may be skipped, so a claim MAY return fewer than `limit` rows while more are due.
    /// MUST return a row again once its lease has run out (`leased_until <= now`) while it
    /// is still `waiting`. MUST NOT change `attempts` (a claim is not an attempt).
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: chrono::Duration,
    ) -> StoreResult<Vec<OutboxRow>>;

    /// The mail server accepted the mail: status `sent`, `attempts + 1`, `last_error`
    /// NULL, `next_attempt_at = at` (for a row that no longer waits, `next_attempt_at`
    /// tells when its last attempt was), lease cleared. MUST then never claim it again.
    async fn record_sent(
        &self,
        school: SchoolId,
        id: OutboxId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// A temporary failure: status stays `waiting`, `attempts + 1`, `last_error = error`,
    /// `next_attempt_at` as given, lease cleared, so that the row is claimable from
    /// `next_attempt_at` on (even before the old lease would have run out).
    async fn record_retry(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// A failure for good: status `failed`, `attempts + 1`, `last_error = error`,
    /// `next_attempt_at = at` (when it failed), lease cleared. MUST then never claim it
    /// again.
    async fn record_failed(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Gives a claimed row back without an attempt (graceful shutdown, or the copy could
    /// not be read): lease cleared, nothing else changed, so it is claimable at once.
    async fn release(&self, school: SchoolId, id: OutboxId) -> StoreResult<bool>;

    /// Removes the rows of every school that were `sent` before `before` (their
    /// `next_attempt_at`, the time of the last attempt); MUST keep every `waiting` and
    /// `failed` row and every row sent since. Returns how many went.
    async fn purge_sent(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

/// What the forwarding worker needs of a store: the queue, quiet hours, and the copies it
/// renders ([`MessageReader::received`]).
pub trait ForwardingStores: OutboxQueue + QuietHoursStore + MessageReader {}

impl<T> ForwardingStores for T where T: OutboxQueue + QuietHoursStore + MessageReader {}
