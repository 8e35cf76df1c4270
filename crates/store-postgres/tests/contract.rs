//! The accounts contract suite on PostgreSQL: every check on a fresh database of its own
//! (`SCHOOLBRUG_TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).

use schoolbrug_store_postgres::PgAccountsStore;
use schoolbrug_store_postgres::test_support::fresh_database;

async fn fresh() -> PgAccountsStore {
    fresh_database().await.accounts()
}

schoolbrug_accounts::accounts_contract_tests!(fresh());

mod external_identity {
    async fn fresh_pair() -> (
        schoolbrug_store_postgres::PgAccountsStore,
        schoolbrug_store_postgres::PgAccountsStore,
    ) {
        let store = super::fresh().await;
        (store.clone(), store)
    }

    schoolbrug_accounts::external_identity_contract_tests!(fresh_pair());
}
schoolbrug_accounts::second_factor_contract_tests!(fresh());
