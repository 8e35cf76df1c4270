//! The calendar contract suite on SQLite: once on a database file (as in production: WAL,
//! several connections), once on the private in-memory database. Each check gets a fresh,
//! migrated database, with the calendar store on it (also its `Directory`), seeded
//! through the accounts stores of the same database.
#![cfg(feature = "calendar")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use schoolbrug_store_sqlite::{SqliteAccountsStore, SqliteCalendarStore, SqliteDatabase};
use schoolbrug_tests::calendar_bridge::CalendarAccountsSeed as AccountsSeed;

type Fresh = (
    SqliteCalendarStore,
    Arc<SqliteCalendarStore>,
    Arc<AccountsSeed<SqliteAccountsStore>>,
);

fn stores(db: &SqliteDatabase) -> Fresh {
    (
        db.calendar(),
        Arc::new(db.calendar()),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

/// The stores of a new, migrated database file. The file's folder lives under Cargo's
/// per-target temporary folder and is kept, as the stores outlive this function.
async fn fresh_file() -> Fresh {
    let dir = tempfile::Builder::new()
        .prefix("calendar-contract-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep();
    let db = SqliteDatabase::connect(dir.join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    stores(&db)
}

/// The stores of a new, migrated in-memory database.
async fn fresh_in_memory() -> Fresh {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    stores(&db)
}

mod on_file {
    schoolbrug_calendar::calendar_contract_tests!(super::fresh_file());
}

mod in_memory {
    schoolbrug_calendar::calendar_contract_tests!(super::fresh_in_memory());
}

/// Beyond the contract: replacements made at once from the same version. Exactly one is
/// stored, with its audience; every other is refused as `activity_changed`.
mod concurrent_replacements {
    use schoolbrug_calendar::contract::{activity, day, now, world};
    use schoolbrug_calendar::error::conflicts::ACTIVITY_CHANGED;
    use schoolbrug_calendar::model::{Target, Title};
    use schoolbrug_calendar::ports::{ActivityStore as _, StoreError};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn one_replacement_of_a_version_wins() {
        let (store, _, seed) = super::fresh_file().await;
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
