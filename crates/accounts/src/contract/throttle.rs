//! The `ThrottleStore` port: failures counted in their window, cleared, and all counted
//! when concurrent; attempts taken atomically, so no burst gets past the free ones.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `record_failure`, `throttle_state`, `clear_throttle`.
pub async fn failures_are_counted_and_cleared<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::client("192.0.2.1");
    assert!(store.throttle_state(&key).await.unwrap().is_none());
    let window = Duration::hours(24);
    store.record_failure(&key, now(), window).await.unwrap();
    let second = store
        .record_failure(&key, now() + Duration::seconds(1), window)
        .await
        .unwrap();
    assert_eq!(second.failures, 2);
    assert_eq!(second.last_failure_at, now() + Duration::seconds(1));
    assert_eq!(store.throttle_state(&key).await.unwrap(), Some(second));
    store.clear_throttle(&key).await.unwrap();
    assert!(store.throttle_state(&key).await.unwrap().is_none());
}

/// `record_failure`: a failure after the window starts over at 1.
pub async fn failures_outside_the_window_start_a_new_count<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::account(SchoolId::new(), "lotte");
    let window = Duration::hours(24);
    for _ in 0..3 {
        store.record_failure(&key, now(), window).await.unwrap();
    }
    let later = store
        .record_failure(&key, t("2026-09-03T08:00:00Z"), window)
        .await
        .unwrap();
    assert_eq!(later.failures, 1);
}

/// `record_failure`: atomic under concurrency.
pub async fn concurrent_failures_are_all_counted<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::account(SchoolId::new(), "lotte");
    let window = Duration::hours(24);
    let attempts = (0..20).map(|_| store.record_failure(&key, now(), window));
    for result in futures_join_all(attempts).await {
        result.unwrap();
    }
    assert_eq!(
        store.throttle_state(&key).await.unwrap().unwrap().failures,
        20
    );
}

/// `take_attempt`: of a burst of concurrent attempts on one key at one instant, exactly
/// the free ones are allowed and counted; the rest are refused and change nothing.
pub async fn a_burst_of_attempts_gets_exactly_the_free_ones<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::account(SchoolId::new(), "lotte");
    let policy = ThrottlePolicy::default();
    let attempts = (0..50).map(|_| store.take_attempt(&key, now(), &policy));
    let mut allowed = 0;
    for result in futures_join_all(attempts).await {
        match result.unwrap() {
            Attempt::Allowed(_) => allowed += 1,
            Attempt::Blocked { until } => assert_eq!(until, now() + Duration::seconds(1)),
        }
    }
    assert_eq!(allowed, policy.free_failures);
    let state = store.throttle_state(&key).await.unwrap().unwrap();
    assert_eq!(state.failures, policy.free_failures);
    assert_eq!(state.last_failure_at, now());
}

/// `take_attempt`: a blocked key lifts after its delay, and a count older than the
/// window starts again at 1.
pub async fn attempts_resume_after_the_delay_and_restart_after_the_window<S: AccountsStores>(
    store: &S,
) {
    let key = ThrottleKey::client("192.0.2.9");
    let policy = ThrottlePolicy::default();
    for _ in 0..5 {
        store.take_attempt(&key, now(), &policy).await.unwrap();
    }
    let later = now() + Duration::seconds(1);
    assert!(matches!(
        store.take_attempt(&key, later, &policy).await.unwrap(),
        Attempt::Allowed(s) if s.failures == 6 && s.last_failure_at == later
    ));
    let next_day = now() + Duration::hours(25);
    assert!(matches!(
        store.take_attempt(&key, next_day, &policy).await.unwrap(),
        Attempt::Allowed(s) if s.failures == 1
    ));
}

/// `take_attempts`: every key in turn; a blocked one answers `Blocked`, the keys before it
/// stay counted and the ones after it are not touched; no keys is an error.
pub async fn taking_keys_together_stops_at_the_first_blocked_one<S: AccountsStores>(store: &S) {
    let policy = ThrottlePolicy::default();
    let address = ThrottleKey::client("192.0.2.40");
    let blocked = ThrottleKey::account(SchoolId::new(), "lotte");
    let untouched = ThrottleKey::client("192.0.2.41");
    for _ in 0..policy.free_failures {
        store.take_attempt(&blocked, now(), &policy).await.unwrap();
    }
    let keys = [address.clone(), blocked.clone(), untouched.clone()];
    assert!(matches!(
        store.take_attempts(&keys, now(), &policy).await.unwrap(),
        Attempt::Blocked { .. }
    ));
    let counted = store.throttle_state(&address).await.unwrap().unwrap();
    assert_eq!(counted.failures, 1);
    assert_eq!(
        store
            .throttle_state(&blocked)
            .await
            .unwrap()
            .unwrap()
            .failures,
        policy.free_failures
    );
    assert!(store.throttle_state(&untouched).await.unwrap().is_none());

    let fresh = [ThrottleKey::client("192.0.2.42"), untouched.clone()];
    assert!(matches!(
        store.take_attempts(&fresh, now(), &policy).await.unwrap(),
        Attempt::Allowed(s) if s.failures == 1 && s.last_failure_at == now()
    ));
    assert_eq!(
        store
            .throttle_state(&untouched)
            .await
            .unwrap()
            .unwrap()
            .failures,
        1
    );
    assert!(store.take_attempts(&[], now(), &policy).await.is_err());
}

/// `take_attempts`: of a burst of concurrent attempts on the same two keys, exactly the
/// free ones are allowed, and each key counts exactly those.
pub async fn a_burst_on_two_keys_gets_exactly_the_free_ones_on_both<S: AccountsStores>(store: &S) {
    let policy = ThrottlePolicy::default();
    let keys = [
        ThrottleKey::client("192.0.2.50"),
        ThrottleKey::account(SchoolId::new(), "lotte"),
    ];
    let attempts = (0..50).map(|_| store.take_attempts(&keys, now(), &policy));
    let allowed = futures_join_all(attempts)
        .await
        .into_iter()
        .filter(|r| matches!(r.as_ref().unwrap(), Attempt::Allowed(_)))
        .count();
    assert_eq!(u32::try_from(allowed).unwrap(), policy.free_failures);
    for key in &keys {
        assert_eq!(
            store.throttle_state(key).await.unwrap().unwrap().failures,
            policy.free_failures
        );
    }
}

pub(super) use schoolbrug_kernel::join_all as futures_join_all;
