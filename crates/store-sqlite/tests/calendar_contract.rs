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
