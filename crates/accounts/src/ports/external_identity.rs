//! The ports of signing in with the school's identity provider: where the provider's
//! settings, the subject links and the pending round trips are kept, and the round trip
//! to the provider itself.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::store::{Conflict, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};

use crate::model::{
    ExternalSubject, PendingRecord, PendingSignIn, ProviderSettings, SecretHash, VerifiedSubject,
};

/// The subject is linked to another account of the school.
pub const SUBJECT_LINKED: Conflict = Conflict::named("subject_linked");

/// The school's provider settings and the accounts' links to its subjects. (No mockall
/// double: it cannot take the `Option<&…>` argument.)
#[async_trait]
pub trait ExternalIdentityStore: Send + Sync {
    /// Sets (`Some`) or removes (`None`) the school's provider. Removing it MUST remove
    /// every subject link of the school too (a new provider has other subjects).
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn set_provider(
        &self,
        school: SchoolId,
        settings: Option<&ProviderSettings>,
    ) -> StoreResult<()>;

    /// The school's provider, secret included; `None` when it has none. MUST never
    /// return another school's.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn provider(&self, school: SchoolId) -> StoreResult<Option<ProviderSettings>>;

    /// Links `account` to `subject`, replacing the account's earlier link. Linking the
    /// same pair again changes nothing.
    ///
    /// # Errors
    /// `Conflict(SUBJECT_LINKED)` when another account of the school has the subject
    /// (nothing changes); `NotFound` when the account is not of the school.
    async fn link_subject(
        &self,
        school: SchoolId,
        account: AccountId,
        subject: &ExternalSubject,
    ) -> StoreResult<()>;

    /// Removes the account's link; `true` when there was one. MUST be idempotent (the
    /// erasure hook calls it).
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn unlink_subject(&self, school: SchoolId, account: AccountId) -> StoreResult<bool>;

    /// The account linked to `subject` in the school, if any.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn account_by_subject(
        &self,
        school: SchoolId,
        subject: &ExternalSubject,
    ) -> StoreResult<Option<AccountId>>;

    /// The subject the account is linked to, if any.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn subject_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ExternalSubject>>;
}

/// Provider round trips waiting for their answer, each taken once.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait PendingSignInStore: Send + Sync {
    /// Keeps a round trip until it is taken or expires.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn save_pending(&self, pending: &PendingRecord) -> StoreResult<()>;

    /// Takes the round trip kept under `state_hash`, if it has not expired at `now`:
    /// it MUST be gone afterwards, whatever the answer (a second take of the same state,
    /// however concurrent, gets `None`), and expired ones MUST never be returned.
    /// Expired round trips of any state MAY be removed on the way.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    async fn take_pending(
        &self,
        state_hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PendingRecord>>;
}

/// The round trip to an OpenID Connect provider. The adapter (`schoolbrug-oidc`) does
/// discovery, PKCE (S256), `state` and `nonce`, and verifies the ID token.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// The provider's authorization URL to send the browser to, coming back to
    /// `redirect`, and what must be remembered until it does.
    ///
    /// # Errors
    /// `Unreachable` when discovery fails.
    async fn authorization_url(
        &self,
        settings: &ProviderSettings,
        redirect: &str,
    ) -> Result<(String, PendingSignIn), ProviderError>;

    /// Exchanges the authorization `code` for tokens and verifies the ID token (issuer,
    /// audience, signature, expiry, `nonce`): the subject it names.
    ///
    /// # Errors
    /// `Refused` when the provider refuses the code or the token does not verify;
    /// `Unreachable` when the provider cannot be reached.
    async fn complete(
        &self,
        settings: &ProviderSettings,
        redirect: &str,
        pending: &PendingSignIn,
        code: &str,
    ) -> Result<VerifiedSubject, ProviderError>;
}

/// The provider round trip failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider refused, or its answer did not verify.
    #[error("the identity provider refused: {0}")]
    Refused(String),
    /// The provider could not be reached.
    #[error("the identity provider is unreachable: {0}")]
    Unreachable(String),
}
