//! Visits of the start page: the start page shows what is new since the account last
//! looked at it.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::Actor;

use super::Accounts;
use crate::error::AccountsError;

impl Accounts {
    /// Records that the actor looks at its start page now, and returns when it last did
    /// (`None` the first time). Two visits at once never return the same time.
    ///
    /// # Errors
    /// `NotFound` when the account is gone.
    pub async fn record_start_visit(
        &self,
        actor: &Actor,
    ) -> Result<Option<DateTime<Utc>>, AccountsError> {
        Ok(self
            .accounts
            .record_visit(actor.school, actor.account, self.now())
            .await?)
    }
}
