//! An in-memory [`Directory`]: the schools, people and groups messaging reads, filled by
//! hand. It lets messaging's tests and an embedder run the module without any accounts
//! module; a system that has one implements [`Directory`] over it instead.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};

use crate::model::{Addressee, AddresseeKind, Audience, GroupInfo};
use crate::ports::{Directory, StoreResult};

/// One person as the in-memory directory keeps them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The account.
    pub id: AccountId,
    /// The school the account belongs to.
    pub school: SchoolId,
    /// The name the person signs in with.
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Main account with its roles, or co-account of a pupil.
    pub kind: AddresseeKind,
}

impl Person {
    /// A main account of `school` with `roles`, named after its username.
    #[must_use]
    pub fn main(school: SchoolId, username: &str, roles: &[Role]) -> Self {
        Self {
            id: AccountId::new(),
            school,
            username: username.to_owned(),
            first_name: username.to_owned(),
            last_name: "Peeters".to_owned(),
            kind: AddresseeKind::Main(roles.to_vec()),
        }
    }

    /// A co-account of `pupil`, named after its username.
    #[must_use]
    pub fn co(pupil: &Person, username: &str) -> Self {
        Self {
            id: AccountId::new(),
            school: pupil.school,
            username: username.to_owned(),
            first_name: username.to_owned(),
            last_name: pupil.last_name.clone(),
            kind: AddresseeKind::Co { pupil: pupil.id },
        }
    }

    /// The same person with another first and last name.
    #[must_use]
    pub fn named(mut self, first_name: &str, last_name: &str) -> Self {
        first_name.clone_into(&mut self.first_name);
        last_name.clone_into(&mut self.last_name);
        self
    }

    /// The roles of a main account (none for a co-account).
    #[must_use]
    pub fn roles(&self) -> &[Role] {
        match &self.kind {
            AddresseeKind::Main(roles) => roles,
            AddresseeKind::Co { .. } => &[],
        }
    }

    /// The pupil of a co-account.
    #[must_use]
    pub fn pupil(&self) -> Option<AccountId> {
        match self.kind {
            AddresseeKind::Co { pupil } => Some(pupil),
            AddresseeKind::Main(_) => None,
        }
    }

    /// The person as a recipient.
    #[must_use]
    pub fn addressee(&self) -> Addressee {
        Addressee {
            id: self.id,
            name: format!("{} {}", self.first_name, self.last_name),
            kind: self.kind.clone(),
        }
    }

    fn is_pupil(&self) -> bool {
        self.roles().contains(&Role::Pupil)
    }
}

#[derive(Default)]
struct State {
    schools: HashMap<SchoolId, Tz>,
    /// In the order they were added: a pupil's co-accounts are listed in that order.
    people: Vec<Person>,
    groups: BTreeMap<GroupId, (SchoolId, GroupInfo, Vec<AccountId>)>,
}

impl State {
    fn person(&self, school: SchoolId, id: AccountId) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.id == id && p.school == school)
    }

    fn co_accounts_of(&self, school: SchoolId, pupil: AccountId) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(move |p| p.school == school && p.pupil() == Some(pupil))
    }
}

/// Schools, people and groups in memory.
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

    /// Adds a school with its time zone.
    pub fn add_school(&self, school: SchoolId, time_zone: Tz) {
        self.lock().schools.insert(school, time_zone);
    }

    /// Adds a person (or replaces the one with the same id).
    pub fn add_person(&self, person: &Person) {
        let mut state = self.lock();
        state.people.retain(|p| p.id != person.id);
        state.people.push(person.clone());
    }

    /// Removes a person (an erased account) from the directory and from every group.
    pub fn remove_person(&self, school: SchoolId, id: AccountId) {
        let mut state = self.lock();
        state.people.retain(|p| !(p.id == id && p.school == school));
        for (_, _, members) in state.groups.values_mut() {
            members.retain(|m| *m != id);
        }
    }

    /// Adds a group with its members (or replaces the group with the same id).
    pub fn add_group(&self, school: SchoolId, group: &GroupInfo, members: &[AccountId]) {
        self.lock()
            .groups
            .insert(group.id, (school, group.clone(), members.to_vec()));
    }
}

#[async_trait]
impl Directory for InMemoryDirectory {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        Ok(self.lock().schools.get(&school).copied())
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        Ok(self.lock().person(school, id).map(Person::addressee))
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        Ok(self
            .lock()
            .co_accounts_of(school, pupil)
            .map(Person::addressee)
            .collect())
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        Ok(self
            .lock()
            .groups
            .get(&id)
            .filter(|(s, _, _)| *s == school)
            .map(|(_, g, _)| g.clone()))
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        let mut found: Vec<GroupInfo> = self
            .lock()
            .groups
            .values()
            .filter(|(s, _, _)| *s == school)
            .map(|(_, g, _)| g.clone())
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        let state = self.lock();
        let Some((_, _, members)) = state.groups.get(&group).filter(|(s, _, _)| *s == school)
        else {
            return Ok(Vec::new());
        };
        let mut found = BTreeMap::new();
        for member in members.iter().filter_map(|id| state.person(school, *id)) {
            let pupil = member.is_pupil();
            if matches!(audience, Audience::Members)
                || (pupil && matches!(audience, Audience::Pupils | Audience::Both))
            {
                found.insert(member.id, member.addressee());
            }
            if pupil && matches!(audience, Audience::CoAccounts | Audience::Both) {
                for co in state.co_accounts_of(school, member.id) {
                    found.insert(co.id, co.addressee());
                }
            }
        }
        Ok(found.into_values().collect())
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        let mut found: Vec<Addressee> = self
            .lock()
            .people
            .iter()
            .filter(|p| p.school == school && p.roles().contains(&role))
            .map(Person::addressee)
            .collect();
        found.sort_by_key(|a| a.id);
        Ok(found)
    }

    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        let state = self.lock();
        if state.person(school, account).is_none() {
            return Ok(Vec::new());
        }
        // The map is ordered by group id.
        Ok(state
            .groups
            .iter()
            .filter(|(_, (s, _, members))| *s == school && members.contains(&account))
            .map(|(id, _)| *id)
            .collect())
    }
}
