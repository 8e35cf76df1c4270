//! Signing in and out, and turning a session token back into an `Actor`.

use chrono::Duration;
use schoolbrug_kernel::{Actor, ActorKind, Role, SchoolId};

use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::{
    Account, AccountKind, Attempt, DeviceToken, Relation, School, SchoolSlug, SessionToken, Slot,
    ThrottleKey, TokenSchool, Username, token_school,
};
use crate::password::PasswordPolicy;
use crate::ports::{Expiry, SessionContext, Verification};

/// A sign-in attempt.
#[derive(Clone)]
pub struct SignIn {
    /// The school's slug; may be left out when the deployment serves one school.
    pub school: Option<String>,
    /// The username as typed.
    pub username: String,
    /// The password as typed.
    pub password: String,
    /// The client's address, for throttling and the audit log.
    pub client: Option<String>,
    /// The device token the client kept from an earlier sign-in, if any.
    pub device: Option<DeviceToken>,
    /// A TOTP code or a recovery code, for an account with a second factor.
    pub second_factor: Option<String>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("school", &self.school)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("client", &self.client)
            .field("device", &self.device)
            .field(
                "second_factor",
                &self.second_factor.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A successful sign-in: the new session's token (shown once), the device token to keep,
/// and who signed in.
#[derive(Debug)]
pub struct SignedIn {
    /// The session token, for the cookie or the bearer header.
    pub token: SessionToken,
    /// The device token the client keeps for its next sign-ins: the one it came with when
    /// that was trusted, else a new one.
    pub device: DeviceToken,
    /// The account.
    pub me: Me,
}

/// Who the signed-in account is, as the account itself sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Me {
    /// The account.
    pub account: Account,
    /// Its school.
    pub school: School,
    /// For a co-account: its pupil.
    pub pupil: Option<Account>,
}

impl Me {
    /// The roles of the account (none for a co-account).
    #[must_use]
    pub fn roles(&self) -> &[Role] {
        self.account.roles()
    }

    /// For a co-account: its slot.
    #[must_use]
    pub fn slot(&self) -> Option<Slot> {
        match self.account.kind {
            AccountKind::Co { slot, .. } => Some(slot),
            AccountKind::Main { .. } => None,
        }
    }

    /// For a co-account: its relation to the pupil.
    #[must_use]
    pub fn relation(&self) -> Option<Relation> {
        match self.account.kind {
            AccountKind::Co { relation, .. } => Some(relation),
            AccountKind::Main { .. } => None,
        }
    }
}

/// Refuses a username or password longer than any can be, before it reaches the store
/// or the hasher (the limits are public, so saying so leaks nothing).
pub(super) fn refuse_overlong(attempt: &SignIn) -> Result<(), AccountsError> {
    if attempt.username.trim().chars().count() > Username::MAX_LENGTH {
        return Err(AccountsError::invalid(
            "username",
            "too_long",
            &format!("a username has at most {} characters", Username::MAX_LENGTH),
        ));
    }
    if attempt.password.chars().count() > PasswordPolicy::MAX_LENGTH {
        return Err(AccountsError::invalid(
            "password",
            "too_long",
            &format!(
                "a password has at most {} characters",
                PasswordPolicy::MAX_LENGTH
            ),
        ));
    }
    Ok(())
}

/// The keys a password attempt for a username counts against, in the order they are
/// taken: the client's address first (so a throttled address does not count against the
/// account), then the username. Every check of a password by username uses these, so no
/// endpoint guesses faster than sign-in.
pub(super) fn sign_in_keys<'k>(
    client: Option<&'k ThrottleKey>,
    account: &'k ThrottleKey,
) -> Vec<&'k ThrottleKey> {
    client.into_iter().chain(std::iter::once(account)).collect()
}

/// How often a session's last use is written: a request within this time of the last
/// write does not write again (the idle timeout is then exact to within this margin).
const TOUCH_GRANULARITY_SECS: i64 = 60;

impl Accounts {
    /// Resolves the school a sign-in or reset names, or the only school there is.
    pub(super) async fn resolve_school(
        &self,
        slug: Option<&str>,
    ) -> Result<Option<School>, AccountsError> {
        match slug.map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => match SchoolSlug::parse(raw) {
                Ok(slug) => Ok(self.schools.school_by_slug(&slug).await?),
                Err(_) => Ok(None),
            },
            None => {
                let mut schools = self.schools.schools().await?;
                match schools.len() {
                    0 => Ok(None),
                    1 => Ok(schools.pop()),
                    _ => Err(AccountsError::invalid(
                        "school",
                        "required",
                        "this installation serves several schools: name yours",
                    )),
                }
            }
        }
    }

    /// Takes one attempt against each of `keys`, in order, before any secret is checked:
    /// each is counted in the store at once, so no burst, however parallel, gets more
    /// tries than the throttle allows. The first throttled key refuses the attempt and
    /// leaves the keys after it untouched (put the client's address first, so that a
    /// throttled address does not count against an account). A success clears the keys.
    pub(super) async fn take_attempts(&self, keys: &[&ThrottleKey]) -> Result<(), AccountsError> {
        let now = self.now();
        if keys.is_empty() {
            return Ok(());
        }
        let keys: Vec<ThrottleKey> = keys.iter().map(|k| (*k).clone()).collect();
        if let Attempt::Blocked { until } = self
            .throttle
            .take_attempts(&keys, now, &self.settings.throttle)
            .await?
        {
            return Err(AccountsError::Throttled {
                retry_after_secs: u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1),
            });
        }
        Ok(())
    }

    /// Forgets the attempts counted against `keys`, after a success.
    pub(super) async fn clear_attempts(&self, keys: &[&ThrottleKey]) -> Result<(), AccountsError> {
        for key in keys {
            self.throttle.clear_throttle(key).await?;
        }
        Ok(())
    }

    /// Signs in with a username and password: a new session every time.
    ///
    /// An attempt with the device token of an earlier sign-in to the same account counts
    /// against that device alone, so the right password gets in however throttled the
    /// account or the address is for unknown devices. Any other attempt counts against
    /// the client's address and the username.
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown school or username, a wrong password, or an
    /// inactive co-account, all alike and costing the same hash; `Throttled` after
    /// repeated failures for the username or the client address; `Invalid` on `school`
    /// when the installation serves several schools and none was named; `Busy` when the
    /// hasher sheds load (then nothing was counted when the hasher was full already).
    pub async fn sign_in(&self, attempt: SignIn) -> Result<SignedIn, AccountsError> {
        refuse_overlong(&attempt)?;
        // Shed before anything is read or written: a flood that fills the hasher then
        // costs the store nothing. A known device's attempt has a lane of its own, so
        // it is checked once its device is known.
        if attempt.device.is_none() {
            self.hasher.check_capacity()?;
        }
        let client_key = attempt.client.as_deref().map(ThrottleKey::client);
        let Some(school) = self.resolve_school(attempt.school.as_deref()).await? else {
            if let Some(key) = &client_key {
                self.take_attempts(&[key]).await?;
            }
            self.hasher.verify_nothing(&attempt.password).await?;
            return Err(AccountsError::Unauthenticated);
        };
        let trusted = self
            .trusted_device(
                school.id,
                &attempt.username,
                attempt.device.as_ref(),
                attempt.client.as_deref(),
            )
            .await?;
        let account_key = ThrottleKey::account(school.id, &attempt.username);
        let keys = sign_in_keys(client_key.as_ref(), &account_key);
        if trusted.is_none() {
            self.hasher.check_capacity()?;
        }
        if trusted.is_none()
            && let Err(e) = self.take_attempts(&keys).await
        {
            self.audit(
                AuditDraft::new(school.id, audit::SIGN_IN_FAILED)
                    .client(attempt.client.as_deref())
                    .with_username(&attempt.username),
            )
            .await?;
            return Err(e);
        }

        match self
            .verify_credentials(&school, &attempt, trusted.is_some())
            .await?
        {
            Some(account) => {
                // The second factor is asked of known devices too: a device token stands
                // in for the throttle's trust, never for the code.
                self.check_second_factor(&school, &account, &attempt)
                    .await?;
                if trusted.is_none() {
                    self.clear_attempts(&keys).await?;
                }
                self.open_session(
                    school,
                    account,
                    attempt.client.as_deref(),
                    audit::SIGN_IN_SUCCEEDED,
                    trusted,
                )
                .await
            }
            None => {
                // Already counted, against the device or the address and username.
                let known = self
                    .accounts_by_typed_name(school.id, &attempt.username)
                    .await?;
                let mut draft = AuditDraft::new(school.id, audit::SIGN_IN_FAILED)
                    .client(attempt.client.as_deref())
                    .with_username(&attempt.username);
                if let Some(account) = &known {
                    draft = draft.account(account);
                }
                self.audit(draft).await?;
                Err(AccountsError::Unauthenticated)
            }
        }
    }

    pub(super) async fn accounts_by_typed_name(
        &self,
        school: SchoolId,
        typed: &str,
    ) -> Result<Option<Account>, AccountsError> {
        match Username::parse(typed) {
            Ok(username) => Ok(self
                .accounts
                .account_by_username(school, &username)
                .await?
                .map(|(account, _)| account)),
            Err(_) => Ok(None),
        }
    }

    /// The account if the password is right and the account may sign in. Every path
    /// spends exactly one password verification; a known device's in the hasher's lane
    /// of its own.
    pub(super) async fn verify_credentials(
        &self,
        school: &School,
        attempt: &SignIn,
        known_device: bool,
    ) -> Result<Option<Account>, AccountsError> {
        let found = match Username::parse(&attempt.username) {
            Ok(username) => {
                self.accounts
                    .account_by_username(school.id, &username)
                    .await?
            }
            Err(_) => None,
        };
        let Some((account, Some(hash))) = found else {
            self.hasher.verify_nothing(&attempt.password).await?;
            return Ok(None);
        };
        let verified = if known_device {
            self.hasher
                .verify_known_device(&attempt.password, &hash)
                .await?
        } else {
            self.hasher.verify(&attempt.password, &hash).await?
        };
        match verified {
            Verification::Invalid => Ok(None),
            Verification::Valid { needs_rehash } => {
                if !self.may_sign_in(school, &account) {
                    return Ok(None);
                }
                if needs_rehash {
                    let fresh = self.hasher.hash(&attempt.password).await?;
                    self.credentials
                        .replace_password_hash(school.id, account.id, &fresh)
                        .await?;
                }
                Ok(Some(account))
            }
        }
    }

    fn may_sign_in(&self, school: &School, account: &Account) -> bool {
        match account.kind {
            AccountKind::Main { .. } => true,
            AccountKind::Co { status, .. } => {
                let today = self.now().with_timezone(&school.time_zone).date_naive();
                status.is_active_on(today)
            }
        }
    }

    /// Turns a session token into the acting principal, ending the session if it has
    /// expired (idle or absolute timeout).
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown, ended or expired session, or an account that is
    /// gone or may no longer sign in.
    pub async fn authenticate(&self, token: &SessionToken) -> Result<Actor, AccountsError> {
        self.authenticate_account(token)
            .await
            .map(|(actor, _)| actor)
    }

    /// Like [`Accounts::authenticate`], also handing back the account it read, so that a
    /// caller showing it (`/me`) need not read it again.
    ///
    /// # Errors
    /// As [`Accounts::authenticate`].
    pub async fn authenticate_account(
        &self,
        token: &SessionToken,
    ) -> Result<(Actor, Account), AccountsError> {
        // The school comes from the token itself, so the session is looked up within it
        // (one shard of a distributed database); a token from before schools were in
        // tokens is looked up in every school, until it has expired.
        let named = match token_school(token) {
            TokenSchool::Named(school) => Some(school),
            TokenSchool::Unnamed => None,
            TokenSchool::Malformed => return Err(AccountsError::Unauthenticated),
        };
        let hash = token.hash();
        let Some(SessionContext {
            session,
            account,
            school,
        }) = self.sessions.session_context(named, &hash).await?
        else {
            return Err(AccountsError::Unauthenticated);
        };
        let now = self.now();
        if session.is_expired(now, &self.settings.sessions) {
            self.sessions.delete_session(session.school, &hash).await?;
            return Err(AccountsError::Unauthenticated);
        }
        let Some(account) = account else {
            self.sessions.delete_session(session.school, &hash).await?;
            return Err(AccountsError::Unauthenticated);
        };
        if let AccountKind::Co { .. } = account.kind {
            let school = match school {
                Some(school) => school,
                None => self.school(session.school).await?,
            };
            if !self.may_sign_in(&school, &account) {
                self.sessions.delete_session(session.school, &hash).await?;
                return Err(AccountsError::Unauthenticated);
            }
        }
        if now - session.last_seen_at >= Duration::seconds(TOUCH_GRANULARITY_SECS) {
            self.sessions
                .touch_session(session.school, &hash, now)
                .await?;
        }
        Ok((actor_of(&account), account))
    }

    /// Ends the session on the server: the token is dead afterwards, everywhere.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn sign_out(&self, actor: &Actor, token: &SessionToken) -> Result<(), AccountsError> {
        // The actor was authenticated with this token: its school is the session's.
        self.sessions
            .delete_session(actor.school, &token.hash())
            .await?;
        let mut draft = AuditDraft::new(actor.school, audit::SIGNED_OUT);
        draft.account = Some(actor.account);
        self.audit(draft).await
    }

    /// Ends every session of the signed-in account, the one it uses included, and forgets
    /// every device it signed in from: every token of it is dead afterwards, and its next
    /// sign-ins count like those of an unknown device. Returns how many sessions ended.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn sign_out_everywhere(&self, actor: &Actor) -> Result<u64, AccountsError> {
        self.forget_devices_of(actor.school, actor.account).await?;
        let ended = self
            .sessions
            .end_sessions(actor.school, actor.account)
            .await?;
        let mut draft = AuditDraft::new(actor.school, audit::SIGNED_OUT_EVERYWHERE);
        draft.account = Some(actor.account);
        self.audit(draft).await?;
        Ok(ended)
    }

    /// The signed-in account as it sees itself; a co-account sees its pupil.
    ///
    /// # Errors
    /// `NotFound` when the account is gone.
    pub async fn me(&self, actor: &Actor) -> Result<Me, AccountsError> {
        let school = self.school(actor.school).await?;
        let account = self
            .accounts
            .account(actor.school, actor.account)
            .await?
            .ok_or(AccountsError::NotFound)?;
        self.me_of(school, account).await
    }

    /// The account as it sees itself, from an account already read (see
    /// [`Accounts::authenticate_account`]).
    ///
    /// # Errors
    /// `NotFound` when its school is gone.
    pub async fn me_of_account(&self, account: Account) -> Result<Me, AccountsError> {
        let school = self.school(account.school).await?;
        self.me_of(school, account).await
    }

    pub(super) async fn me_of(
        &self,
        school: School,
        account: Account,
    ) -> Result<Me, AccountsError> {
        let pupil = match account.pupil() {
            Some(pupil) => self.accounts.account(school.id, pupil).await?,
            None => None,
        };
        Ok(Me {
            account,
            school,
            pupil,
        })
    }

    /// Removes expired sessions, codes, old failure counts and devices unused too long;
    /// run it periodically.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn purge_expired(&self) -> Result<u64, AccountsError> {
        let now = self.now();
        let policy = &self.settings.sessions;
        let purged = self
            .sessions
            .purge_expired(&Expiry {
                sessions_idle_before: now - policy.idle_timeout,
                sessions_created_before: now - policy.absolute_timeout,
                codes_expired_at: now,
                failures_before: now - self.settings.throttle.window,
            })
            .await?;
        let devices = self
            .devices
            .purge_devices(now - self.settings.devices.unused_lifetime)
            .await?;
        Ok(purged + devices)
    }

    /// How long a device token lives unused, for the device cookie's `Max-Age`.
    #[must_use]
    pub fn device_lifetime(&self) -> Duration {
        self.settings.devices.unused_lifetime
    }

    /// The session's expiry, for a cookie's `Max-Age`.
    #[must_use]
    pub fn session_absolute_timeout(&self) -> Duration {
        self.settings.sessions.absolute_timeout
    }
}

/// The principal an account acts as.
#[must_use]
pub fn actor_of(account: &Account) -> Actor {
    Actor {
        school: account.school,
        account: account.id,
        kind: match &account.kind {
            AccountKind::Main { roles, .. } => ActorKind::Main {
                roles: roles.clone(),
            },
            AccountKind::Co { pupil, .. } => ActorKind::Co { pupil: *pupil },
        },
    }
}

impl AuditDraft {
    pub(super) fn with_username(mut self, typed: &str) -> Self {
        if self.username.is_none() {
            self.username = Some(typed.chars().take(64).collect());
        }
        self
    }
}
