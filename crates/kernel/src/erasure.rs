//! The erasure hook: how every module takes part when an account's data must go (a pupil
//! leaves school, a co-account is reset). The accounts module calls every hook before it
//! erases the account itself; each module implements the hook over its own store.

use async_trait::async_trait;

use crate::ids::{AccountId, SchoolId};
use crate::store::StoreResult;

/// What a module does when an account's data must go.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait ErasureHook: Send + Sync {
    /// Erases everything this module keeps of `account`.
    ///
    /// # Errors
    /// `Unavailable` when the module's store is down; the erasure is then not done and
    /// may be retried (every hook MUST be idempotent).
    async fn erase_account_data(&self, school: SchoolId, account: AccountId) -> StoreResult<()>;
}
