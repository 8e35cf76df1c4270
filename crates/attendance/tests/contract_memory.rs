//! The attendance contract suite on the in-memory adapters.

use std::sync::Arc;

use schoolbrug_attendance::memory::{InMemoryAttendanceStore, InMemoryDirectory};

async fn fresh() -> (
    InMemoryAttendanceStore,
    Arc<InMemoryDirectory>,
    Arc<InMemoryDirectory>,
) {
    let directory = Arc::new(InMemoryDirectory::new());
    (InMemoryAttendanceStore::new(), directory.clone(), directory)
}

schoolbrug_attendance::attendance_contract_tests!(fresh());
