//! In-memory adapters of every accounts port, for tests and for embedders who try the
//! module without a database. One lock guards all state, so every method is atomic.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::audit::InMemoryAuditLog;
use schoolbrug_kernel::{AccountId, GroupId, Page, PageRequest, SchoolId};

use crate::model::{
    Account, AccountFilter, AccountKind, Attempt, AuditEvent, Group, KnownDevice, PasswordHash,
    ResetCode, School, SchoolSlug, SecretHash, Session, TermsAcceptance, ThrottleKey,
    ThrottlePolicy, ThrottleState, Username,
};
use crate::ports::{
    AccountStore, AuditLog, CredentialStore, Expiry, GroupStore, SchoolStore, SessionContext,
    SessionStore, StoreError, StoreResult, ThrottleStore, conflicts,
};

mod devices;
mod external_identity;
mod links;
pub use external_identity::{FakeIdentityProvider, InMemoryExternalIdentities};
mod second_factor;

#[derive(Default)]
struct State {
    schools: BTreeMap<SchoolId, School>,
    accounts: BTreeMap<AccountId, Account>,
    passwords: HashMap<AccountId, PasswordHash>,
    /// When each account last looked at its start page.
    visits: HashMap<AccountId, DateTime<Utc>>,
    codes: HashMap<AccountId, ResetCode>,
    sessions: HashMap<SecretHash, Session>,
    groups: BTreeMap<GroupId, Group>,
    members: HashMap<GroupId, Vec<AccountId>>,
    throttle: HashMap<String, ThrottleState>,
    devices: HashMap<SecretHash, KnownDevice>,
    second_factors: second_factor::SecondFactors,
    /// Links between co-accounts, each held in both directions.
    links: BTreeSet<(AccountId, AccountId)>,
}

/// Every accounts repository port, in memory.
#[derive(Default)]
pub struct InMemoryAccountsStore {
    state: Mutex<State>,
    audit: InMemoryAuditLog,
}

impl InMemoryAccountsStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn insert_account(&mut self, account: &Account) -> StoreResult<()> {
        let taken = self
            .accounts
            .values()
            .any(|a| a.school == account.school && a.username == account.username);
        if taken {
            return Err(StoreError::Conflict(conflicts::USERNAME_TAKEN));
        }
        if let AccountKind::Co { pupil, slot, .. } = &account.kind {
            let pupil_ok = self.accounts.get(pupil).is_some_and(|p| {
                p.school == account.school && matches!(p.kind, AccountKind::Main { .. })
            });
            if !pupil_ok {
                return Err(StoreError::NotFound);
            }
            let slot_taken = self.accounts.values().any(|a| {
                matches!(&a.kind, AccountKind::Co { pupil: p, slot: s, .. } if p == pupil && s == slot)
            });
            if slot_taken {
                return Err(StoreError::Conflict(conflicts::SLOT_TAKEN));
            }
        }
        self.accounts.insert(account.id, account.clone());
        Ok(())
    }

    fn has_account(&self, school: SchoolId, account: AccountId) -> bool {
        self.accounts
            .get(&account)
            .is_some_and(|a| a.school == school)
    }

    fn unlink_all(&mut self, account: AccountId) {
        self.links.retain(|(a, b)| *a != account && *b != account);
    }

    fn end_sessions(&mut self, account: AccountId, keep: Option<&SecretHash>) {
        self.sessions
            .retain(|hash, s| s.account != account || Some(hash) == keep);
    }
}

#[async_trait]
impl SchoolStore for InMemoryAccountsStore {
    async fn create_school(
        &self,
        school: &School,
        admin: &Account,
        code: &ResetCode,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if state.schools.values().any(|s| s.slug == school.slug) {
            return Err(StoreError::Conflict(conflicts::SLUG_TAKEN));
        }
        state.schools.insert(school.id, school.clone());
        if let Err(e) = state.insert_account(admin) {
            state.schools.remove(&school.id);
            return Err(e);
        }
        state.codes.insert(admin.id, code.clone());
        Ok(())
    }

    async fn school_by_slug(&self, slug: &SchoolSlug) -> StoreResult<Option<School>> {
        Ok(self
            .lock()
            .schools
            .values()
            .find(|s| &s.slug == slug)
            .cloned())
    }

    async fn school(&self, id: SchoolId) -> StoreResult<Option<School>> {
        Ok(self.lock().schools.get(&id).cloned())
    }

    async fn schools(&self) -> StoreResult<Vec<School>> {
        let mut all: Vec<School> = self.lock().schools.values().cloned().collect();
        all.sort_by(|a, b| a.slug.as_str().cmp(b.slug.as_str()));
        Ok(all)
    }
}

fn matches_filter(account: &Account, filter: &AccountFilter) -> bool {
    let role_ok = filter.role.is_none_or(|r| account.roles().contains(&r));
    let query_ok = filter.query.as_deref().is_none_or(|q| {
        let q = q.to_lowercase();
        account.username.as_str().contains(&q)
            || account.first_name.as_str().to_lowercase().contains(&q)
            || account.last_name.as_str().to_lowercase().contains(&q)
    });
    role_ok && query_ok
}

#[async_trait]
impl AccountStore for InMemoryAccountsStore {
    async fn insert_account(&self, account: &Account) -> StoreResult<()> {
        self.lock().insert_account(account)
    }

    async fn account(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Account>> {
        Ok(self
            .lock()
            .accounts
            .get(&id)
            .filter(|a| a.school == school)
            .cloned())
    }

    async fn account_by_username(
        &self,
        school: SchoolId,
        username: &Username,
    ) -> StoreResult<Option<(Account, Option<PasswordHash>)>> {
        let state = self.lock();
        Ok(state
            .accounts
            .values()
            .find(|a| a.school == school && a.username == *username)
            .map(|a| (a.clone(), state.passwords.get(&a.id).cloned())))
    }

    async fn list_accounts(
        &self,
        school: SchoolId,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Account>> {
        let after: Option<AccountId> = match page.after() {
            Some(cursor) => Some(cursor.key().parse().map_err(|_| StoreError::NotFound)?),
            None => None,
        };
        let state = self.lock();
        let items: Vec<Account> = state
            .accounts
            .values()
            .filter(|a| a.school == school && after.is_none_or(|after| a.id > after))
            .filter(|a| matches_filter(a, filter))
            .take(page.limit() as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |a| a.id.to_string()))
    }

    async fn co_accounts(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<Account>> {
        let state = self.lock();
        let mut found: Vec<Account> = state
            .accounts
            .values()
            .filter(|a| a.school == school && a.pupil() == Some(pupil))
            .cloned()
            .collect();
        found.sort_by_key(|a| match &a.kind {
            AccountKind::Co { slot, .. } => slot.get(),
            AccountKind::Main { .. } => 0,
        });
        Ok(found)
    }

    async fn accept_terms(
        &self,
        school: SchoolId,
        account: AccountId,
        version: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        let found = state
            .accounts
            .get_mut(&account)
            .filter(|a| a.school == school)
            .ok_or(StoreError::NotFound)?;
        found.terms = Some(TermsAcceptance {
            version: version.to_owned(),
            accepted_at: at,
        });
        Ok(())
    }

    async fn record_visit(
        &self,
        school: SchoolId,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let mut state = self.lock();
        if state
            .accounts
            .get(&account)
            .is_none_or(|a| a.school != school)
        {
            return Err(StoreError::NotFound);
        }
        Ok(state.visits.insert(account, at))
    }

    async fn erase_accounts(&self, school: SchoolId, accounts: &[AccountId]) -> StoreResult<()> {
        let mut state = self.lock();
        // A pupil's co-accounts go with it, as the databases' cascades do.
        let mut doomed: Vec<AccountId> = accounts.to_vec();
        doomed.extend(
            state
                .accounts
                .values()
                .filter(|a| a.pupil().is_some_and(|p| accounts.contains(&p)))
                .map(|a| a.id),
        );
        for id in &doomed {
            if state.accounts.get(id).is_some_and(|a| a.school == school) {
                state.accounts.remove(id);
                state.passwords.remove(id);
                state.visits.remove(id);
                state.codes.remove(id);
                state.end_sessions(*id, None);
                state.devices.retain(|_, d| d.account != *id);
                state.second_factors.erase(*id);
                state.unlink_all(*id);
                for members in state.members.values_mut() {
                    members.retain(|m| m != id);
                }
            }
        }
        Ok(())
    }
}

#[async_trait]
impl CredentialStore for InMemoryAccountsStore {
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if !state.has_account(school, account) {
            return Err(StoreError::NotFound);
        }
        state.passwords.insert(account, hash.clone());
        state.end_sessions(account, keep);
        Ok(())
    }

    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if !state.has_account(school, account) {
            return Err(StoreError::NotFound);
        }
        state.passwords.insert(account, hash.clone());
        Ok(())
    }

    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut state = self.lock();
        if state
            .accounts
            .get(&account)
            .is_some_and(|a| a.school == school)
        {
            state.passwords.remove(&account);
            state.end_sessions(account, None);
            state.unlink_all(account);
        }
        Ok(())
    }

    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()> {
        let mut state = self.lock();
        if !state.has_account(code.school, code.account) {
            return Err(StoreError::NotFound);
        }
        state.codes.insert(code.account, code.clone());
        Ok(())
    }

    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        let valid = state
            .codes
            .get(&account)
            .is_some_and(|c| c.school == school && c.code_hash == *code_hash && now < c.expires_at);
        if !valid {
            return Ok(false);
        }
        state.codes.remove(&account);
        state.passwords.insert(account, new_hash.clone());
        state.end_sessions(account, None);
        Ok(true)
    }

    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>> {
        Ok(self
            .lock()
            .codes
            .get(&account)
            .filter(|c| c.school == school)
            .cloned())
    }
}

#[async_trait]
impl SessionStore for InMemoryAccountsStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        self.lock()
            .sessions
            .insert(session.token_hash, session.clone());
        Ok(())
    }

    async fn session(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<Session>> {
        Ok(self
            .lock()
            .sessions
            .get(token_hash)
            .filter(|s| school.is_none_or(|school| s.school == school))
            .cloned())
    }

    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>> {
        let state = self.lock();
        let Some(session) = state
            .sessions
            .get(token_hash)
            .filter(|s| school.is_none_or(|school| s.school == school))
            .cloned()
        else {
            return Ok(None);
        };
        let account = state
            .accounts
            .get(&session.account)
            .filter(|a| a.school == session.school)
            .cloned();
        let school = match &account {
            Some(a) if matches!(a.kind, AccountKind::Co { .. }) => {
                state.schools.get(&session.school).cloned()
            }
            _ => None,
        };
        Ok(Some(SessionContext {
            session,
            account,
            school,
        }))
    }

    async fn touch_session(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        if let Some(s) = self
            .lock()
            .sessions
            .get_mut(token_hash)
            .filter(|s| s.school == school)
        {
            s.last_seen_at = at;
        }
        Ok(())
    }

    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        let mut state = self.lock();
        if state
            .sessions
            .get(token_hash)
            .is_some_and(|s| s.school == school)
        {
            state.sessions.remove(token_hash);
        }
        Ok(())
    }

    async fn end_sessions(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let mut state = self.lock();
        let before = state.sessions.len();
        state
            .sessions
            .retain(|_, s| s.school != school || s.account != account);
        Ok(u64::try_from(before - state.sessions.len()).unwrap_or(u64::MAX))
    }

    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64> {
        let mut state = self.lock();
        let before = state.sessions.len() + state.codes.len() + state.throttle.len();
        state.sessions.retain(|_, s| {
            s.last_seen_at >= expiry.sessions_idle_before
                && s.created_at >= expiry.sessions_created_before
        });
        state
            .codes
            .retain(|_, c| c.expires_at > expiry.codes_expired_at);
        state
            .throttle
            .retain(|_, t| t.last_failure_at >= expiry.failures_before);
        let after = state.sessions.len() + state.codes.len() + state.throttle.len();
        Ok(u64::try_from(before - after).unwrap_or(u64::MAX))
    }
}

#[async_trait]
impl GroupStore for InMemoryAccountsStore {
    async fn create_group(&self, group: &Group) -> StoreResult<()> {
        let mut state = self.lock();
        if state
            .groups
            .values()
            .any(|g| g.school == group.school && g.name == group.name)
        {
            return Err(StoreError::Conflict(conflicts::GROUP_NAME_TAKEN));
        }
        state.groups.insert(group.id, group.clone());
        Ok(())
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<Group>> {
        Ok(self
            .lock()
            .groups
            .get(&id)
            .filter(|g| g.school == school)
            .cloned())
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<Group>> {
        let mut found: Vec<Group> = self
            .lock()
            .groups
            .values()
            .filter(|g| g.school == school)
            .cloned()
            .collect();
        found.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
        Ok(found)
    }

    async fn set_members(
        &self,
        school: SchoolId,
        group: GroupId,
        members: &[AccountId],
    ) -> StoreResult<()> {
        let mut state = self.lock();
        let group_ok = state.groups.get(&group).is_some_and(|g| g.school == school);
        let members_ok = members
            .iter()
            .all(|m| state.accounts.get(m).is_some_and(|a| a.school == school));
        if !group_ok || !members_ok {
            return Err(StoreError::NotFound);
        }
        let mut sorted = members.to_vec();
        sorted.sort();
        sorted.dedup();
        state.members.insert(group, sorted);
        Ok(())
    }

    async fn members(&self, school: SchoolId, group: GroupId) -> StoreResult<Vec<AccountId>> {
        let state = self.lock();
        match state.groups.get(&group) {
            Some(g) if g.school == school => {
                Ok(state.members.get(&group).cloned().unwrap_or_default())
            }
            _ => Ok(Vec::new()),
        }
    }
}

#[async_trait]
impl AuditLog for InMemoryAccountsStore {
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
impl ThrottleStore for InMemoryAccountsStore {
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState> {
        let mut state = self.lock();
        let entry = state
            .throttle
            .entry(key.as_str().to_owned())
            .or_insert(ThrottleState {
                failures: 0,
                last_failure_at: at,
            });
        if at - entry.last_failure_at > window {
            entry.failures = 0;
        }
        entry.failures = entry.failures.saturating_add(1);
        entry.last_failure_at = at;
        Ok(*entry)
    }

    async fn take_attempt(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        // One lock around read and write: concurrent attempts are taken one at a time.
        let mut state = self.lock();
        let attempt = policy.attempt(state.throttle.get(key.as_str()), at);
        if let Attempt::Allowed(counted) = attempt {
            state.throttle.insert(key.as_str().to_owned(), counted);
        }
        Ok(attempt)
    }

    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>> {
        Ok(self.lock().throttle.get(key.as_str()).copied())
    }

    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()> {
        self.lock().throttle.remove(key.as_str());
        Ok(())
    }
}
