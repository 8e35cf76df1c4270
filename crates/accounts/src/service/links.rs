//! Linking co-accounts: one parent with a co-account per child links them once, and each
//! then reaches the other's child too. A co-account links another by proving it holds
//! that one's password, checked exactly as a sign-in checks it and counted against the
//! same throttle, so this is never a faster way to guess a password. An admin may link
//! and unlink any two co-accounts of the school.

use schoolbrug_kernel::{AccountId, Actor, ActorKind};

use super::session::{SignIn, refuse_overlong, sign_in_keys};
use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::{Account, SchoolSlug, ThrottleKey};

/// A co-account's request to link another co-account, named by username and proved by
/// its password (and its second-factor code, when it has one).
#[derive(Clone)]
pub struct LinkCoAccount {
    /// The school's slug, if given: it must be the actor's own school.
    pub school: Option<String>,
    /// The other co-account's username, as typed.
    pub username: String,
    /// The other co-account's password, as typed.
    pub password: String,
    /// The client's address: counted against as a sign-in's is.
    pub client: Option<String>,
    /// The other co-account's TOTP or recovery code, when it has a second factor.
    pub second_factor: Option<String>,
}

impl std::fmt::Debug for LinkCoAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkCoAccount")
            .field("school", &self.school)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("client", &self.client)
            .field(
                "second_factor",
                &self.second_factor.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A co-account linked to the actor's, with the pupil it is the co-account of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedCoAccount {
    /// The linked co-account.
    pub id: AccountId,
    /// Its first name.
    pub first_name: String,
    /// Its last name.
    pub last_name: String,
    /// Its pupil.
    pub pupil: AccountId,
    /// The pupil's first and last name.
    pub pupil_name: String,
}

/// Whether `a` and `b` may be linked: two different people's co-accounts, so two
/// co-accounts of different pupils.
fn linkable(a: &Account, b: &Account) -> bool {
    match (a.pupil(), b.pupil()) {
        (Some(pa), Some(pb)) => a.id != b.id && a.school == b.school && pa != pb,
        _ => false,
    }
}

impl Accounts {
    /// Links the signed-in co-account to the co-account whose username and password are
    /// given. Linking a co-account already linked succeeds again, changing nothing.
    /// Returns the linked co-account's id.
    ///
    /// # Errors
    /// `NotFound` when the actor is not a co-account; `Unauthenticated` for a school that
    /// is not the actor's, an unknown username, a wrong password, an inactive co-account,
    /// a main account, the actor itself or a co-account of the same pupil, all alike and
    /// after the same hashing work; `Throttled` as a sign-in with that username would be;
    /// `SecondFactorRequired` / `SecondFactorInvalid` when the other co-account has a
    /// second factor; `Busy` when the hasher sheds load.
    pub async fn link_co_account(
        &self,
        actor: &Actor,
        request: LinkCoAccount,
    ) -> Result<AccountId, AccountsError> {
        let ActorKind::Co { .. } = actor.kind else {
            return Err(AccountsError::NotFound);
        };
        let me = self
            .accounts
            .account(actor.school, actor.account)
            .await?
            .ok_or(AccountsError::NotFound)?;
        let attempt = SignIn {
            school: request.school,
            username: request.username,
            password: request.password,
            client: request.client,
            device: None,
            second_factor: request.second_factor,
        };
        refuse_overlong(&attempt)?;
        self.hasher.check_capacity()?;
        let school = self.school(actor.school).await?;
        let client_key = attempt.client.as_deref().map(ThrottleKey::client);
        if !names_school(attempt.school.as_deref(), &school.slug) {
            // Another school is never looked into: answered as sign-in answers an
            // unknown school, counted against the address alone.
            if let Some(key) = &client_key {
                self.take_attempts(&[key]).await?;
            }
            self.hasher.verify_nothing(&attempt.password).await?;
            return Err(AccountsError::Unauthenticated);
        }
        let account_key = ThrottleKey::account(school.id, &attempt.username);
        let keys = sign_in_keys(client_key.as_ref(), &account_key);
        if let Err(e) = self.take_attempts(&keys).await {
            self.audit(
                AuditDraft::new(school.id, audit::SIGN_IN_FAILED)
                    .by(actor)
                    .client(attempt.client.as_deref())
                    .with_username(&attempt.username),
            )
            .await?;
            return Err(e);
        }
        let other = self
            .verify_credentials(&school, &attempt, false)
            .await?
            // A right password for an account that may not be linked stays a failure,
            // counted and not cleared: otherwise the throttle's reset would tell it was
            // right.
            .filter(|other| linkable(&me, other));
        let Some(other) = other else {
            let mut draft = AuditDraft::new(school.id, audit::SIGN_IN_FAILED)
                .by(actor)
                .client(attempt.client.as_deref())
                .with_username(&attempt.username);
            if let Some(known) = self
                .accounts_by_typed_name(school.id, &attempt.username)
                .await?
            {
                draft = draft.account(&known);
            }
            self.audit(draft).await?;
            return Err(AccountsError::Unauthenticated);
        };
        self.check_second_factor(&school, &other, &attempt).await?;
        self.clear_attempts(&keys).await?;
        if self
            .links
            .linked(school.id, me.id)
            .await?
            .contains(&other.id)
        {
            return Ok(other.id);
        }
        self.links
            .link(school.id, me.id, other.id, self.now())
            .await
            .map_err(|e| match AccountsError::from(e) {
                // Erased or reset in the meantime: as if the password were wrong.
                AccountsError::NotFound => AccountsError::Unauthenticated,
                other => other,
            })?;
        self.audit(
            AuditDraft::new(school.id, audit::CO_ACCOUNT_LINKED)
                .account(&other)
                .by(actor),
        )
        .await?;
        Ok(other.id)
    }

    /// Removes the link between the signed-in co-account and `other`.
    ///
    /// # Errors
    /// `NotFound` when the actor is not a co-account or is not linked to `other`.
    pub async fn unlink_co_account(
        &self,
        actor: &Actor,
        other: AccountId,
    ) -> Result<(), AccountsError> {
        let ActorKind::Co { .. } = actor.kind else {
            return Err(AccountsError::NotFound);
        };
        self.unlink_audited(actor, actor.account, other).await
    }

    /// The co-accounts linked to the signed-in account, by id, each with its pupil; none
    /// for a main account.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn links(&self, actor: &Actor) -> Result<Vec<LinkedCoAccount>, AccountsError> {
        let ActorKind::Co { .. } = actor.kind else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for id in self.links.linked(actor.school, actor.account).await? {
            let Some(linked) = self.accounts.account(actor.school, id).await? else {
                continue;
            };
            let Some(pupil_id) = linked.pupil() else {
                continue;
            };
            let Some(pupil) = self.accounts.account(actor.school, pupil_id).await? else {
                continue;
            };
            out.push(LinkedCoAccount {
                id,
                first_name: linked.first_name.as_str().to_owned(),
                last_name: linked.last_name.as_str().to_owned(),
                pupil: pupil.id,
                pupil_name: format!("{} {}", pupil.first_name.as_str(), pupil.last_name.as_str()),
            });
        }
        Ok(out)
    }

    /// Links two co-accounts of the school (an admin's doing: no password asked).
    /// Linking a linked pair succeeds again, changing nothing.
    ///
    /// # Errors
    /// `NotFound` for a non-admin, and when `a` and `b` are not two co-accounts of
    /// different pupils of the school.
    pub async fn link_co_accounts(
        &self,
        actor: &Actor,
        a: AccountId,
        b: AccountId,
    ) -> Result<(), AccountsError> {
        if !actor.is_admin() {
            return Err(AccountsError::NotFound);
        }
        let first = self
            .accounts
            .account(actor.school, a)
            .await?
            .ok_or(AccountsError::NotFound)?;
        let second = self
            .accounts
            .account(actor.school, b)
            .await?
            .ok_or(AccountsError::NotFound)?;
        if !linkable(&first, &second) {
            return Err(AccountsError::NotFound);
        }
        if self.links.linked(actor.school, a).await?.contains(&b) {
            return Ok(());
        }
        self.links.link(actor.school, a, b, self.now()).await?;
        let mut draft = AuditDraft::new(actor.school, audit::CO_ACCOUNT_LINKED)
            .account(&first)
            .by(actor);
        // The event names one side; the other is told by its username.
        draft.username = Some(format!(
            "{} + {}",
            first.username.as_str(),
            second.username.as_str()
        ));
        self.audit(draft).await
    }

    /// Removes the link between two co-accounts of the school.
    ///
    /// # Errors
    /// `NotFound` for a non-admin, and when the two are not linked in the school.
    pub async fn unlink_co_accounts(
        &self,
        actor: &Actor,
        a: AccountId,
        b: AccountId,
    ) -> Result<(), AccountsError> {
        if !actor.is_admin() {
            return Err(AccountsError::NotFound);
        }
        self.unlink_audited(actor, a, b).await
    }

    async fn unlink_audited(
        &self,
        actor: &Actor,
        a: AccountId,
        b: AccountId,
    ) -> Result<(), AccountsError> {
        if !self.links.unlink(actor.school, a, b).await? {
            return Err(AccountsError::NotFound);
        }
        let mut draft = AuditDraft::new(actor.school, audit::CO_ACCOUNT_UNLINKED).by(actor);
        draft.account = Some(if a == actor.account { b } else { a });
        self.audit(draft).await
    }
}

/// Whether the slug typed (if any) names this school. A blank slug names none, as at
/// sign-in, where a blank one means "the only school".
fn names_school(typed: Option<&str>, slug: &SchoolSlug) -> bool {
    match typed.map(str::trim).filter(|s| !s.is_empty()) {
        None => true,
        Some(raw) => SchoolSlug::parse(raw).is_ok_and(|parsed| &parsed == slug),
    }
}
