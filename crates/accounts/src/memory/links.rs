//! The `CoAccountLinkStore` in memory: each link held in both directions under the one
//! lock, so a link is never seen half made.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, SchoolId};

use super::InMemoryAccountsStore;
use crate::ports::{CoAccountLinkStore, StoreError, StoreResult};

#[async_trait]
impl CoAccountLinkStore for InMemoryAccountsStore {
    async fn link(
        &self,
        school: SchoolId,
        a: AccountId,
        b: AccountId,
        _at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        let pupil_of = |id: AccountId| {
            state
                .accounts
                .get(&id)
                .filter(|account| account.school == school)
                .and_then(crate::model::Account::pupil)
        };
        match (pupil_of(a), pupil_of(b)) {
            (Some(pa), Some(pb)) if a != b && pa != pb => {}
            _ => return Err(StoreError::NotFound),
        }
        state.links.insert((a, b));
        state.links.insert((b, a));
        Ok(())
    }

    async fn unlink(&self, school: SchoolId, a: AccountId, b: AccountId) -> StoreResult<bool> {
        let mut state = self.lock();
        if !state.has_account(school, a) || !state.has_account(school, b) {
            return Ok(false);
        }
        let there = state.links.remove(&(a, b));
        state.links.remove(&(b, a));
        Ok(there)
    }

    async fn linked(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<AccountId>> {
        let state = self.lock();
        if !state.has_account(school, account) {
            return Ok(Vec::new());
        }
        // The set is ordered by (account, linked), so these come by id.
        Ok(state
            .links
            .iter()
            .filter(|(a, _)| *a == account)
            .map(|(_, b)| *b)
            .collect())
    }
}
