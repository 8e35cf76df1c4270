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
