//! The calendar contract suite on PostgreSQL: every check on a fresh database of its own
//! (`SCHOOLBRUG_TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`),
//! the calendar store (also its `Directory`) and the accounts store sharing it, the
//! accounts store seeding it.
#![cfg(feature = "calendar")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use schoolbrug_store_postgres::test_support::fresh_database;
use schoolbrug_store_postgres::{PgAccountsStore, PgCalendarStore};
use schoolbrug_tests::calendar_bridge::CalendarAccountsSeed as AccountsSeed;

async fn fresh() -> (
    PgCalendarStore,
    Arc<PgCalendarStore>,
    Arc<AccountsSeed<PgAccountsStore>>,
) {
    let db = fresh_database().await;
    (
        db.calendar(),
        Arc::new(db.calendar()),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

schoolbrug_calendar::calendar_contract_tests!(fresh());

/// Beyond the contract: replacements made at once from the same version. Exactly one is
/// stored, with its audience; every other is refused as `activity_changed`.
mod concurrent_replacements {
    use schoolbrug_calendar::contract::{activity, day, now, world};
    use schoolbrug_calendar::error::conflicts::ACTIVITY_CHANGED;
    use schoolbrug_calendar::model::{Target, Title};
    use schoolbrug_calendar::ports::{ActivityStore as _, StoreError};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn one_replacement_of_a_version_wins() {
        let (store, _, seed) = super::fresh().await;
        let w = world(&*seed, "a").await;
        let first = activity(
            w.school,
            w.teacher.id,
            "Uitstap",
            vec![Target::Group(w.class_3a)],
            now() + chrono::Duration::days(9),
            Some(day(2027, 3, 30)),
        );
        store.insert_activity(&first).await.unwrap();
        let tries: Vec<_> = (0..8)
            .map(|n| {
                let mut changed = first.clone();
                changed.title = Title::parse(&format!("Uitstap {n}")).unwrap();
                changed.audience = if n % 2 == 0 {
                    vec![Target::School]
                } else {
                    vec![Target::Group(w.class_3a), Target::Group(w.class_3b)]
                };
                changed.sequence = 1;
                changed
            })
            .collect();
        let outcomes = futures_join(&store, &tries).await;
        let won: Vec<usize> = (0..tries.len()).filter(|i| outcomes[*i].is_ok()).collect();
        assert_eq!(won.len(), 1, "{outcomes:?}");
        for outcome in &outcomes {
            assert!(
                matches!(
                    outcome,
                    Ok(()) | Err(StoreError::Conflict(ACTIVITY_CHANGED))
                ),
                "{outcome:?}"
            );
        }
        assert_eq!(
            store.activity(w.school, first.id).await.unwrap(),
            Some(tries[won[0]].clone())
        );
    }

    async fn futures_join<S: schoolbrug_calendar::ports::ActivityStore + Clone + 'static>(
        store: &S,
        tries: &[schoolbrug_calendar::model::Activity],
    ) -> Vec<Result<(), StoreError>> {
        let handles: Vec<_> = tries
            .iter()
            .cloned()
            .map(|a| {
                let store = store.clone();
                tokio::spawn(async move { store.replace_activity(&a).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for handle in handles {
            outcomes.push(handle.await.unwrap());
        }
        outcomes
    }
}
