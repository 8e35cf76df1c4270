//! The forwarding worker's ports on PostgreSQL: the outbox as a queue shared by any number
//! of workers (`OutboxQueue`) and the school's quiet hours (`QuietHoursStore`), on
//! [`PgMessageStore`] (tables of `migrations/postgres/0003_forwarding.sql`).
//!
//! A claim reads which schools have mail due, without locks, then claims the rows of one
//! school at a time: each such statement locks the due rows it takes with `FOR UPDATE
//! SKIP LOCKED` and sets their lease in the same statement, so two workers claiming at
//! once never get the same row (a row another claimer has locked is skipped; one it has
//! just leased no longer qualifies when re-checked after its commit). A lock never spans
//! schools: distributed by school (Citus), each claim is routed to the one shard of its
//! school. Every outcome is one `UPDATE` of one row found by its primary key, changed
//! only while it waits.

use async_trait::async_trait;
use chrono::{DateTime, NaiveTime, Utc};
use schoolbrug_kernel::{OutboxId, SchoolId};
use schoolbrug_messaging::forwarding::QuietHours;
use schoolbrug_messaging::model::OutboxRow;
use schoolbrug_messaging::ports::{OutboxQueue, QuietHoursStore, StoreError, StoreResult};
use uuid::Uuid;

use super::{OutboxRecord, PgMessageStore};
use crate::error::translate;

/// The school of each of the first `$2` rows a claim at `$1` would take (waiting, due by
/// `$1`, held by no one at `$1`), oldest first (by due time, then id: a range scan of the
/// partial index `outbox_next_attempt_at_id_idx` without a sort). Read without locks:
/// it only says which schools to claim from, and how many rows of each.
const DUE_SCHOOLS: &str = "SELECT school_id FROM outbox \
     WHERE status = 'waiting' AND next_attempt_at <= $1 \
       AND (leased_until IS NULL OR leased_until <= $1) \
     ORDER BY next_attempt_at, id LIMIT $2";

/// Claims up to `$3` due rows of school `$1`: waiting, due by `$2` and held by no one at
/// `$2`, oldest first (a range scan of the partial index
/// `outbox_school_id_next_attempt_at_id_idx` without a sort), locked with `SKIP LOCKED`
/// so that concurrent claimers pass each other's rows by, then leased until `$4`, found
/// again by their primary key. (`= ANY (ARRAY(…))` rather than a join with `due`: a
/// generic plan guesses a tenth of the table for `LIMIT $3` and would merge-join with a
/// scan of the whole outbox.) `RETURNING` gives no order: the caller sorts.
const CLAIM_DUE: &str = "WITH due AS ( \
       SELECT id FROM outbox \
       WHERE school_id = $1 AND status = 'waiting' AND next_attempt_at <= $2 \
         AND (leased_until IS NULL OR leased_until <= $2) \
       ORDER BY next_attempt_at, id LIMIT $3 \
       FOR UPDATE SKIP LOCKED) \
     UPDATE outbox AS o SET leased_until = $4 \
     WHERE o.school_id = $1 AND o.id = ANY (ARRAY(SELECT due.id FROM due)) \
     RETURNING o.school_id, o.id, o.message_id, o.news_id, o.recipient_id, o.to_address, \
       o.subject, o.status, o.attempts, o.last_error, o.next_attempt_at, o.created_at";

/// How many of the first due rows each school has, in the order of its oldest: what
/// [`DUE_SCHOOLS`] read, tallied.
fn tally(schools: Vec<Uuid>) -> Vec<(Uuid, i64)> {
    let mut counts: Vec<(Uuid, i64)> = Vec::new();
    for school in schools {
        match counts.iter_mut().find(|(s, _)| *s == school) {
            Some((_, n)) => *n += 1,
            None => counts.push((school, 1)),
        }
    }
    counts
}

/// Clears the lease of the row `$2` of school `$1` and makes the changes `$set` (from
/// `$3` on), only while the row waits: a row sent, failed, erased or of another school is
/// not touched.
macro_rules! record {
    ($set:expr) => {
        concat!(
            "UPDATE outbox SET leased_until = NULL",
            $set,
            " WHERE school_id = $1 AND id = $2 AND status = 'waiting'"
        )
    };
}

/// One more attempt; saturating, as the other adapters count (never an overflow error).
macro_rules! one_more_attempt {
    () => {
        ", attempts = LEAST(attempts, 2147483646) + 1"
    };
}

const RECORD_SENT: &str = record!(concat!(
    ", status = 'sent'",
    one_more_attempt!(),
    ", last_error = NULL, next_attempt_at = $3"
));
const RECORD_RETRY: &str = record!(concat!(
    one_more_attempt!(),
    ", last_error = $3, next_attempt_at = $4"
));
const RECORD_FAILED: &str = record!(concat!(
    ", status = 'failed'",
    one_more_attempt!(),
    ", last_error = $3, next_attempt_at = $4"
));
const RELEASE: &str = record!("");

/// `true` when a `record_*` or `release` changed its row.
fn changed(done: sqlx::postgres::PgQueryResult) -> bool {
    done.rows_affected() == 1
}

#[async_trait]
impl OutboxQueue for PgMessageStore {
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: chrono::Duration,
    ) -> StoreResult<Vec<OutboxRow>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        // The end of the lease is computed here, as the other adapters do; a time beyond
        // what PostgreSQL stores fails in the statement (`Unexpected`).
        let leased_until = now
            .checked_add_signed(lease)
            .ok_or_else(|| StoreError::Unexpected("lease out of range".into()))?;
        let due: Vec<Uuid> = sqlx::query_scalar(DUE_SCHOOLS)
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(translate)?;
        // As many rows of each school as it had among the first due ones: without other
        // claimers, the same rows one claim across schools would take. A row another
        // claimer has meanwhile locked or leased is passed by for the school's next one.
        let mut rows = Vec::with_capacity(due.len());
        for (school, count) in tally(due) {
            let records = sqlx::query_as::<_, OutboxRecord>(CLAIM_DUE)
                .bind(school)
                .bind(now)
                .bind(count)
                .bind(leased_until)
                .fetch_all(self.pool())
                .await
                .map_err(translate)?;
            for record in records {
                rows.push(record.into_row()?);
            }
        }
        // The claim order; a uuid compares by its bytes both here and in PostgreSQL.
        rows.sort_by_key(|o| (o.next_attempt_at, o.id));
        Ok(rows)
    }

    async fn record_sent(
        &self,
        school: SchoolId,
        id: OutboxId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sqlx::query(RECORD_SENT)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .bind(at)
            .execute(self.pool())
            .await
            .map(changed)
            .map_err(translate)
    }

    async fn record_retry(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sqlx::query(RECORD_RETRY)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .bind(error)
            .bind(next_attempt_at)
            .execute(self.pool())
            .await
            .map(changed)
            .map_err(translate)
    }

    async fn record_failed(
        &self,
        school: SchoolId,
        id: OutboxId,
        error: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sqlx::query(RECORD_FAILED)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .bind(error)
            .bind(at)
            .execute(self.pool())
            .await
            .map(changed)
            .map_err(translate)
    }

    async fn release(&self, school: SchoolId, id: OutboxId) -> StoreResult<bool> {
        sqlx::query(RELEASE)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .execute(self.pool())
            .await
            .map(changed)
            .map_err(translate)
    }

    async fn purge_sent(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        // In slices, each its own short transaction: a first purge of a large outbox does
        // not hold one long delete (and its locks) against the workers' claims. The slice
        // is named by primary key, not by ctid: a row's ctid means nothing across the
        // nodes of a database distributed by school.
        const SLICE: i64 = 5_000;
        let mut purged = 0;
        loop {
            let deleted = sqlx::query(
                "DELETE FROM outbox WHERE (school_id, id) IN (SELECT school_id, id FROM outbox \
                 WHERE status = 'sent' AND next_attempt_at < $1 LIMIT $2)",
            )
            .bind(before)
            .bind(SLICE)
            .execute(self.pool())
            .await
            .map_err(translate)?
            .rows_affected();
            purged += deleted;
            if deleted < SLICE.unsigned_abs() {
                return Ok(purged);
            }
        }
    }
}

#[derive(sqlx::FromRow)]
struct QuietHoursRow {
    start_time: NaiveTime,
    end_time: NaiveTime,
    weekends: bool,
    free_days: bool,
}

impl From<QuietHoursRow> for QuietHours {
    fn from(row: QuietHoursRow) -> Self {
        QuietHours {
            start: row.start_time,
            end: row.end_time,
            weekends: row.weekends,
            free_days: row.free_days,
        }
    }
}

#[async_trait]
impl QuietHoursStore for PgMessageStore {
    async fn quiet_hours(&self, school: SchoolId) -> StoreResult<Option<QuietHours>> {
        Ok(sqlx::query_as::<_, QuietHoursRow>(
            "SELECT start_time, end_time, weekends, free_days FROM quiet_hours \
             WHERE school_id = $1",
        )
        .bind(school.as_uuid())
        .fetch_optional(self.pool())
        .await
        .map_err(translate)?
        .map(QuietHours::from))
    }

    async fn put_quiet_hours(
        &self,
        school: SchoolId,
        quiet: Option<QuietHours>,
    ) -> StoreResult<()> {
        let school: Uuid = school.as_uuid();
        // One statement either way. `time` keeps microseconds, more than the minutes the
        // service stores. A school that is not there breaks the foreign key: `NotFound`.
        let query = match quiet {
            Some(quiet) => sqlx::query(
                "INSERT INTO quiet_hours (school_id, start_time, end_time, weekends, free_days) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT ON CONSTRAINT quiet_hours_pkey DO UPDATE SET \
                   start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, \
                   weekends = EXCLUDED.weekends, free_days = EXCLUDED.free_days",
            )
            .bind(school)
            .bind(quiet.start)
            .bind(quiet.end)
            .bind(quiet.weekends)
            .bind(quiet.free_days),
            None => sqlx::query("DELETE FROM quiet_hours WHERE school_id = $1").bind(school),
        };
        query.execute(self.pool()).await.map_err(translate)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_changes_one_waiting_row_of_the_school_and_clears_its_lease() {
        for sql in [RECORD_SENT, RECORD_RETRY, RECORD_FAILED, RELEASE] {
            assert!(
                sql.starts_with("UPDATE outbox SET leased_until = NULL"),
                "{sql}"
            );
            assert!(
                sql.ends_with(" WHERE school_id = $1 AND id = $2 AND status = 'waiting'"),
                "{sql}"
            );
        }
        assert_eq!(RECORD_SENT.matches("attempts = LEAST").count(), 1);
        assert!(!RELEASE.contains("attempts"));
        assert!(!RECORD_RETRY.contains(", status ="));
    }

    #[test]
    fn the_claim_of_one_school_locks_and_leases_in_one_statement() {
        assert!(CLAIM_DUE.starts_with("WITH due AS"));
        assert!(CLAIM_DUE.contains("WHERE school_id = $1 AND status = 'waiting'"));
        assert!(CLAIM_DUE.contains("FOR UPDATE SKIP LOCKED"));
        assert!(CLAIM_DUE.contains("ORDER BY next_attempt_at, id LIMIT $3"));
        assert!(CLAIM_DUE.contains("SET leased_until = $4"));
        assert!(CLAIM_DUE.contains("WHERE o.school_id = $1 AND o.id = ANY"));
        // Finding the schools locks nothing.
        assert!(!DUE_SCHOOLS.contains("FOR "));
        assert!(DUE_SCHOOLS.ends_with("ORDER BY next_attempt_at, id LIMIT $2"));
    }

    #[test]
    fn schools_are_claimed_from_in_the_order_of_their_oldest_due_row_as_many_as_they_had() {
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(tally(vec![b, a, b, c, a, b]), vec![(b, 3), (a, 2), (c, 1)]);
        assert!(tally(Vec::new()).is_empty());
    }
}

/// The plan of the claim, on a real server (`test-support`).
#[cfg(all(test, feature = "test-support"))]
mod plans {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use sqlx::Connection as _;

    use super::{CLAIM_DUE, DUE_SCHOOLS};
    use crate::test_support::fresh_database;

    /// The plans of one statement, each as its nodes.
    type Plans = Vec<Vec<serde_json::Value>>;

    /// Every node of a plan (`EXPLAIN (FORMAT JSON)`), depth first.
    fn nodes(plan: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        out.push(plan.clone());
        if let Some(children) = plan["Plans"].as_array() {
            for child in children {
                nodes(child, out);
            }
        }
    }

    /// Seeds 100,000 outbox rows of two schools, of which `waiting` wait (the others were
    /// sent), due over the past days, then plans the lookup of the schools with mail due
    /// and the claim of 50 rows of one school (prepared statements), each both as the
    /// custom plan of its first runs and as the generic plan PostgreSQL switches to after
    /// them: (plans of the lookup, plans of the claim).
    async fn plans_of_claim(waiting: u32) -> (Plans, Plans) {
        let db = fresh_database().await;
        let mut conn = db.pool().acquire().await.unwrap();
        let seed = format!(
            "INSERT INTO schools (id, slug, name, time_zone, min_password_length)
             SELECT ('00000000-0000-7000-8000-00000000000' || s)::uuid, 's' || s, 'S' || s,
                    'Europe/Brussels', 12 FROM generate_series(1, 2) AS s;
             INSERT INTO messages (school_id, id, sender_id, sender_name, kind, subject, body,
                                   reply_requested, urgent, visibility, sent_at)
             SELECT ('00000000-0000-7000-8000-00000000000' || s)::uuid,
                    ('00000000-0000-7000-9000-00000000000' || s)::uuid, NULL, NULL, 'normal',
                    'Bericht', 'Tekst', false, false, '{{\"named\": [], \"groups\": []}}',
                    now() FROM generate_series(1, 2) AS s;
             INSERT INTO outbox (school_id, id, message_id, recipient_id, to_address, subject,
                                 status, attempts, next_attempt_at, created_at, leased_until)
             SELECT ('00000000-0000-7000-8000-00000000000' || (1 + i % 2))::uuid,
                    ('00000000-0000-7000-a000-' || lpad(to_hex(i), 12, '0'))::uuid,
                    ('00000000-0000-7000-9000-00000000000' || (1 + i % 2))::uuid,
                    gen_random_uuid(), 'x@example.org', 'Bericht',
                    CASE WHEN i <= {waiting} THEN 'waiting' ELSE 'sent' END,
                    CASE WHEN i <= {waiting} THEN 0 ELSE 1 END,
                    now() - (i % 5000) * interval '1 minute', now(),
                    CASE WHEN i % 3 = 0 THEN now() - interval '1 hour' END
             FROM generate_series(1, 100000) AS i;
             ANALYZE;"
        );
        sqlx::raw_sql(&seed).execute(&mut *conn).await.unwrap();
        let mut lookups = Vec::new();
        let mut claims = Vec::new();
        for mode in ["force_custom_plan", "force_generic_plan"] {
            for (statement, types, arguments, plans) in [
                (
                    DUE_SCHOOLS,
                    "timestamptz, bigint",
                    "now(), 50",
                    &mut lookups,
                ),
                (
                    CLAIM_DUE,
                    "uuid, timestamptz, bigint, timestamptz",
                    "'00000000-0000-7000-8000-000000000001', now(), 50, \
                     now() + interval '5 minutes'",
                    &mut claims,
                ),
            ] {
                let mut tx = conn.begin().await.unwrap();
                sqlx::raw_sql(&format!(
                    "SET LOCAL plan_cache_mode = {mode}; \
                     PREPARE planned ({types}) AS {statement}"
                ))
                .execute(&mut *tx)
                .await
                .unwrap();
                let (plan,): (serde_json::Value,) = sqlx::query_as(&format!(
                    "EXPLAIN (FORMAT JSON) EXECUTE planned ({arguments})"
                ))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
                sqlx::raw_sql("DEALLOCATE planned")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.rollback().await.unwrap();
                let mut all = Vec::new();
                nodes(&plan[0]["Plan"], &mut all);
                plans.push(all);
            }
        }
        (lookups, claims)
    }

    /// The lookup of the schools reads the queue index across schools from its front.
    fn assert_finds_schools_by_the_queue_index(plan: &[serde_json::Value]) {
        assert!(
            plan.iter().any(|n| n["Node Type"] == "Index Scan"
                && n["Index Name"] == "outbox_next_attempt_at_id_idx"
                && n["Scan Direction"] == "Forward"),
            "{plan:#?}"
        );
        assert!(plan.iter().all(|n| n["Node Type"] != "Sort"), "{plan:#?}");
        assert!(
            plan.iter().all(|n| n["Node Type"] != "LockRows"),
            "{plan:#?}"
        );
    }

    fn assert_claims_by_the_school_queue_index(plan: &[serde_json::Value]) {
        let on_outbox: Vec<&serde_json::Value> = plan
            .iter()
            .filter(|n| n["Relation Name"] == "outbox")
            .collect();
        assert!(
            on_outbox.iter().any(|n| n["Node Type"] == "Index Scan"
                && n["Index Name"] == "outbox_school_id_next_attempt_at_id_idx"
                && n["Scan Direction"] == "Forward"),
            "{plan:#?}"
        );
        // The leased rows are found again by their primary key, one by one: nothing reads
        // the whole outbox.
        assert!(
            on_outbox.iter().any(|n| n["Index Name"] == "outbox_pkey"
                && n["Index Cond"].as_str().is_some_and(|c| c.contains("ANY"))),
            "{plan:#?}"
        );
        assert!(
            on_outbox
                .iter()
                .filter(|n| n["Node Type"] != "ModifyTable")
                .all(|n| n["Node Type"] == "Index Scan" && n["Index Cond"].as_str().is_some()),
            "{plan:#?}"
        );
        assert!(plan.iter().all(|n| n["Node Type"] != "Sort"), "{plan:#?}");
        assert!(
            plan.iter().any(|n| n["Node Type"] == "LockRows"),
            "{plan:#?}"
        );
    }

    fn assert_plans(waiting: (Plans, Plans)) {
        let (lookups, claims) = waiting;
        assert_eq!((lookups.len(), claims.len()), (2, 2));
        for plan in lookups {
            assert_finds_schools_by_the_queue_index(&plan);
        }
        for plan in claims {
            assert_claims_by_the_school_queue_index(&plan);
        }
    }

    #[tokio::test]
    async fn the_claim_is_a_scan_of_the_queue_indexes_without_a_sort() {
        // Most rows sent long ago, a thousand waiting: the usual state.
        assert_plans(plans_of_claim(1000).await);
    }

    #[tokio::test]
    async fn a_backlog_is_claimed_by_the_queue_indexes_too() {
        // After an outage of the mail server: every row waits.
        assert_plans(plans_of_claim(100_000).await);
    }
}
