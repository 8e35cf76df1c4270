//! The second factor (TOTP, RFC 6238): enrolment confirmed by a first code, ten
//! single-use recovery codes, the code asked at sign-in once the password was right, the
//! school's rule that staff and admins must have one, and an admin's removal of a lost one.
//!
//! A TOTP code is accepted once: the store keeps the last accepted time step per account
//! and accepts a code only for a later step, in one atomic operation. Codes tried at
//! sign-in (and to turn the factor off) count against a throttle key of the account's own,
//! before they are checked, like passwords.

use schoolbrug_kernel::{AccountId, Actor, ActorKind, OneTimeCode, SchoolId};

use super::session::SignIn;
use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::second_factor::generate_recovery_codes;
use crate::model::{Account, School, SecondFactor, ThrottleKey, TotpCode, TotpSecret};

/// A started enrolment: the secret to put into an authenticator app, typed or through the
/// `otpauth://` link (as a QR code). Not asked at sign-in until confirmed.
#[derive(Debug)]
pub struct TotpEnrolment {
    /// The shared secret.
    pub secret: TotpSecret,
    /// The `otpauth://totp/…` link naming the school and the username.
    pub otpauth_uri: String,
}

/// Where an account stands with its second factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecondFactorStatus {
    /// A confirmed TOTP is asked at sign-in.
    pub active: bool,
    /// An enrolment was started and waits for its first code.
    pub pending: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
    /// The school requires a second factor of this account (staff and admins, when the
    /// school says so).
    pub required: bool,
}

impl Accounts {
    /// Called by `sign_in` once the password is right: an account with a confirmed second
    /// factor must also give one of its codes (a TOTP code or a recovery code).
    ///
    /// # Errors
    /// `SecondFactorRequired` when none was given; `Throttled` after repeated wrong codes
    /// for the account; `SecondFactorInvalid` for a wrong, used or replayed code.
    pub(super) async fn check_second_factor(
        &self,
        school: &School,
        account: &Account,
        attempt: &SignIn,
    ) -> Result<(), AccountsError> {
        let Some(factor) = self.active_totp(school.id, account.id).await? else {
            return Ok(());
        };
        let Some(typed) = attempt
            .second_factor
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        else {
            return Err(AccountsError::SecondFactorRequired);
        };
        let key = ThrottleKey::second_factor(school.id, account.id);
        if let Err(e) = self.take_attempts(&[&key]).await {
            self.audit(
                AuditDraft::new(school.id, audit::SIGN_IN_FAILED)
                    .account(account)
                    .client(attempt.client.as_deref()),
            )
            .await?;
            return Err(e);
        }
        if self
            .spend_code(account, &factor, typed, attempt.client.as_deref())
            .await?
        {
            self.clear_attempts(&[&key]).await?;
            Ok(())
        } else {
            self.audit(
                AuditDraft::new(school.id, audit::SIGN_IN_FAILED)
                    .account(account)
                    .client(attempt.client.as_deref()),
            )
            .await?;
            Err(AccountsError::SecondFactorInvalid)
        }
    }

    async fn active_totp(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> Result<Option<SecondFactor>, AccountsError> {
        Ok(self
            .second_factors
            .totp(school, account)
            .await?
            .filter(|f| f.active))
    }

    /// Spends a TOTP code (six digits: of a step later than the last accepted one, within
    /// the drift) or a recovery code (anything else: once). Whether it was good.
    async fn spend_code(
        &self,
        account: &Account,
        factor: &SecondFactor,
        typed: &str,
        client: Option<&str>,
    ) -> Result<bool, AccountsError> {
        if TotpCode::parse(typed).is_some() {
            let Some(step) = factor.secret.matching_step(typed, self.now()) else {
                return Ok(false);
            };
            return Ok(self
                .second_factors
                .accept_totp_step(account.school, account.id, step)
                .await?);
        }
        let used = self
            .second_factors
            .use_recovery_code(
                account.school,
                account.id,
                &OneTimeCode::from_user(typed).hash(),
            )
            .await?;
        if used {
            self.audit(
                AuditDraft::new(account.school, audit::RECOVERY_CODE_USED)
                    .account(account)
                    .client(client),
            )
            .await?;
        }
        Ok(used)
    }

    async fn own_account(&self, actor: &Actor) -> Result<(School, Account), AccountsError> {
        let school = self.school(actor.school).await?;
        let account = self
            .accounts
            .account(actor.school, actor.account)
            .await?
            .ok_or(AccountsError::NotFound)?;
        Ok((school, account))
    }

    /// Starts enrolling a TOTP for the signed-in account: a new secret, replacing one
    /// that was started and not confirmed. Every account may (main and co-accounts).
    ///
    /// # Errors
    /// `Conflict(SECOND_FACTOR_ACTIVE)` when the account has a confirmed one.
    pub async fn start_totp(&self, actor: &Actor) -> Result<TotpEnrolment, AccountsError> {
        let (school, account) = self.own_account(actor).await?;
        let secret = TotpSecret::generate();
        self.second_factors
            .begin_totp(school.id, account.id, &secret)
            .await?;
        Ok(enrolment_of(&school, &account, secret))
    }

    /// The started, not yet confirmed enrolment of the signed-in account, to show again
    /// (a page reloaded, a wrong first code).
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn pending_totp(
        &self,
        actor: &Actor,
    ) -> Result<Option<TotpEnrolment>, AccountsError> {
        let (school, account) = self.own_account(actor).await?;
        Ok(self
            .second_factors
            .totp(school.id, account.id)
            .await?
            .filter(|f| !f.active)
            .map(|f| enrolment_of(&school, &account, f.secret)))
    }

    /// Confirms the started enrolment with a first code: from now on the code is asked at
    /// sign-in. Answers the ten recovery codes, shown this once (only their hashes are
    /// kept).
    ///
    /// # Errors
    /// `NotFound` when no enrolment was started (or it is already confirmed); `Invalid` on
    /// `code` (`wrong_code`) for a code that is not the app's current one.
    pub async fn confirm_totp(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<Vec<OneTimeCode>, AccountsError> {
        let (school, account) = self.own_account(actor).await?;
        let pending = self
            .second_factors
            .totp(school.id, account.id)
            .await?
            .filter(|f| !f.active)
            .ok_or(AccountsError::NotFound)?;
        let Some(step) = pending.secret.matching_step(code, self.now()) else {
            return Err(wrong_code());
        };
        let codes = generate_recovery_codes();
        let hashes: Vec<_> = codes.iter().map(OneTimeCode::hash).collect();
        if !self
            .second_factors
            .confirm_totp(school.id, account.id, step, &hashes)
            .await?
        {
            return Err(AccountsError::NotFound);
        }
        self.audit(AuditDraft::new(school.id, audit::SECOND_FACTOR_ENABLED).account(&account))
            .await?;
        Ok(codes)
    }

    /// Turns the signed-in account's second factor off, with one of its codes (TOTP or
    /// recovery), counted by the throttle like a sign-in.
    ///
    /// # Errors
    /// `NotFound` without a confirmed second factor; `Throttled` after repeated wrong
    /// codes; `Invalid` on `code` (`wrong_code`) for a wrong, used or replayed code.
    pub async fn disable_totp(&self, actor: &Actor, code: &str) -> Result<(), AccountsError> {
        let (school, account) = self.own_account(actor).await?;
        let factor = self
            .active_totp(school.id, account.id)
            .await?
            .ok_or(AccountsError::NotFound)?;
        let key = ThrottleKey::second_factor(school.id, account.id);
        self.take_attempts(&[&key]).await?;
        if !self
            .spend_code(&account, &factor, code.trim(), None)
            .await?
        {
            return Err(wrong_code());
        }
        self.clear_attempts(&[&key]).await?;
        self.second_factors
            .remove_totp(school.id, account.id)
            .await?;
        self.audit(AuditDraft::new(school.id, audit::SECOND_FACTOR_DISABLED).account(&account))
            .await
    }

    /// Where the signed-in account stands with its second factor.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn second_factor_status(
        &self,
        actor: &Actor,
    ) -> Result<SecondFactorStatus, AccountsError> {
        let factor = self
            .second_factors
            .totp(actor.school, actor.account)
            .await?;
        let required = Self::may_be_required(actor)
            && self
                .second_factors
                .second_factor_required(actor.school)
                .await?;
        Ok(SecondFactorStatus {
            active: factor.as_ref().is_some_and(|f| f.active),
            pending: factor.as_ref().is_some_and(|f| !f.active),
            recovery_codes_left: factor.map_or(0, |f| f.recovery_codes_left),
            required,
        })
    }

    /// Staff and admins: the accounts a school can require a second factor of.
    fn may_be_required(actor: &Actor) -> bool {
        matches!(actor.kind, ActorKind::Main { .. }) && actor.is_staff()
    }

    /// Whether the signed-in account must enrol a second factor before anything else: the
    /// school requires one of staff and admins, and this member of staff has none
    /// confirmed. Pupils and co-accounts cost no read.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn second_factor_enrolment_required(
        &self,
        actor: &Actor,
    ) -> Result<bool, AccountsError> {
        if !Self::may_be_required(actor)
            || !self
                .second_factors
                .second_factor_required(actor.school)
                .await?
        {
            return Ok(false);
        }
        Ok(self
            .active_totp(actor.school, actor.account)
            .await?
            .is_none())
    }

    /// Whether the actor's school requires a second factor of staff and admins.
    ///
    /// # Errors
    /// `NotFound` for a non-admin.
    pub async fn second_factor_policy(&self, actor: &Actor) -> Result<bool, AccountsError> {
        require_admin(actor)?;
        Ok(self
            .second_factors
            .second_factor_required(actor.school)
            .await?)
    }

    /// Sets whether the actor's school requires a second factor of staff and admins;
    /// those without one enrol at their next request. Audited.
    ///
    /// # Errors
    /// `NotFound` for a non-admin.
    pub async fn set_second_factor_policy(
        &self,
        actor: &Actor,
        required_for_staff: bool,
    ) -> Result<(), AccountsError> {
        require_admin(actor)?;
        self.second_factors
            .set_second_factor_required(actor.school, required_for_staff)
            .await?;
        self.audit(AuditDraft::new(actor.school, audit::SECOND_FACTOR_POLICY_CHANGED).by(actor))
            .await
    }

    /// Removes the second factor of another account of the admin's school (a lost phone):
    /// the account signs in with its password alone until it enrols again. Audited.
    ///
    /// # Errors
    /// `NotFound` for a non-admin, an account of another school, or an account without a
    /// second factor.
    pub async fn remove_second_factor(
        &self,
        actor: &Actor,
        account: AccountId,
    ) -> Result<(), AccountsError> {
        require_admin(actor)?;
        let target = self
            .accounts
            .account(actor.school, account)
            .await?
            .ok_or(AccountsError::NotFound)?;
        if !self
            .second_factors
            .remove_totp(actor.school, target.id)
            .await?
        {
            return Err(AccountsError::NotFound);
        }
        self.audit(
            AuditDraft::new(actor.school, audit::SECOND_FACTOR_REMOVED)
                .account(&target)
                .by(actor),
        )
        .await
    }
}

/// The enrolment of `secret`: its link names the school and the username.
fn enrolment_of(school: &School, account: &Account, secret: TotpSecret) -> TotpEnrolment {
    let otpauth_uri = secret.otpauth_uri(
        &format!("Schoolbrug {}", school.name.as_str()),
        account.username.as_str(),
    );
    TotpEnrolment {
        secret,
        otpauth_uri,
    }
}

fn wrong_code() -> AccountsError {
    AccountsError::invalid(
        "code",
        "wrong_code",
        "the code is not the one the authenticator app shows now",
    )
}

/// Only an admin may; to anyone else the school's settings do not exist.
fn require_admin(actor: &Actor) -> Result<(), AccountsError> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AccountsError::NotFound)
    }
}
