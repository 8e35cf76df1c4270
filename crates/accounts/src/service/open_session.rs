//! Opening a session for an account whose identity was proven (by a password, or by the
//! school's identity provider): one shared step, so every way in ends the same.

use schoolbrug_kernel::audit::AuditKind;

use super::device::TrustedDevice;
use super::{Accounts, AuditDraft, SignedIn};
use crate::error::AccountsError;
use crate::model::{Account, School, Session, issue_session_token};

impl Accounts {
    /// Creates a new session of `account` (a new token every time), remembers the browser
    /// as a known device of the account (`trusted`, the device it came from if it was one
    /// already; its next password sign-in is then a known device's), records `kind` in the
    /// audit log and answers the tokens and who signed in.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub(super) async fn open_session(
        &self,
        school: School,
        account: Account,
        client: Option<&str>,
        kind: AuditKind,
        trusted: Option<TrustedDevice>,
    ) -> Result<SignedIn, AccountsError> {
        let device = self.device_after_sign_in(&account, trusted).await?;
        let token = issue_session_token(school.id);
        let now = self.now();
        self.sessions
            .create_session(&Session {
                token_hash: token.hash(),
                school: school.id,
                account: account.id,
                created_at: now,
                last_seen_at: now,
            })
            .await?;
        self.audit(
            AuditDraft::new(school.id, kind)
                .account(&account)
                .client(client),
        )
        .await?;
        let me = self.me_of(school, account).await?;
        Ok(SignedIn { token, device, me })
    }
}
