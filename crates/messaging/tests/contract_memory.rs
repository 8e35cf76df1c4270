//! The messaging contract suite on the in-memory adapters.

use std::sync::Arc;

use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_messaging::memory::InMemoryMessageStore;

async fn fresh() -> (InMemoryMessageStore, Arc<InMemoryAccountsStore>) {
    let accounts = Arc::new(InMemoryAccountsStore::new());
    (InMemoryMessageStore::new(accounts.clone()), accounts)
}

schoolbrug_messaging::messaging_contract_tests!(fresh());
