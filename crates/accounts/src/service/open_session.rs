//! Opening a session for an account whose identity was proven (by a password, or by the
//! school's identity provider): one shared step, so every way in ends the same.

use schoolbrug_kernel::audit::AuditKind;

use super::{Accounts, AuditDraft, SignedIn};
use crate::error::AccountsError;
use crate::model::{Account, School, Session, issue_session_token};

impl Accounts {
    /// Creates a new session of `account` (a new token every time), records `kind` in
    /// the audit log and answers the token and who signed in.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub(super) async fn open_session(
        &self,
        school: &School,
        account: Account,
        client: Option<&str>,
        kind: AuditKind,
    ) -> Result<SignedIn, AccountsError> {
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
        let me = self.me_of_account(account).await?;
        Ok(SignedIn { token, me })
    }
}
