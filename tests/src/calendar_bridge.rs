//! The accounts module seen through the calendar's `Directory`, for tests that run the
//! two modules together without a database (the HTTP tests). The SQL stores answer the
//! same port with joins of their own; this is what `app` would wire for an in-memory
//! deployment.

use std::sync::Arc;

use async_trait::async_trait;
use chrono_tz::Tz;
use schoolbrug_accounts::model::AccountKind;
use schoolbrug_accounts::ports::{AccountStore, GroupStore, SchoolStore};
use schoolbrug_calendar::ports::{Directory, StoreResult};
use schoolbrug_calendar::{Child, Viewer};
use schoolbrug_kernel::{AccountId, GroupId, SchoolId};

/// The calendar's `Directory` over the accounts ports.
pub struct CalendarDirectory<A> {
    accounts: Arc<A>,
}

impl<A> CalendarDirectory<A> {
    /// A directory reading `accounts`.
    pub fn new(accounts: Arc<A>) -> Self {
        Self { accounts }
    }
}

impl<A> CalendarDirectory<A>
where
    A: AccountStore + GroupStore + SchoolStore + 'static,
{
    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        let mut found = Vec::new();
        for group in self.accounts.groups(school).await? {
            if self
                .accounts
                .members(school, group.id)
                .await?
                .contains(&account)
            {
                found.push(group.id);
            }
        }
        found.sort();
        Ok(found)
    }
}

#[async_trait]
impl<A> Directory for CalendarDirectory<A>
where
    A: AccountStore + GroupStore + SchoolStore + 'static,
{
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        Ok(self.accounts.school(school).await?.map(|s| s.time_zone))
    }

    async fn viewer(&self, school: SchoolId, account: AccountId) -> StoreResult<Option<Viewer>> {
        let Some(found) = self.accounts.account(school, account).await? else {
            return Ok(None);
        };
        match &found.kind {
            AccountKind::Main { roles, .. } => Ok(Some(Viewer {
                account,
                roles: roles.clone(),
                groups: self.groups_of(school, account).await?,
                child: None,
            })),
            AccountKind::Co { pupil, .. } => {
                let Some(child) = self.accounts.account(school, *pupil).await? else {
                    return Ok(None);
                };
                Ok(Some(Viewer {
                    account,
                    roles: child.roles().to_vec(),
                    groups: self.groups_of(school, child.id).await?,
                    child: Some(Child {
                        id: child.id,
                        name: format!("{} {}", child.first_name.as_str(), child.last_name.as_str()),
                    }),
                }))
            }
        }
    }

    async fn group_exists(&self, school: SchoolId, group: GroupId) -> StoreResult<bool> {
        Ok(self.accounts.group(school, group).await?.is_some())
    }
}
