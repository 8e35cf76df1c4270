//! The messaging module's ports on SQLite (tables of `0002_messaging.sql`), one file per
//! port, all on [`SqliteMessageStore`]: the directory read from the accounts tables
//! (`directory.rs`), messages and their copies written (`messages.rs`), folders with
//! full-text search and read receipts (`reader.rs`), notification settings and the
//! outbox list (`settings.rs`), the forwarding worker's `OutboxQueue`
//! and `QuietHoursStore` (`forwarding.rs`), news items with their audience and read
//! states (`news.rs`). This file holds the store and the encodings
//! of columns that more than one of them reads or writes.
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

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, NewsId, OutboxId, SchoolId};
use schoolbrug_messaging::model::{
    Forwarded, GroupLabel, MessageKind, OutboxRow, OutboxStatus, Via, Visibility,
};
use schoolbrug_messaging::ports::{StoreError, StoreResult};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};

mod directory;
mod forwarding;
mod messages;
mod news;
mod reader;
mod settings;

/// Every messaging port (`Directory`, `MessageStore`, `MessageReader`, `SettingsStore`,
/// `NewsStore`, `OutboxQueue`, `QuietHoursStore`) on one SQLite database. Made by
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

/// `outbox.message_id` and `outbox.news_id` of what a row forwards.
fn forwarded_ids(forwards: Forwarded) -> (Option<Uuid>, Option<Uuid>) {
    match forwards {
        Forwarded::Message(message) => (Some(message.as_uuid()), None),
        Forwarded::News(news) => (None, Some(news.as_uuid())),
    }
}

#[derive(FromRow)]
struct OutboxDbRow {
    school_id: Uuid,
    id: Uuid,
    message_id: Option<Uuid>,
    news_id: Option<Uuid>,
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
            forwards: match (row.message_id, row.news_id) {
                (Some(message), None) => Forwarded::Message(MessageId::from_uuid(message)),
                (None, Some(news)) => Forwarded::News(NewsId::from_uuid(news)),
                _ => return Err(corrupt("an outbox row forwards neither or both")),
            },
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
