//! The attendance contract suite on SQLite: once on a database file (as in production:
//! WAL, several connections, so the checks of sheets and notes handed in at once really
//! race), once on the private in-memory database. Each check gets a fresh, migrated
//! database, with the attendance store on it (also its `Directory`), seeded through the
//! accounts stores of the same database.
#![cfg(feature = "attendance")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use schoolbrug_store_sqlite::{SqliteAccountsStore, SqliteAttendanceStore, SqliteDatabase};
use schoolbrug_tests::attendance_bridge::AttendanceAccountsSeed as AccountsSeed;

type Fresh = (
    SqliteAttendanceStore,
    Arc<SqliteAttendanceStore>,
    Arc<AccountsSeed<SqliteAccountsStore>>,
);

fn stores(db: &SqliteDatabase) -> Fresh {
    (
        db.attendance(),
        Arc::new(db.attendance()),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

/// The stores of a new, migrated database file. The file's folder lives under Cargo's
/// per-target temporary folder and is kept, as the stores outlive this function.
async fn fresh_file() -> Fresh {
    let dir = tempfile::Builder::new()
        .prefix("attendance-contract-")
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
    schoolbrug_attendance::attendance_contract_tests!(super::fresh_file());
}

mod in_memory {
    schoolbrug_attendance::attendance_contract_tests!(super::fresh_in_memory());
}
