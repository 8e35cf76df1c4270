//! The `OutboxQueue` port: claims with leases, concurrent workers, sent, retried, failed and released rows, purging.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `claim_due`: waiting rows due by `now`, oldest first (then by id), at most `limit`;
/// a claim is not an attempt and returns the rows as stored.
pub async fn claims_take_due_rows_oldest_first_up_to_the_limit<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let m = Duration::minutes;
    let rows = queued(
        store,
        &w,
        &[
            now() - m(1),
            now() - m(10),
            now() - m(5),
            now() + m(1),
            now() - m(10),
            now(),
        ],
    )
    .await;
    let lease = Duration::minutes(5);
    assert!(store.claim_due(now(), 0, lease).await.unwrap().is_empty());
    let first = store.claim_due(now(), 3, lease).await.unwrap();
    assert_eq!(
        first,
        vec![rows[1].clone(), rows[4].clone(), rows[2].clone()],
        "by due time, then by id, with every field as stored"
    );
    let second = store.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(second, vec![rows[0].clone(), rows[5].clone()]);
    assert!(store.claim_due(now(), 10, lease).await.unwrap().is_empty());
    for row in &rows {
        assert_eq!(stored(store, &w, row.id).await.as_ref(), Some(row));
    }
    let later = store.claim_due(now() + m(1), 10, lease).await.unwrap();
    assert_eq!(later, vec![rows[3].clone()]);
}

/// `claim_due`: a held row is not claimed again until its lease has run out; then it is.
pub async fn a_held_row_is_claimed_again_only_when_its_lease_has_run_out<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    assert_eq!(
        ids(&store.claim_due(now(), 10, lease).await.unwrap()),
        ids(&rows)
    );
    let almost = now() + lease - Duration::seconds(1);
    assert!(store.claim_due(almost, 10, lease).await.unwrap().is_empty());
    let expired = now() + lease;
    let again = store.claim_due(expired, 10, lease).await.unwrap();
    assert_eq!(again, rows, "a killed worker loses nothing");
    assert!(
        store
            .claim_due(expired + Duration::seconds(1), 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "claimed again means held again"
    );
}

/// `claim_due`: concurrent claimers get disjoint rows; together, every row once.
pub async fn concurrent_claimers_never_get_the_same_row<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let dues: Vec<DateTime<Utc>> = (0..30).map(|i| now() - Duration::seconds(i)).collect();
    let rows = queued(store, &w, &dues).await;
    let lease = Duration::minutes(5);
    let claims = join_all(
        (0..4)
            .map(|_| store.claim_due(now(), 10, lease))
            .collect::<Vec<_>>(),
    )
    .await;
    let mut seen = std::collections::HashSet::new();
    for claim in claims {
        for row in claim.unwrap() {
            assert!(seen.insert(row.id), "row {} claimed twice", row.id);
        }
    }
    // Claimers may skip rows others had locked: what is left comes with later claims.
    for _ in 0..30 {
        let more = store.claim_due(now(), 10, lease).await.unwrap();
        if more.is_empty() {
            break;
        }
        for row in more {
            assert!(seen.insert(row.id), "row {} claimed twice", row.id);
        }
    }
    let mut all = ids(&rows);
    all.sort();
    let mut claimed: Vec<OutboxId> = seen.into_iter().collect();
    claimed.sort();
    assert_eq!(claimed, all);
}

/// `purge_sent`: sent rows whose last attempt is older than the cut-off go, in every
/// school; newer sent rows, waiting rows and failed rows stay.
pub async fn only_sent_rows_older_than_the_cut_off_are_purged<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let lease = Duration::minutes(5);
    let mine = queued(store, &w, &[now(), now(), now(), now()]).await;
    let theirs = queued(store, &other, &[now()]).await;
    let old = now() + Duration::minutes(1);
    let recent = now() + Duration::days(20);
    assert_eq!(store.claim_due(now(), 10, lease).await.unwrap().len(), 5);
    assert!(
        store
            .record_sent(w.school.id, mine[0].id, old)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_sent(w.school.id, mine[1].id, recent)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_failed(w.school.id, mine[2].id, "550 no", old)
            .await
            .unwrap()
    );
    assert!(store.release(w.school.id, mine[3].id).await.unwrap());
    assert!(
        store
            .record_sent(other.school.id, theirs[0].id, old)
            .await
            .unwrap()
    );

    let cut_off = now() + Duration::days(10);
    assert_eq!(store.purge_sent(cut_off).await.unwrap(), 2);
    assert_eq!(stored(store, &w, mine[0].id).await, None);
    assert_eq!(stored(store, &other, theirs[0].id).await, None);
    for kept in &mine[1..] {
        assert!(stored(store, &w, kept.id).await.is_some(), "{kept:?}");
    }
    assert_eq!(store.purge_sent(cut_off).await.unwrap(), 0);
}

/// `record_sent`: sent, one more attempt, no error, the time; never claimed again, and
/// no later record changes it.
pub async fn a_sent_row_is_never_claimed_or_changed_again<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    let at = now() + Duration::seconds(3);
    assert!(store.record_sent(w.school.id, row.id, at).await.unwrap());
    let sent = OutboxRow {
        status: OutboxStatus::Sent,
        attempts: 1,
        last_error: None,
        next_attempt_at: at,
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(sent.clone()));
    let much_later = now() + Duration::days(2);
    assert!(
        store
            .claim_due(much_later, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .record_sent(w.school.id, row.id, much_later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_retry(w.school.id, row.id, "451", much_later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_failed(w.school.id, row.id, "550", much_later)
            .await
            .unwrap()
    );
    assert!(!store.release(w.school.id, row.id).await.unwrap());
    assert_eq!(stored(store, &w, row.id).await, Some(sent));
}

/// `record_retry`: still waiting, one more attempt, the error, the new due time, and the
/// lease cleared: claimable from the new time on, not before.
pub async fn a_retried_row_is_due_again_at_its_new_time<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::hours(1);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    let retry_at = now() + Duration::minutes(2);
    assert!(
        store
            .record_retry(w.school.id, row.id, "451 4.3.0 try again later", retry_at)
            .await
            .unwrap()
    );
    let waiting = OutboxRow {
        attempts: 1,
        last_error: Some("451 4.3.0 try again later".into()),
        next_attempt_at: retry_at,
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(waiting.clone()));
    assert!(
        store
            .claim_due(retry_at - Duration::seconds(1), 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.claim_due(retry_at, 10, lease).await.unwrap(),
        vec![waiting.clone()],
        "the old lease (an hour) no longer holds it"
    );
    assert!(
        store
            .record_retry(
                w.school.id,
                row.id,
                "421 busy",
                retry_at + Duration::minutes(1)
            )
            .await
            .unwrap()
    );
    let twice = stored(store, &w, row.id).await.unwrap();
    assert_eq!(twice.attempts, 2);
    assert_eq!(twice.last_error.as_deref(), Some("421 busy"));
    assert_eq!(twice.status, OutboxStatus::Waiting);
}

/// `record_failed`: failed for good with the answer; never claimed or changed again.
pub async fn a_failed_row_keeps_the_answer_and_is_never_claimed_again<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    let at = now() + Duration::seconds(2);
    assert!(
        store
            .record_failed(w.school.id, row.id, "550 5.1.1 no such user", at)
            .await
            .unwrap()
    );
    let failed = OutboxRow {
        status: OutboxStatus::Failed,
        attempts: 1,
        last_error: Some("550 5.1.1 no such user".into()),
        next_attempt_at: at,
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(failed.clone()));
    let page = store
        .outbox(w.school.id, OutboxStatus::Failed, &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(page.items, vec![failed.clone()]);
    let much_later = now() + Duration::days(2);
    assert!(
        store
            .claim_due(much_later, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .record_sent(w.school.id, row.id, much_later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_retry(w.school.id, row.id, "451", much_later)
            .await
            .unwrap()
    );
    assert!(!store.release(w.school.id, row.id).await.unwrap());
    assert_eq!(stored(store, &w, row.id).await, Some(failed));
}

/// `release`: the lease cleared and nothing else: claimable at once, unchanged.
pub async fn a_released_row_is_claimable_at_once_and_unchanged<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::hours(1);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    assert!(
        store
            .record_retry(w.school.id, row.id, "451 later", now())
            .await
            .unwrap()
    );
    let retried = store.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(ids(&retried), ids(&rows));
    assert!(store.release(w.school.id, row.id).await.unwrap());
    let expected = OutboxRow {
        attempts: 1,
        last_error: Some("451 later".into()),
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(expected.clone()));
    assert_eq!(
        store.claim_due(now(), 10, lease).await.unwrap(),
        vec![expected]
    );
    assert!(store.release(w.school.id, row.id).await.unwrap());
}

/// Every `record_*` and `release`: an unknown row, or a row named with another school,
/// answers `false` and changes nothing.
pub async fn recording_an_unknown_or_another_schools_row_changes_nothing<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    for (school, id) in [(w.school.id, OutboxId::new()), (other.school.id, row.id)] {
        assert!(!store.record_sent(school, id, now()).await.unwrap());
        assert!(!store.record_retry(school, id, "451", now()).await.unwrap());
        assert!(!store.record_failed(school, id, "550", now()).await.unwrap());
        assert!(!store.release(school, id).await.unwrap());
    }
    assert_eq!(stored(store, &w, row.id).await.as_ref(), Some(&rows[0]));
    assert!(
        store.claim_due(now(), 10, lease).await.unwrap().is_empty(),
        "still held"
    );
}
