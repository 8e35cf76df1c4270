//! The `CoAccountLinkStore` port: links between co-accounts of different pupils of one
//! school (one parent, one co-account per child), so that one sign-in reaches every child.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::store::StoreResult;
use schoolbrug_kernel::{AccountId, SchoolId};

/// Links between co-accounts. A link is symmetric: it is stored and removed in both
/// directions at once, so no reader ever sees half of one.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait CoAccountLinkStore: Send + Sync {
    /// Links `a` and `b` in both directions, atomically. Linking a pair already linked
    /// changes nothing and is not an error.
    ///
    /// # Errors
    /// MUST return `NotFound`, storing nothing, when either is not a co-account of
    /// `school` (a main account, an unknown id, another school's), when `a` is `b`, or
    /// when both are co-accounts of the same pupil.
    async fn link(
        &self,
        school: SchoolId,
        a: AccountId,
        b: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Removes the link between `a` and `b` in both directions, atomically; `true` when
    /// there was one. MUST NOT remove a link of another school.
    async fn unlink(&self, school: SchoolId, a: AccountId, b: AccountId) -> StoreResult<bool>;

    /// The co-accounts linked to `account`, by id. MUST return the empty list for an
    /// account of another school.
    ///
    /// Besides this port, `CredentialStore::clear_password` (a co-account reset) and
    /// `AccountStore::erase_accounts` MUST remove every link of the account, in both
    /// directions, in their own unit of work.
    async fn linked(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<AccountId>>;
}
