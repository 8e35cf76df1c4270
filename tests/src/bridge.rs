//! The accounts module seen through messaging's ports, for tests that run the two modules
//! together without a database: [`AccountsDirectory`] is messaging's `Directory` over the
//! accounts ports (the SQL stores answer it with joins of their own), and
//! [`AccountsSeed`] is the contract suite's `DirectorySeed` writing through the accounts
//! stores of the database under test. Messaging itself never depends on accounts; these
//! bridges are what `app` would wire for an in-memory deployment.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{Duration, Utc};
use chrono_tz::Tz;
use schoolbrug_accounts::model::{
    Account, AccountFilter, AccountKind, CoAccountStatus, Group, GroupKind, GroupName, OneTimeCode,
    PersonName, Relation, ResetCode, School, SchoolName, SchoolSlug, Slot, Username,
};
use schoolbrug_accounts::ports::{AccountStore, AccountsStores, GroupStore, SchoolStore};
use schoolbrug_kernel::{AccountId, Cursor, GroupId, PageRequest, Role, SchoolId, StoreError};
use schoolbrug_messaging::contract::DirectorySeed;
use schoolbrug_messaging::memory::Person;
use schoolbrug_messaging::model::{Addressee, AddresseeKind, Audience, GroupInfo};
use schoolbrug_messaging::ports::{Directory, StoreResult};

/// Messaging's `Directory` over the accounts ports.
pub struct AccountsDirectory<A> {
    accounts: Arc<A>,
}

impl<A> AccountsDirectory<A> {
    /// A directory reading `accounts`.
    pub fn new(accounts: Arc<A>) -> Self {
        Self { accounts }
    }
}

fn addressee(account: &Account) -> Addressee {
    Addressee {
        id: account.id,
        name: format!(
            "{} {}",
            account.first_name.as_str(),
            account.last_name.as_str()
        ),
        kind: match &account.kind {
            AccountKind::Main { roles, .. } => AddresseeKind::Main(roles.clone()),
            AccountKind::Co { pupil, .. } => AddresseeKind::Co { pupil: *pupil },
        },
    }
}

fn group_info(group: &Group) -> GroupInfo {
    GroupInfo {
        id: group.id,
        name: group.name.as_str().to_owned(),
    }
}

#[async_trait]
impl<A> Directory for AccountsDirectory<A>
where
    A: AccountStore + GroupStore + SchoolStore + 'static,
{
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        Ok(self.accounts.school(school).await?.map(|s| s.time_zone))
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        Ok(self
            .accounts
            .account(school, id)
            .await?
            .as_ref()
            .map(addressee))
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        Ok(self
            .accounts
            .co_accounts(school, pupil)
            .await?
            .iter()
            .map(addressee)
            .collect())
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        Ok(self
            .accounts
            .group(school, id)
            .await?
            .as_ref()
            .map(group_info))
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        Ok(self
            .accounts
            .groups(school)
            .await?
            .iter()
            .map(group_info)
            .collect())
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        let mut found = BTreeMap::new();
        for id in self.accounts.members(school, group).await? {
            let Some(member) = self.accounts.account(school, id).await? else {
                continue;
            };
            let pupil = member.is_pupil();
            if matches!(audience, Audience::Members)
                || (pupil && matches!(audience, Audience::Pupils | Audience::Both))
            {
                found.insert(member.id, addressee(&member));
            }
            if pupil && matches!(audience, Audience::CoAccounts | Audience::Both) {
                for co in self.accounts.co_accounts(school, member.id).await? {
                    found.insert(co.id, addressee(&co));
                }
            }
        }
        Ok(found.into_values().collect())
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        let mut all = Vec::new();
        let filter = AccountFilter {
            role: Some(role),
            query: None,
        };
        let mut page = PageRequest::new(Some(200), None);
        loop {
            let found = self.accounts.list_accounts(school, &filter, &page).await?;
            all.extend(found.items.iter().map(addressee));
            let Some(next) = found.next else {
                return Ok(all);
            };
            let cursor = Cursor::parse(&next)
                .map_err(|_| StoreError::Unexpected("an undecodable cursor".into()))?;
            page = PageRequest::new(Some(200), Some(cursor));
        }
    }

    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        if self.accounts.account(school, account).await?.is_none() {
            return Ok(Vec::new());
        }
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

/// The contract suite's `DirectorySeed` over the accounts stores: the first person of a
/// school creates it (as its first admin), co-accounts take the next free slot.
pub struct AccountsSeed<A> {
    accounts: Arc<A>,
    /// Schools announced but not created yet, by id: their slug.
    pending: Mutex<HashMap<SchoolId, String>>,
    /// Co-accounts seeded per pupil, for their slots.
    slots: Mutex<HashMap<AccountId, u8>>,
}

impl<A> AccountsSeed<A> {
    /// A seed writing to `accounts`.
    pub fn new(accounts: Arc<A>) -> Self {
        Self {
            accounts,
            pending: Mutex::new(HashMap::new()),
            slots: Mutex::new(HashMap::new()),
        }
    }
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
fn account_of(person: &Person, slot: Option<u8>) -> Account {
    let kind = match &person.kind {
        AddresseeKind::Main(roles) => AccountKind::Main {
            roles: roles.clone(),
            birth_date: None,
        },
        AddresseeKind::Co { pupil } => AccountKind::Co {
            pupil: *pupil,
            slot: Slot::parse(i64::from(slot.expect("a co-account's slot"))).unwrap(),
            relation: Relation::Mother,
            status: CoAccountStatus::Active,
        },
    };
    Account {
        id: person.id,
        school: person.school,
        username: Username::parse(&person.username).unwrap(),
        first_name: PersonName::parse("first_name", &person.first_name).unwrap(),
        last_name: PersonName::parse("last_name", &person.last_name).unwrap(),
        kind,
        email: None,
        created_at: Utc::now(),
        terms: None,
    }
}

#[async_trait]
#[allow(clippy::unwrap_used)]
impl<A: AccountsStores + 'static> DirectorySeed for AccountsSeed<A> {
    async fn add_school(&self, school: SchoolId, slug: &str) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(school, slug.to_owned());
    }

    async fn add_person(&self, person: &Person) {
        let slot = person.pupil().map(|pupil| {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            let next = slots.entry(pupil).or_insert(0);
            *next += 1;
            *next
        });
        let account = account_of(person, slot);
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

    async fn add_group(&self, school: SchoolId, group: &GroupInfo, members: &[AccountId]) {
        let group = Group {
            id: group.id,
            school,
            name: GroupName::parse(&group.name).unwrap(),
            kind: GroupKind::Class,
        };
        self.accounts.create_group(&group).await.unwrap();
        self.accounts
            .set_members(school, group.id, members)
            .await
            .unwrap();
    }
}
