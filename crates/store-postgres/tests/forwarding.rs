//! What the PostgreSQL forwarding queue does beyond the contract suite: workers in
//! separate processes (here: separate pools) share one queue without sending a row twice,
//! a claim passes rows locked by another by without waiting, the lease column as stored,
//! and quiet hours tied to their school.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, TimeZone as _, Utc};
use schoolbrug_kernel::{OutboxId, SchoolId};
use schoolbrug_messaging::QuietHours;
use schoolbrug_messaging::contract::{World, delivery, world};
use schoolbrug_messaging::model::{Forwarded, OutboxRow, OutboxStatus};
use schoolbrug_messaging::ports::{
    MessageStore as _, OutboxQueue, QuietHoursStore as _, StoreError,
};
use schoolbrug_store_postgres::test_support::fresh_database;
use schoolbrug_store_postgres::{PgDatabase, PgMessageStore};
use schoolbrug_tests::bridge::AccountsSeed;
use sqlx::postgres::PgPoolOptions;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

/// `n` waiting rows in one message of `w`'s school, due over the `n` seconds before
/// `now()`, in the order of their due time.
async fn queue(store: &PgMessageStore, w: &World, n: usize) -> Vec<OutboxRow> {
    let mut d = delivery(w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    d.outbox = (0..n)
        .map(|i| OutboxRow {
            id: OutboxId::new(),
            school: w.school.id,
            forwards: Forwarded::Message(d.message.id),
            recipient: w.lotte_mama.id,
            to: format!("mama{i}@example.org"),
            subject: "Uitstap".into(),
            status: OutboxStatus::Waiting,
            attempts: 0,
            last_error: None,
            next_attempt_at: now() - Duration::seconds(i64::try_from(n - i).unwrap()),
            created_at: now(),
        })
        .collect();
    store.deliver(&d.build()).await.unwrap();
    d.outbox
}

/// The stored lease of a row.
async fn leased_until(db: &PgDatabase, id: OutboxId) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT leased_until FROM outbox WHERE id = $1")
        .bind(id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// A store on a pool of its own with one connection: what another worker process has.
async fn another_worker(db: &PgDatabase) -> PgMessageStore {
    let options = db.pool().connect_options().as_ref().clone();
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    PgMessageStore::new(pool)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_workers_over_a_thousand_rows_claim_each_row_once() {
    let db = fresh_database().await;
    let store = db.messaging();
    let a = world(&AccountsSeed::new(Arc::new(db.accounts())), "a").await;
    let b = world(&AccountsSeed::new(Arc::new(db.accounts())), "b").await;
    let mut rows = queue(&store, &a, 600).await;
    rows.extend(queue(&store, &b, 400).await);
    let lease = Duration::minutes(5);

    let barrier = Arc::new(tokio::sync::Barrier::new(4));
    let mut workers = Vec::new();
    for _ in 0..4 {
        let worker = another_worker(&db).await;
        let barrier = Arc::clone(&barrier);
        workers.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut claimed = Vec::new();
            // Until a claim finds nothing free: rows others hold or have locked are theirs.
            loop {
                let batch = worker.claim_due(now(), 25, lease).await.unwrap();
                if batch.is_empty() {
                    return claimed;
                }
                assert!(batch.len() <= 25);
                assert!(
                    batch
                        .windows(2)
                        .all(|p| (p[0].next_attempt_at, p[0].id) < (p[1].next_attempt_at, p[1].id)),
                    "each claim in claim order"
                );
                claimed.extend(batch);
            }
        }));
    }
    let mut seen: HashSet<OutboxId> = HashSet::new();
    let mut busy = 0;
    for worker in workers {
        let claimed = worker.await.unwrap();
        if !claimed.is_empty() {
            busy += 1;
        }
        for row in claimed {
            assert_eq!(row.attempts, 0, "a claim is not an attempt");
            assert!(seen.insert(row.id), "row {} claimed twice", row.id);
        }
    }
    eprintln!("{busy} of 4 workers claimed rows");
    let all: HashSet<OutboxId> = rows.iter().map(|o| o.id).collect();
    assert_eq!(seen.len(), 1000);
    assert_eq!(seen, all, "together, every row of both schools");
    // Every row is held until the end of its lease, and nothing is left to claim.
    let held: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE leased_until = $1")
        .bind(now() + lease)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(held, 1000);
    assert!(
        store
            .claim_due(now(), 1000, lease)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_row_of_a_worker_that_died_is_claimed_again_once_its_lease_has_run_out() {
    let db = fresh_database().await;
    let store = db.messaging();
    let w = world(&AccountsSeed::new(Arc::new(db.accounts())), "a").await;
    let rows = queue(&store, &w, 3).await;
    let lease = Duration::seconds(90);

    // A worker claims and dies before recording anything.
    let died = another_worker(&db).await;
    let claimed = died.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(claimed, rows);
    assert_eq!(leased_until(&db, rows[0].id).await, Some(now() + lease));
    drop(died);

    let survivor = another_worker(&db).await;
    let almost = now() + lease - Duration::microseconds(1);
    assert!(
        survivor
            .claim_due(almost, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    let expired = now() + lease;
    let again = survivor.claim_due(expired, 10, lease).await.unwrap();
    assert_eq!(again, rows, "as stored, nothing lost");
    assert_eq!(leased_until(&db, rows[0].id).await, Some(expired + lease));

    // The survivor records; each outcome clears the lease.
    assert!(
        survivor
            .record_sent(w.school.id, rows[0].id, expired)
            .await
            .unwrap()
    );
    assert!(
        survivor
            .record_retry(w.school.id, rows[1].id, "451", expired + lease * 4)
            .await
            .unwrap()
    );
    assert!(survivor.release(w.school.id, rows[2].id).await.unwrap());
    for row in &rows {
        assert_eq!(leased_until(&db, row.id).await, None);
    }
    let released = survivor.claim_due(expired, 10, lease).await.unwrap();
    assert_eq!(released, vec![rows[2].clone()]);
    assert!(
        survivor
            .record_failed(w.school.id, rows[2].id, "550", expired)
            .await
            .unwrap()
    );
    assert_eq!(leased_until(&db, rows[2].id).await, None);
}

#[tokio::test]
async fn a_claim_passes_rows_locked_by_another_transaction_by_without_waiting() {
    let db = fresh_database().await;
    let store = db.messaging();
    let w = world(&AccountsSeed::new(Arc::new(db.accounts())), "a").await;
    let rows = queue(&store, &w, 5).await;
    let lease = Duration::minutes(5);

    // Another claimer, mid-statement, holds the two oldest rows.
    let mut other = db.pool().begin().await.unwrap();
    sqlx::query("SELECT id FROM outbox WHERE id = ANY ($1) FOR UPDATE")
        .bind(vec![rows[0].id.as_uuid(), rows[1].id.as_uuid()])
        .fetch_all(&mut *other)
        .await
        .unwrap();
    let claimed = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        store.claim_due(now(), 10, lease),
    )
    .await
    .expect("the claim does not wait for the locked rows")
    .unwrap();
    assert_eq!(claimed, rows[2..].to_vec());
    other.rollback().await.unwrap();
    // Unlocked and never leased: free for the next claim.
    assert_eq!(
        store.claim_due(now(), 10, lease).await.unwrap(),
        rows[..2].to_vec()
    );
}

#[tokio::test]
async fn attempts_stop_counting_at_the_largest_stored_number() {
    let db = fresh_database().await;
    let store = db.messaging();
    let w = world(&AccountsSeed::new(Arc::new(db.accounts())), "a").await;
    let rows = queue(&store, &w, 1).await;
    sqlx::query("UPDATE outbox SET attempts = 2147483647 WHERE id = $1")
        .bind(rows[0].id.as_uuid())
        .execute(db.pool())
        .await
        .unwrap();
    assert!(
        store
            .record_retry(w.school.id, rows[0].id, "451", now())
            .await
            .unwrap()
    );
    let claimed = store
        .claim_due(now(), 1, Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(claimed[0].attempts, 2_147_483_647);
}

#[tokio::test]
async fn quiet_hours_belong_to_an_existing_school_and_go_with_it() {
    let db = fresh_database().await;
    let store = db.messaging();
    let quiet = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        weekends: true,
        free_days: true,
    };
    assert!(matches!(
        store.put_quiet_hours(SchoolId::new(), Some(quiet)).await,
        Err(StoreError::NotFound)
    ));
    // Removing what is not there is fine, for any school.
    store.put_quiet_hours(SchoolId::new(), None).await.unwrap();

    let school = SchoolId::new();
    sqlx::query(
        "INSERT INTO schools (id, slug, name, time_zone, min_password_length) \
         VALUES ($1, 'leeg', 'Leeg', 'Europe/Brussels', 12)",
    )
    .bind(school.as_uuid())
    .execute(db.pool())
    .await
    .unwrap();
    store.put_quiet_hours(school, Some(quiet)).await.unwrap();
    assert_eq!(store.quiet_hours(school).await.unwrap(), Some(quiet));
    sqlx::query("DELETE FROM schools WHERE id = $1")
        .bind(school.as_uuid())
        .execute(db.pool())
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM quiet_hours")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(store.quiet_hours(school).await.unwrap(), None);
}
