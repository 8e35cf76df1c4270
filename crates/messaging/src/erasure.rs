//! Messaging's part of erasing an account (a pupil leaves, a co-account is reset): its
//! inbox and news read states go; what it sent or published stays, from "a deleted
//! account".

use std::sync::Arc;

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, ErasureHook, SchoolId, StoreResult};

use crate::ports::{MessageStore, NewsStore};

/// The hook, over the message store.
pub struct MessagingErasure {
    store: Arc<dyn MessageStore>,
    news: Arc<dyn NewsStore>,
}

impl MessagingErasure {
    /// A hook erasing messages through `store` and news read states through `news`.
    #[must_use]
    pub fn new(store: Arc<dyn MessageStore>, news: Arc<dyn NewsStore>) -> Self {
        Self { store, news }
    }
}

#[async_trait]
impl ErasureHook for MessagingErasure {
    async fn erase_account_data(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.store.erase_account(school, account).await?;
        self.news.erase_news_account(school, account).await
    }
}
