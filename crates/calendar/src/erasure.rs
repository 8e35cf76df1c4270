//! What the calendar forgets when an account's data must go: its feeds, and the feeds
//! that showed it as a child. Activities it planned stay on the school's calendar (they
//! are the school's, and name no one but by an id that then leads nowhere).

use std::sync::Arc;

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, ErasureHook, SchoolId, StoreResult};

use crate::ports::FeedStore;

/// The calendar's [`ErasureHook`].
pub struct CalendarErasure {
    feeds: Arc<dyn FeedStore>,
}

impl CalendarErasure {
    /// The hook over `feeds`.
    pub fn new(feeds: Arc<dyn FeedStore>) -> Self {
        Self { feeds }
    }
}

#[async_trait]
impl ErasureHook for CalendarErasure {
    async fn erase_account_data(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.feeds.remove_feeds_of(school, account).await
    }
}
