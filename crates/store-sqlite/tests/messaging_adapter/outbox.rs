//! The outbox queue on a file: two claimers get disjoint rows, a lease that ran out, quiet
//! hours to the minute.

use super::*;

/// Claims with `store` until a claim comes back empty; every row claimed, in order.
async fn claim_until_empty(store: SqliteMessageStore, lease: Duration) -> Vec<OutboxId> {
    let mut claimed = Vec::new();
    loop {
        let rows = store.claim_due(now(), 7, lease).await.unwrap();
        if rows.is_empty() {
            return claimed;
        }
        claimed.extend(rows.iter().map(|row| row.id));
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_claimers_on_one_file_get_disjoint_rows_that_cover_all() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let accounts = db.accounts();
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let pupils = many_pupils(&db, &w, 200).await;
    let d = mass_delivery(&w, &pupils, 200, "Zwembad", "Tot vrijdag");
    let mut all: Vec<OutboxId> = d.outbox.iter().map(|row| row.id).collect();
    db.messaging().deliver(&d.build()).await.unwrap();
    // A second pool on the same file: as another process would claim.
    let other = SqliteDatabase::connect(dir.path().join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();

    let lease = Duration::minutes(5);
    let first = tokio::spawn(claim_until_empty(db.messaging(), lease));
    let second = tokio::spawn(claim_until_empty(other.messaging(), lease));
    let (first, second) = (first.await.unwrap(), second.await.unwrap());

    let mut together: Vec<OutboxId> = first.iter().chain(&second).copied().collect();
    together.sort();
    let claimed = together.len();
    together.dedup();
    assert_eq!(
        together.len(),
        claimed,
        "a row was claimed twice ({} and {} rows)",
        first.len(),
        second.len()
    );
    all.sort();
    assert_eq!(together, all, "every row claimed once");
    let leased: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE leased_until IS NOT NULL AND attempts = 0",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(leased, 200);
}

/// The stored `leased_until` of the outbox row `id`.
async fn leased_until(db: &SqliteDatabase, id: OutboxId) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT leased_until FROM outbox WHERE id = ?1")
        .bind(id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_claim_after_the_lease_ran_out_returns_the_row_again() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Zwembad", "x", now());
    d.outbox = mass_delivery(&w, &[w.lotte_mama.id], 1, "Zwembad", "x").outbox;
    d.outbox[0].forwards = Forwarded::Message(d.message.id);
    store.deliver(&d.build()).await.unwrap();
    let id = d.outbox[0].id;
    assert_eq!(leased_until(&db, id).await, None);

    // A lease ending within a second: the stored times compare with their fractions.
    let lease = Duration::milliseconds(1_500);
    let claimed = store.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(claimed, d.outbox, "claimed as stored");
    assert_eq!(leased_until(&db, id).await, Some(now() + lease));
    for held in [
        now(),
        now() + Duration::seconds(1),
        now() + Duration::milliseconds(1_499),
    ] {
        assert!(
            store.claim_due(held, 10, lease).await.unwrap().is_empty(),
            "{held}"
        );
    }
    let expired = now() + lease;
    let again = store.claim_due(expired, 10, lease).await.unwrap();
    assert_eq!(again, d.outbox, "the same row, no attempt counted");
    assert_eq!(leased_until(&db, id).await, Some(expired + lease));

    // Released, the lease is gone: claimable at once, and cleared again by a record.
    assert!(store.release(w.school.id, id).await.unwrap());
    assert_eq!(leased_until(&db, id).await, None);
    assert_eq!(store.claim_due(expired, 10, lease).await.unwrap().len(), 1);
    assert!(store.record_sent(w.school.id, id, expired).await.unwrap());
    assert_eq!(leased_until(&db, id).await, None);
    assert!(
        store
            .claim_due(expired + Duration::days(1), 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn quiet_hours_are_kept_to_the_minute_and_need_a_known_school() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let time = |h, m, s| chrono::NaiveTime::from_hms_opt(h, m, s).unwrap();
    let quiet = QuietHours {
        start: time(20, 0, 0),
        end: time(7, 0, 0),
        weekends: true,
        free_days: true,
    };
    let stored: (String, String, i64, i64) = {
        store
            .put_quiet_hours(w.school.id, Some(quiet))
            .await
            .unwrap();
        sqlx::query_as(
            "SELECT start_time, end_time, weekends, free_days FROM quiet_hours \
             WHERE school_id = ?1",
        )
        .bind(w.school.id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
    };
    assert_eq!(stored, ("20:00".into(), "07:00".into(), 1, 1));
    let with_seconds = QuietHours {
        start: time(20, 0, 59),
        ..quiet
    };
    store
        .put_quiet_hours(w.school.id, Some(with_seconds))
        .await
        .unwrap();
    assert_eq!(store.quiet_hours(w.school.id).await.unwrap(), Some(quiet));
    assert!(matches!(
        store
            .put_quiet_hours(schoolbrug_kernel::SchoolId::new(), Some(quiet))
            .await,
        Err(StoreError::NotFound)
    ));
}
