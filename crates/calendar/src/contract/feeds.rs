//! `FeedStore`: feeds open by their token's hash only, per account, revocable.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::error::conflicts::FEED_EXISTS;
use crate::model::Feed;
use crate::ports::StoreError;
use schoolbrug_kernel::{FeedId, SessionToken};

fn feed(w: &World, account: &Person, child: Option<AccountId>) -> Feed {
    Feed {
        id: FeedId::new(),
        school: w.school,
        account: account.id,
        child,
        created_at: now(),
        last_used_at: None,
    }
}

/// `insert_feed`, `feed_by_token`, one feed per account and child.
pub async fn a_feed_opens_by_its_token_and_is_one_per_calendar<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let token = SessionToken::generate();
    let mama = feed(&w, &w.lotte_mama, Some(w.lotte.id));
    store.insert_feed(&mama, &token.hash()).await.unwrap();
    assert_eq!(
        store.feed_by_token(&token.hash()).await.unwrap(),
        Some(mama.clone())
    );
    assert_eq!(
        store
            .feed_by_token(&SessionToken::generate().hash())
            .await
            .unwrap(),
        None
    );
    let again = feed(&w, &w.lotte_mama, Some(w.lotte.id));
    assert!(matches!(
        store
            .insert_feed(&again, &SessionToken::generate().hash())
            .await,
        Err(StoreError::Conflict(FEED_EXISTS))
    ));
    assert_eq!(
        store.feeds_of(w.school, w.lotte_mama.id).await.unwrap(),
        vec![mama]
    );
    let teacher = feed(&w, &w.teacher, None);
    store
        .insert_feed(&teacher, &SessionToken::generate().hash())
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_feed(
                &feed(&w, &w.teacher, None),
                &SessionToken::generate().hash()
            )
            .await,
        Err(StoreError::Conflict(FEED_EXISTS))
    ));
}

/// `feeds_of`.
pub async fn feeds_are_listed_per_account<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let lotte = feed(&w, &w.lotte, None);
    let noah = feed(&w, &w.noah, None);
    store
        .insert_feed(&lotte, &SessionToken::generate().hash())
        .await
        .unwrap();
    store
        .insert_feed(&noah, &SessionToken::generate().hash())
        .await
        .unwrap();
    assert_eq!(
        store.feeds_of(w.school, w.lotte.id).await.unwrap(),
        vec![lotte]
    );
    assert!(
        store
            .feeds_of(other.school, w.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .feeds_of(w.school, w.teacher.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `renew_feed`.
pub async fn a_renewed_feed_answers_only_to_its_new_token<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let old = SessionToken::generate();
    let lotte = feed(&w, &w.lotte, None);
    store.insert_feed(&lotte, &old.hash()).await.unwrap();
    let new = SessionToken::generate();
    let later = now() + Duration::days(3);
    assert!(
        !store
            .renew_feed(w.school, w.noah.id, lotte.id, &new.hash(), later)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .feed_by_token(&old.hash())
            .await
            .unwrap()
            .map(|f| f.id),
        Some(lotte.id)
    );
    assert!(
        store
            .renew_feed(w.school, w.lotte.id, lotte.id, &new.hash(), later)
            .await
            .unwrap()
    );
    assert_eq!(store.feed_by_token(&old.hash()).await.unwrap(), None);
    let renewed = store.feed_by_token(&new.hash()).await.unwrap().unwrap();
    assert_eq!(renewed.id, lotte.id);
    assert_eq!(renewed.created_at, later);
}

/// `revoke_feed`.
pub async fn a_revoked_feed_answers_to_nothing<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let token = SessionToken::generate();
    let lotte = feed(&w, &w.lotte, None);
    store.insert_feed(&lotte, &token.hash()).await.unwrap();
    assert!(
        !store
            .revoke_feed(w.school, w.noah.id, lotte.id)
            .await
            .unwrap()
    );
    assert!(store.feed_by_token(&token.hash()).await.unwrap().is_some());
    assert!(
        store
            .revoke_feed(w.school, w.lotte.id, lotte.id)
            .await
            .unwrap()
    );
    assert_eq!(store.feed_by_token(&token.hash()).await.unwrap(), None);
    assert!(
        !store
            .revoke_feed(w.school, w.lotte.id, lotte.id)
            .await
            .unwrap()
    );
    // A new feed may be made once the old one is gone.
    store
        .insert_feed(&feed(&w, &w.lotte, None), &SessionToken::generate().hash())
        .await
        .unwrap();
}

/// `record_feed_use`: at most once an hour.
pub async fn the_use_of_a_feed_is_recorded_at_most_hourly<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let token = SessionToken::generate();
    let lotte = feed(&w, &w.lotte, None);
    store.insert_feed(&lotte, &token.hash()).await.unwrap();
    let first = now() + Duration::minutes(5);
    store
        .record_feed_use(w.school, lotte.id, first)
        .await
        .unwrap();
    assert_eq!(last_used(store, &token).await, Some(first));
    store
        .record_feed_use(w.school, lotte.id, first + Duration::minutes(30))
        .await
        .unwrap();
    assert_eq!(last_used(store, &token).await, Some(first));
    let later = first + Duration::minutes(61);
    store
        .record_feed_use(w.school, lotte.id, later)
        .await
        .unwrap();
    assert_eq!(last_used(store, &token).await, Some(later));
    store
        .record_feed_use(w.school, FeedId::new(), later)
        .await
        .unwrap();
}

/// `remove_feeds_of`.
pub async fn erasure_removes_the_feeds_of_and_for_an_account<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let lotte = feed(&w, &w.lotte, None);
    let mama = feed(&w, &w.lotte_mama, Some(w.lotte.id));
    let noah = feed(&w, &w.noah, None);
    for f in [&lotte, &mama, &noah] {
        store
            .insert_feed(f, &SessionToken::generate().hash())
            .await
            .unwrap();
    }
    store.remove_feeds_of(w.school, w.lotte.id).await.unwrap();
    assert!(
        store
            .feeds_of(w.school, w.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .feeds_of(w.school, w.lotte_mama.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.feeds_of(w.school, w.noah.id).await.unwrap(),
        vec![noah]
    );
}

async fn last_used<S: Store>(store: &S, token: &SessionToken) -> Option<DateTime<Utc>> {
    store
        .feed_by_token(&token.hash())
        .await
        .unwrap()
        .unwrap()
        .last_used_at
}
