//! The messaging module's ports on PostgreSQL: the directory (read from the accounts
//! tables), messages and their copies, folders with Dutch full-text search, read receipts,
//! notification settings, the forwarding outbox, free days, and the kernel's
//! `SchoolCalendar` (tables of `migrations/postgres/0002_messaging.sql`). The forwarding
//! worker's queue and quiet hours are in `forwarding.rs`.
//!
//! Every method is one atomic unit of work: a single statement, or one transaction when
//! it writes several tables. `deliver` writes a message to thousands of recipients in a
//! constant number of statements: one per table, the rows passed as arrays and expanded
//! by `UNNEST` on the server. Folders are keyset-paged on the message id, newest first,
//! as range scans of an index that starts with the school.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::SecretHash;
use schoolbrug_kernel::{
    AccountId, FreeDayPeriod, FreeDays, GroupId, MessageId, OutboxId, Page, PageRequest, Role,
    SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId,
};
use schoolbrug_messaging::model::{
    Addressee, AddresseeKind, Audience, Body, Copy, Folder, GroupInfo, GroupLabel, Message,
    MessageKind, NotificationSettings, OutboxRow, OutboxStatus, Receipt, ReceivedMessage,
    SentSummary, Subject, Summary, Via, Visibility,
};
use schoolbrug_messaging::ports::{
    Delivery, Directory, FreeDaysStore, MessageReader, MessageStore, SettingsStore, StoreError,
    StoreResult,
};
use sqlx::postgres::PgPool;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::accounts::{cursor_id, overfetch, uuids};
use crate::delivery::{CopyColumns, INSERT_COPIES, INSERT_OUTBOX, OutboxColumns};
use crate::error::{corrupt, translate};

/// Above this many accounts, `forward_addresses` reads the school's forwarders instead
/// of sending the ids over.
const SCHOOL_FORWARDERS_ABOVE: usize = 256;

/// Every messaging repository port, and the kernel's `SchoolCalendar`, on one PostgreSQL
/// pool. Cheap to clone; share it as `Arc<PgMessageStore>` (it is every port at once:
/// `MessagingStores`).
#[derive(Clone, Debug)]
pub struct PgMessageStore {
    pool: PgPool,
}

impl PgMessageStore {
    /// The messaging ports on `pool`, whose database must be migrated
    /// ([`PgDatabase::migrate`](crate::PgDatabase::migrate)).
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// The pool, for the forwarding ports (`forwarding.rs`).
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(translate)
    }
}

async fn commit(tx: Transaction<'static, Postgres>) -> StoreResult<()> {
    tx.commit().await.map_err(translate)
}

/// The first page of a newest-first list starts before the largest UUID.
fn keyset_before(page: &PageRequest) -> StoreResult<Uuid> {
    Ok(cursor_id(page)?.unwrap_or(Uuid::max()))
}

fn count(table: &str, n: i64) -> StoreResult<u64> {
    u64::try_from(n).map_err(|_| corrupt(table, format!("a count of {n}")))
}

// ---------------------------------------------------------------------------------------
// Rows and their translation to and from the domain's values
// ---------------------------------------------------------------------------------------

/// An account as messaging sees it: `name` is `first_name || ' ' || last_name`.
macro_rules! addressee_columns {
    ($a:literal) => {
        concat!(
            $a,
            ".id, ",
            $a,
            ".first_name || ' ' || ",
            $a,
            ".last_name AS name, ",
            $a,
            ".kind, ",
            $a,
            ".roles, ",
            $a,
            ".pupil_id"
        )
    };
}

#[derive(sqlx::FromRow)]
struct AddresseeRow {
    id: Uuid,
    name: String,
    kind: String,
    roles: Vec<String>,
    pupil_id: Option<Uuid>,
}

impl AddresseeRow {
    fn into_addressee(self) -> StoreResult<Addressee> {
        let id = self.id;
        let bad = |d: String| corrupt("accounts", format!("{id}: {d}"));
        let kind = match (self.kind.as_str(), self.pupil_id) {
            ("main", _) => AddresseeKind::Main(
                self.roles
                    .iter()
                    .map(|r| Role::parse(r).ok_or_else(|| bad(format!("role {r:?}"))))
                    .collect::<StoreResult<_>>()?,
            ),
            ("co", Some(pupil)) => AddresseeKind::Co {
                pupil: AccountId::from_uuid(pupil),
            },
            (kind, _) => return Err(bad(format!("kind {kind:?}"))),
        };
        Ok(Addressee {
            id: AccountId::from_uuid(id),
            name: self.name,
            kind,
        })
    }
}

fn addressees(rows: Vec<AddresseeRow>) -> StoreResult<Vec<Addressee>> {
    rows.into_iter().map(AddresseeRow::into_addressee).collect()
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: Uuid,
    name: String,
}

impl From<GroupRow> for GroupInfo {
    fn from(row: GroupRow) -> Self {
        GroupInfo {
            id: GroupId::from_uuid(row.id),
            name: row.name,
        }
    }
}

const fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Normal => "normal",
        MessageKind::System => "system",
    }
}

/// A message's `visibility` column: `{"named": [[id, name], …], "groups": [label, …]}`.
fn visibility_json(visibility: &Visibility) -> serde_json::Value {
    serde_json::json!({
        "named": visibility.named,
        "groups": visibility.groups,
    })
}

fn visibility_from_json(id: Uuid, mut value: serde_json::Value) -> StoreResult<Visibility> {
    let bad = |e: serde_json::Error| corrupt("messages", format!("{id}: visibility: {e}"));
    let named =
        serde_json::from_value::<Vec<(AccountId, String)>>(value["named"].take()).map_err(bad)?;
    let groups = serde_json::from_value::<Vec<GroupLabel>>(value["groups"].take()).map_err(bad)?;
    Ok(Visibility { named, groups })
}

/// The columns of a message (alias `m`), in [`MessageRow`]'s order.
macro_rules! message_columns {
    () => {
        "m.school_id, m.id, m.sender_id, m.sender_name, m.kind, m.subject, m.body, \
         m.in_reply_to, m.reply_requested, m.action_deadline, m.urgent, m.visibility, m.sent_at"
    };
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    school_id: Uuid,
    id: Uuid,
    sender_id: Option<Uuid>,
    sender_name: Option<String>,
    kind: String,
    subject: String,
    body: String,
    in_reply_to: Option<Uuid>,
    reply_requested: bool,
    action_deadline: Option<DateTime<Utc>>,
    urgent: bool,
    visibility: serde_json::Value,
    sent_at: DateTime<Utc>,
}

impl MessageRow {
    fn into_message(self) -> StoreResult<Message> {
        let id = self.id;
        let bad = |d: String| corrupt("messages", format!("{id}: {d}"));
        let kind = match self.kind.as_str() {
            "normal" => MessageKind::Normal,
            "system" => MessageKind::System,
            other => return Err(bad(format!("kind {other:?}"))),
        };
        Ok(Message {
            id: MessageId::from_uuid(id),
            school: SchoolId::from_uuid(self.school_id),
            sender: self.sender_id.map(AccountId::from_uuid),
            sender_name: self.sender_name,
            kind,
            subject: Subject::parse(&self.subject).map_err(|e| bad(e.message))?,
            body: Body::parse(&self.body).map_err(|e| bad(e.message))?,
            in_reply_to: self.in_reply_to.map(MessageId::from_uuid),
            reply_requested: self.reply_requested,
            action_deadline: self.action_deadline,
            urgent: self.urgent,
            visibility: visibility_from_json(id, self.visibility)?,
            sent_at: self.sent_at,
        })
    }
}

/// A copy's own columns (alias `c`); its school and message are the message's.
macro_rules! copy_columns {
    () => {
        "c.recipient_id, c.recipient_name, c.via, c.read_at, c.replied_at, c.reply_due_at, \
         c.trashed_at, c.misdirected_at"
    };
}

#[derive(sqlx::FromRow)]
struct ReceivedRow {
    #[sqlx(flatten)]
    message: MessageRow,
    recipient_id: Uuid,
    recipient_name: String,
    via: Option<serde_json::Value>,
    read_at: Option<DateTime<Utc>>,
    replied_at: Option<DateTime<Utc>>,
    reply_due_at: Option<DateTime<Utc>>,
    trashed_at: Option<DateTime<Utc>>,
    misdirected_at: Option<DateTime<Utc>>,
}

impl ReceivedRow {
    fn into_received(self) -> StoreResult<ReceivedMessage> {
        let via = match self.via {
            None => Via::Named,
            Some(label) => Via::Group(serde_json::from_value(label).map_err(|e| {
                corrupt(
                    "message_copies",
                    format!("{}/{}: via: {e}", self.recipient_id, self.message.id),
                )
            })?),
        };
        let message = self.message.into_message()?;
        let copy = Copy {
            message: message.id,
            school: message.school,
            recipient: AccountId::from_uuid(self.recipient_id),
            recipient_name: self.recipient_name,
            via,
            read_at: self.read_at,
            replied_at: self.replied_at,
            reply_due_at: self.reply_due_at,
            trashed_at: self.trashed_at,
            misdirected_at: self.misdirected_at,
        };
        Ok(ReceivedMessage { message, copy })
    }
}

#[derive(sqlx::FromRow)]
struct ReceivedSummaryRow {
    id: Uuid,
    subject: String,
    sender_name: Option<String>,
    kind: String,
    sent_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
    reply_due_at: Option<DateTime<Utc>>,
}

impl From<ReceivedSummaryRow> for Summary {
    fn from(row: ReceivedSummaryRow) -> Self {
        Summary {
            id: MessageId::from_uuid(row.id),
            subject: row.subject,
            from: row.sender_name,
            system: row.kind == kind_name(MessageKind::System),
            received_at: row.sent_at,
            read_at: row.read_at,
            reply_due_at: row.reply_due_at,
            sent: None,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SentSummaryRow {
    id: Uuid,
    subject: String,
    sender_name: Option<String>,
    sent_at: DateTime<Utc>,
    recipients: i64,
    read_count: i64,
}

impl SentSummaryRow {
    fn into_summary(self) -> StoreResult<Summary> {
        Ok(Summary {
            id: MessageId::from_uuid(self.id),
            subject: self.subject,
            from: self.sender_name,
            system: false,
            received_at: self.sent_at,
            read_at: None,
            reply_due_at: None,
            sent: Some(SentSummary {
                recipients: count("message_copies", self.recipients)?,
                read: count("message_copies", self.read_count)?,
            }),
        })
    }
}

/// The columns of an outbox row, in [`OutboxRecord`]'s order.
macro_rules! outbox_columns {
    () => {
        "school_id, id, message_id, recipient_id, to_address, subject, status, attempts, \
         last_error, next_attempt_at, created_at"
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRecord {
    school_id: Uuid,
    id: Uuid,
    message_id: Uuid,
    recipient_id: Uuid,
    to_address: String,
    subject: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    next_attempt_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl OutboxRecord {
    pub(crate) fn into_row(self) -> StoreResult<OutboxRow> {
        let id = self.id;
        let bad = |d: String| corrupt("outbox", format!("{id}: {d}"));
        Ok(OutboxRow {
            id: OutboxId::from_uuid(id),
            school: SchoolId::from_uuid(self.school_id),
            message: MessageId::from_uuid(self.message_id),
            recipient: AccountId::from_uuid(self.recipient_id),
            to: self.to_address,
            subject: self.subject,
            status: OutboxStatus::parse(&self.status)
                .ok_or_else(|| bad(format!("status {:?}", self.status)))?,
            attempts: u32::try_from(self.attempts)
                .map_err(|_| bad(format!("attempts {}", self.attempts)))?,
            last_error: self.last_error,
            next_attempt_at: self.next_attempt_at,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    forward_email: Option<String>,
    forward_email_confirmed: bool,
    forward_messages: bool,
    notify_news: bool,
    push: bool,
}

impl From<SettingsRow> for NotificationSettings {
    fn from(row: SettingsRow) -> Self {
        NotificationSettings {
            forward_email: row.forward_email,
            forward_email_confirmed: row.forward_email_confirmed,
            forward_messages: row.forward_messages,
            notify_news: row.notify_news,
            push: row.push,
        }
    }
}

#[derive(sqlx::FromRow)]
struct FreeDayRow {
    from_date: NaiveDate,
    to_date: NaiveDate,
    name: String,
}

impl From<FreeDayRow> for FreeDayPeriod {
    fn from(row: FreeDayRow) -> Self {
        FreeDayPeriod {
            from: row.from_date,
            to: row.to_date,
            name: row.name,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------

const INSERT_MESSAGE: &str = "INSERT INTO messages (school_id, id, sender_id, sender_name, kind, \
     subject, body, in_reply_to, reply_requested, action_deadline, urgent, visibility, sent_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/// One page of a received folder: a backward range scan of the recipient's copies in the
/// primary key (school, recipient, message) from the cursor on, each joined with its
/// message. `$condition` picks the folder, `$search` adds the full-text match.
macro_rules! received_folder {
    ($condition:expr, $search:expr) => {
        concat!(
            "SELECT m.id, m.subject, m.sender_name, m.kind, m.sent_at, c.read_at, \
             c.reply_due_at FROM message_copies AS c JOIN messages AS m \
             ON m.school_id = c.school_id AND m.id = c.message_id \
             WHERE c.school_id = $1 AND c.recipient_id = $2 AND c.message_id < $3",
            $condition,
            $search,
            " ORDER BY c.message_id DESC LIMIT $4"
        )
    };
}

/// The full-text match, safe with any user input (`websearch_to_tsquery` never fails).
macro_rules! search {
    () => {
        " AND m.search @@ websearch_to_tsquery('dutch', $5)"
    };
}

macro_rules! inbox {
    () => {
        " AND c.trashed_at IS NULL"
    };
}
macro_rules! trash {
    () => {
        " AND c.trashed_at IS NOT NULL"
    };
}
macro_rules! awaiting_reply {
    () => {
        " AND c.trashed_at IS NULL AND c.reply_due_at IS NOT NULL AND c.replied_at IS NULL"
    };
}

/// The inbox's first and later pages (the query the inbox index serves).
const INBOX: &str = received_folder!(inbox!(), "");
const INBOX_SEARCH: &str = received_folder!(inbox!(), search!());
const TRASH: &str = received_folder!(trash!(), "");
const TRASH_SEARCH: &str = received_folder!(trash!(), search!());
const AWAITING_REPLY: &str = received_folder!(awaiting_reply!(), "");
const AWAITING_REPLY_SEARCH: &str = received_folder!(awaiting_reply!(), search!());

/// One page of the sent folder: a range scan of the index (school, sender, id DESC) from
/// the cursor on, and per message listed (only those: the LIMIT applies first) its copies counted on the
/// (school, message) index.
macro_rules! sent_folder {
    ($search:expr) => {
        concat!(
            "SELECT m.id, m.subject, m.sender_name, m.sent_at, r.recipients, r.read_count \
             FROM messages AS m CROSS JOIN LATERAL (SELECT count(*) AS recipients, \
             count(c.read_at) AS read_count FROM message_copies AS c \
             WHERE c.school_id = m.school_id AND c.message_id = m.id) AS r \
             WHERE m.school_id = $1 AND m.sender_id = $2 AND m.kind = 'normal' AND m.id < $3",
            $search,
            " ORDER BY m.id DESC LIMIT $4"
        )
    };
}

const SENT: &str = sent_folder!("");
const SENT_SEARCH: &str = sent_folder!(search!());

// ---------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------

#[async_trait]
impl Directory for PgMessageStore {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM schools WHERE id = $1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(translate)?;
        found
            .map(|zone| {
                zone.parse::<Tz>()
                    .map_err(|_| corrupt("schools", format!("{school}: time zone {zone:?}")))
            })
            .transpose()
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = $1 AND a.id = $2"
        );
        sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(AddresseeRow::into_addressee)
            .transpose()
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        // The unique key (school_id, pupil_id, slot) serves it, in slot order.
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = $1 AND a.pupil_id = $2 ORDER BY a.slot"
        );
        let rows = sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(pupil.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        addressees(rows)
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        Ok(sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = $1 AND id = $2",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(GroupInfo::from))
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        // Byte order ("C"), as the other adapters sort, whatever the database's locale.
        Ok(sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = $1 ORDER BY name COLLATE \"C\"",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?
        .into_iter()
        .map(GroupInfo::from)
        .collect())
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        // One statement, two range scans of the group's members: the members that count
        // ($3 every member, $4 the pupils among them), and the co-accounts of the pupil
        // members ($5) through the (school, pupil, slot) key. The branches never meet: a
        // member is listed once per group, a co-account belongs to one pupil, and the
        // first branch takes co-accounts only when $3 asks for every member, when the
        // second is off. A pupil is a main account holding the pupil role ($6). (An
        // `IN (… UNION ALL …)` over accounts, as before, looked every account up twice
        // and sorted twice: 12 ms for 5,000, docs/benchmarks.md.)
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM group_members AS gm \
             JOIN accounts AS a ON a.school_id = gm.school_id AND a.id = gm.account_id \
             WHERE gm.school_id = $1 AND gm.group_id = $2 \
               AND ($3 OR ($4 AND a.kind = 'main' AND $6 = ANY (a.roles))) \
             UNION ALL SELECT ",
            addressee_columns!("c"),
            " FROM group_members AS gm \
             JOIN accounts AS p ON p.school_id = gm.school_id AND p.id = gm.account_id \
             JOIN accounts AS c ON c.school_id = p.school_id AND c.pupil_id = p.id \
             WHERE $5 AND gm.school_id = $1 AND gm.group_id = $2 \
               AND p.kind = 'main' AND $6 = ANY (p.roles) \
             ORDER BY id"
        );
        let (every_member, pupils, co_accounts) = match audience {
            Audience::Pupils => (false, true, false),
            Audience::CoAccounts => (false, false, true),
            Audience::Both => (false, true, true),
            Audience::Members => (true, false, false),
        };
        let rows = sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .bind(every_member)
            .bind(pupils)
            .bind(co_accounts)
            .bind(Role::Pupil.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        addressees(rows)
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        // A range scan of (school_id, id), in id order; co-accounts hold no roles.
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = $1 AND $2 = ANY (a.roles) ORDER BY a.id"
        );
        let rows = sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(role.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        addressees(rows)
    }
}

#[async_trait]
impl MessageStore for PgMessageStore {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<()> {
        // The statements take the school and the message once: every copy and row must be
        // of this message (the domain's rule, checked again before anything is written).
        delivery.check()?;
        let message = delivery.message();
        let copies = CopyColumns::of(delivery.copies());
        let outbox = OutboxColumns::of(delivery.outbox())?;
        // One transaction, one statement per table. Any failure (a recipient twice breaks
        // the primary key of message_copies: `Unexpected`) drops the transaction, which
        // rolls everything back.
        let mut tx = self.begin().await?;
        sqlx::query(INSERT_MESSAGE)
            .bind(message.school.as_uuid())
            .bind(message.id.as_uuid())
            .bind(message.sender.map(|s| s.as_uuid()))
            .bind(message.sender_name.as_deref())
            .bind(kind_name(message.kind))
            .bind(message.subject.as_str())
            .bind(message.body.as_str())
            .bind(message.in_reply_to.map(|m| m.as_uuid()))
            .bind(message.reply_requested)
            .bind(message.action_deadline)
            .bind(message.urgent)
            .bind(visibility_json(&message.visibility))
            .bind(message.sent_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        if !delivery.copies().is_empty() {
            sqlx::query(INSERT_COPIES)
                .bind(message.school.as_uuid())
                .bind(message.id.as_uuid())
                .bind(copies.recipient)
                .bind(copies.recipient_name)
                .bind(copies.state)
                .bind(copies.via)
                .bind(copies.read_at)
                .bind(copies.replied_at)
                .bind(copies.reply_due_at)
                .bind(copies.trashed_at)
                .bind(copies.misdirected_at)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        if !delivery.outbox().is_empty() {
            sqlx::query(INSERT_OUTBOX)
                .bind(message.school.as_uuid())
                .bind(message.id.as_uuid())
                .bind(outbox.id)
                .bind(outbox.recipient)
                .bind(outbox.to)
                .bind(outbox.state)
                .bind(outbox.subject)
                .bind(outbox.status)
                .bind(outbox.attempts)
                .bind(outbox.last_error)
                .bind(outbox.next_attempt_at)
                .bind(outbox.created_at)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        commit(tx).await
    }

    async fn mark_read(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // `read_at IS NULL` is checked again after waiting for a concurrent reader's row
        // lock: of two first openings, one sets the receipt and the other finds it set.
        let updated = sqlx::query(
            "UPDATE message_copies SET read_at = $4 \
             WHERE school_id = $1 AND recipient_id = $2 AND message_id = $3 AND read_at IS NULL",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(message.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn mark_replied(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        // The first reply counts; no copy, nothing to record.
        sqlx::query(
            "UPDATE message_copies SET replied_at = $4 WHERE school_id = $1 \
             AND recipient_id = $2 AND message_id = $3 AND replied_at IS NULL",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(message.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn set_trashed(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(
            "UPDATE message_copies SET trashed_at = $4 \
             WHERE school_id = $1 AND recipient_id = $2 AND message_id = $3",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(message.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn mark_misdirected(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(
            "UPDATE message_copies SET misdirected_at = $4 WHERE school_id = $1 \
             AND recipient_id = $2 AND message_id = $3 AND misdirected_at IS NULL",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(message.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for sql in [
            // Its inbox, sent folder aside: the primary key's (school, recipient) prefix.
            "DELETE FROM message_copies WHERE school_id = $1 AND recipient_id = $2",
            "DELETE FROM outbox WHERE school_id = $1 AND recipient_id = $2",
            "DELETE FROM notification_settings WHERE school_id = $1 AND account_id = $2",
            // What it sent stays with its recipients, from "a deleted account".
            "UPDATE messages SET sender_id = NULL, sender_name = NULL \
             WHERE school_id = $1 AND sender_id = $2",
            // Its name leaves the named recipients of the messages that name it (the JSON
            // holds the id as text); the others keep their order.
            "UPDATE messages SET visibility = jsonb_set(visibility, '{named}', COALESCE(( \
                 SELECT jsonb_agg(n.entry ORDER BY n.position) \
                 FROM jsonb_array_elements(visibility -> 'named') \
                      WITH ORDINALITY AS n (entry, position) \
                 WHERE n.entry ->> 0 IS DISTINCT FROM $2::text), '[]'::jsonb)) \
             WHERE school_id = $1 \
               AND visibility -> 'named' @> jsonb_build_array(jsonb_build_array($2::text))",
        ] {
            sqlx::query(sql)
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        commit(tx).await
    }
}

#[async_trait]
impl MessageReader for PgMessageStore {
    async fn received(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>> {
        const SQL: &str = concat!(
            "SELECT ",
            message_columns!(),
            ", ",
            copy_columns!(),
            " FROM message_copies AS c JOIN messages AS m \
              ON m.school_id = c.school_id AND m.id = c.message_id \
              WHERE c.school_id = $1 AND c.recipient_id = $2 AND c.message_id = $3"
        );
        sqlx::query_as::<_, ReceivedRow>(SQL)
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .bind(message.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(ReceivedRow::into_received)
            .transpose()
    }

    async fn sent(
        &self,
        school: SchoolId,
        sender: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<Message>> {
        // A system notice has no sender; an erased sender's messages have none either.
        const SQL: &str = concat!(
            "SELECT ",
            message_columns!(),
            " FROM messages AS m WHERE m.school_id = $1 AND m.id = $2 AND m.sender_id = $3 \
              AND m.kind = 'normal'"
        );
        sqlx::query_as::<_, MessageRow>(SQL)
            .bind(school.as_uuid())
            .bind(message.as_uuid())
            .bind(sender.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(MessageRow::into_message)
            .transpose()
    }

    async fn folder(
        &self,
        school: SchoolId,
        account: AccountId,
        folder: Folder,
        query: Option<&str>,
        page: &PageRequest,
    ) -> StoreResult<Page<Summary>> {
        let before = keyset_before(page)?;
        // One statement per folder, with and without a search, so that each has a plan
        // of its own (rather than `$5 IS NULL OR …`).
        let sql = match (folder, query.is_some()) {
            (Folder::Inbox, false) => INBOX,
            (Folder::Inbox, true) => INBOX_SEARCH,
            (Folder::Trash, false) => TRASH,
            (Folder::Trash, true) => TRASH_SEARCH,
            (Folder::AwaitingReply, false) => AWAITING_REPLY,
            (Folder::AwaitingReply, true) => AWAITING_REPLY_SEARCH,
            (Folder::Sent, false) => SENT,
            (Folder::Sent, true) => SENT_SEARCH,
        };
        let items = if folder == Folder::Sent {
            let mut q = sqlx::query_as::<_, SentSummaryRow>(sql)
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .bind(before)
                .bind(overfetch(page));
            if let Some(query) = query {
                q = q.bind(query);
            }
            q.fetch_all(&self.pool)
                .await
                .map_err(translate)?
                .into_iter()
                .map(SentSummaryRow::into_summary)
                .collect::<StoreResult<Vec<_>>>()?
        } else {
            let mut q = sqlx::query_as::<_, ReceivedSummaryRow>(sql)
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .bind(before)
                .bind(overfetch(page));
            if let Some(query) = query {
                q = q.bind(query);
            }
            q.fetch_all(&self.pool)
                .await
                .map_err(translate)?
                .into_iter()
                .map(Summary::from)
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
        #[derive(sqlx::FromRow)]
        struct ReceiptRow {
            recipient_id: Uuid,
            recipient_name: String,
            read_at: Option<DateTime<Utc>>,
        }
        let after = page
            .after()
            .map(|c| Receipt::position_after(c).ok_or(StoreError::NotFound))
            .transpose()?;
        let (after_name, after_id) =
            after.map_or((None, None), |(name, id)| (Some(name), Some(id.as_uuid())));
        // By name in byte order ("C"), as the other adapters sort, then by account.
        let rows = sqlx::query_as::<_, ReceiptRow>(
            "SELECT recipient_id, recipient_name, read_at FROM message_copies \
             WHERE school_id = $1 AND message_id = $2 \
               AND ($3::text IS NULL \
                 OR (recipient_name COLLATE \"C\", recipient_id) > ($3::text COLLATE \"C\", $4::uuid)) \
             ORDER BY recipient_name COLLATE \"C\", recipient_id LIMIT $5",
        )
        .bind(school.as_uuid())
        .bind(message.as_uuid())
        .bind(after_name)
        .bind(after_id)
        .bind(overfetch(page))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        let items = rows
            .into_iter()
            .map(|r| Receipt {
                recipient: AccountId::from_uuid(r.recipient_id),
                name: r.recipient_name,
                read_at: r.read_at,
            })
            .collect();
        Ok(Page::from_overfetch(items, page, Receipt::cursor_key))
    }

    async fn receipt_counts(
        &self,
        school: SchoolId,
        message: MessageId,
    ) -> StoreResult<SentSummary> {
        let (recipients, read): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(read_at) FROM message_copies \
             WHERE school_id = $1 AND message_id = $2",
        )
        .bind(school.as_uuid())
        .bind(message.as_uuid())
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?;
        Ok(SentSummary {
            recipients: count("message_copies", recipients)?,
            read: count("message_copies", read)?,
        })
    }

    async fn unread_count(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM message_copies WHERE school_id = $1 AND recipient_id = $2 \
             AND read_at IS NULL AND trashed_at IS NULL",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?;
        count("message_copies", n)
    }
}

#[async_trait]
impl SettingsStore for PgMessageStore {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        Ok(sqlx::query_as::<_, SettingsRow>(
            "SELECT forward_email, forward_email_confirmed, forward_messages, notify_news, push \
             FROM notification_settings WHERE school_id = $1 AND account_id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(NotificationSettings::from)
        .unwrap_or_default())
    }

    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        // One statement. A new token replaces the earlier one; without one, the earlier
        // token stays while there is an address and goes with it. An account that is
        // not the school's breaks the foreign key: `NotFound`.
        let (token, expires) = match &confirmation {
            Some((hash, expires)) => (Some(hash.as_bytes().to_vec()), Some(*expires)),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO notification_settings AS s (school_id, account_id, forward_email, \
               forward_email_confirmed, forward_messages, notify_news, push, \
               confirm_token_hash, confirm_expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT ON CONSTRAINT notification_settings_pkey DO UPDATE SET \
               forward_email = EXCLUDED.forward_email, \
               forward_email_confirmed = EXCLUDED.forward_email_confirmed, \
               forward_messages = EXCLUDED.forward_messages, \
               notify_news = EXCLUDED.notify_news, \
               push = EXCLUDED.push, \
               confirm_token_hash = CASE \
                 WHEN EXCLUDED.confirm_token_hash IS NOT NULL THEN EXCLUDED.confirm_token_hash \
                 WHEN EXCLUDED.forward_email IS NULL THEN NULL \
                 ELSE s.confirm_token_hash END, \
               confirm_expires_at = CASE \
                 WHEN EXCLUDED.confirm_token_hash IS NOT NULL THEN EXCLUDED.confirm_expires_at \
                 WHEN EXCLUDED.forward_email IS NULL THEN NULL \
                 ELSE s.confirm_expires_at END",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(settings.forward_email.as_deref())
        .bind(settings.forward_email_confirmed)
        .bind(settings.forward_messages)
        .bind(settings.notify_news)
        .bind(settings.push)
        .bind(token)
        .bind(expires)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn confirm_forward_email(
        &self,
        school: SchoolId,
        account: AccountId,
        token: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // Only the account's own row, only with its token, only before it expires; the
        // token is used up. Two concurrent confirmations: one wins, the other finds the
        // token gone once it gets the row.
        let updated = sqlx::query(
            "UPDATE notification_settings SET forward_email_confirmed = TRUE, \
               confirm_token_hash = NULL, confirm_expires_at = NULL \
             WHERE school_id = $1 AND account_id = $2 AND confirm_token_hash = $3 \
               AND confirm_expires_at > $4",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(token.as_bytes().to_vec())
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        // A school-wide send asks about thousands of accounts, of whom few forward:
        // sending their ids over costs more (3.5 ms for 5,000) than reading every
        // forwarder of the school and keeping the ones asked about.
        if accounts.len() > SCHOOL_FORWARDERS_ABOVE {
            let rows: Vec<(Uuid, String)> = sqlx::query_as(
                "SELECT account_id, forward_email FROM notification_settings \
                 WHERE school_id = $1 AND forward_messages AND forward_email_confirmed \
                   AND forward_email IS NOT NULL",
            )
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
            let forwarders: HashMap<Uuid, String> = rows.into_iter().collect();
            // In the order asked for.
            return Ok(accounts
                .iter()
                .filter_map(|id| forwarders.get(&id.as_uuid()).map(|to| (*id, to.clone())))
                .collect());
        }
        // In the order asked for.
        let rows: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT s.account_id, s.forward_email \
             FROM UNNEST($2::uuid[]) WITH ORDINALITY AS a (id, n) \
             JOIN notification_settings AS s ON s.school_id = $1 AND s.account_id = a.id \
             WHERE s.forward_messages AND s.forward_email_confirmed \
               AND s.forward_email IS NOT NULL \
             ORDER BY a.n",
        )
        .bind(school.as_uuid())
        .bind(uuids(accounts))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows
            .into_iter()
            .map(|(id, to)| (AccountId::from_uuid(id), to))
            .collect())
    }

    async fn outbox(
        &self,
        school: SchoolId,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>> {
        // Newest first: a backward range scan of (school_id, status, id DESC).
        const SQL: &str = concat!(
            "SELECT ",
            outbox_columns!(),
            " FROM outbox WHERE school_id = $1 AND status = $2 AND id < $3 \
              ORDER BY id DESC LIMIT $4"
        );
        let rows = sqlx::query_as::<_, OutboxRecord>(SQL)
            .bind(school.as_uuid())
            .bind(status.as_str())
            .bind(keyset_before(page)?)
            .bind(overfetch(page))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let items = rows
            .into_iter()
            .map(OutboxRecord::into_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(items, page, |o| o.id.to_string()))
    }
}

/// Free days (alias `f`) by start date, then end date (as the in-memory adapter sorts),
/// then name in byte order, so that the order is stable.
macro_rules! free_days_order {
    () => {
        " ORDER BY f.from_date, f.to_date, f.name COLLATE \"C\""
    };
}

#[async_trait]
impl FreeDaysStore for PgMessageStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        const SQL: &str = concat!(
            "SELECT f.from_date, f.to_date, f.name FROM free_days AS f WHERE f.school_id = $1",
            free_days_order!()
        );
        Ok(sqlx::query_as::<_, FreeDayRow>(SQL)
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?
            .into_iter()
            .map(FreeDayPeriod::from)
            .collect())
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Locking the school serializes concurrent replacements: without it, two could
        // each delete the old periods and both insert theirs. An unknown school:
        // `NotFound`. (NO KEY: new accounts of the school are not held up.)
        let found = sqlx::query("SELECT 1 FROM schools WHERE id = $1 FOR NO KEY UPDATE")
            .bind(school.as_uuid())
            .fetch_optional(&mut *tx)
            .await
            .map_err(translate)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM free_days WHERE school_id = $1")
            .bind(school.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        if !periods.is_empty() {
            let from: Vec<NaiveDate> = periods.iter().map(|p| p.from).collect();
            let to: Vec<NaiveDate> = periods.iter().map(|p| p.to).collect();
            let names: Vec<&str> = periods.iter().map(|p| p.name.as_str()).collect();
            sqlx::query(
                "INSERT INTO free_days (school_id, from_date, to_date, name) \
                 SELECT $1::uuid, f.* FROM UNNEST($2::date[], $3::date[], $4::text[]) AS f",
            )
            .bind(school.as_uuid())
            .bind(from)
            .bind(to)
            .bind(names)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        commit(tx).await
    }
}

#[async_trait]
impl SchoolCalendar for PgMessageStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            time_zone: String,
            from_date: Option<NaiveDate>,
            to_date: Option<NaiveDate>,
            name: Option<String>,
        }
        // One statement: the school's time zone with its free days (none: one row of
        // NULLs; no school: no row).
        const SQL: &str = concat!(
            "SELECT s.time_zone, f.from_date, f.to_date, f.name FROM schools AS s \
             LEFT JOIN free_days AS f ON f.school_id = s.id WHERE s.id = $1",
            free_days_order!()
        );
        let rows = sqlx::query_as::<_, Row>(SQL)
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(|e| {
                let e = translate(e);
                tracing::warn!(%school, error = %e, "school calendar unavailable");
                SchoolCalendarError::Unavailable
            })?;
        let Some(first) = rows.first() else {
            return Err(SchoolCalendarError::NotFound);
        };
        let time_zone = first.time_zone.parse::<Tz>().map_err(|e| {
            tracing::error!(
                %school,
                error = %corrupt("schools", format!("{school}: time zone: {e}")),
                "school calendar unreadable"
            );
            SchoolCalendarError::Unavailable
        })?;
        let periods = rows
            .into_iter()
            .filter_map(|r| match (r.from_date, r.to_date, r.name) {
                (Some(from), Some(to), Some(name)) => Some(FreeDayPeriod { from, to, name }),
                _ => None,
            })
            .collect();
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folder_statement_is_keyset_paged_newest_first_without_offset() {
        for sql in [
            INBOX,
            INBOX_SEARCH,
            TRASH,
            TRASH_SEARCH,
            AWAITING_REPLY,
            AWAITING_REPLY_SEARCH,
            SENT,
            SENT_SEARCH,
        ] {
            assert!(sql.contains("< $3"), "{sql}");
            assert!(sql.ends_with("DESC LIMIT $4"), "{sql}");
            assert!(!sql.contains("OFFSET"), "{sql}");
        }
        assert!(INBOX_SEARCH.contains("websearch_to_tsquery('dutch', $5)"));
    }

    #[test]
    fn visibility_round_trips_through_its_json() {
        let visibility = Visibility {
            named: vec![(AccountId::new(), "Els Claes".into())],
            groups: vec![
                GroupLabel::Group {
                    name: "3A".into(),
                    audience: Audience::CoAccounts,
                },
                GroupLabel::Role {
                    role: Role::Teacher,
                },
            ],
        };
        let json = visibility_json(&visibility);
        assert_eq!(json["named"][0][1], "Els Claes");
        assert_eq!(json["groups"][0]["kind"], "group");
        let back = visibility_from_json(Uuid::nil(), json);
        assert_eq!(back.ok(), Some(visibility));
    }
}

/// The plans of the folder queries, on a real server (`test-support`).
#[cfg(all(test, feature = "test-support"))]
mod plans {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use sqlx::Connection as _;

    use super::{INBOX, SENT};
    use crate::test_support::fresh_database;

    /// Every node of a plan (`EXPLAIN (FORMAT JSON)`), depth first.
    fn nodes(plan: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        out.push(plan.clone());
        if let Some(children) = plan["Plans"].as_array() {
            for child in children {
                nodes(child, out);
            }
        }
    }

    /// Seeds two schools of 15,000 messages each, from 200 senders, each message to 4 of
    /// 40 recipients (account 7 of school 1 sent 150 and received 3,000), then plans `sql`
    /// (a prepared statement with $1 school, $2 account, $3 cursor, $4 limit) both ways:
    /// as the custom plan of its first runs and as the generic plan PostgreSQL switches
    /// to after them.
    async fn plans_of(sql: &str) -> Vec<Vec<serde_json::Value>> {
        let db = fresh_database().await;
        let mut conn = db.pool().acquire().await.unwrap();
        let seed = "
            INSERT INTO schools (id, slug, name, time_zone, min_password_length)
            SELECT ('00000000-0000-7000-8000-00000000000' || s)::uuid, 's' || s, 'S' || s,
                   'Europe/Brussels', 12 FROM generate_series(1, 2) AS s;
            INSERT INTO messages (school_id, id, sender_id, sender_name, kind, subject, body,
                                  reply_requested, urgent, visibility, sent_at)
            SELECT ('00000000-0000-7000-8000-00000000000' || (1 + i % 2))::uuid,
                   ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
                   ('00000000-0000-7000-a000-' || lpad(to_hex(1 + i % 200), 12, '0'))::uuid,
                   'Els Claes', 'normal', 'Bericht ' || i, 'Tekst ' || i, false, false,
                   '{\"named\": [], \"groups\": []}', now()
            FROM generate_series(1, 30000) AS i;
            INSERT INTO message_copies (school_id, message_id, recipient_id, recipient_name)
            SELECT m.school_id, m.id, ('00000000-0000-7000-a000-'
                       || lpad(to_hex(1 + (i + 10 * k) % 40), 12, '0'))::uuid, 'R'
            FROM generate_series(1, 30000) AS i CROSS JOIN generate_series(0, 3) AS k
            JOIN messages AS m
              ON m.id = ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid;
            ANALYZE;";
        sqlx::raw_sql(seed).execute(&mut *conn).await.unwrap();
        let mut plans = Vec::new();
        for mode in ["force_custom_plan", "force_generic_plan"] {
            let mut tx = conn.begin().await.unwrap();
            sqlx::raw_sql(&format!(
                "SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = {mode}; \
                 PREPARE folder (uuid, uuid, uuid, bigint) AS {sql}"
            ))
            .execute(&mut *tx)
            .await
            .unwrap();
            let (plan,): (serde_json::Value,) = sqlx::query_as(
                "EXPLAIN (FORMAT JSON) EXECUTE folder ('00000000-0000-7000-8000-000000000001', \
                 '00000000-0000-7000-a000-000000000007', 'ffffffff-ffff-ffff-ffff-ffffffffffff', \
                 51)",
            )
            .fetch_one(&mut *tx)
            .await
            .unwrap();
            sqlx::raw_sql("DEALLOCATE folder")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.rollback().await.unwrap();
            let mut all = Vec::new();
            nodes(&plan[0]["Plan"], &mut all);
            plans.push(all);
        }
        plans
    }

    #[tokio::test]
    async fn the_inbox_page_is_a_backward_scan_of_the_inbox_index_without_a_sort() {
        for plan in plans_of(INBOX).await {
            let scan = plan
                .iter()
                .find(|n| n["Relation Name"] == "message_copies")
                .expect("message_copies in the plan");
            assert_eq!(scan["Node Type"], "Index Scan", "{plan:#?}");
            assert_eq!(scan["Index Name"], "message_copies_pkey", "{plan:#?}");
            assert_eq!(scan["Scan Direction"], "Backward", "{plan:#?}");
            assert!(plan.iter().all(|n| n["Node Type"] != "Sort"), "{plan:#?}");
            assert_eq!(plan[0]["Node Type"], "Limit", "{plan:#?}");
        }
    }

    #[tokio::test]
    async fn the_sent_page_is_a_backward_scan_of_the_sender_index_without_a_sort() {
        for plan in plans_of(SENT).await {
            let scan = plan
                .iter()
                .find(|n| n["Relation Name"] == "messages")
                .expect("messages in the plan");
            assert_eq!(
                scan["Index Name"], "messages_school_id_sender_id_id_idx",
                "{plan:#?}"
            );
            assert!(plan.iter().all(|n| n["Node Type"] != "Sort"), "{plan:#?}");
        }
    }
}
