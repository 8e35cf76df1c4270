//! The `Accounts` service: every accounts use case, each taking the acting principal and
//! deciding there whether it may happen. Privacy rules live here, so an embedder gets them.

mod admin;
mod device;
mod external_sign_in;
mod links;
mod open_session;
mod password;
mod school;
mod second_factor;
mod session;
mod visit;

pub use visit::StartVisit;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, Actor, AuditEventId, Clock, SchoolId};

pub use admin::{NewAccount, NewCoAccount};
pub use external_sign_in::{
    CallbackError, Completed, ExternalSignIns, ProviderAnswer, ProviderInput,
};
pub use links::{LinkCoAccount, LinkedCoAccount};
pub use password::{ChangePassword, ResetPassword};
pub use school::{NewSchool, SchoolCreated};
pub use second_factor::{SecondFactorStatus, TotpEnrolment};
pub use session::{Me, SignIn, SignedIn};

use crate::error::AccountsError;
use crate::model::{
    Account, AccountKind, AuditEvent, AuditKind, DevicePolicy, School, SessionPolicy,
    ThrottlePolicy,
};
use crate::password::{PasswordContext, PasswordPolicy};
use crate::ports::{
    AccountStore, AccountsStores, AuditLog, CoAccountLinkStore, CredentialStore, DeviceStore,
    ErasureHook, GroupStore, PasswordHasher, SchoolStore, SecondFactorStore, SessionStore,
    ThrottleStore,
};

/// Tunable rules of the accounts module.
#[derive(Clone, Copy, Debug, Default)]
pub struct AccountsSettings {
    /// Session and code lifetimes.
    pub sessions: SessionPolicy,
    /// Delays after failed attempts.
    pub throttle: ThrottlePolicy,
    /// How known devices are trusted.
    pub devices: DevicePolicy,
}

/// The accounts module's use cases.
#[derive(Clone)]
pub struct Accounts {
    schools: Arc<dyn SchoolStore>,
    accounts: Arc<dyn AccountStore>,
    credentials: Arc<dyn CredentialStore>,
    sessions: Arc<dyn SessionStore>,
    groups: Arc<dyn GroupStore>,
    audit: Arc<dyn AuditLog>,
    throttle: Arc<dyn ThrottleStore>,
    devices: Arc<dyn DeviceStore>,
    second_factors: Arc<dyn SecondFactorStore>,
    links: Arc<dyn CoAccountLinkStore>,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
    erasure_hooks: Vec<Arc<dyn ErasureHook>>,
    settings: AccountsSettings,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accounts")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Accounts {
    /// The service over one store that implements every repository port.
    pub fn new<S: AccountsStores + 'static>(
        store: Arc<S>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            schools: store.clone(),
            accounts: store.clone(),
            credentials: store.clone(),
            sessions: store.clone(),
            groups: store.clone(),
            audit: store.clone(),
            throttle: store.clone(),
            second_factors: store.clone(),
            links: store.clone(),
            devices: store,
            hasher,
            clock,
            erasure_hooks: Vec::new(),
            settings: AccountsSettings::default(),
        }
    }

    /// Adds a module's erasure hook, called when an account's data must go.
    #[must_use]
    pub fn with_erasure_hook(mut self, hook: Arc<dyn ErasureHook>) -> Self {
        self.erasure_hooks.push(hook);
        self
    }

    /// Replaces the default settings.
    #[must_use]
    pub fn with_settings(mut self, settings: AccountsSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The settings in use.
    #[must_use]
    pub fn settings(&self) -> AccountsSettings {
        self.settings
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    async fn school(&self, id: SchoolId) -> Result<School, AccountsError> {
        self.schools
            .school(id)
            .await?
            .ok_or(AccountsError::NotFound)
    }

    /// Writes an audit event. A failing audit write fails the use case: a security event
    /// that cannot be recorded must not happen silently.
    async fn audit(&self, event: AuditDraft) -> Result<(), AccountsError> {
        let event = AuditEvent {
            id: AuditEventId::new(),
            school: event.school,
            kind: event.kind,
            account: event.account,
            actor: event.actor,
            username: event.username,
            client: event.client,
            at: self.now(),
        };
        self.audit.record(&event).await?;
        Ok(())
    }

    /// The words a password of `account` must not be built on.
    async fn password_context(
        &self,
        school: &School,
        account: &Account,
    ) -> Result<PasswordContext, AccountsError> {
        let mut context = PasswordContext {
            username: account.username.as_str().to_owned(),
            first_name: account.first_name.as_str().to_owned(),
            last_name: account.last_name.as_str().to_owned(),
            pupil_first_name: None,
            pupil_last_name: None,
            birth_date: None,
            school_name: Some(school.name.as_str().to_owned()),
        };
        match &account.kind {
            AccountKind::Main { birth_date, .. } => context.birth_date = *birth_date,
            AccountKind::Co { pupil, .. } => {
                if let Some(pupil) = self.accounts.account(school.id, *pupil).await? {
                    context.pupil_first_name = Some(pupil.first_name.as_str().to_owned());
                    context.pupil_last_name = Some(pupil.last_name.as_str().to_owned());
                    if let AccountKind::Main { birth_date, .. } = pupil.kind {
                        context.birth_date = birth_date;
                    }
                }
            }
        }
        Ok(context)
    }

    fn policy_for(school: &School) -> PasswordPolicy {
        PasswordPolicy::new(school.min_password_length)
    }
}

/// An audit event before it gets its id and time.
struct AuditDraft {
    school: SchoolId,
    kind: AuditKind,
    account: Option<AccountId>,
    actor: Option<AccountId>,
    username: Option<String>,
    client: Option<String>,
}

impl AuditDraft {
    fn new(school: SchoolId, kind: AuditKind) -> Self {
        Self {
            school,
            kind,
            account: None,
            actor: None,
            username: None,
            client: None,
        }
    }

    fn account(mut self, account: &Account) -> Self {
        self.account = Some(account.id);
        self.username = Some(account.username.as_str().to_owned());
        self
    }

    fn by(mut self, actor: &Actor) -> Self {
        self.actor = Some(actor.account);
        self
    }

    fn client(mut self, client: Option<&str>) -> Self {
        self.client = client.map(str::to_owned);
        self
    }
}
