//! The attendance contract suite on PostgreSQL: every check on a fresh database of its own
//! (`SCHOOLBRUG_TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`),
//! the attendance store (also its `Directory`) and the accounts store sharing it, the
//! accounts store seeding it. The checks of sheets and notes handed in at once race on the
//! pool's several connections.
#![cfg(feature = "attendance")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use schoolbrug_store_postgres::test_support::fresh_database;
use schoolbrug_store_postgres::{PgAccountsStore, PgAttendanceStore};
use schoolbrug_tests::attendance_bridge::AttendanceAccountsSeed as AccountsSeed;

async fn fresh() -> (
    PgAttendanceStore,
    Arc<PgAttendanceStore>,
    Arc<AccountsSeed<PgAccountsStore>>,
) {
    let db = fresh_database().await;
    (
        db.attendance(),
        Arc::new(db.attendance()),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

schoolbrug_attendance::attendance_contract_tests!(fresh());
