//! The messaging contract suite on SQLite: once on a database file (as in production: WAL,
//! several connections), once on the private in-memory database. Each check gets a fresh,
//! migrated database, with the messaging store on it, seeded through the accounts stores of the same database.
#![cfg(feature = "messaging")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use schoolbrug_store_sqlite::{SqliteAccountsStore, SqliteDatabase, SqliteMessageStore};
use schoolbrug_tests::bridge::AccountsSeed;

/// The stores of a new, migrated database file. The file's folder lives under Cargo's
/// per-target temporary folder and is kept, as the stores outlive this function.
async fn fresh_file() -> (SqliteMessageStore, Arc<AccountsSeed<SqliteAccountsStore>>) {
    let dir = tempfile::Builder::new()
        .prefix("messaging-contract-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep();
    let db = SqliteDatabase::connect(dir.join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    (
        db.messaging(),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

/// The stores of a new, migrated in-memory database.
async fn fresh_in_memory() -> (SqliteMessageStore, Arc<AccountsSeed<SqliteAccountsStore>>) {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    (
        db.messaging(),
        Arc::new(AccountsSeed::new(Arc::new(db.accounts()))),
    )
}

mod on_file {
    schoolbrug_messaging::messaging_contract_tests!(super::fresh_file());
}

mod in_memory {
    schoolbrug_messaging::messaging_contract_tests!(super::fresh_in_memory());
}

/// The bridge's `Directory` (`schoolbrug_tests::bridge::AccountsDirectory`, messaging's
/// view over the accounts ports) keeps the contract of `groups_of` too, here over this
/// database's accounts store.
mod bridge {
    use std::sync::Arc;

    use schoolbrug_messaging::memory::InMemoryMessageStore;
    use schoolbrug_store_sqlite::SqliteDatabase;
    use schoolbrug_tests::bridge::{AccountsDirectory, AccountsSeed};

    #[tokio::test]
    async fn groups_of_lists_an_account_s_groups_in_its_school_only() {
        let db = SqliteDatabase::in_memory().await.unwrap();
        db.migrate().await.unwrap();
        let accounts = Arc::new(db.accounts());
        let store = InMemoryMessageStore::new(Arc::new(AccountsDirectory::new(accounts.clone())));
        let seed = AccountsSeed::new(accounts);
        schoolbrug_messaging::contract::groups_of_lists_an_account_s_groups_in_its_school_only(
            &store, &seed,
        )
        .await;
    }
}
