//! Messaging's part of erasing an account (a pupil leaves, a co-account is reset): its
//! inbox goes; what it sent stays with the recipients, from "a deleted account".

use std::sync::Arc;

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, ErasureHook, SchoolId, StoreResult};

use crate::ports::MessageStore;

/// The hook, over the message store.
pub struct MessagingErasure {
    store: Arc<dyn MessageStore>,
}

impl MessagingErasure {
    /// A hook erasing through `store`.
    #[must_use]
    pub fn new(store: Arc<dyn MessageStore>) -> Self {
        Self { store }
    }
}

#[async_trait]
impl ErasureHook for MessagingErasure {
    async fn erase_account_data(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.store.erase_account(school, account).await
    }
}
