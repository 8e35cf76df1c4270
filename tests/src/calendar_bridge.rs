//! The accounts module seen through the calendar's `Directory`, for tests that run the
//! two modules together without a database (the HTTP tests); and the calendar contract
//! suite's `CalendarSeed` over the accounts stores of the database under test. The SQL stores answer the
//! same port with joins of their own; this is what `app` would wire for an in-memory
//! deployment.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{Duration, Utc};
use chrono_tz::Tz;
use schoolbrug_accounts::model::{
    Account, AccountKind, CoAccountStatus, Group, GroupKind, GroupName, OneTimeCode, PersonName,
    Relation, ResetCode, School, SchoolName, SchoolSlug, Slot, Username,
};
use schoolbrug_accounts::ports::AccountsStores;
use schoolbrug_accounts::ports::{AccountStore, GroupStore, SchoolStore};
use schoolbrug_calendar::contract::CalendarSeed;
use schoolbrug_calendar::memory::Person;
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

/// The contract suite's `CalendarSeed` over the accounts stores: the first person of a
/// school creates it (as its first admin), co-accounts take the next free slot, and a
/// person leaves as the accounts module erases an account.
pub struct CalendarAccountsSeed<A> {
    accounts: Arc<A>,
    /// Schools announced but not created yet, by id: their slug.
    pending: Mutex<HashMap<SchoolId, String>>,
    /// Co-accounts seeded per pupil, for their slots.
    slots: Mutex<HashMap<AccountId, u8>>,
}

impl<A> CalendarAccountsSeed<A> {
    /// A seed writing through `accounts`.
    pub fn new(accounts: Arc<A>) -> Self {
        Self {
            accounts,
            pending: Mutex::new(HashMap::new()),
            slots: Mutex::new(HashMap::new()),
        }
    }
}

// A seed fails its test loudly: a value it builds that does not parse is a bug of the test.
#[allow(clippy::unwrap_used)]
#[async_trait]
impl<A: AccountsStores + 'static> CalendarSeed for CalendarAccountsSeed<A> {
    async fn add_school(&self, school: SchoolId, slug: &str) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(school, slug.to_owned());
    }

    async fn add_person(&self, person: &Person) {
        let kind = match person.co_account_of {
            None => AccountKind::Main {
                roles: person.roles.clone(),
                birth_date: None,
            },
            Some(pupil) => {
                let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
                let slot = slots.entry(pupil).or_insert(0);
                *slot += 1;
                AccountKind::Co {
                    pupil,
                    slot: Slot::parse(i64::from(*slot)).unwrap(),
                    relation: Relation::Mother,
                    status: CoAccountStatus::Active,
                }
            }
        };
        let account = Account {
            id: person.id,
            school: person.school,
            username: Username::parse(&person.name).unwrap(),
            first_name: PersonName::parse("first_name", &person.name).unwrap(),
            last_name: PersonName::parse("last_name", "Peeters").unwrap(),
            kind,
            email: None,
            created_at: Utc::now(),
            terms: None,
        };
        let pending = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&person.school);
        let Some(slug) = pending else {
            self.accounts.insert_account(&account).await.unwrap();
            return;
        };
        let school = School {
            id: person.school,
            slug: SchoolSlug::parse(&format!("s-{slug}")).unwrap(),
            name: SchoolName::parse(&format!("School {slug}")).unwrap(),
            time_zone: chrono_tz::Europe::Brussels,
            min_password_length: 12,
        };
        let code = ResetCode {
            code_hash: OneTimeCode::generate().hash(),
            school: school.id,
            account: account.id,
            issued_at: Utc::now(),
            expires_at: Utc::now() + Duration::days(1),
        };
        self.accounts
            .create_school(&school, &account, &code)
            .await
            .unwrap();
    }

    async fn add_group(&self, school: SchoolId, group: GroupId, name: &str, members: &[AccountId]) {
        let group = Group {
            id: group,
            school,
            name: GroupName::parse(name).unwrap(),
            kind: GroupKind::Class,
        };
        self.accounts.create_group(&group).await.unwrap();
        self.accounts
            .set_members(school, group.id, members)
            .await
            .unwrap();
    }

    async fn remove_person(&self, person: &Person) {
        self.accounts
            .erase_accounts(person.school, &[person.id])
            .await
            .unwrap();
    }
}
