//! An in-memory [`Directory`], filled by hand, for tests and for systems that have no
//! accounts module; a system that has one implements [`Directory`] over it instead.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};

use crate::model::{ClassList, Pupil};
use crate::ports::{Directory, StoreResult};

/// What a person is, as attendance needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonKind {
    /// A pupil's main account.
    Pupil,
    /// A staff member's main account with its roles.
    Staff(Vec<Role>),
    /// A co-account of `pupil`.
    CoAccount {
        /// The pupil it belongs to.
        pupil: AccountId,
    },
}

/// A person of a school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The account.
    pub id: AccountId,
    /// The school.
    pub school: SchoolId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Pupil, staff or co-account.
    pub kind: PersonKind,
}

impl Person {
    /// A pupil.
    #[must_use]
    pub fn pupil(school: SchoolId, first_name: &str, last_name: &str) -> Self {
        Self::new(school, first_name, last_name, PersonKind::Pupil)
    }

    /// A staff member with `roles`.
    #[must_use]
    pub fn staff(school: SchoolId, first_name: &str, last_name: &str, roles: &[Role]) -> Self {
        Self::new(
            school,
            first_name,
            last_name,
            PersonKind::Staff(roles.to_vec()),
        )
    }

    /// A co-account of `pupil`.
    #[must_use]
    pub fn co_account(pupil: &Person, first_name: &str) -> Self {
        Self::new(
            pupil.school,
            first_name,
            &pupil.last_name,
            PersonKind::CoAccount { pupil: pupil.id },
        )
    }

    fn new(school: SchoolId, first_name: &str, last_name: &str, kind: PersonKind) -> Self {
        Self {
            id: AccountId::new(),
            school,
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            kind,
        }
    }

    /// The roles of a main account (a pupil's is `pupil`), none for a co-account.
    #[must_use]
    pub fn roles(&self) -> Vec<Role> {
        match &self.kind {
            PersonKind::Pupil => vec![Role::Pupil],
            PersonKind::Staff(roles) => roles.clone(),
            PersonKind::CoAccount { .. } => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
struct Group {
    school: SchoolId,
    name: String,
    class: bool,
    members: Vec<AccountId>,
}

#[derive(Default)]
struct State {
    people: HashMap<AccountId, Person>,
    groups: HashMap<GroupId, Group>,
    /// Links between co-accounts, each held in both directions.
    links: HashSet<(AccountId, AccountId)>,
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

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Adds (or replaces) a person.
    pub fn add_person(&self, person: &Person) {
        self.with(|s| s.people.insert(person.id, person.clone()));
    }

    /// Removes a person (erased), and its co-accounts when it is a pupil.
    pub fn remove_person(&self, id: AccountId) {
        self.with(|s| {
            s.people.remove(&id);
            s.people
                .retain(|_, p| p.kind != PersonKind::CoAccount { pupil: id });
            let people = &s.people;
            s.links
                .retain(|(a, b)| people.contains_key(a) && people.contains_key(b));
            for g in s.groups.values_mut() {
                g.members.retain(|m| *m != id);
            }
        });
    }

    /// Links two co-accounts (both directions), as the accounts module does.
    pub fn link(&self, a: AccountId, b: AccountId) {
        self.with(|s| {
            s.links.insert((a, b));
            s.links.insert((b, a));
        });
    }

    /// Adds a class with its members.
    pub fn add_class(&self, school: SchoolId, id: GroupId, name: &str, members: &[AccountId]) {
        self.add(school, id, name, true, members);
    }

    /// Adds a group that is not a class.
    pub fn add_group(&self, school: SchoolId, id: GroupId, name: &str, members: &[AccountId]) {
        self.add(school, id, name, false, members);
    }

    fn add(&self, school: SchoolId, id: GroupId, name: &str, class: bool, members: &[AccountId]) {
        self.with(|s| {
            s.groups.insert(
                id,
                Group {
                    school,
                    name: name.to_owned(),
                    class,
                    members: members.to_vec(),
                },
            )
        });
    }
}

impl State {
    fn pupil(&self, school: SchoolId, id: AccountId) -> Option<Pupil> {
        let p = self.people.get(&id)?;
        if p.school != school || p.kind != PersonKind::Pupil {
            return None;
        }
        let mut classes: Vec<&str> = self
            .groups
            .values()
            .filter(|g| g.school == school && g.class && g.members.contains(&id))
            .map(|g| g.name.as_str())
            .collect();
        classes.sort_unstable();
        Some(Pupil {
            id,
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            class: classes.first().map(|c| (*c).to_owned()),
        })
    }

    fn is_staff(&self, school: SchoolId, id: AccountId) -> bool {
        self.people.get(&id).is_some_and(|p| {
            p.school == school
                && matches!(&p.kind, PersonKind::Staff(roles) if roles.iter().any(|r| r.is_staff()))
        })
    }

    fn classes_where(
        &self,
        school: SchoolId,
        keep: impl Fn(&Group) -> bool,
    ) -> Vec<(GroupId, String)> {
        let mut found: Vec<(GroupId, String)> = self
            .groups
            .iter()
            .filter(|(_, g)| g.school == school && g.class && keep(g))
            .map(|(id, g)| (*id, g.name.clone()))
            .collect();
        found.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
        found
    }
}

#[async_trait]
impl Directory for InMemoryDirectory {
    async fn pupil(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Pupil>> {
        Ok(self.with(|s| s.pupil(school, id)))
    }

    async fn pupils(&self, school: SchoolId, ids: &[AccountId]) -> StoreResult<Vec<Pupil>> {
        let ids: HashSet<&AccountId> = ids.iter().collect();
        Ok(self.with(|s| ids.iter().filter_map(|id| s.pupil(school, **id)).collect()))
    }

    async fn class_list(&self, school: SchoolId, class: GroupId) -> StoreResult<Option<ClassList>> {
        Ok(self.with(|s| {
            let g = s.groups.get(&class)?;
            if g.school != school || !g.class {
                return None;
            }
            let mut pupils: Vec<Pupil> = g
                .members
                .iter()
                .filter_map(|m| s.pupil(school, *m))
                .collect();
            pupils.sort_by(|a, b| {
                (&a.last_name, &a.first_name, a.id).cmp(&(&b.last_name, &b.first_name, b.id))
            });
            let teachers = g
                .members
                .iter()
                .copied()
                .filter(|m| s.is_staff(school, *m))
                .collect();
            Some(ClassList {
                id: class,
                name: g.name.clone(),
                pupils,
                teachers,
            })
        }))
    }

    async fn classes(&self, school: SchoolId) -> StoreResult<Vec<(GroupId, String)>> {
        Ok(self.with(|s| s.classes_where(school, |_| true)))
    }

    async fn staff(&self, school: SchoolId) -> StoreResult<Vec<(AccountId, String)>> {
        Ok(self.with(|s| {
            let mut staff: Vec<&Person> = s
                .people
                .values()
                .filter(|p| s.is_staff(school, p.id))
                .collect();
            staff.sort_by(|a, b| {
                (&a.last_name, &a.first_name, a.id).cmp(&(&b.last_name, &b.first_name, b.id))
            });
            staff
                .into_iter()
                .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name)))
                .collect()
        }))
    }

    async fn staff_among(
        &self,
        school: SchoolId,
        ids: &[AccountId],
    ) -> StoreResult<Vec<AccountId>> {
        Ok(self.with(|s| {
            ids.iter()
                .copied()
                .filter(|id| s.is_staff(school, *id))
                .collect()
        }))
    }

    async fn classes_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Vec<(GroupId, String)>> {
        Ok(self.with(|s| s.classes_where(school, |g| g.members.contains(&account))))
    }

    async fn shares_class(
        &self,
        school: SchoolId,
        staff: AccountId,
        pupil: AccountId,
    ) -> StoreResult<bool> {
        Ok(self.with(|s| {
            s.is_staff(school, staff)
                && s.pupil(school, pupil).is_some()
                && s.groups.values().any(|g| {
                    g.school == school
                        && g.class
                        && g.members.contains(&staff)
                        && g.members.contains(&pupil)
                })
        }))
    }

    async fn children(&self, school: SchoolId, co_account: AccountId) -> StoreResult<Vec<Pupil>> {
        Ok(self.with(|s| {
            let pupil_of = |id: &AccountId| match s.people.get(id) {
                Some(Person {
                    school: own,
                    kind: PersonKind::CoAccount { pupil },
                    ..
                }) if *own == school => Some(*pupil),
                _ => None,
            };
            let Some(own) = pupil_of(&co_account) else {
                return Vec::new();
            };
            let mut linked: Vec<AccountId> = s
                .links
                .iter()
                .filter(|(a, _)| *a == co_account)
                .filter_map(|(_, b)| pupil_of(b))
                .filter(|p| *p != own)
                .collect();
            linked.sort();
            linked.dedup();
            std::iter::once(own)
                .chain(linked)
                .filter_map(|p| s.pupil(school, p))
                .collect()
        }))
    }
}
