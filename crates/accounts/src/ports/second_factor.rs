//! The `SecondFactorStore` port: TOTP secrets, the last accepted time step (replay
//! protection), single-use recovery codes and the school's rule on who must have one.

use async_trait::async_trait;
use schoolbrug_kernel::store::StoreResult;
use schoolbrug_kernel::{AccountId, SchoolId, SecretHash};

use crate::model::{SecondFactor, TotpSecret};

/// Second factors of accounts, and the school setting that requires them.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    /// Stores a new, not yet confirmed secret for the account, replacing an unconfirmed
    /// one.
    ///
    /// # Errors
    /// MUST return `Conflict(conflicts::SECOND_FACTOR_ACTIVE)`, changing nothing, when
    /// the account has a confirmed one, and `NotFound` for an account not of `school`.
    async fn begin_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        secret: &TotpSecret,
    ) -> StoreResult<()>;

    /// The account's second factor, confirmed or not. MUST return `Ok(None)` for an
    /// account of another school.
    async fn totp(&self, school: SchoolId, account: AccountId)
    -> StoreResult<Option<SecondFactor>>;

    /// Confirms the unconfirmed secret with the code of `step`, atomically: MUST activate
    /// it, store `step` as the last accepted one and replace the recovery codes with
    /// `recovery_codes`, and answer `true`; when there is no unconfirmed secret (none, or
    /// already confirmed), MUST change nothing and answer `false`.
    async fn confirm_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
        recovery_codes: &[SecretHash],
    ) -> StoreResult<bool>;

    /// Accepts the code of `step` if no code of this or a later step was accepted
    /// before: check and write in one atomic operation, so of any number of concurrent
    /// uses of one code exactly one answers `true`. MUST answer `false`, changing
    /// nothing, for an unconfirmed or missing second factor.
    async fn accept_totp_step(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
    ) -> StoreResult<bool>;

    /// Uses a recovery code: deletes it and answers `true` if it is one of the account's
    /// unused codes, atomically (a code works once, even when raced); otherwise `false`.
    async fn use_recovery_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
    ) -> StoreResult<bool>;

    /// Removes the account's second factor and its recovery codes. Answers whether there
    /// was one. MUST NOT touch an account of another school.
    async fn remove_totp(&self, school: SchoolId, account: AccountId) -> StoreResult<bool>;

    /// Whether the school requires a second factor of its staff and admins (`false`
    /// until set).
    async fn second_factor_required(&self, school: SchoolId) -> StoreResult<bool>;

    /// Sets whether the school requires a second factor of its staff and admins.
    ///
    /// # Errors
    /// MUST return `NotFound` for an unknown school.
    async fn set_second_factor_required(&self, school: SchoolId, required: bool)
    -> StoreResult<()>;
}
