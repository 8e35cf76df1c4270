//! What attendance erases when an account's data must go.

use std::sync::Arc;

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, ErasureHook, SchoolId, StoreResult};

use crate::ports::AlertStore;

/// The attendance module's [`ErasureHook`]: a pupil's half-days, notes, alerts and audit
/// go; what staff or parents wrote stays, by nobody.
pub struct AttendanceErasure {
    store: Arc<dyn AlertStore>,
}

impl AttendanceErasure {
    /// The hook over `store`.
    #[must_use]
    pub fn new(store: Arc<dyn AlertStore>) -> Self {
        Self { store }
    }
}

#[async_trait]
impl ErasureHook for AttendanceErasure {
    async fn erase_account_data(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.store.erase_account(school, account).await
    }
}
