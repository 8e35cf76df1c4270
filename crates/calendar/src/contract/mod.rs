//! The contract suite of the calendar ports: one public async check per MUST in the
//! ports' documentation. Every adapter runs all of them through
//! [`calendar_contract_tests!`](crate::calendar_contract_tests). Each check gets the
//! calendar store, the directory the adapter reads people from, and a [`CalendarSeed`]
//! that puts schools, people and groups where that directory reads them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};

use crate::memory::{InMemoryDirectory, Person};
use crate::model::{Activity, ActivityDraft, Repeat, Target, When};
use crate::ports::{CalendarStores, Directory};

mod activities;
mod directory;
mod feeds;
mod year;

pub use activities::*;
pub use directory::*;
pub use feeds::*;
pub use year::*;

/// Generates one `#[tokio::test]` per contract check. `$make` is an expression giving a
/// future of `(store, directory, seed)` over one fresh database: the calendar store, the
/// [`Directory`] of the same database, and a [`CalendarSeed`] writing where it reads.
#[macro_export]
macro_rules! calendar_contract_tests {
    ($make:expr) => {
        $crate::calendar_contract_tests!(@each $make;
            a_school_s_time_zone_is_found_and_none_for_an_unknown_school,
            a_viewer_holds_its_roles_and_groups_and_a_co_account_its_child_s,
            no_viewer_crosses_schools_or_outlives_its_pupil,
            a_group_exists_only_in_its_own_school,
            an_activity_is_stored_whole_and_stays_in_its_school,
            a_replacement_needs_the_next_sequence_and_the_same_school,
            an_activity_is_removed_only_in_its_own_school,
            activities_in_a_window_are_those_the_reach_reaches,
            replacements_of_one_version_at_once_store_exactly_one,
            a_feed_opens_by_its_token_and_is_one_per_calendar,
            feeds_are_listed_per_account,
            a_renewed_feed_answers_only_to_its_new_token,
            a_revoked_feed_answers_to_nothing,
            the_use_of_a_feed_is_recorded_at_most_hourly,
            erasure_removes_the_feeds_of_and_for_an_account,
            free_days_are_replaced_and_make_the_school_calendar,
            the_school_year_is_kept_per_school,
        );
    };
    (@each $make:expr; $($check:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $check() {
                let (store, directory, seed) = $make.await;
                $crate::contract::$check(&store, &*directory, &*seed).await;
            }
        )*
    };
}

/// Puts the people a check needs where the adapter's [`Directory`] reads them.
#[async_trait]
pub trait CalendarSeed: Send + Sync {
    /// Adds a school (Europe/Brussels time) with its slug.
    async fn add_school(&self, school: SchoolId, slug: &str);
    /// Adds a person; a co-account's pupil is added first.
    async fn add_person(&self, person: &Person);
    /// Adds a group of `school` named `name` with its members.
    async fn add_group(&self, school: SchoolId, group: GroupId, name: &str, members: &[AccountId]);
    /// Erases a person (an account that left).
    async fn remove_person(&self, person: &Person);
}

#[async_trait]
impl CalendarSeed for InMemoryDirectory {
    async fn add_school(&self, school: SchoolId, _slug: &str) {
        InMemoryDirectory::add_school(self, school, chrono_tz::Europe::Brussels);
    }

    async fn add_person(&self, person: &Person) {
        InMemoryDirectory::add_person(self, person);
    }

    async fn add_group(
        &self,
        school: SchoolId,
        group: GroupId,
        _name: &str,
        members: &[AccountId],
    ) {
        InMemoryDirectory::add_group(self, school, group, members);
    }

    async fn remove_person(&self, person: &Person) {
        InMemoryDirectory::remove_person(self, person.id);
    }
}

/// A school with an admin, a teacher of 3A, lotte (3A) with her mother's co-account, and
/// noah (3B).
pub struct World {
    /// The school.
    pub school: SchoolId,
    /// Its admin.
    pub admin: Person,
    /// A teacher, member of 3A.
    pub teacher: Person,
    /// A pupil of 3A.
    pub lotte: Person,
    /// Lotte's co-account.
    pub lotte_mama: Person,
    /// A pupil of 3B.
    pub noah: Person,
    /// Class 3A.
    pub class_3a: GroupId,
    /// Class 3B.
    pub class_3b: GroupId,
}

/// Builds [`World`] through `seed` under slug `slug`.
pub async fn world<D: CalendarSeed + ?Sized>(seed: &D, slug: &str) -> World {
    let school = SchoolId::new();
    seed.add_school(school, slug).await;
    let admin = Person::main(school, &format!("admin-{slug}"), &[Role::Admin]);
    let teacher = Person::main(school, "teacher", &[Role::Teacher]);
    let lotte = Person::main(school, "lotte", &[Role::Pupil]);
    let noah = Person::main(school, "noah", &[Role::Pupil]);
    let lotte_mama = Person::co(&lotte, "lotte-mama");
    for p in [&admin, &teacher, &lotte, &noah, &lotte_mama] {
        seed.add_person(p).await;
    }
    let class_3a = GroupId::new();
    let class_3b = GroupId::new();
    seed.add_group(school, class_3a, "3A", &[lotte.id, teacher.id])
        .await;
    seed.add_group(school, class_3b, "3B", &[noah.id]).await;
    World {
        school,
        admin,
        teacher,
        lotte,
        lotte_mama,
        noah,
        class_3a,
        class_3b,
    }
}

/// 1 September 2026, 08:00 UTC: the contract world's "now".
#[must_use]
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

/// A date of 2026 or 2027.
#[must_use]
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An activity planned by `planner` for `audience`, from `start` for two hours, repeating
/// weekly until `until` when given.
#[must_use]
pub fn activity(
    school: SchoolId,
    planner: AccountId,
    title: &str,
    audience: Vec<Target>,
    start: DateTime<Utc>,
    until: Option<NaiveDate>,
) -> Activity {
    Activity::plan(
        school,
        planner,
        ActivityDraft {
            title: title.into(),
            description: Some("Meebrengen: zwemgerief".into()),
            location: Some("Stedelijk zwembad".into()),
            when: When::Timed {
                start,
                end: start + Duration::hours(2),
            },
            audience,
            repeat: until.map(|until| Repeat {
                every_weeks: 1,
                until,
                except: vec![],
                skip_free_days: false,
            }),
        },
        chrono_tz::Europe::Brussels,
        now(),
    )
    .unwrap()
}

/// The bounds every check's store meets.
pub trait Store: CalendarStores {}
impl<T: CalendarStores> Store for T {}

/// The directory every check reads.
pub trait Dir: Directory {}
impl<T: Directory + ?Sized> Dir for T {}
