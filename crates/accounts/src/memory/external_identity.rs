//! In-memory adapters of the identity-provider ports, and a fake provider that vouches
//! for whatever subject the code names, for tests and for trying the module.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::secret::SessionToken;
use schoolbrug_kernel::{AccountId, SchoolId};

use crate::model::{
    ExternalSubject, PendingRecord, PendingSignIn, ProviderSettings, SecretHash, VerifiedSubject,
};
use crate::ports::{
    ExternalIdentityStore, IdentityProvider, PendingSignInStore, ProviderError, SUBJECT_LINKED,
    StoreError, StoreResult,
};

#[derive(Default)]
struct State {
    providers: HashMap<SchoolId, ProviderSettings>,
    links: BTreeMap<(SchoolId, AccountId), ExternalSubject>,
    pending: HashMap<SecretHash, PendingRecord>,
}

/// The [`ExternalIdentityStore`] and [`PendingSignInStore`] in memory. One lock guards
/// all state, so every method is atomic.
#[derive(Default)]
pub struct InMemoryExternalIdentities {
    state: Mutex<State>,
}

impl InMemoryExternalIdentities {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl ExternalIdentityStore for InMemoryExternalIdentities {
    async fn set_provider(
        &self,
        school: SchoolId,
        settings: Option<&ProviderSettings>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        match settings {
            Some(settings) => {
                state.providers.insert(school, settings.clone());
            }
            None => {
                state.providers.remove(&school);
                state.links.retain(|(s, _), _| *s != school);
            }
        }
        Ok(())
    }

    async fn provider(&self, school: SchoolId) -> StoreResult<Option<ProviderSettings>> {
        Ok(self.lock().providers.get(&school).cloned())
    }

    async fn link_subject(
        &self,
        school: SchoolId,
        account: AccountId,
        subject: &ExternalSubject,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        let taken = state
            .links
            .iter()
            .any(|((s, a), sub)| *s == school && *a != account && sub == subject);
        if taken {
            return Err(StoreError::Conflict(SUBJECT_LINKED));
        }
        state.links.insert((school, account), subject.clone());
        Ok(())
    }

    async fn unlink_subject(&self, school: SchoolId, account: AccountId) -> StoreResult<bool> {
        Ok(self.lock().links.remove(&(school, account)).is_some())
    }

    async fn account_by_subject(
        &self,
        school: SchoolId,
        subject: &ExternalSubject,
    ) -> StoreResult<Option<AccountId>> {
        Ok(self
            .lock()
            .links
            .iter()
            .find(|((s, _), sub)| *s == school && *sub == subject)
            .map(|((_, a), _)| *a))
    }

    async fn subject_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ExternalSubject>> {
        Ok(self.lock().links.get(&(school, account)).cloned())
    }
}

#[async_trait]
impl PendingSignInStore for InMemoryExternalIdentities {
    async fn save_pending(&self, pending: &PendingRecord) -> StoreResult<()> {
        self.lock()
            .pending
            .insert(pending.state_hash, pending.clone());
        Ok(())
    }

    async fn take_pending(
        &self,
        state_hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PendingRecord>> {
        let mut state = self.lock();
        let taken = state.pending.remove(state_hash);
        state.pending.retain(|_, p| p.expires_at > now);
        Ok(taken.filter(|p| p.expires_at > now))
    }
}

/// A provider that needs no network: its authorization URL is
/// `{issuer}/authorize?state=…&nonce=…&redirect_uri=…`, and it vouches for the subject
/// `S` when given the code `sub:S` with the nonce and verifier it issued for that state;
/// any other code is refused.
#[derive(Default)]
pub struct FakeIdentityProvider {
    issued: Mutex<HashMap<String, (String, String)>>,
}

impl FakeIdentityProvider {
    /// A fresh fake.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl IdentityProvider for FakeIdentityProvider {
    async fn authorization_url(
        &self,
        settings: &ProviderSettings,
        redirect: &str,
    ) -> Result<(String, PendingSignIn), ProviderError> {
        let pending = PendingSignIn {
            state: SessionToken::generate().expose().to_owned(),
            nonce: SessionToken::generate().expose().to_owned(),
            pkce_verifier: SessionToken::generate().expose().to_owned(),
        };
        self.issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                pending.state.clone(),
                (pending.nonce.clone(), pending.pkce_verifier.clone()),
            );
        let url = format!(
            "{}/authorize?client_id={}&state={}&nonce={}&redirect_uri={}",
            settings.issuer.as_str().trim_end_matches('/'),
            settings.client_id.as_str(),
            pending.state,
            pending.nonce,
            redirect
        );
        Ok((url, pending))
    }

    async fn complete(
        &self,
        _settings: &ProviderSettings,
        _redirect: &str,
        pending: &PendingSignIn,
        code: &str,
    ) -> Result<VerifiedSubject, ProviderError> {
        let issued = self
            .issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&pending.state)
            .cloned();
        if issued != Some((pending.nonce.clone(), pending.pkce_verifier.clone())) {
            return Err(ProviderError::Refused("nonce or verifier mismatch".into()));
        }
        let subject = code
            .strip_prefix("sub:")
            .ok_or_else(|| ProviderError::Refused("invalid_grant".into()))?;
        Ok(VerifiedSubject {
            subject: ExternalSubject::parse(subject)
                .map_err(|e| ProviderError::Refused(e.message))?,
        })
    }
}
