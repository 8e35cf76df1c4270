//! An in-memory [`Directory`]: the schools, people and groups the calendar reads, filled
//! by hand, so the module runs without an accounts module.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};

use crate::model::{Child, Viewer};
use crate::ports::{Directory, StoreResult};

/// One person of the in-memory directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The account.
    pub id: AccountId,
    /// Its school.
    pub school: SchoolId,
    /// The display name.
    pub name: String,
    /// A main account's roles (none for a co-account).
    pub roles: Vec<Role>,
    /// For a co-account, its pupil.
    pub co_account_of: Option<AccountId>,
}

impl Person {
    /// A main account with `roles`.
    #[must_use]
    pub fn main(school: SchoolId, name: &str, roles: &[Role]) -> Self {
        Self {
            id: AccountId::new(),
            school,
            name: name.to_owned(),
            roles: roles.to_vec(),
            co_account_of: None,
        }
    }

    /// A co-account of `pupil`.
    #[must_use]
    pub fn co(pupil: &Person, name: &str) -> Self {
        Self {
            id: AccountId::new(),
            school: pupil.school,
            name: name.to_owned(),
            roles: Vec::new(),
            co_account_of: Some(pupil.id),
        }
    }
}

#[derive(Default)]
struct State {
    schools: HashMap<SchoolId, Tz>,
    people: HashMap<AccountId, Person>,
    /// Groups with their school and members.
    groups: HashMap<GroupId, (SchoolId, Vec<AccountId>)>,
}

/// The in-memory directory.
#[derive(Default)]
pub struct InMemoryDirectory {
    state: Mutex<State>,
}

impl InMemoryDirectory {
    /// An empty directory.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a school in `zone`.
    pub fn add_school(&self, school: SchoolId, zone: Tz) {
        self.lock().schools.insert(school, zone);
    }

    /// Adds (or replaces) a person.
    pub fn add_person(&self, person: &Person) {
        self.lock().people.insert(person.id, person.clone());
    }

    /// Removes a person, as erasure does.
    pub fn remove_person(&self, id: AccountId) {
        self.lock().people.remove(&id);
    }

    /// Adds a group with its members.
    pub fn add_group(&self, school: SchoolId, group: GroupId, members: &[AccountId]) {
        self.lock().groups.insert(group, (school, members.to_vec()));
    }
}

#[async_trait]
impl Directory for InMemoryDirectory {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        Ok(self.lock().schools.get(&school).copied())
    }

    async fn viewer(&self, school: SchoolId, account: AccountId) -> StoreResult<Option<Viewer>> {
        let state = self.lock();
        let Some(person) = state.people.get(&account).filter(|p| p.school == school) else {
            return Ok(None);
        };
        let groups_of = |id: AccountId| {
            let mut groups: Vec<GroupId> = state
                .groups
                .iter()
                .filter(|(_, (s, members))| *s == school && members.contains(&id))
                .map(|(g, _)| *g)
                .collect();
            groups.sort();
            groups
        };
        Ok(match person.co_account_of {
            None => Some(Viewer {
                account,
                roles: person.roles.clone(),
                groups: groups_of(account),
                child: None,
            }),
            Some(pupil) => state
                .people
                .get(&pupil)
                .filter(|p| p.school == school)
                .map(|p| Viewer {
                    account,
                    roles: p.roles.clone(),
                    groups: groups_of(pupil),
                    child: Some(Child {
                        id: pupil,
                        name: p.name.clone(),
                    }),
                }),
        })
    }

    async fn group_exists(&self, school: SchoolId, group: GroupId) -> StoreResult<bool> {
        Ok(self
            .lock()
            .groups
            .get(&group)
            .is_some_and(|(s, _)| *s == school))
    }
}
