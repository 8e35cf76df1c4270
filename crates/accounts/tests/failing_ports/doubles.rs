//! The double of these tests: the in-memory store with its audit log handed to a mockall
//! `MockAuditLog`.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::model::{
    Account, AccountFilter, Attempt, AuditEvent, Group, KnownDevice, PasswordHash, ResetCode,
    School, SchoolSlug, SecondFactor, SecretHash, Session, ThrottleKey, ThrottlePolicy,
    ThrottleState, TotpSecret, Username,
};
use schoolbrug_accounts::ports::{
    AccountStore, AuditLog, CoAccountLinkStore, CredentialStore, DeviceStore, Expiry, GroupStore,
    SchoolStore, SecondFactorStore, SessionContext, SessionStore, StoreResult, ThrottleStore,
};
use schoolbrug_kernel::audit::MockAuditLog;
use schoolbrug_kernel::{AccountId, GroupId, Page, PageRequest, SchoolId};

/// The in-memory store with its audit log handed to a mock, so that recording a security
/// event can fail on cue while every other port answers from memory.
pub struct MockedAudit {
    pub memory: Arc<InMemoryAccountsStore>,
    pub audit: MockAuditLog,
}

#[async_trait]
impl AuditLog for MockedAudit {
    async fn record(&self, event: &AuditEvent) -> StoreResult<()> {
        self.audit.record(event).await
    }
    async fn events(
        &self,
        school: SchoolId,
        account: Option<AccountId>,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEvent>> {
        self.audit.events(school, account, page).await
    }
}

#[async_trait]
impl SchoolStore for MockedAudit {
    async fn create_school(
        &self,
        school: &School,
        admin: &Account,
        code: &ResetCode,
    ) -> StoreResult<()> {
        self.memory.create_school(school, admin, code).await
    }
    async fn school_by_slug(&self, slug: &SchoolSlug) -> StoreResult<Option<School>> {
        self.memory.school_by_slug(slug).await
    }
    async fn school(&self, id: SchoolId) -> StoreResult<Option<School>> {
        self.memory.school(id).await
    }
    async fn schools(&self) -> StoreResult<Vec<School>> {
        self.memory.schools().await
    }
}

#[async_trait]
impl AccountStore for MockedAudit {
    async fn insert_account(&self, account: &Account) -> StoreResult<()> {
        self.memory.insert_account(account).await
    }
    async fn account(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Account>> {
        self.memory.account(school, id).await
    }
    async fn account_by_username(
        &self,
        school: SchoolId,
        username: &Username,
    ) -> StoreResult<Option<(Account, Option<PasswordHash>)>> {
        self.memory.account_by_username(school, username).await
    }
    async fn list_accounts(
        &self,
        school: SchoolId,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Account>> {
        self.memory.list_accounts(school, filter, page).await
    }
    async fn co_accounts(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<Account>> {
        self.memory.co_accounts(school, pupil).await
    }
    async fn accept_terms(
        &self,
        school: SchoolId,
        account: AccountId,
        version: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.memory.accept_terms(school, account, version, at).await
    }
    async fn erase_accounts(&self, school: SchoolId, accounts: &[AccountId]) -> StoreResult<()> {
        self.memory.erase_accounts(school, accounts).await
    }
    async fn record_visit(
        &self,
        school: SchoolId,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        self.memory.record_visit(school, account, at).await
    }
}

#[async_trait]
impl CredentialStore for MockedAudit {
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()> {
        self.memory.set_password(school, account, hash, keep).await
    }
    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()> {
        self.memory
            .replace_password_hash(school, account, hash)
            .await
    }
    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.memory.clear_password(school, account).await
    }
    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()> {
        self.memory.issue_reset_code(code).await
    }
    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.memory
            .redeem_reset_code(school, account, code_hash, new_hash, now)
            .await
    }
    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>> {
        self.memory.reset_code(school, account).await
    }
}

#[async_trait]
impl SessionStore for MockedAudit {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        self.memory.create_session(session).await
    }
    async fn session(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<Session>> {
        self.memory.session(school, token_hash).await
    }
    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>> {
        self.memory.session_context(school, token_hash).await
    }
    async fn touch_session(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.memory.touch_session(school, token_hash, at).await
    }
    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        self.memory.delete_session(school, token_hash).await
    }
    async fn end_sessions(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        self.memory.end_sessions(school, account).await
    }
    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64> {
        self.memory.purge_expired(expiry).await
    }
}

#[async_trait]
impl GroupStore for MockedAudit {
    async fn create_group(&self, group: &Group) -> StoreResult<()> {
        self.memory.create_group(group).await
    }
    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<Group>> {
        self.memory.group(school, id).await
    }
    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<Group>> {
        self.memory.groups(school).await
    }
    async fn set_members(
        &self,
        school: SchoolId,
        group: GroupId,
        members: &[AccountId],
    ) -> StoreResult<()> {
        self.memory.set_members(school, group, members).await
    }
    async fn members(&self, school: SchoolId, group: GroupId) -> StoreResult<Vec<AccountId>> {
        self.memory.members(school, group).await
    }
}

#[async_trait]
impl ThrottleStore for MockedAudit {
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState> {
        self.memory.record_failure(key, at, window).await
    }
    async fn take_attempt(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        self.memory.take_attempt(key, at, policy).await
    }
    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>> {
        self.memory.throttle_state(key).await
    }
    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()> {
        self.memory.clear_throttle(key).await
    }
}

#[async_trait]
impl DeviceStore for MockedAudit {
    async fn remember_device(&self, device: &KnownDevice, keep: u32) -> StoreResult<()> {
        self.memory.remember_device(device, keep).await
    }
    async fn known_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<KnownDevice>> {
        self.memory.known_device(school, token_hash).await
    }
    async fn touch_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.memory.touch_device(school, token_hash, at).await
    }
    async fn forget_device(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        self.memory.forget_device(school, token_hash).await
    }
    async fn forget_devices(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        self.memory.forget_devices(school, account).await
    }
    async fn purge_devices(&self, unused_before: DateTime<Utc>) -> StoreResult<u64> {
        self.memory.purge_devices(unused_before).await
    }
}

#[async_trait]
impl SecondFactorStore for MockedAudit {
    async fn begin_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        secret: &TotpSecret,
    ) -> StoreResult<()> {
        self.memory.begin_totp(school, account, secret).await
    }
    async fn totp(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<SecondFactor>> {
        self.memory.totp(school, account).await
    }
    async fn confirm_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
        recovery_codes: &[SecretHash],
    ) -> StoreResult<bool> {
        self.memory
            .confirm_totp(school, account, step, recovery_codes)
            .await
    }
    async fn accept_totp_step(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
    ) -> StoreResult<bool> {
        self.memory.accept_totp_step(school, account, step).await
    }
    async fn use_recovery_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
    ) -> StoreResult<bool> {
        self.memory
            .use_recovery_code(school, account, code_hash)
            .await
    }
    async fn remove_totp(&self, school: SchoolId, account: AccountId) -> StoreResult<bool> {
        self.memory.remove_totp(school, account).await
    }
    async fn second_factor_required(&self, school: SchoolId) -> StoreResult<bool> {
        self.memory.second_factor_required(school).await
    }
    async fn set_second_factor_required(
        &self,
        school: SchoolId,
        required: bool,
    ) -> StoreResult<()> {
        self.memory
            .set_second_factor_required(school, required)
            .await
    }
}

#[async_trait]
impl CoAccountLinkStore for MockedAudit {
    async fn link(
        &self,
        school: SchoolId,
        a: AccountId,
        b: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.memory.link(school, a, b, at).await
    }
    async fn unlink(&self, school: SchoolId, a: AccountId, b: AccountId) -> StoreResult<bool> {
        self.memory.unlink(school, a, b).await
    }
    async fn linked(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<AccountId>> {
        self.memory.linked(school, account).await
    }
}
