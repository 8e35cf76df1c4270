//! Visits of the start page: the start page shows what is new since the account last
//! looked at it.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::Actor;

use super::Accounts;
use crate::error::AccountsError;

/// A visit of the start page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartVisit {
    /// When this visit happens.
    pub at: DateTime<Utc>,
    /// When the account last looked before (`None` the first time).
    pub previous: Option<DateTime<Utc>>,
}

impl Accounts {
    /// Records that the actor looks at its start page now, and returns when it last did.
    /// Two visits at once never return the same previous time.
    ///
    /// # Errors
    /// `NotFound` when the account is gone.
    pub async fn record_start_visit(&self, actor: &Actor) -> Result<StartVisit, AccountsError> {
        let at = self.now();
        let previous = self
            .accounts
            .record_visit(actor.school, actor.account, at)
            .await?;
        Ok(StartVisit { at, previous })
    }
}
