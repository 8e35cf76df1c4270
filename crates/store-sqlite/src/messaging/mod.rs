//! The messaging module's ports on SQLite (tables of `0002_messaging.sql`), and the
//! kernel's `SchoolCalendar` (a school's time zone with its free days). The forwarding
//! worker's `OutboxQueue` and `QuietHoursStore` are in `messaging/forwarding.rs`.
//!
//! `deliver` writes the message, every copy and every outbox row in one `BEGIN IMMEDIATE`
//! transaction, with multi-row `INSERT`s in chunks that stay far below SQLite's limit of
//! 32,766 bound values; the message's full-text entry is written by a trigger in the same
//! transaction. Any failure drops the transaction, which undoes all of it.
//!
//! The directory reads the accounts tables with set-based queries. Folders are keyset
//! paged on the message id (newest first), never with OFFSET; a search is an FTS5 `MATCH`
//! on `messages_fts` (subject and body, case and accents ignored) of the user's words,
//! each quoted, all required.

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
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::accounts::{LAST_ID, cursor_id, limit_plus_one, roles_from};
use crate::error::{corrupt, translate};

mod forwarding;

/// Copies per `INSERT`: 10 values each, 5,000 bound values a statement.
const COPY_ROWS_PER_INSERT: usize = 500;
/// Outbox rows per `INSERT`: 11 values each, 5,500 bound values a statement.
const OUTBOX_ROWS_PER_INSERT: usize = 500;
/// Account ids per `IN (…)` list.
const IDS_PER_QUERY: usize = 500;

/// Every messaging port (`Directory`, `MessageStore`, `MessageReader`, `SettingsStore`,
/// `FreeDaysStore`, `OutboxQueue`, `QuietHoursStore`) and the kernel's `SchoolCalendar`,
/// on one SQLite database. Made by
/// [`SqliteDatabase::messaging`](crate::SqliteDatabase::messaging); cheap to clone.
#[derive(Clone, Debug)]
pub struct SqliteMessageStore {
    pool: SqlitePool,
}

impl SqliteMessageStore {
    pub(crate) fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// A transaction that holds the write lock from its start.
    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(translate)
    }
}

// --------------------------------------------------------------------------- encodings

/// `messages.visibility` as stored: `{"named": [[uuid, name], …], "groups": [label, …]}`.
#[derive(Serialize)]
struct VisibilityOut<'a> {
    named: Vec<(Uuid, &'a str)>,
    groups: &'a [GroupLabel],
}

#[derive(Deserialize)]
struct VisibilityIn {
    named: Vec<(Uuid, String)>,
    groups: Vec<GroupLabel>,
}

fn visibility_json(visibility: &Visibility) -> StoreResult<String> {
    serde_json::to_string(&VisibilityOut {
        named: visibility
            .named
            .iter()
            .map(|(id, name)| (id.as_uuid(), name.as_str()))
            .collect(),
        groups: &visibility.groups,
    })
    .map_err(|e| StoreError::Unexpected(format!("cannot encode a visibility: {e}")))
}

fn visibility_from(stored: &str) -> StoreResult<Visibility> {
    let parsed: VisibilityIn =
        serde_json::from_str(stored).map_err(|e| corrupt(format!("visibility: {e}")))?;
    Ok(Visibility {
        named: parsed
            .named
            .into_iter()
            .map(|(id, name)| (AccountId::from_uuid(id), name))
            .collect(),
        groups: parsed.groups,
    })
}

/// `message_copies.via`: NULL for a named recipient, the group label (JSON) for a blind copy.
fn via_json(via: &Via) -> StoreResult<Option<String>> {
    match via {
        Via::Named => Ok(None),
        Via::Group(label) => serde_json::to_string(label)
            .map(Some)
            .map_err(|e| StoreError::Unexpected(format!("cannot encode a group label: {e}"))),
    }
}

fn via_from(stored: Option<&str>) -> StoreResult<Via> {
    match stored {
        None => Ok(Via::Named),
        Some(json) => serde_json::from_str(json)
            .map(Via::Group)
            .map_err(|e| corrupt(format!("via: {e}"))),
    }
}

const fn kind_str(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Normal => "normal",
        MessageKind::System => "system",
    }
}

fn kind_from(stored: &str) -> StoreResult<MessageKind> {
    match stored {
        "normal" => Ok(MessageKind::Normal),
        "system" => Ok(MessageKind::System),
        other => Err(corrupt(format!("message kind {other:?}"))),
    }
}

fn count_from(n: i64) -> StoreResult<u64> {
    u64::try_from(n).map_err(|_| corrupt(format!("count {n}")))
}

/// The user's words as an FTS5 query: split on white space, each word a quoted string
/// (its quotes doubled) so that no word is read as FTS5 syntax, all words required.
/// Words without a letter or digit find nothing to match and are left out; `None` when
/// no word is left (no filter).
fn fts_query(raw: &str) -> Option<String> {
    let phrases: Vec<String> = raw
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

// ----------------------------------------------------------------------------- directory

#[derive(FromRow)]
struct AddresseeRow {
    id: Uuid,
    name: String,
    kind: String,
    roles: String,
    pupil_id: Option<Uuid>,
}

impl TryFrom<AddresseeRow> for Addressee {
    type Error = StoreError;

    fn try_from(row: AddresseeRow) -> StoreResult<Self> {
        let kind = match (row.kind.as_str(), row.pupil_id) {
            ("main", _) => AddresseeKind::Main(roles_from(&row.roles)?),
            ("co", Some(pupil)) => AddresseeKind::Co {
                pupil: AccountId::from_uuid(pupil),
            },
            (other, _) => return Err(corrupt(format!("account kind {other:?}"))),
        };
        Ok(Addressee {
            id: AccountId::from_uuid(row.id),
            name: row.name,
            kind,
        })
    }
}

fn addressees_from(rows: Vec<AddresseeRow>) -> StoreResult<Vec<Addressee>> {
    rows.into_iter().map(Addressee::try_from).collect()
}

/// The columns of an addressee, from `accounts` (or a set of its rows) named `$a`.
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

/// Whether the account of `$a` is a main account holding the role bound to `$role`
/// (`roles` is a comma-separated list).
macro_rules! holds_role {
    ($a:literal, $role:literal) => {
        concat!(
            $a,
            ".kind = 'main' AND instr(',' || ",
            $a,
            ".roles || ',', ',' || ",
            $role,
            " || ',') > 0"
        )
    };
}

#[derive(FromRow)]
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

#[async_trait]
impl Directory for SqliteMessageStore {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM schools WHERE id = ?1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(translate)?;
        found
            .map(|zone| {
                zone.parse::<Tz>()
                    .map_err(|_| corrupt(format!("time zone {zone:?}")))
            })
            .transpose()
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        sqlx::query_as::<_, AddresseeRow>(concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = ?1 AND a.id = ?2"
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(Addressee::try_from)
        .transpose()
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        let rows = sqlx::query_as::<_, AddresseeRow>(concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = ?1 AND a.pupil_id = ?2 ORDER BY a.slot"
        ))
        .bind(school.as_uuid())
        .bind(pupil.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        addressees_from(rows)
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        let row = sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = ?1 AND id = ?2",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        Ok(row.map(GroupInfo::from))
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        let rows = sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = ?1 ORDER BY name, id",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows.into_iter().map(GroupInfo::from).collect())
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        let (members, pupils, co_accounts) = match audience {
            Audience::Members => (true, false, false),
            Audience::Pupils => (false, true, false),
            Audience::CoAccounts => (false, false, true),
            Audience::Both => (false, true, true),
        };
        // One statement: the members, the pupil members, the co-accounts of the pupil
        // members, each part switched on by its flag; UNION keeps each account once.
        let rows = sqlx::query_as::<_, AddresseeRow>(concat!(
            "WITH member AS ( \
                 SELECT a.* FROM group_members AS gm \
                 JOIN accounts AS a ON a.school_id = gm.school_id AND a.id = gm.account_id \
                 WHERE gm.school_id = ?1 AND gm.group_id = ?2), \
             pupil AS (SELECT * FROM member AS m WHERE ",
            holds_role!("m", "'pupil'"),
            ") \
             SELECT ",
            addressee_columns!("m"),
            " FROM member AS m WHERE ?3 \
             UNION SELECT ",
            addressee_columns!("p"),
            " FROM pupil AS p WHERE ?4 \
             UNION SELECT ",
            addressee_columns!("co"),
            " FROM pupil AS p \
                 JOIN accounts AS co ON co.school_id = ?1 AND co.pupil_id = p.id \
                 WHERE ?5 \
             ORDER BY id"
        ))
        .bind(school.as_uuid())
        .bind(group.as_uuid())
        .bind(members)
        .bind(pupils)
        .bind(co_accounts)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        addressees_from(rows)
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        let rows = sqlx::query_as::<_, AddresseeRow>(concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = ?1 AND ",
            holds_role!("a", "?2"),
            " ORDER BY a.id"
        ))
        .bind(school.as_uuid())
        .bind(role.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        addressees_from(rows)
    }
}

// ------------------------------------------------------------------------------ messages

/// The columns of a message, from `messages` named `m`.
macro_rules! message_columns {
    () => {
        "m.school_id, m.id, m.sender_id, m.sender_name, m.kind, m.subject, m.body, \
         m.in_reply_to, m.reply_requested, m.action_deadline, m.urgent, m.visibility, m.sent_at"
    };
}

/// The columns of a copy that are not the message's, from `message_copies` named `c`.
macro_rules! copy_columns {
    () => {
        "c.recipient_id, c.recipient_name, c.via, c.read_at, c.replied_at, c.reply_due_at, \
         c.trashed_at, c.misdirected_at"
    };
}

#[derive(FromRow)]
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
    visibility: String,
    sent_at: DateTime<Utc>,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;

    fn try_from(row: MessageRow) -> StoreResult<Self> {
        Ok(Message {
            id: MessageId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            sender: row.sender_id.map(AccountId::from_uuid),
            sender_name: row.sender_name,
            kind: kind_from(&row.kind)?,
            subject: Subject::parse(&row.subject).map_err(|_| corrupt("subject"))?,
            body: Body::parse(&row.body).map_err(|_| corrupt("body"))?,
            in_reply_to: row.in_reply_to.map(MessageId::from_uuid),
            reply_requested: row.reply_requested,
            action_deadline: row.action_deadline,
            urgent: row.urgent,
            visibility: visibility_from(&row.visibility)?,
            sent_at: row.sent_at,
        })
    }
}

#[derive(FromRow)]
struct CopyRow {
    recipient_id: Uuid,
    recipient_name: String,
    via: Option<String>,
    read_at: Option<DateTime<Utc>>,
    replied_at: Option<DateTime<Utc>>,
    reply_due_at: Option<DateTime<Utc>>,
    trashed_at: Option<DateTime<Utc>>,
    misdirected_at: Option<DateTime<Utc>>,
}

impl CopyRow {
    fn into_copy(self, message: &Message) -> StoreResult<Copy> {
        Ok(Copy {
            message: message.id,
            school: message.school,
            recipient: AccountId::from_uuid(self.recipient_id),
            recipient_name: self.recipient_name,
            via: via_from(self.via.as_deref())?,
            read_at: self.read_at,
            replied_at: self.replied_at,
            reply_due_at: self.reply_due_at,
            trashed_at: self.trashed_at,
            misdirected_at: self.misdirected_at,
        })
    }
}

/// Inserts the copies of one chunk in one statement.
async fn insert_copies(
    tx: &mut Transaction<'static, Sqlite>,
    copies: &[Copy],
    vias: &[Option<String>],
) -> StoreResult<()> {
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO message_copies (school_id, message_id, recipient_id, recipient_name, via, \
         read_at, replied_at, reply_due_at, trashed_at, misdirected_at) ",
    );
    insert.push_values(copies.iter().zip(vias), |mut row, (copy, via)| {
        row.push_bind(copy.school.as_uuid())
            .push_bind(copy.message.as_uuid())
            .push_bind(copy.recipient.as_uuid())
            .push_bind(copy.recipient_name.as_str())
            .push_bind(via.as_deref())
            .push_bind(copy.read_at)
            .push_bind(copy.replied_at)
            .push_bind(copy.reply_due_at)
            .push_bind(copy.trashed_at)
            .push_bind(copy.misdirected_at);
    });
    insert.build().execute(&mut **tx).await.map_err(translate)?;
    Ok(())
}

/// Inserts the outbox rows of one chunk in one statement.
async fn insert_outbox(
    tx: &mut Transaction<'static, Sqlite>,
    rows: &[OutboxRow],
) -> StoreResult<()> {
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO outbox (school_id, id, message_id, recipient_id, to_address, subject, \
         status, attempts, last_error, next_attempt_at, created_at) ",
    );
    insert.push_values(rows, |mut row, outbox| {
        row.push_bind(outbox.school.as_uuid())
            .push_bind(outbox.id.as_uuid())
            .push_bind(outbox.message.as_uuid())
            .push_bind(outbox.recipient.as_uuid())
            .push_bind(outbox.to.as_str())
            .push_bind(outbox.subject.as_str())
            .push_bind(outbox.status.as_str())
            .push_bind(i64::from(outbox.attempts))
            .push_bind(outbox.last_error.as_deref())
            .push_bind(outbox.next_attempt_at)
            .push_bind(outbox.created_at);
    });
    insert.build().execute(&mut **tx).await.map_err(translate)?;
    Ok(())
}

#[async_trait]
impl MessageStore for SqliteMessageStore {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<()> {
        delivery.check()?;
        let message = delivery.message();
        let visibility = visibility_json(&message.visibility)?;
        let vias = delivery
            .copies()
            .iter()
            .map(|copy| via_json(&copy.via))
            .collect::<StoreResult<Vec<_>>>()?;
        let mut tx = self.begin_write().await?;
        // The full-text entry follows by the trigger messages_fts_insert.
        sqlx::query(
            "INSERT INTO messages (school_id, id, search_rowid, sender_id, sender_name, kind, \
                 subject, body, in_reply_to, reply_requested, action_deadline, urgent, \
                 visibility, sent_at) \
             VALUES (?1, ?2, (SELECT coalesce(max(search_rowid), 0) + 1 FROM messages), \
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .bind(message.school.as_uuid())
        .bind(message.id.as_uuid())
        .bind(message.sender.map(|s| s.as_uuid()))
        .bind(message.sender_name.as_deref())
        .bind(kind_str(message.kind))
        .bind(message.subject.as_str())
        .bind(message.body.as_str())
        .bind(message.in_reply_to.map(|m| m.as_uuid()))
        .bind(message.reply_requested)
        .bind(message.action_deadline)
        .bind(message.urgent)
        .bind(visibility)
        .bind(message.sent_at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        // An error returns before the commit: dropping `tx` rolls every row back.
        for (copies, vias) in delivery
            .copies()
            .chunks(COPY_ROWS_PER_INSERT)
            .zip(vias.chunks(COPY_ROWS_PER_INSERT))
        {
            insert_copies(&mut tx, copies, vias).await?;
        }
        for rows in delivery.outbox().chunks(OUTBOX_ROWS_PER_INSERT) {
            insert_outbox(&mut tx, rows).await?;
        }
        tx.commit().await.map_err(translate)
    }

    async fn mark_read(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(
            "UPDATE message_copies SET read_at = ?4 \
             WHERE school_id = ?1 AND recipient_id = ?2 AND message_id = ?3 AND read_at IS NULL",
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
        // The first reply counts.
        sqlx::query(
            "UPDATE message_copies SET replied_at = ?4 \
             WHERE school_id = ?1 AND recipient_id = ?2 AND message_id = ?3 \
               AND replied_at IS NULL",
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
            "UPDATE message_copies SET trashed_at = ?4 \
             WHERE school_id = ?1 AND recipient_id = ?2 AND message_id = ?3",
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
            "UPDATE message_copies SET misdirected_at = ?4 \
             WHERE school_id = ?1 AND recipient_id = ?2 AND message_id = ?3 \
               AND misdirected_at IS NULL",
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
        let mut tx = self.begin_write().await?;
        for statement in [
            "DELETE FROM message_copies WHERE school_id = ?1 AND recipient_id = ?2",
            "DELETE FROM outbox WHERE school_id = ?1 AND recipient_id = ?2",
            "DELETE FROM notification_settings WHERE school_id = ?1 AND account_id = ?2",
            "UPDATE messages SET sender_id = NULL, sender_name = NULL \
             WHERE school_id = ?1 AND sender_id = ?2",
        ] {
            sqlx::query(statement)
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        // Its name leaves the named recipients of the school's messages that name it. The
        // JSON holds the id as hyphenated text, hence the id bound as a string.
        sqlx::query(
            "UPDATE messages SET visibility = json_set(visibility, '$.named', json(( \
                 SELECT json_group_array(json(n.value) ORDER BY n.key) \
                 FROM json_each(messages.visibility, '$.named') AS n \
                 WHERE n.value ->> 0 IS NOT ?2))) \
             WHERE school_id = ?1 AND EXISTS ( \
                 SELECT 1 FROM json_each(messages.visibility, '$.named') AS n \
                 WHERE n.value ->> 0 = ?2)",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid().hyphenated().to_string())
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        tx.commit().await.map_err(translate)
    }
}

// ------------------------------------------------------------------------------- reading

/// The condition a copy meets to be in a received folder (`None` for the sent folder).
const fn received_condition(folder: Folder) -> Option<&'static str> {
    match folder {
        Folder::Inbox => Some("c.trashed_at IS NULL"),
        Folder::Trash => Some("c.trashed_at IS NOT NULL"),
        Folder::AwaitingReply => {
            Some("c.trashed_at IS NULL AND c.reply_due_at IS NOT NULL AND c.replied_at IS NULL")
        }
        Folder::Sent => None,
    }
}

/// Restricts the messages `m` to those matching the FTS5 query bound to `?5`.
const SEARCH_CONDITION: &str =
    " AND m.search_rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?5)";

/// A page of a received folder: `?1` school, `?2` account, `?3` the id to continue
/// below, `?4` the rows to fetch, `?5` the search (with `search`). Walks the index
/// `message_copies_inbox` backwards from the cursor.
fn received_folder_sql(condition: &str, search: bool) -> String {
    format!(
        "SELECT m.id, m.subject, m.sender_name, m.kind, m.sent_at, c.read_at, c.reply_due_at \
         FROM message_copies AS c \
         JOIN messages AS m ON m.school_id = c.school_id AND m.id = c.message_id \
         WHERE c.school_id = ?1 AND c.recipient_id = ?2 AND c.message_id < ?3 AND {condition}{} \
         ORDER BY c.message_id DESC LIMIT ?4",
        if search { SEARCH_CONDITION } else { "" }
    )
}

/// A page of the sent folder with the receipt counts of each message (same parameters as
/// [`received_folder_sql`]). Walks the index `messages_school_sender` backwards from the
/// cursor; the copies of each listed message are counted on `message_copies_message`.
fn sent_folder_sql(search: bool) -> String {
    format!(
        "SELECT m.id, m.subject, m.sender_name, m.sent_at, \
             (SELECT count(*) FROM message_copies AS c \
              WHERE c.school_id = m.school_id AND c.message_id = m.id) AS recipients, \
             (SELECT count(c.read_at) FROM message_copies AS c \
              WHERE c.school_id = m.school_id AND c.message_id = m.id) AS read_count \
         FROM messages AS m \
         WHERE m.school_id = ?1 AND m.sender_id = ?2 AND m.kind = 'normal' AND m.id < ?3{} \
         ORDER BY m.id DESC LIMIT ?4",
        if search { SEARCH_CONDITION } else { "" }
    )
}

/// The unread copies in an inbox: `?1` school, `?2` account. Counts the partial index
/// `message_copies_unread`, which holds only those copies.
const UNREAD_COUNT_SQL: &str = "SELECT count(*) FROM message_copies \
     WHERE school_id = ?1 AND recipient_id = ?2 AND read_at IS NULL AND trashed_at IS NULL";

#[derive(FromRow)]
struct ReceivedSummaryRow {
    id: Uuid,
    subject: String,
    sender_name: Option<String>,
    kind: String,
    sent_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
    reply_due_at: Option<DateTime<Utc>>,
}

impl TryFrom<ReceivedSummaryRow> for Summary {
    type Error = StoreError;

    fn try_from(row: ReceivedSummaryRow) -> StoreResult<Self> {
        Ok(Summary {
            id: MessageId::from_uuid(row.id),
            subject: row.subject,
            from: row.sender_name,
            system: kind_from(&row.kind)? == MessageKind::System,
            received_at: row.sent_at,
            read_at: row.read_at,
            reply_due_at: row.reply_due_at,
            sent: None,
        })
    }
}

#[derive(FromRow)]
struct SentSummaryRow {
    id: Uuid,
    subject: String,
    sender_name: Option<String>,
    sent_at: DateTime<Utc>,
    recipients: i64,
    read_count: i64,
}

impl TryFrom<SentSummaryRow> for Summary {
    type Error = StoreError;

    fn try_from(row: SentSummaryRow) -> StoreResult<Self> {
        Ok(Summary {
            id: MessageId::from_uuid(row.id),
            subject: row.subject,
            from: row.sender_name,
            system: false,
            received_at: row.sent_at,
            read_at: None,
            reply_due_at: None,
            sent: Some(SentSummary {
                recipients: count_from(row.recipients)?,
                read: count_from(row.read_count)?,
            }),
        })
    }
}

#[derive(FromRow)]
struct ReceiptRow {
    recipient_id: Uuid,
    recipient_name: String,
    read_at: Option<DateTime<Utc>>,
}

#[async_trait]
impl MessageReader for SqliteMessageStore {
    async fn received(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>> {
        let row: Option<SqliteRow> = sqlx::query(concat!(
            "SELECT ",
            message_columns!(),
            ", ",
            copy_columns!(),
            " FROM message_copies AS c \
             JOIN messages AS m ON m.school_id = c.school_id AND m.id = c.message_id \
             WHERE c.school_id = ?1 AND c.recipient_id = ?2 AND c.message_id = ?3"
        ))
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(message.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let message = Message::try_from(MessageRow::from_row(&row).map_err(translate)?)?;
        let copy = CopyRow::from_row(&row)
            .map_err(translate)?
            .into_copy(&message)?;
        Ok(Some(ReceivedMessage { message, copy }))
    }

    async fn sent(
        &self,
        school: SchoolId,
        sender: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<Message>> {
        sqlx::query_as::<_, MessageRow>(concat!(
            "SELECT ",
            message_columns!(),
            " FROM messages AS m \
             WHERE m.school_id = ?1 AND m.id = ?2 AND m.sender_id = ?3 AND m.kind = 'normal'"
        ))
        .bind(school.as_uuid())
        .bind(message.as_uuid())
        .bind(sender.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(Message::try_from)
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
        let before = cursor_id(page)?.unwrap_or(LAST_ID);
        let search = query.and_then(fts_query);
        let items = match received_condition(folder) {
            Some(condition) => {
                let sql = received_folder_sql(condition, search.is_some());
                let mut select = sqlx::query_as::<_, ReceivedSummaryRow>(&sql)
                    .bind(school.as_uuid())
                    .bind(account.as_uuid())
                    .bind(before)
                    .bind(limit_plus_one(page));
                if let Some(search) = &search {
                    select = select.bind(search.as_str());
                }
                select
                    .fetch_all(&self.pool)
                    .await
                    .map_err(translate)?
                    .into_iter()
                    .map(Summary::try_from)
                    .collect::<StoreResult<Vec<_>>>()?
            }
            None => {
                let sql = sent_folder_sql(search.is_some());
                let mut select = sqlx::query_as::<_, SentSummaryRow>(&sql)
                    .bind(school.as_uuid())
                    .bind(account.as_uuid())
                    .bind(before)
                    .bind(limit_plus_one(page));
                if let Some(search) = &search {
                    select = select.bind(search.as_str());
                }
                select
                    .fetch_all(&self.pool)
                    .await
                    .map_err(translate)?
                    .into_iter()
                    .map(Summary::try_from)
                    .collect::<StoreResult<Vec<_>>>()?
            }
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
        let (after_name, after_id) =
            after.map_or((None, None), |(name, id)| (Some(name), Some(id.as_uuid())));
        // Names in byte order (SQLite's BINARY), then the recipient's id bytes: the
        // order of the other adapters.
        let rows = sqlx::query_as::<_, ReceiptRow>(
            "SELECT recipient_id, recipient_name, read_at FROM message_copies \
             WHERE school_id = ?1 AND message_id = ?2 \
               AND (?3 IS NULL OR (recipient_name, recipient_id) > (?3, ?4)) \
             ORDER BY recipient_name, recipient_id LIMIT ?5",
        )
        .bind(school.as_uuid())
        .bind(message.as_uuid())
        .bind(after_name)
        .bind(after_id)
        .bind(limit_plus_one(page))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        let items = rows
            .into_iter()
            .map(|row| Receipt {
                recipient: AccountId::from_uuid(row.recipient_id),
                name: row.recipient_name,
                read_at: row.read_at,
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
             WHERE school_id = ?1 AND message_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(message.as_uuid())
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?;
        Ok(SentSummary {
            recipients: count_from(recipients)?,
            read: count_from(read)?,
        })
    }

    async fn unread_count(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(UNREAD_COUNT_SQL)
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .fetch_one(&self.pool)
            .await
            .map_err(translate)?;
        count_from(count)
    }
}

// ------------------------------------------------------------------------------ settings

#[derive(FromRow)]
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

#[derive(FromRow)]
struct OutboxDbRow {
    school_id: Uuid,
    id: Uuid,
    message_id: Uuid,
    recipient_id: Uuid,
    to_address: String,
    subject: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl TryFrom<OutboxDbRow> for OutboxRow {
    type Error = StoreError;

    fn try_from(row: OutboxDbRow) -> StoreResult<Self> {
        Ok(OutboxRow {
            id: OutboxId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            message: MessageId::from_uuid(row.message_id),
            recipient: AccountId::from_uuid(row.recipient_id),
            to: row.to_address,
            subject: row.subject,
            status: OutboxStatus::parse(&row.status)
                .ok_or_else(|| corrupt(format!("outbox status {:?}", row.status)))?,
            attempts: u32::try_from(row.attempts).map_err(|_| corrupt("attempts"))?,
            last_error: row.last_error,
            next_attempt_at: row.next_attempt_at,
            created_at: row.created_at,
        })
    }
}

#[async_trait]
impl SettingsStore for SqliteMessageStore {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        let row = sqlx::query_as::<_, SettingsRow>(
            "SELECT forward_email, forward_email_confirmed, forward_messages, notify_news, push \
             FROM notification_settings WHERE school_id = ?1 AND account_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        Ok(row.map(NotificationSettings::from).unwrap_or_default())
    }

    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        // A new address (with a confirmation) is stored unconfirmed and replaces any earlier
        // token; without one, the pending token stays unless the address is removed.
        let confirmed = settings.forward_email_confirmed && confirmation.is_none();
        let (token_hash, expires_at) = match &confirmation {
            Some((hash, expires_at)) => (Some(&hash.as_bytes()[..]), Some(*expires_at)),
            None => (None, None),
        };
        let saved = sqlx::query(
            "INSERT INTO notification_settings (school_id, account_id, forward_email, \
                 forward_email_confirmed, forward_messages, notify_news, push, \
                 confirm_token_hash, confirm_expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (school_id, account_id) DO UPDATE SET \
                 forward_email = excluded.forward_email, \
                 forward_email_confirmed = excluded.forward_email_confirmed, \
                 forward_messages = excluded.forward_messages, \
                 notify_news = excluded.notify_news, \
                 push = excluded.push, \
                 confirm_token_hash = CASE \
                     WHEN ?8 IS NOT NULL OR ?3 IS NULL THEN excluded.confirm_token_hash \
                     ELSE notification_settings.confirm_token_hash END, \
                 confirm_expires_at = CASE \
                     WHEN ?8 IS NOT NULL OR ?3 IS NULL THEN excluded.confirm_expires_at \
                     ELSE notification_settings.confirm_expires_at END \
             WHERE notification_settings.school_id = excluded.school_id",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(settings.forward_email.as_deref())
        .bind(confirmed)
        .bind(settings.forward_messages)
        .bind(settings.notify_news)
        .bind(settings.push)
        .bind(token_hash)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        // Nothing saved: the account belongs to another school.
        if saved.rows_affected() == 0 {
            return Err(StoreError::NotFound);
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
        // Times compare as the RFC 3339 text sqlx writes, which sorts like the times.
        let confirmed = sqlx::query(
            "UPDATE notification_settings SET forward_email_confirmed = 1, \
                 confirm_token_hash = NULL, confirm_expires_at = NULL \
             WHERE school_id = ?1 AND account_id = ?2 \
               AND confirm_token_hash = ?3 AND confirm_expires_at > ?4",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(&token.as_bytes()[..])
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(confirmed.rows_affected() > 0)
    }

    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        let mut found: HashMap<Uuid, String> = HashMap::new();
        for ids in accounts.chunks(IDS_PER_QUERY) {
            let mut select = QueryBuilder::<Sqlite>::new(
                "SELECT account_id, forward_email FROM notification_settings \
                 WHERE forward_email IS NOT NULL AND forward_email_confirmed = 1 \
                   AND forward_messages = 1 AND school_id = ",
            );
            select
                .push_bind(school.as_uuid())
                .push(" AND account_id IN (");
            let mut list = select.separated(", ");
            for id in ids {
                list.push_bind(id.as_uuid());
            }
            select.push(")");
            let rows: Vec<(Uuid, String)> = select
                .build_query_as()
                .fetch_all(&self.pool)
                .await
                .map_err(translate)?;
            found.extend(rows);
        }
        // In the order asked.
        Ok(accounts
            .iter()
            .filter_map(|id| {
                found
                    .get(&id.as_uuid())
                    .map(|address| (*id, address.clone()))
            })
            .collect())
    }

    async fn outbox(
        &self,
        school: SchoolId,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>> {
        let before = cursor_id(page)?.unwrap_or(LAST_ID);
        let rows = sqlx::query_as::<_, OutboxDbRow>(
            "SELECT school_id, id, message_id, recipient_id, to_address, subject, status, \
                 attempts, last_error, next_attempt_at, created_at \
             FROM outbox WHERE school_id = ?1 AND status = ?2 AND id < ?3 \
             ORDER BY id DESC LIMIT ?4",
        )
        .bind(school.as_uuid())
        .bind(status.as_str())
        .bind(before)
        .bind(limit_plus_one(page))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        let rows = rows
            .into_iter()
            .map(OutboxRow::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(rows, page, |o| o.id.to_string()))
    }
}

// ----------------------------------------------------------------------------- free days

#[derive(FromRow)]
struct FreeDayRow {
    from_date: NaiveDate,
    to_date: NaiveDate,
    name: String,
}

#[async_trait]
impl FreeDaysStore for SqliteMessageStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        let rows = sqlx::query_as::<_, FreeDayRow>(
            "SELECT from_date, to_date, name FROM free_days WHERE school_id = ?1 \
             ORDER BY from_date, to_date, rowid",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows
            .into_iter()
            .map(|row| FreeDayPeriod {
                from: row.from_date,
                to: row.to_date,
                name: row.name,
            })
            .collect())
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        let mut sorted: Vec<&FreeDayPeriod> = periods.iter().collect();
        sorted.sort_by_key(|p| (p.from, p.to));
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM free_days WHERE school_id = ?1")
            .bind(school.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        for period in sorted {
            // An unknown school breaks the reference: NotFound, and nothing changes.
            sqlx::query(
                "INSERT INTO free_days (school_id, from_date, to_date, name) \
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(school.as_uuid())
            .bind(period.from)
            .bind(period.to)
            .bind(period.name.as_str())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }
}

#[async_trait]
impl SchoolCalendar for SqliteMessageStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        let unavailable = |e: StoreError| {
            tracing::error!(error = %e, %school, "cannot read the school calendar");
            SchoolCalendarError::Unavailable
        };
        let time_zone: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM schools WHERE id = ?1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| unavailable(translate(e)))?;
        let time_zone = time_zone.ok_or(SchoolCalendarError::NotFound)?;
        let time_zone = time_zone
            .parse::<Tz>()
            .map_err(|_| unavailable(corrupt(format!("time zone {time_zone:?}"))))?;
        let periods = self.free_days(school).await.map_err(unavailable)?;
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use schoolbrug_messaging::contract;
    use sqlx::Row as _;

    use super::*;
    use crate::SqliteDatabase;

    #[test]
    fn each_word_is_quoted_and_all_are_required() {
        assert_eq!(fts_query("Zwembad"), Some("\"Zwembad\"".into()));
        assert_eq!(
            fts_query("  uitstap   Brugge "),
            Some("\"uitstap\" AND \"Brugge\"".into())
        );
        // FTS5 syntax in a word is only text.
        assert_eq!(
            fts_query("a\"b OR NEAR(x* -"),
            Some("\"a\"\"b\" AND \"OR\" AND \"NEAR(x*\"".into())
        );
        assert_eq!(fts_query("  - * \" "), None);
        assert_eq!(fts_query(""), None);
    }

    /// The steps of the plan SQLite makes for a folder query.
    async fn plan(db: &SqliteDatabase, sql: &str, search: bool) -> Vec<String> {
        let sql = format!("EXPLAIN QUERY PLAN {sql}");
        let mut explain = sqlx::query(&sql)
            .bind(SchoolId::new().as_uuid())
            .bind(AccountId::new().as_uuid())
            .bind(LAST_ID)
            .bind(51_i64);
        if search {
            explain = explain.bind("\"zwembad\"");
        }
        explain
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect()
    }

    /// Every folder query walks its index backwards from the cursor: no sorting.
    async fn assert_folder_plans(db: &SqliteDatabase) {
        for search in [false, true] {
            for folder in [Folder::Inbox, Folder::Trash, Folder::AwaitingReply] {
                let sql = received_folder_sql(received_condition(folder).unwrap(), search);
                let steps = plan(db, &sql, search).await;
                let shown = format!("{folder:?}, search {search}:\n{}", steps.join("\n"));
                assert!(
                    steps[0].starts_with("SEARCH c USING INDEX message_copies_inbox"),
                    "{shown}"
                );
                assert!(!steps.iter().any(|s| s.contains("TEMP B-TREE")), "{shown}");
            }
            let steps = plan(db, &sent_folder_sql(search), search).await;
            let shown = format!("Sent, search {search}:\n{}", steps.join("\n"));
            assert!(
                steps[0].starts_with("SEARCH m USING INDEX messages_school_sender"),
                "{shown}"
            );
            assert!(
                steps
                    .iter()
                    .any(|s| s.contains("INDEX message_copies_message")),
                "{shown}"
            );
            assert!(!steps.iter().any(|s| s.contains("TEMP B-TREE")), "{shown}");
        }
    }

    #[tokio::test]
    async fn the_unread_count_reads_only_the_partial_index() {
        let db = SqliteDatabase::in_memory().await.unwrap();
        db.migrate().await.unwrap();
        let sql = format!("EXPLAIN QUERY PLAN {UNREAD_COUNT_SQL}");
        let steps: Vec<String> = sqlx::query(&sql)
            .bind(SchoolId::new().as_uuid())
            .bind(AccountId::new().as_uuid())
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert!(
            steps[0]
                .starts_with("SEARCH message_copies USING COVERING INDEX message_copies_unread"),
            "{steps:?}"
        );
    }

    #[tokio::test]
    async fn folders_walk_their_index_without_sorting_before_and_after_analyze() {
        let db = SqliteDatabase::in_memory().await.unwrap();
        db.migrate().await.unwrap();
        assert_folder_plans(&db).await;

        // With statistics of a school where one account got many messages.
        let (store, accounts) = (db.messaging(), db.accounts());
        let seed = schoolbrug_tests::bridge::AccountsSeed::new(std::sync::Arc::new(accounts));
        let w = contract::world(&seed, "a").await;
        let to = [&w.lotte_mama, &w.lotte_papa, &w.noah_mama, &w.lotte];
        for i in 0..40 {
            let d = contract::delivery(&w, &w.teacher, &to, "Zwembad", "Tot vrijdag", Utc::now());
            store.deliver(&d.build()).await.unwrap();
            if i % 2 == 0 {
                store
                    .set_trashed(w.school.id, w.lotte.id, d.message.id, Some(Utc::now()))
                    .await
                    .unwrap();
            }
        }
        sqlx::query("ANALYZE").execute(db.pool()).await.unwrap();
        assert_folder_plans(&db).await;
    }
}
