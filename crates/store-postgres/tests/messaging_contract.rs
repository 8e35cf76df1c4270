//! The messaging contract suite on PostgreSQL: every check on a fresh database of its own
//! (`SCHOOLBRUG_TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`),
//! the messaging store and the accounts store sharing it.

use std::sync::Arc;

use schoolbrug_store_postgres::test_support::fresh_database;
use schoolbrug_store_postgres::{PgAccountsStore, PgMessageStore};
use schoolbrug_tests::bridge::AccountsSeed;

async fn fresh() -> (PgMessageStore, Arc<AccountsSeed<PgAccountsStore>>) {
    let db = fresh_database().await;
    (
        db.messaging(),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

schoolbrug_messaging::messaging_contract_tests!(fresh());
