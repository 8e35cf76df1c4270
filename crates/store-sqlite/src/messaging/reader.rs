//! The messaging `MessageReader` on SQLite: a received or sent message, the folders
//! (keyset-paged newest first, with FTS5 search), read receipts and the unread count.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, Page, PageRequest, SchoolId};
use schoolbrug_messaging::model::{
    Body, Copy, Folder, InboxCounts, Message, MessageKind, Receipt, ReceivedMessage, SentSummary,
    Subject, Summary,
};
use schoolbrug_messaging::ports::{MessageReader, StoreError, StoreResult};
use sqlx::FromRow;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use super::{SqliteMessageStore, count_from, kind_from, via_from, visibility_from};
use crate::accounts::{LAST_ID, cursor_id, limit_plus_one};
use crate::error::{corrupt, translate};

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

/// The start page's counts of `?1` school, `?2` account: one range of the inbox index.
const INBOX_COUNTS_SQL: &str = "SELECT coalesce(sum(read_at IS NULL), 0), \
     coalesce(sum(reply_due_at IS NOT NULL AND replied_at IS NULL), 0) FROM message_copies \
     WHERE school_id = ?1 AND recipient_id = ?2 AND trashed_at IS NULL";

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

    async fn inbox_counts(&self, school: SchoolId, account: AccountId) -> StoreResult<InboxCounts> {
        let (unread, replies_due): (i64, i64) = sqlx::query_as(INBOX_COUNTS_SQL)
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .fetch_one(&self.pool)
            .await
            .map_err(translate)?;
        Ok(InboxCounts {
            unread: count_from(unread)?,
            replies_due: count_from(replies_due)?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use schoolbrug_messaging::contract;
    use schoolbrug_messaging::ports::MessageStore as _;
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
