//! Signing in with the school's identity provider (Office 365 / OpenID Connect).
//!
//! An admin enters the school's provider and links accounts to the provider's subjects
//! (or a user links their own account once, after a password sign-in). A sign-in goes to
//! the provider and comes back with a verified subject; the account linked to it gets a
//! session exactly like a password sign-in. Unknown subjects are refused, never created.
//! Pupils and staff may sign in either way; co-accounts (parents) only with a password,
//! so they cannot be linked.

use std::sync::Arc;

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, Actor, SchoolId, StoreResult};

use super::{Accounts, AuditDraft, SignedIn};
use crate::error::AccountsError;
use crate::model::external_identity::{
    EXTERNAL_ID_LINKED, EXTERNAL_ID_UNLINKED, PENDING_LIFETIME, SIGN_IN_FAILED_WITH_PROVIDER,
    SIGN_IN_PROVIDER_CHANGED, SIGN_IN_SUCCEEDED_WITH_PROVIDER,
};
use crate::model::{
    Account, AccountKind, ClientId, ClientSecret, ExternalSubject, Issuer, PendingPurpose,
    PendingRecord, PendingSignIn, ProviderSettings, ProviderView, School, SecretHash,
};
use crate::ports::{
    ErasureHook, ExternalIdentityStore, IdentityProvider, PendingSignInStore, ProviderError,
};

/// The school's provider as an admin enters it.
#[derive(Clone)]
pub struct ProviderInput {
    /// The tenant's issuer URL.
    pub issuer: String,
    /// The app registration's client id.
    pub client_id: String,
    /// The secret; `None` or blank keeps the one stored.
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for ProviderInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderInput")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// The provider's answer, as the callback received it.
#[derive(Clone)]
pub struct ProviderAnswer {
    /// The `state` parameter.
    pub state: String,
    /// The authorization code.
    pub code: String,
    /// The session the browser has now, if any (a link completes only in the session
    /// that started it).
    pub signed_in_as: Option<AccountId>,
    /// The client's address, for the audit log.
    pub client: Option<String>,
    /// The redirect URI the round trip came back to (as given when it started).
    pub redirect: String,
}

impl std::fmt::Debug for ProviderAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderAnswer")
            .field("signed_in_as", &self.signed_in_as)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// What an answered round trip did.
#[derive(Debug)]
pub enum Completed {
    /// The linked account signed in.
    SignedIn(Box<SignedIn>),
    /// The account that asked is now linked to the subject.
    Linked,
}

/// Why a provider round trip did not end in a session or a link.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    /// The `state` was not issued here, was used already, or expired.
    #[error("the sign-in was not started here, was used already, or took too long")]
    StateRefused,
    /// No account of the school is linked to the subject the provider vouched for (or it
    /// may not sign in this way).
    #[error("no account is linked to this identity")]
    UnknownSubject,
    /// The provider refused, or its answer did not verify.
    #[error("the identity provider refused: {0}")]
    Provider(String),
    /// Anything the accounts service reports (the store is down, …).
    #[error(transparent)]
    Accounts(#[from] AccountsError),
}

/// The use cases of signing in with the school's identity provider.
#[derive(Clone)]
pub struct ExternalSignIns {
    accounts: Accounts,
    identities: Arc<dyn ExternalIdentityStore>,
    pending: Arc<dyn PendingSignInStore>,
    provider: Arc<dyn IdentityProvider>,
}

impl std::fmt::Debug for ExternalSignIns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalSignIns").finish_non_exhaustive()
    }
}

impl ExternalSignIns {
    /// The service over the accounts service, its stores and the provider adapter.
    pub fn new(
        accounts: Accounts,
        identities: Arc<dyn ExternalIdentityStore>,
        pending: Arc<dyn PendingSignInStore>,
        provider: Arc<dyn IdentityProvider>,
    ) -> Self {
        Self {
            accounts,
            identities,
            pending,
            provider,
        }
    }

    /// The school's provider, without its secret; `None` when it has none.
    ///
    /// # Errors
    /// `NotFound` for a non-admin.
    pub async fn provider(&self, actor: &Actor) -> Result<Option<ProviderView>, AccountsError> {
        require_admin(actor)?;
        Ok(self
            .identities
            .provider(actor.school)
            .await?
            .as_ref()
            .map(ProviderView::from))
    }

    /// Sets, changes (`Some`) or removes (`None`) the school's provider. Removing it
    /// removes every link to its subjects too.
    ///
    /// # Errors
    /// `NotFound` for a non-admin; `Invalid` per field (`multi_tenant_issuer` on
    /// `issuer` for a shared issuer, `blank` on `client_secret` when none is stored).
    pub async fn set_provider(
        &self,
        actor: &Actor,
        input: Option<ProviderInput>,
    ) -> Result<(), AccountsError> {
        require_admin(actor)?;
        let settings = match input {
            None => None,
            Some(input) => Some(self.parse_provider(actor.school, input).await?),
        };
        self.identities
            .set_provider(actor.school, settings.as_ref())
            .await?;
        self.accounts
            .audit(AuditDraft::new(actor.school, SIGN_IN_PROVIDER_CHANGED).by(actor))
            .await
    }

    async fn parse_provider(
        &self,
        school: SchoolId,
        input: ProviderInput,
    ) -> Result<ProviderSettings, AccountsError> {
        let mut errors = Vec::new();
        let issuer = Issuer::parse(&input.issuer)
            .map_err(|e| errors.push(e))
            .ok();
        let client_id = ClientId::parse(&input.client_id)
            .map_err(|e| errors.push(e))
            .ok();
        let secret = match input.client_secret.filter(|s| !s.trim().is_empty()) {
            Some(raw) => ClientSecret::parse(&raw).map_err(|e| errors.push(e)).ok(),
            None => match self.identities.provider(school).await? {
                Some(old) => Some(old.client_secret),
                None => {
                    errors.push(schoolbrug_kernel::FieldError::new(
                        "client_secret",
                        "blank",
                        "this is required",
                    ));
                    None
                }
            },
        };
        match (issuer, client_id, secret) {
            (Some(issuer), Some(client_id), Some(client_secret)) if errors.is_empty() => {
                Ok(ProviderSettings {
                    issuer,
                    client_id,
                    client_secret,
                })
            }
            _ => Err(AccountsError::Invalid(errors)),
        }
    }

    /// Whether the school named by `slug` (or the only school) signs in with a provider:
    /// the school when it does.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn school_with_provider(
        &self,
        slug: Option<&str>,
    ) -> Result<Option<School>, AccountsError> {
        let Ok(Some(school)) = self.accounts.resolve_school(slug).await else {
            return Ok(None);
        };
        Ok(self.identities.provider(school.id).await?.map(|_| school))
    }

    /// The subject an account of the school is linked to.
    ///
    /// # Errors
    /// `NotFound` for a non-admin or an account of another school.
    pub async fn external_id(
        &self,
        actor: &Actor,
        account: AccountId,
    ) -> Result<Option<ExternalSubject>, AccountsError> {
        require_admin(actor)?;
        self.account_of_school(actor.school, account).await?;
        Ok(self.identities.subject_of(actor.school, account).await?)
    }

    /// Links (`Some`) an account of the school to a subject of the school's provider, or
    /// removes its link (`None`).
    ///
    /// # Errors
    /// `NotFound` for a non-admin or an account of another school; `Invalid` on
    /// `subject` when malformed, for a co-account (`co_account`: parents sign in with a
    /// password only) or when the school has no provider (`no_provider`);
    /// `Conflict(SUBJECT_LINKED)` when another account has the subject.
    pub async fn set_external_id(
        &self,
        actor: &Actor,
        account: AccountId,
        subject: Option<&str>,
    ) -> Result<(), AccountsError> {
        require_admin(actor)?;
        let account = self.account_of_school(actor.school, account).await?;
        match subject {
            None => {
                if self
                    .identities
                    .unlink_subject(actor.school, account.id)
                    .await?
                {
                    self.accounts
                        .audit(
                            AuditDraft::new(actor.school, EXTERNAL_ID_UNLINKED)
                                .account(&account)
                                .by(actor),
                        )
                        .await?;
                }
                Ok(())
            }
            Some(raw) => {
                let subject = ExternalSubject::parse(raw)?;
                self.link(actor.school, &account, &subject, Some(actor))
                    .await
            }
        }
    }

    async fn link(
        &self,
        school: SchoolId,
        account: &Account,
        subject: &ExternalSubject,
        by: Option<&Actor>,
    ) -> Result<(), AccountsError> {
        refuse_co_account(account)?;
        if self.identities.provider(school).await?.is_none() {
            return Err(AccountsError::invalid(
                "subject",
                "no_provider",
                "the school has no identity provider",
            ));
        }
        self.identities
            .link_subject(school, account.id, subject)
            .await?;
        let mut draft = AuditDraft::new(school, EXTERNAL_ID_LINKED).account(account);
        if let Some(actor) = by {
            draft = draft.by(actor);
        }
        self.accounts.audit(draft).await
    }

    async fn account_of_school(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> Result<Account, AccountsError> {
        self.accounts
            .accounts
            .account(school, account)
            .await?
            .ok_or(AccountsError::NotFound)
    }

    /// Starts a sign-in with the provider of the school named by `slug` (or the only
    /// school): the provider's URL to send the browser to, and the `state` to bind to
    /// the browser. The browser comes back to `redirect`.
    ///
    /// # Errors
    /// `NotFound` for an unknown school or one without a provider; `Unavailable` when
    /// the provider cannot be reached.
    pub async fn start_sign_in(
        &self,
        slug: Option<&str>,
        redirect: &str,
    ) -> Result<(String, String), AccountsError> {
        let school = self
            .accounts
            .resolve_school(slug)
            .await?
            .ok_or(AccountsError::NotFound)?;
        self.start(school.id, PendingPurpose::SignIn, redirect)
            .await
    }

    /// Starts linking the signed-in account to its identity at the school's provider,
    /// like [`ExternalSignIns::start_sign_in`].
    ///
    /// # Errors
    /// `Invalid` on `subject` (`co_account`) for a co-account; `NotFound` when the school
    /// has no provider or the account is gone; `Unavailable` as above.
    pub async fn start_link(
        &self,
        actor: &Actor,
        redirect: &str,
    ) -> Result<(String, String), AccountsError> {
        let account = self.account_of_school(actor.school, actor.account).await?;
        refuse_co_account(&account)?;
        self.start(actor.school, PendingPurpose::Link(account.id), redirect)
            .await
    }

    async fn start(
        &self,
        school: SchoolId,
        purpose: PendingPurpose,
        redirect: &str,
    ) -> Result<(String, String), AccountsError> {
        let settings = self
            .identities
            .provider(school)
            .await?
            .ok_or(AccountsError::NotFound)?;
        let (url, pending) = self
            .provider
            .authorization_url(&settings, redirect)
            .await
            .map_err(|e| AccountsError::Unavailable(e.to_string()))?;
        self.pending
            .save_pending(&PendingRecord {
                state_hash: SecretHash::of(pending.state.as_bytes()),
                school,
                purpose,
                nonce: pending.nonce.clone(),
                pkce_verifier: pending.pkce_verifier.clone(),
                expires_at: self.accounts.now() + PENDING_LIFETIME,
            })
            .await?;
        Ok((url, pending.state))
    }

    /// Completes a round trip with the provider's answer: signs in the account linked
    /// to the verified subject (a new session, like a password sign-in), or links the
    /// account that started it.
    ///
    /// # Errors
    /// `StateRefused` for a state not issued here, used already or expired;
    /// `Provider` when the provider refuses or its ID token does not verify;
    /// `UnknownSubject` when no account (or only a co-account) is linked to it;
    /// `Accounts(Conflict(SUBJECT_LINKED))` when linking a subject another account has.
    pub async fn complete(&self, answer: ProviderAnswer) -> Result<Completed, CallbackError> {
        let state_hash = SecretHash::of(answer.state.as_bytes());
        let Some(record) = self
            .pending
            .take_pending(&state_hash, self.accounts.now())
            .await
            .map_err(AccountsError::from)?
        else {
            return Err(CallbackError::StateRefused);
        };
        if let PendingPurpose::Link(account) = record.purpose
            && answer.signed_in_as != Some(account)
        {
            return Err(CallbackError::StateRefused);
        }
        let school = self.accounts.school(record.school).await?;
        let Some(settings) = self
            .identities
            .provider(school.id)
            .await
            .map_err(AccountsError::from)?
        else {
            return Err(CallbackError::StateRefused);
        };
        let pending = PendingSignIn {
            state: answer.state.clone(),
            nonce: record.nonce.clone(),
            pkce_verifier: record.pkce_verifier.clone(),
        };
        let verified = self
            .provider
            .complete(&settings, &answer.redirect, &pending, &answer.code)
            .await
            .map_err(|e| match e {
                ProviderError::Refused(m) => CallbackError::Provider(m),
                ProviderError::Unreachable(m) => {
                    CallbackError::Accounts(AccountsError::Unavailable(m))
                }
            })?;
        match record.purpose {
            PendingPurpose::Link(id) => {
                let account = self.account_of_school(school.id, id).await?;
                self.link(school.id, &account, &verified.subject, None)
                    .await?;
                Ok(Completed::Linked)
            }
            PendingPurpose::SignIn => {
                let linked = self
                    .identities
                    .account_by_subject(school.id, &verified.subject)
                    .await
                    .map_err(AccountsError::from)?;
                let account = match linked {
                    Some(id) => self
                        .accounts
                        .accounts
                        .account(school.id, id)
                        .await
                        .map_err(AccountsError::from)?,
                    None => None,
                };
                let Some(account) = account.filter(|a| matches!(a.kind, AccountKind::Main { .. }))
                else {
                    self.accounts
                        .audit(
                            AuditDraft::new(school.id, SIGN_IN_FAILED_WITH_PROVIDER)
                                .client(answer.client.as_deref()),
                        )
                        .await?;
                    return Err(CallbackError::UnknownSubject);
                };
                let signed_in = self
                    .accounts
                    .open_session(
                        school,
                        account,
                        answer.client.as_deref(),
                        SIGN_IN_SUCCEEDED_WITH_PROVIDER,
                        None,
                    )
                    .await?;
                Ok(Completed::SignedIn(Box::new(signed_in)))
            }
        }
    }

    /// The erasure hook that removes an account's link when the account is erased.
    #[must_use]
    pub fn erasure_hook(identities: Arc<dyn ExternalIdentityStore>) -> Arc<dyn ErasureHook> {
        Arc::new(LinkErasure(identities))
    }
}

fn require_admin(actor: &Actor) -> Result<(), AccountsError> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AccountsError::NotFound)
    }
}

fn refuse_co_account(account: &Account) -> Result<(), AccountsError> {
    if matches!(account.kind, AccountKind::Co { .. }) {
        return Err(AccountsError::invalid(
            "subject",
            "co_account",
            "co-accounts sign in with a username and password only",
        ));
    }
    Ok(())
}

struct LinkErasure(Arc<dyn ExternalIdentityStore>);

#[async_trait]
impl ErasureHook for LinkErasure {
    async fn erase_account_data(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.0.unlink_subject(school, account).await.map(|_| ())
    }
}
