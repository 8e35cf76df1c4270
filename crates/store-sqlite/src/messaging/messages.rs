//! The messaging `MessageStore` on SQLite: a delivery written in one `BEGIN IMMEDIATE`
//! transaction (multi-row `INSERT`s in chunks), the marks a recipient sets on a copy,
//! and an account's erasure.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, SchoolId};
use schoolbrug_messaging::model::{Copy, Forwarded, OutboxRow};
use schoolbrug_messaging::ports::{Delivery, MessageStore, StoreResult};
use sqlx::{QueryBuilder, Sqlite, Transaction};

use super::{SqliteMessageStore, forwarded_ids, kind_str, via_json, visibility_json};
use crate::error::translate;

/// Copies per `INSERT`: 10 values each, 5,000 bound values a statement.
const COPY_ROWS_PER_INSERT: usize = 500;
/// Outbox rows per `INSERT`: 11 values each, 5,500 bound values a statement.
pub(super) const OUTBOX_ROWS_PER_INSERT: usize = 500;

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

/// Inserts the outbox rows of one chunk in one statement: the rows of one delivery (each
/// naming its message) or of one publication (each naming its news item). Only the column
/// of what the rows forward is named, so a delivery writes what it wrote before news
/// existed.
pub(super) async fn insert_outbox(
    tx: &mut Transaction<'static, Sqlite>,
    rows: &[OutboxRow],
) -> StoreResult<()> {
    let news = rows
        .first()
        .is_some_and(|row| matches!(row.forwards, Forwarded::News(_)));
    let mut insert = QueryBuilder::<Sqlite>::new(if news {
        "INSERT INTO outbox (school_id, id, news_id, recipient_id, to_address, subject, \
         status, attempts, last_error, next_attempt_at, created_at) "
    } else {
        "INSERT INTO outbox (school_id, id, message_id, recipient_id, to_address, subject, \
         status, attempts, last_error, next_attempt_at, created_at) "
    });
    insert.push_values(rows, |mut row, outbox| {
        let (message, news) = forwarded_ids(outbox.forwards);
        row.push_bind(outbox.school.as_uuid())
            .push_bind(outbox.id.as_uuid())
            .push_bind(message.or(news))
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
