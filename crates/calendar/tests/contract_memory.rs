//! The calendar contract suite on the in-memory adapters.

use std::sync::Arc;

use schoolbrug_calendar::memory::{InMemoryCalendarStore, InMemoryDirectory};

async fn fresh() -> (
    InMemoryCalendarStore,
    Arc<InMemoryDirectory>,
    Arc<InMemoryDirectory>,
) {
    let directory = Arc::new(InMemoryDirectory::new());
    (
        InMemoryCalendarStore::new(directory.clone()),
        directory.clone(),
        directory,
    )
}

schoolbrug_calendar::calendar_contract_tests!(fresh());
