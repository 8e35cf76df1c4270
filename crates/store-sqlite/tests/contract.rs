//! The accounts contract suite on SQLite: once on a database file (as in production: WAL,
//! several connections), once on the private in-memory database.
#![cfg(feature = "accounts")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use schoolbrug_store_sqlite::{SqliteAccountsStore, SqliteDatabase};

/// A migrated store on a new database file. The file's folder lives under Cargo's
/// per-target temporary folder and is kept, as the store outlives this function.
async fn fresh_file() -> SqliteAccountsStore {
    let dir = tempfile::Builder::new()
        .prefix("contract-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep();
    let db = SqliteDatabase::connect(dir.join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db.accounts()
}

/// A migrated store on a new in-memory database.
async fn fresh_in_memory() -> SqliteAccountsStore {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    db.accounts()
}

mod on_file {
    schoolbrug_accounts::accounts_contract_tests!(super::fresh_file());
    schoolbrug_accounts::second_factor_contract_tests!(super::fresh_file());
}

mod in_memory {
    schoolbrug_accounts::accounts_contract_tests!(super::fresh_in_memory());
    schoolbrug_accounts::second_factor_contract_tests!(super::fresh_in_memory());
}

mod external_identity_on_file {
    async fn fresh_pair() -> (SqliteAccountsStore, SqliteAccountsStore) {
        let store = super::fresh_file().await;
        (store.clone(), store)
    }

    use schoolbrug_store_sqlite::SqliteAccountsStore;

    schoolbrug_accounts::external_identity_contract_tests!(fresh_pair());
}

mod external_identity_in_memory {
    async fn fresh_pair() -> (SqliteAccountsStore, SqliteAccountsStore) {
        let store = super::fresh_in_memory().await;
        (store.clone(), store)
    }

    use schoolbrug_store_sqlite::SqliteAccountsStore;

    schoolbrug_accounts::external_identity_contract_tests!(fresh_pair());
}
