//! The accounts module seen through attendance's `Directory`, for tests that run the two
//! modules together without a database (the HTTP tests); and the attendance contract
//! suite's `AttendanceSeed` over the accounts stores of the database under test. The SQL
//! stores answer the same port with joins of their own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{Duration, Utc};
use schoolbrug_accounts::model::{
    Account, AccountFilter, AccountKind, CoAccountStatus, Group, GroupKind, GroupName, OneTimeCode,
    PersonName, Relation, ResetCode, School, SchoolName, SchoolSlug, Slot, Username,
};
use schoolbrug_accounts::ports::{AccountStore, AccountsStores, CoAccountLinkStore, GroupStore};
use schoolbrug_attendance::contract::AttendanceSeed;
use schoolbrug_attendance::memory::{Person, PersonKind};
use schoolbrug_attendance::ports::{Directory, StoreResult};
use schoolbrug_attendance::{ClassList, Pupil};
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};

/// Attendance's `Directory` over the accounts ports.
pub struct AttendanceDirectory<A> {
    accounts: Arc<A>,
}

impl<A> AttendanceDirectory<A> {
    /// A directory reading `accounts`.
    pub fn new(accounts: Arc<A>) -> Self {
        Self { accounts }
    }
}

impl<A> AttendanceDirectory<A>
where
    A: AccountStore + GroupStore + CoAccountLinkStore + 'static,
{
    /// The school's classes with their members, by name.
    async fn class_groups(&self, school: SchoolId) -> StoreResult<Vec<(Group, Vec<AccountId>)>> {
        let mut found = Vec::new();
        for group in self.accounts.groups(school).await? {
            if group.kind == GroupKind::Class {
                let members = self.accounts.members(school, group.id).await?;
                found.push((group, members));
            }
        }
        found.sort_by(|a, b| (a.0.name.as_str(), a.0.id).cmp(&(b.0.name.as_str(), b.0.id)));
        Ok(found)
    }

    async fn main_roles(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Vec<Role>>> {
        Ok(match self.accounts.account(school, id).await? {
            Some(Account {
                kind: AccountKind::Main { roles, .. },
                ..
            }) => Some(roles),
            _ => None,
        })
    }

    async fn is_staff(&self, school: SchoolId, id: AccountId) -> StoreResult<bool> {
        Ok(self
            .main_roles(school, id)
            .await?
            .is_some_and(|roles| roles.iter().any(|r| r.is_staff())))
    }

    async fn find_pupil(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Pupil>> {
        let Some(account) = self.accounts.account(school, id).await? else {
            return Ok(None);
        };
        let AccountKind::Main { roles, .. } = &account.kind else {
            return Ok(None);
        };
        if !roles.contains(&Role::Pupil) {
            return Ok(None);
        }
        let class = self
            .class_groups(school)
            .await?
            .into_iter()
            .find(|(_, members)| members.contains(&id))
            .map(|(g, _)| g.name.as_str().to_owned());
        Ok(Some(Pupil {
            id,
            first_name: account.first_name.as_str().to_owned(),
            last_name: account.last_name.as_str().to_owned(),
            class,
        }))
    }
}

#[async_trait]
impl<A> Directory for AttendanceDirectory<A>
where
    A: AccountStore + GroupStore + CoAccountLinkStore + 'static,
{
    async fn pupil(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Pupil>> {
        self.find_pupil(school, id).await
    }

    async fn pupils(&self, school: SchoolId, ids: &[AccountId]) -> StoreResult<Vec<Pupil>> {
        let mut found = Vec::new();
        for id in ids {
            if let Some(p) = self.find_pupil(school, *id).await? {
                found.push(p);
            }
        }
        Ok(found)
    }

    async fn class_list(&self, school: SchoolId, class: GroupId) -> StoreResult<Option<ClassList>> {
        let Some(group) = self.accounts.group(school, class).await? else {
            return Ok(None);
        };
        if group.kind != GroupKind::Class {
            return Ok(None);
        }
        let mut pupils = Vec::new();
        let mut teachers = Vec::new();
        for member in self.accounts.members(school, class).await? {
            if let Some(p) = self.find_pupil(school, member).await? {
                pupils.push(p);
            } else if self.is_staff(school, member).await? {
                teachers.push(member);
            }
        }
        pupils.sort_by(|a, b| {
            (&a.last_name, &a.first_name, a.id).cmp(&(&b.last_name, &b.first_name, b.id))
        });
        Ok(Some(ClassList {
            id: class,
            name: group.name.as_str().to_owned(),
            pupils,
            teachers,
        }))
    }

    async fn classes(&self, school: SchoolId) -> StoreResult<Vec<(GroupId, String)>> {
        Ok(self
            .class_groups(school)
            .await?
            .into_iter()
            .map(|(g, _)| (g.id, g.name.as_str().to_owned()))
            .collect())
    }

    async fn staff(&self, school: SchoolId) -> StoreResult<Vec<(AccountId, String)>> {
        let mut staff: Vec<Account> = Vec::new();
        let mut page = schoolbrug_kernel::PageRequest::new(Some(200), None);
        loop {
            let found = self
                .accounts
                .list_accounts(school, &AccountFilter::default(), &page)
                .await?;
            for account in found.items {
                if matches!(&account.kind, AccountKind::Main { roles, .. } if roles.iter().any(|r| r.is_staff()) && !roles.contains(&Role::Pupil))
                {
                    staff.push(account);
                }
            }
            match found.next {
                Some(next) => {
                    let cursor = schoolbrug_kernel::Cursor::parse(&next).map_err(|_| {
                        schoolbrug_kernel::StoreError::Unexpected("a bad cursor".into())
                    })?;
                    page = schoolbrug_kernel::PageRequest::new(Some(200), Some(cursor));
                }
                None => break,
            }
        }
        staff.sort_by(|a, b| {
            (a.last_name.as_str(), a.first_name.as_str(), a.id).cmp(&(
                b.last_name.as_str(),
                b.first_name.as_str(),
                b.id,
            ))
        });
        Ok(staff
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    format!("{} {}", a.first_name.as_str(), a.last_name.as_str()),
                )
            })
            .collect())
    }

    async fn staff_among(
        &self,
        school: SchoolId,
        ids: &[AccountId],
    ) -> StoreResult<Vec<AccountId>> {
        let mut found = Vec::new();
        for id in ids {
            if self.is_staff(school, *id).await? {
                found.push(*id);
            }
        }
        Ok(found)
    }

    async fn classes_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Vec<(GroupId, String)>> {
        Ok(self
            .class_groups(school)
            .await?
            .into_iter()
            .filter(|(_, members)| members.contains(&account))
            .map(|(g, _)| (g.id, g.name.as_str().to_owned()))
            .collect())
    }

    async fn shares_class(
        &self,
        school: SchoolId,
        staff: AccountId,
        pupil: AccountId,
    ) -> StoreResult<bool> {
        if !self.is_staff(school, staff).await? || self.find_pupil(school, pupil).await?.is_none() {
            return Ok(false);
        }
        Ok(self
            .class_groups(school)
            .await?
            .iter()
            .any(|(_, members)| members.contains(&staff) && members.contains(&pupil)))
    }

    async fn children(&self, school: SchoolId, co_account: AccountId) -> StoreResult<Vec<Pupil>> {
        let Some(account) = self.accounts.account(school, co_account).await? else {
            return Ok(Vec::new());
        };
        let AccountKind::Co { pupil: own, .. } = account.kind else {
            return Ok(Vec::new());
        };
        // Its own pupil first, then the pupils of the co-accounts linked to it, by id.
        let mut linked = Vec::new();
        for other in self.accounts.linked(school, co_account).await? {
            if let Some(pupil) = self
                .accounts
                .account(school, other)
                .await?
                .and_then(|a| a.pupil())
                .filter(|p| *p != own)
            {
                linked.push(pupil);
            }
        }
        linked.sort();
        linked.dedup();
        let mut children = Vec::new();
        for pupil in std::iter::once(own).chain(linked) {
            children.extend(self.find_pupil(school, pupil).await?);
        }
        Ok(children)
    }
}

/// The contract suite's `AttendanceSeed` over the accounts stores: the first person of a
/// school creates it (as its first admin would).
pub struct AttendanceAccountsSeed<A> {
    accounts: Arc<A>,
    /// Schools announced but not created yet, by id: their slug.
    pending: Mutex<HashMap<SchoolId, String>>,
    /// Co-accounts seeded per pupil, for their slots.
    slots: Mutex<HashMap<AccountId, u8>>,
}

impl<A> AttendanceAccountsSeed<A> {
    /// A seed writing through `accounts`.
    pub fn new(accounts: Arc<A>) -> Self {
        Self {
            accounts,
            pending: Mutex::new(HashMap::new()),
            slots: Mutex::new(HashMap::new()),
        }
    }

    async fn add(
        &self,
        school: SchoolId,
        group: GroupId,
        name: &str,
        kind: GroupKind,
        members: &[AccountId],
    ) where
        A: AccountsStores + 'static,
    {
        let group = Group {
            id: group,
            school,
            name: GroupName::parse(name).unwrap_or_else(|e| panic!("group name {name}: {e:?}")),
            kind,
        };
        self.accounts
            .create_group(&group)
            .await
            .unwrap_or_else(|e| panic!("group {name}: {e}"));
        self.accounts
            .set_members(school, group.id, members)
            .await
            .unwrap_or_else(|e| panic!("members of {name}: {e}"));
    }
}

// A seed fails its test loudly: a value it builds that does not parse is a bug of the test.
#[allow(clippy::unwrap_used)]
#[async_trait]
impl<A: AccountsStores + 'static> AttendanceSeed for AttendanceAccountsSeed<A> {
    async fn add_school(&self, school: SchoolId, slug: &str) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(school, slug.to_owned());
    }

    async fn add_person(&self, person: &Person) {
        let kind = match &person.kind {
            PersonKind::Pupil | PersonKind::Staff(_) => AccountKind::Main {
                roles: person.roles(),
                birth_date: None,
            },
            PersonKind::CoAccount { pupil } => {
                let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
                let slot = slots.entry(*pupil).or_insert(0);
                *slot += 1;
                AccountKind::Co {
                    pupil: *pupil,
                    slot: Slot::parse(i64::from(*slot)).unwrap(),
                    relation: Relation::Mother,
                    status: CoAccountStatus::Active,
                }
            }
        };
        let username = format!(
            "{}.{}",
            person.first_name.to_lowercase(),
            person.last_name.to_lowercase()
        );
        let account = Account {
            id: person.id,
            school: person.school,
            username: Username::parse(&username).unwrap(),
            first_name: PersonName::parse("first_name", &person.first_name).unwrap(),
            last_name: PersonName::parse("last_name", &person.last_name).unwrap(),
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
            slug: SchoolSlug::parse(&slug).unwrap(),
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

    async fn add_class(&self, school: SchoolId, class: GroupId, name: &str, members: &[AccountId]) {
        self.add(school, class, name, GroupKind::Class, members)
            .await;
    }

    async fn add_group(&self, school: SchoolId, group: GroupId, name: &str, members: &[AccountId]) {
        self.add(school, group, name, GroupKind::Group, members)
            .await;
    }

    async fn link(&self, school: SchoolId, a: AccountId, b: AccountId) {
        self.accounts
            .link(school, a, b, Utc::now())
            .await
            .unwrap_or_else(|e| panic!("link {a} and {b}: {e}"));
    }
}
