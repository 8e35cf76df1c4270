//! Changing a password, setting one with a one-time code, and accepting the terms of use.

use schoolbrug_kernel::{Actor, FieldError};

use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::{OneTimeCode, School, SessionToken, ThrottleKey, Username};
use crate::password::PasswordRejection;
use crate::ports::Verification;

/// A password change by the account itself.
#[derive(Clone)]
pub struct ChangePassword {
    /// The current password.
    pub current: String,
    /// The new password.
    pub new: String,
    /// The new password, typed again.
    pub repeat: String,
}

impl std::fmt::Debug for ChangePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePassword(<redacted>)")
    }
}

/// Setting a password with a one-time code.
#[derive(Clone)]
pub struct ResetPassword {
    /// The school's slug; may be left out when the deployment serves one school.
    pub school: Option<String>,
    /// The username.
    pub username: String,
    /// The one-time code as typed.
    pub code: String,
    /// The new password.
    pub new: String,
    /// The new password, typed again.
    pub repeat: String,
    /// The client's address, for the audit log.
    pub client: Option<String>,
}

impl std::fmt::Debug for ResetPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResetPassword")
            .field("school", &self.school)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Turns policy rejections into field errors: `repeat` for a mismatch, `new` otherwise.
pub(crate) fn rejections_to_fields(
    rejections: &[PasswordRejection],
    min_length: usize,
    english: bool,
) -> Vec<FieldError> {
    rejections
        .iter()
        .map(|r| {
            let field = if *r == PasswordRejection::Mismatch {
                "repeat"
            } else {
                "new"
            };
            let message = if english {
                r.message_en(min_length)
            } else {
                r.message_nl(min_length)
            };
            FieldError::new(field, r.code(), message)
        })
        .collect()
}

impl Accounts {
    /// Changes the actor's password; every other session of the account ends, the one
    /// making the change stays.
    ///
    /// # Errors
    /// `Unauthenticated` for a wrong current password; `Throttled` after repeated wrong
    /// current passwords (the sign-in throttle of the account); `Invalid` with the
    /// policy's reasons (`too_short`, `too_common`, `mismatch`, `same_as_current`…).
    pub async fn change_password(
        &self,
        actor: &Actor,
        session: &SessionToken,
        change: ChangePassword,
    ) -> Result<(), AccountsError> {
        let school = self.school(actor.school).await?;
        let account = self
            .accounts
            .account(actor.school, actor.account)
            .await?
            .ok_or(AccountsError::NotFound)?;
        let stored = self
            .accounts
            .account_by_username(actor.school, &account.username)
            .await?
            .and_then(|(_, hash)| hash);
        // Guessing the current password through a stolen session is guessing the
        // password: it counts against the same throttle as signing in.
        let key = ThrottleKey::account(actor.school, account.username.as_str());
        self.take_attempts(&[&key]).await?;
        let Some(stored) = stored else {
            self.hasher.verify_nothing(&change.current).await?;
            return Err(AccountsError::Unauthenticated);
        };
        if self.hasher.verify(&change.current, &stored).await? == Verification::Invalid {
            return Err(AccountsError::Unauthenticated);
        }
        self.clear_attempts(&[&key]).await?;
        let context = self.password_context(&school, &account).await?;
        let policy = Self::policy_for(&school);
        let rejections =
            policy.check_change(Some(&change.current), &change.new, &change.repeat, &context);
        if !rejections.is_empty() {
            return Err(AccountsError::Invalid(rejections_to_fields(
                &rejections,
                policy.min_length(),
                true,
            )));
        }
        let hash = self.hasher.hash(&change.new).await?;
        self.credentials
            .set_password(actor.school, actor.account, &hash, Some(&session.hash()))
            .await?;
        self.audit(AuditDraft::new(actor.school, audit::PASSWORD_CHANGED).account(&account))
            .await
    }

    /// Sets a password with a one-time code; every session of the account ends. A
    /// refused password leaves the code valid.
    ///
    /// # Errors
    /// `InvalidCode` for an unknown school or username, or a wrong, used or expired code
    /// (one answer for all); `Throttled` after repeated wrong codes; `Invalid` with the
    /// policy's reasons.
    pub async fn reset_password(&self, reset: ResetPassword) -> Result<(), AccountsError> {
        let Some(school) = self.resolve_school(reset.school.as_deref()).await? else {
            return Err(AccountsError::InvalidCode);
        };
        let key = ThrottleKey::reset_code(school.id, &reset.username);
        self.take_attempts(&[&key]).await?;
        let code = OneTimeCode::from_user(&reset.code);
        let found = match Username::parse(&reset.username) {
            Ok(username) => {
                self.accounts
                    .account_by_username(school.id, &username)
                    .await?
            }
            Err(_) => None,
        };
        let Some((account, _)) = found else {
            return Err(AccountsError::InvalidCode);
        };
        let now = self.now();
        let valid = self
            .credentials
            .reset_code(school.id, account.id)
            .await?
            .is_some_and(|c| c.code_hash == code.hash() && now < c.expires_at);
        if !valid {
            return Err(AccountsError::InvalidCode);
        }
        // The right code: a refused new password is not a guess and costs no attempt.
        self.clear_attempts(&[&key]).await?;
        self.check_new_password(&school, &account, &reset.new, &reset.repeat)
            .await?;
        let hash = self.hasher.hash(&reset.new).await?;
        let redeemed = self
            .credentials
            .redeem_reset_code(school.id, account.id, &code.hash(), &hash, now)
            .await?;
        if !redeemed {
            return Err(AccountsError::InvalidCode);
        }
        self.audit(
            AuditDraft::new(school.id, audit::RESET_CODE_USED)
                .account(&account)
                .client(reset.client.as_deref()),
        )
        .await
    }

    async fn check_new_password(
        &self,
        school: &School,
        account: &crate::model::Account,
        new: &str,
        repeat: &str,
    ) -> Result<(), AccountsError> {
        let context = self.password_context(school, account).await?;
        let policy = Self::policy_for(school);
        let rejections = policy.check_change(None, new, repeat, &context);
        if rejections.is_empty() {
            Ok(())
        } else {
            Err(AccountsError::Invalid(rejections_to_fields(
                &rejections,
                policy.min_length(),
                true,
            )))
        }
    }

    /// Records that the actor accepted the school's terms of use, in this version.
    ///
    /// # Errors
    /// `Invalid` on `version` when blank or longer than 50 characters.
    pub async fn accept_terms(&self, actor: &Actor, version: &str) -> Result<(), AccountsError> {
        let version = version.trim();
        if version.is_empty() || version.chars().count() > 50 {
            return Err(AccountsError::invalid(
                "version",
                "invalid",
                "a version of 1 to 50 characters",
            ));
        }
        self.accounts
            .accept_terms(actor.school, actor.account, version, self.now())
            .await?;
        let mut draft = AuditDraft::new(actor.school, audit::TERMS_ACCEPTED);
        draft.account = Some(actor.account);
        self.audit(draft).await
    }
}
