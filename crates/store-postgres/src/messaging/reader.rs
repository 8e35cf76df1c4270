//! The messaging `MessageReader` on PostgreSQL: a received or sent message, the folders
//! (keyset-paged newest first, with Dutch full-text search), read receipts and the
//! unread count.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, Page, PageRequest, SchoolId};
use schoolbrug_messaging::model::{
    Body, Copy, Folder, InboxCounts, Message, MessageKind, Receipt, ReceivedMessage, SentSummary,
    Subject, Summary, Via,
};
use schoolbrug_messaging::ports::{MessageReader, StoreError, StoreResult};
use uuid::Uuid;

use super::{PgMessageStore, count, keyset_before, kind_name, visibility_from_json};
use crate::accounts::overfetch;
use crate::error::{corrupt, translate};

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

    async fn inbox_counts(&self, school: SchoolId, account: AccountId) -> StoreResult<InboxCounts> {
        // One range of the primary key's (school, recipient) prefix.
        let (unread, replies_due): (i64, i64) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE read_at IS NULL), \
                    count(*) FILTER (WHERE reply_due_at IS NOT NULL AND replied_at IS NULL) \
             FROM message_copies \
             WHERE school_id = $1 AND recipient_id = $2 AND trashed_at IS NULL",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?;
        Ok(InboxCounts {
            unread: count("message_copies", unread)?,
            replies_due: count("message_copies", replies_due)?,
        })
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
