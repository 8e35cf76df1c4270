//! The messaging contract suite on the in-memory adapters.

use std::sync::Arc;

use schoolbrug_messaging::memory::{InMemoryDirectory, InMemoryMessageStore};

async fn fresh() -> (InMemoryMessageStore, Arc<InMemoryDirectory>) {
    let directory = Arc::new(InMemoryDirectory::new());
    (InMemoryMessageStore::new(directory.clone()), directory)
}

schoolbrug_messaging::messaging_contract_tests!(fresh());
