//! The messaging `MessageStore` on PostgreSQL: a delivery written in one transaction
//! (the copies and outbox rows as arrays, `delivery.rs`), the marks a recipient sets on
//! a copy, and an account's erasure.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, SchoolId};
use schoolbrug_messaging::ports::{Delivery, MessageStore, StoreResult};

use super::delivery::{CopyColumns, INSERT_COPIES, INSERT_OUTBOX, OutboxColumns};
use super::{PgMessageStore, commit, kind_name, visibility_json};
use crate::error::translate;

const INSERT_MESSAGE: &str = "INSERT INTO messages (school_id, id, sender_id, sender_name, kind, \
     subject, body, in_reply_to, reply_requested, action_deadline, urgent, visibility, sent_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

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
