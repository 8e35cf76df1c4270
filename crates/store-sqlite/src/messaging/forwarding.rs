//! The forwarding worker's ports on SQLite (tables of `0003_forwarding.sql`): the
//! [`OutboxQueue`] over the outbox rows that `deliver` writes, and the schools'
//! [`QuietHoursStore`].
//!
//! A claim is one `UPDATE … RETURNING` statement, so one write transaction: it picks the
//! due rows no one holds by walking the partial index `outbox_claim` (waiting rows by due
//! time, then id) up to the limit, and sets their lease in the same statement. SQLite lets
//! one writer at a time commit, and a write statement outside a transaction reads the
//! newest commit once it holds the write lock, so two claimers, on any connections or in
//! any processes, never pick the same row while its lease runs. Every `record_*` and
//! `release` is one `UPDATE` of one waiting row that clears its lease.
//!
//! Times compare as the RFC 3339 text sqlx writes for `DateTime<Utc>`, which sorts like
//! the times; ids are 16-byte BLOBs, which sort like the ids.

use async_trait::async_trait;
use chrono::{DateTime, NaiveTime, Utc};
use schoolbrug_kernel::{OutboxId, SchoolId};
use schoolbrug_messaging::forwarding::QuietHours;
use schoolbrug_messaging::model::OutboxRow;
use schoolbrug_messaging::ports::{OutboxQueue, QuietHoursStore, StoreError, StoreResult};
use sqlx::FromRow;

use super::{OutboxDbRow, SqliteMessageStore};
use crate::error::{corrupt, translate};

/// Claims the due rows no one holds: `?1` the new `leased_until`, `?2` now, `?3` the limit.
/// The inner `SELECT` walks `outbox_claim` in claim order and stops at the limit.
const CLAIM_SQL: &str = "UPDATE outbox SET leased_until = ?1 \
     WHERE rowid IN ( \
         SELECT rowid FROM outbox \
         WHERE status = 'waiting' AND next_attempt_at <= ?2 \
           AND (leased_until IS NULL OR leased_until <= ?2) \
         ORDER BY next_attempt_at, id LIMIT ?3) \
     RETURNING school_id, id, message_id, news_id, recipient_id, to_address, subject, \
         status, attempts, last_error, next_attempt_at, created_at";

/// One more attempt, saturating at the largest `u32` (as the in-memory store counts).
macro_rules! one_more_attempt {
    () => {
        "attempts = min(attempts + 1, 4294967295)"
    };
}

/// The one row a `record_*` or `release` may change: `?1` school, `?2` id, still waiting.
macro_rules! waiting_row {
    () => {
        "WHERE school_id = ?1 AND id = ?2 AND status = 'waiting'"
    };
}

/// How quiet hours' times are stored: local `HH:MM` (the service stores whole minutes).
const TIME_FORMAT: &str = "%H:%M";

#[derive(FromRow)]
struct QuietHoursRow {
    start_time: String,
    end_time: String,
    weekends: bool,
    free_days: bool,
}

impl TryFrom<QuietHoursRow> for QuietHours {
    type Error = StoreError;

    fn try_from(row: QuietHoursRow) -> StoreResult<Self> {
        let time = |stored: &str| {
            NaiveTime::parse_from_str(stored, TIME_FORMAT)
                .map_err(|_| corrupt(format!("quiet hours time {stored:?}")))
        };
        Ok(QuietHours {
            start: time(&row.start_time)?,
            end: time(&row.end_time)?,
            weekends: row.weekends,
            free_days: row.free_days,
        })
    }
}

#[async_trait]
impl QuietHoursStore for SqliteMessageStore {
    async fn quiet_hours(&self, school: SchoolId) -> StoreResult<Option<QuietHours>> {
        sqlx::query_as::<_, QuietHoursRow>(
            "SELECT start_time, end_time, weekends, free_days FROM quiet_hours \
             WHERE school_id = ?1",
        )
        .bind(school.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(QuietHours::try_from)
        .transpose()
    }

    /// Stores the times to the minute (seconds are dropped). An unknown school breaks
    /// the reference: `NotFound`.
    async fn put_quiet_hours(
        &self,
        school: SchoolId,
        quiet: Option<QuietHours>,
    ) -> StoreResult<()> {
        let Some(quiet) = quiet else {
            sqlx::query("DELETE FROM quiet_hours WHERE school_id = ?1")
                .bind(school.as_uuid())
                .execute(&self.pool)
                .await
                .map_err(translate)?;
            return Ok(());
        };
        sqlx::query(
            "INSERT INTO quiet_hours (school_id, start_time, end_time, weekends, free_days) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (school_id) DO UPDATE SET \
                 start_time = excluded.start_time, \
                 end_time = excluded.end_time, \
                 weekends = excluded.weekends, \
                 free_days = excluded.free_days",
        )
        .bind(school.as_uuid())
        .bind(quiet.start.format(TIME_FORMAT).to_string())
        .bind(quiet.end.format(TIME_FORMAT).to_string())
        .bind(quiet.weekends)
        .bind(quiet.free_days)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }
}

#[async_trait]
impl OutboxQueue for SqliteMessageStore {
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: chrono::Duration,
    ) -> StoreResult<Vec<OutboxRow>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let leased_until = now
            .checked_add_signed(lease)
            .ok_or_else(|| StoreError::Unexpected("lease out of range".into()))?;
        let rows = sqlx::query_as::<_, OutboxDbRow>(CLAIM_SQL)
            .bind(leased_until)
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let mut claimed = rows
            .into_iter()
            .map(OutboxRow::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        // RETURNING gives the rows in no promised order.
        claimed.sort_by_key(|row| (row.next_attempt_at, row.id));
        Ok(claimed)
    }

    async fn record_sent(
        &self,
        school: SchoolId,
        id: OutboxId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(concat!(
            "UPDATE outbox SET status = 'sent', ",
            one_more_attempt!(),
            ", last_error = NULL, next_attempt_at = ?3, leased_until = NULL ",
            waiting_row!()
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() == 1)
    }

    async fn record_retry(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(concat!(
            "UPDATE outbox SET ",
            one_more_attempt!(),
            ", last_error = ?3, next_attempt_at = ?4, leased_until = NULL ",
            waiting_row!()
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .bind(error)
        .bind(next_attempt_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() == 1)
    }

    async fn record_failed(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let updated = sqlx::query(concat!(
            "UPDATE outbox SET status = 'failed', ",
            one_more_attempt!(),
            ", last_error = ?3, next_attempt_at = ?4, leased_until = NULL ",
            waiting_row!()
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .bind(error)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() == 1)
    }

    async fn release(&self, school: SchoolId, id: OutboxId) -> StoreResult<bool> {
        let updated = sqlx::query(concat!(
            "UPDATE outbox SET leased_until = NULL ",
            waiting_row!()
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() == 1)
    }

    async fn purge_sent(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let deleted =
            sqlx::query("DELETE FROM outbox WHERE status = 'sent' AND next_attempt_at < ?1")
                .bind(before)
                .execute(&self.pool)
                .await
                .map_err(translate)?;
        Ok(deleted.rows_affected())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use sqlx::Row as _;

    use super::*;
    use crate::SqliteDatabase;

    /// The claim walks `outbox_claim` in claim order: no table scan, no sort.
    #[tokio::test]
    async fn a_claim_walks_the_claim_index_without_sorting() {
        let db = SqliteDatabase::in_memory().await.unwrap();
        db.migrate().await.unwrap();
        let sql = format!("EXPLAIN QUERY PLAN {CLAIM_SQL}");
        let steps: Vec<String> = sqlx::query(&sql)
            .bind(Utc::now())
            .bind(Utc::now())
            .bind(10_i64)
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        let shown = steps.join("\n");
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with("SEARCH outbox USING INDEX outbox_claim")),
            "{shown}"
        );
        assert!(!steps.iter().any(|s| s.starts_with("SCAN")), "{shown}");
        assert!(!steps.iter().any(|s| s.contains("TEMP B-TREE")), "{shown}");
    }

    #[test]
    fn quiet_hours_times_are_read_as_stored() {
        let row = |start: &str| QuietHoursRow {
            start_time: start.into(),
            end_time: "07:30".into(),
            weekends: true,
            free_days: false,
        };
        let quiet = QuietHours::try_from(row("20:00")).unwrap();
        assert_eq!(quiet.start, NaiveTime::from_hms_opt(20, 0, 0).unwrap());
        assert_eq!(quiet.end, NaiveTime::from_hms_opt(7, 30, 0).unwrap());
        assert!(matches!(
            QuietHours::try_from(row("25:00")),
            Err(StoreError::Unexpected(_))
        ));
    }
}
