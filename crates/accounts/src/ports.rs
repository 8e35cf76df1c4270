//! The accounts module's ports: what it needs from storage and from the outside.
//!
//! Repository ports are shaped by use cases: one method is one atomic unit of work.
//! Every MUST below has a check in the contract suite (`contract` feature) that every
//! adapter runs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, GroupId, Page, PageRequest, SchoolId};

use crate::model::{
    Account, AccountFilter, Attempt, Group, KnownDevice, PasswordHash, ResetCode, School,
    SchoolSlug, SecretHash, Session, ThrottleKey, ThrottlePolicy, ThrottleState, Username,
};

pub use schoolbrug_kernel::audit::AuditLog;
pub use schoolbrug_kernel::erasure::ErasureHook;
pub use schoolbrug_kernel::store::{Conflict, StoreError, StoreResult};

mod external_identity;
pub use external_identity::{
    ExternalIdentityStore, IdentityProvider, PendingSignInStore, ProviderError, SUBJECT_LINKED,
};
#[cfg(feature = "mock")]
pub use external_identity::{MockIdentityProvider, MockPendingSignInStore};

/// The uniqueness rules of this module's stores: what a [`StoreError::Conflict`] names.
pub mod conflicts {
    use schoolbrug_kernel::store::Conflict;

    /// The school's slug is taken.
    pub const SLUG_TAKEN: Conflict = Conflict::named("slug_taken");
    /// The username is taken in this school.
    pub const USERNAME_TAKEN: Conflict = Conflict::named("username_taken");
    /// The pupil already has a co-account in this slot.
    pub const SLOT_TAKEN: Conflict = Conflict::named("slot_taken");
    /// A group of this name exists in this school.
    pub const GROUP_NAME_TAKEN: Conflict = Conflict::named("group_name_taken");
    /// The account has an active second factor: turn it off before enrolling another.
    pub const SECOND_FACTOR_ACTIVE: Conflict = Conflict::named("second_factor_active");
}

/// Schools.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SchoolStore: Send + Sync {
    /// Creates a school with its first admin and the admin's one-time code, all or nothing.
    ///
    /// # Errors
    /// MUST return `Conflict(conflicts::SLUG_TAKEN)` when the slug exists, and then write nothing.
    async fn create_school(
        &self,
        school: &School,
        admin: &Account,
        code: &ResetCode,
    ) -> StoreResult<()>;

    /// The school with this slug.
    ///
    /// MUST return `Ok(None)` for an unknown slug.
    async fn school_by_slug(&self, slug: &SchoolSlug) -> StoreResult<Option<School>>;

    /// The school with this id.
    ///
    /// MUST return `Ok(None)` for an unknown id.
    async fn school(&self, id: SchoolId) -> StoreResult<Option<School>>;

    /// All schools, by slug. MUST return the empty list on a new database.
    async fn schools(&self) -> StoreResult<Vec<School>>;
}

/// Accounts of a school.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Stores a new main account or co-account (without a password).
    ///
    /// # Errors
    /// MUST return `Conflict(conflicts::USERNAME_TAKEN)` when the username exists in the school,
    /// `Conflict(conflicts::SLOT_TAKEN)` when the pupil has a co-account in that slot, and
    /// `NotFound` when a co-account's pupil is not a main account of the same school.
    async fn insert_account(&self, account: &Account) -> StoreResult<()>;

    /// The account with this id in this school. MUST return `Ok(None)` for an account of
    /// another school.
    async fn account(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Account>>;

    /// The account with this username in this school, with its password hash if one is
    /// set. MUST match case-insensitively (usernames are stored in lower case).
    async fn account_by_username(
        &self,
        school: SchoolId,
        username: &Username,
    ) -> StoreResult<Option<(Account, Option<PasswordHash>)>>;

    /// Accounts of the school matching the filter, ordered by id, keyset-paged. MUST
    /// never return another school's account.
    async fn list_accounts(
        &self,
        school: SchoolId,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Account>>;

    /// The co-accounts of a pupil, by slot.
    async fn co_accounts(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<Account>>;

    /// Records acceptance of the terms of use.
    ///
    /// # Errors
    /// MUST return `NotFound` for an unknown account.
    async fn accept_terms(
        &self,
        school: SchoolId,
        account: AccountId,
        version: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Erases accounts with everything they own in this module: passwords, sessions,
    /// codes, group memberships. Audit events stay. All or nothing. MUST ignore ids of
    /// another school, and MUST erase the co-accounts of an erased pupil with it (the
    /// service erases their data in other modules first). MUST remove every link of an
    /// erased co-account to other co-accounts, in both directions.
    async fn erase_accounts(&self, school: SchoolId, accounts: &[AccountId]) -> StoreResult<()>;

    /// Records that the account looked at its start page at `at`, and returns when it
    /// last did before (`None` the first time), as one atomic step: of two visits at once,
    /// one returns the other's time.
    ///
    /// # Errors
    /// MUST return `NotFound` for an unknown account or one of another school, changing
    /// nothing.
    async fn record_visit(
        &self,
        school: SchoolId,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>>;
}

/// Passwords and one-time codes.
#[async_trait]
pub trait CredentialStore: Send + Sync {
    /// Sets the password and ends every session of the account except `keep`, atomically.
    ///
    /// # Errors
    /// MUST return `NotFound` for an unknown account.
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()>;

    /// Replaces the stored hash of the same password (re-hash with new parameters at
    /// sign-in). MUST NOT end any session.
    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()>;

    /// Removes the password and ends every session of the account (co-account reset), so
    /// that only a one-time code can open it again. MUST remove every link of the
    /// account to other co-accounts (`CoAccountLinkStore`) in the same unit of work:
    /// whoever opens it next starts without them.
    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()>;

    /// Stores a new one-time code, replacing any earlier code of the account (only the
    /// newest works).
    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()>;

    /// Uses a code: if `code_hash` is the account's current code and it has not expired at
    /// `now`, atomically sets the password, deletes the code and ends every session of the
    /// account, and returns `true`. Otherwise changes nothing and returns `false`.
    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// The account's current code, if any (used to check a code before spending it).
    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>>;
}

/// Sessions.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a new session.
    async fn create_session(&self, session: &Session) -> StoreResult<()>;

    /// The session with this token hash in `school`, the school its token names
    /// (`model::token_school`). MUST return `Ok(None)` after it was deleted, and for a
    /// session of another school. `None` for the school looks in every school: only for
    /// tokens issued before schools were put into tokens, until they have expired.
    async fn session(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<Session>>;

    /// What authenticating a request reads, together: the session with this token hash
    /// in `school` (as for [`SessionStore::session`]), its account (`None` when it is
    /// gone) and, for a co-account, its school (whose date decides whether it may sign
    /// in). The same answers as [`SessionStore::session`], then `AccountStore::account`,
    /// then `SchoolStore::school`; every authenticated request asks, so an adapter reads
    /// them on one pooled connection instead of three.
    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>>;

    /// Marks the session of `school` as used at `at`. MUST NOT touch a session of
    /// another school.
    async fn touch_session(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Ends a session of `school`; ending an unknown one is not an error. MUST NOT end a
    /// session of another school.
    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()>;

    /// Ends every session of `account` in `school` ("log out everywhere"). MUST end all
    /// of them at once, and MUST NOT end a session of another account or of another
    /// school. Returns how many sessions ended.
    async fn end_sessions(&self, school: SchoolId, account: AccountId) -> StoreResult<u64>;

    /// Removes what can no longer be used: sessions idle or older than the cut-offs,
    /// expired one-time codes, and failure counts older than the throttle window. MUST
    /// keep everything else. Returns how many rows went.
    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64>;
}

/// What [`SessionStore::session_context`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionContext {
    /// The session.
    pub session: Session,
    /// Its account, `None` when the account is gone.
    pub account: Option<Account>,
    /// The account's school when the account is a co-account, else `None`.
    pub school: Option<School>,
}

/// Cut-off times for [`SessionStore::purge_expired`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expiry {
    /// Sessions last used before this are gone (idle timeout).
    pub sessions_idle_before: DateTime<Utc>,
    /// Sessions created before this are gone (absolute timeout).
    pub sessions_created_before: DateTime<Utc>,
    /// Codes expiring at or before this are gone.
    pub codes_expired_at: DateTime<Utc>,
    /// Failure counts whose last failure is before this are gone.
    pub failures_before: DateTime<Utc>,
}

/// Groups and their members.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait GroupStore: Send + Sync {
    /// Stores a new group.
    ///
    /// # Errors
    /// MUST return `Conflict(conflicts::GROUP_NAME_TAKEN)` for a name taken in the school.
    async fn create_group(&self, group: &Group) -> StoreResult<()>;

    /// The group with this id in this school.
    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<Group>>;

    /// The school's groups, by name.
    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<Group>>;

    /// Replaces the members of a group, atomically.
    ///
    /// # Errors
    /// MUST return `NotFound`, changing nothing, when the group or any member is not
    /// of this school.
    async fn set_members(
        &self,
        school: SchoolId,
        group: GroupId,
        members: &[AccountId],
    ) -> StoreResult<()>;

    /// The members of a group, by id.
    async fn members(&self, school: SchoolId, group: GroupId) -> StoreResult<Vec<AccountId>>;
}

/// Counters of failed attempts.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Counts a failure at `at` and returns the new state, atomically (concurrent failures
    /// MUST all be counted). A failure more than `window` after the previous one starts
    /// a new count at 1.
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState>;

    /// Takes one attempt against `key` at `at`, as one atomic unit even across processes:
    /// if `policy.attempt` refuses it (the key is blocked at `at`), MUST change nothing and
    /// answer `Blocked`; otherwise MUST store the counted state and answer `Allowed`. Of
    /// any number of concurrent attempts on one key at one instant, exactly
    /// `policy.free_failures` are allowed.
    async fn take_attempt(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt>;

    /// Takes one attempt against each of `keys` in turn, as `take_attempt` does, and
    /// answers the first `Blocked` (the keys before it stay counted, the ones after it
    /// are not touched) or the last key's `Allowed`; `Unexpected` without keys (there is
    /// no `Allowed` with nothing counted). A store MAY take them
    /// in one unit of work (fewer round trips for a sign-in, which takes two); the default
    /// takes them one by one.
    async fn take_attempts(
        &self,
        keys: &[ThrottleKey],
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        let mut last = None;
        for key in keys {
            let attempt = self.take_attempt(key, at, policy).await?;
            if matches!(attempt, Attempt::Blocked { .. }) {
                return Ok(attempt);
            }
            last = Some(attempt);
        }
        last.ok_or_else(|| StoreError::Unexpected("take_attempts without a key".into()))
    }

    /// The failures counted against a key, if any.
    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>>;

    /// Forgets the failures of a key (after a success).
    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()>;
}

/// The devices accounts signed in from (device tokens, by their hash).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait DeviceStore: Send + Sync {
    /// Remembers a device of an account and, in the same unit of work, forgets the
    /// account's least recently used devices beyond `keep`. MUST answer `NotFound` (and
    /// remember nothing) when the account is not in the device's school.
    async fn remember_device(&self, device: &KnownDevice, keep: u32) -> StoreResult<()>;

    /// The device with this token hash in `school`. MUST return `Ok(None)` for a device
    /// of another school and after it was forgotten.
    async fn known_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<KnownDevice>>;

    /// Marks a device of `school` as signed in from at `at`. MUST NOT touch a device of
    /// another school.
    async fn touch_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Forgets one device of `school`; forgetting an unknown one is not an error.
    async fn forget_device(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()>;

    /// Forgets every device of `account` in `school` ("log out everywhere"). MUST NOT
    /// forget a device of another account or school. Returns how many went. Erasing an
    /// account (`AccountStore::erase_accounts`) MUST forget its devices too.
    async fn forget_devices(&self, school: SchoolId, account: AccountId) -> StoreResult<u64>;

    /// Forgets devices last used before `unused_before`, in every school. Returns how
    /// many went.
    async fn purge_devices(&self, unused_before: DateTime<Utc>) -> StoreResult<u64>;
}
mod second_factor;
pub use second_factor::SecondFactorStore;
mod co_account_links;
pub use co_account_links::CoAccountLinkStore;
#[cfg(feature = "mock")]
pub use co_account_links::MockCoAccountLinkStore;

/// Every repository port of this module at once: what one database adapter offers.
pub trait AccountsStores:
    SchoolStore
    + AccountStore
    + CredentialStore
    + SessionStore
    + GroupStore
    + AuditLog
    + ThrottleStore
    + DeviceStore
    + SecondFactorStore
    + CoAccountLinkStore
{
}

impl<T> AccountsStores for T where
    T: SchoolStore
        + AccountStore
        + CredentialStore
        + SessionStore
        + GroupStore
        + AuditLog
        + ThrottleStore
        + DeviceStore
        + SecondFactorStore
        + CoAccountLinkStore
{
}

/// Hashes and verifies passwords. The domain's `Argon2Passwords` is the implementation;
/// the port exists so tests can use a fast double.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// Hashes a new password.
    async fn hash(&self, password: &str) -> Result<PasswordHash, HashError>;

    /// Checks a password against a stored hash.
    async fn verify(&self, password: &str, hash: &PasswordHash) -> Result<Verification, HashError>;

    /// `Err(HashError::Busy)` when a hash asked for now would be refused as busy (the
    /// shared lane is full), so that a sign-in is shed before it reads or writes anything;
    /// `Ok` otherwise (the default: a hasher that never sheds).
    fn check_capacity(&self) -> Result<(), HashError> {
        Ok(())
    }

    /// Checks the password of a sign-in from a known device, like [`PasswordHasher::verify`]
    /// but in a lane of its own, so that a flood of sign-ins from unknown devices neither
    /// sheds nor queues the owner's. The default shares `verify`'s lane.
    async fn verify_known_device(
        &self,
        password: &str,
        hash: &PasswordHash,
    ) -> Result<Verification, HashError> {
        self.verify(password, hash).await
    }

    /// Spends the same work as a real verification, for an unknown username, so that
    /// its answer cannot be told apart by its timing.
    async fn verify_nothing(&self, password: &str) -> Result<(), HashError>;
}

/// The outcome of a password verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verification {
    /// The password matches; `needs_rehash` when the hash used older parameters.
    Valid {
        /// Whether to store a new hash with the current parameters.
        needs_rehash: bool,
    },
    /// The password does not match.
    Invalid,
}

/// Hashing did not happen.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Hashing failed (a malformed stored hash, or the hashing pool shut down).
    #[error("password hashing failed: {0}")]
    Failed(String),
    /// Too many passwords wait to be hashed: refused at once instead of waiting longer
    /// than a sign-in should; try again after this many seconds.
    #[error("too many passwords wait to be hashed; retry after {retry_after_secs} s")]
    Busy {
        /// Seconds to wait before trying again.
        retry_after_secs: u64,
    },
}
