//! The contract suite of the attendance ports: one public async check per MUST in the
//! ports' documentation. Every adapter runs all of them through
//! [`attendance_contract_tests!`](crate::attendance_contract_tests). Each check gets the
//! attendance store, the directory the adapter reads people from, and an
//! [`AttendanceSeed`] that puts schools, people and classes where that directory reads
//! them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    missing_docs
)]

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use schoolbrug_kernel::{AbsenceAlertId, AbsenceNoteId, AccountId, GroupId, Role, SchoolId};

use crate::memory::{InMemoryDirectory, Person};
use crate::model::{AbsenceNote, Code, Half, Mark, Official, Sheet, SheetEntry};

mod directory;
mod notes;
mod register;
mod settings;

pub use directory::*;
pub use notes::*;
pub use register::*;
pub use settings::*;

/// Generates one `#[tokio::test]` per contract check. `$make` is an expression giving a
/// future of `(store, directory, seed)` over one fresh database: the attendance store, the
/// [`Directory`](crate::ports::Directory) of the same database, and an [`AttendanceSeed`] writing where it reads.
#[macro_export]
macro_rules! attendance_contract_tests {
    ($make:expr) => {
        $crate::attendance_contract_tests!(@each $make;
            a_pupil_is_found_only_in_its_school_and_only_as_a_pupil,
            pupils_leave_out_whoever_is_not_a_pupil_of_the_school,
            a_class_list_holds_its_pupils_and_staff_and_nothing_across_schools,
            classes_are_listed_per_school_and_per_member,
            staff_among_keeps_the_school_s_staff_only,
            staff_are_listed_by_name_in_their_school,
            sharing_a_class_is_seen_within_the_school_only,
            a_co_account_s_children_are_its_pupil_and_nobody_else_s,
            a_linked_co_account_s_children_include_the_linked_pupils_once,
            a_sheet_keeps_one_registration_per_pupil_per_half_day,
            an_unconfirmed_sheet_leaves_a_confirmed_half_day_alone,
            an_unexplained_half_day_a_note_covers_is_written_as_z,
            every_change_is_audited_newest_first,
            an_alert_is_raised_once_per_pupil_per_half_day,
            no_alert_for_a_justified_half_day,
            sheets_at_once_raise_one_alert,
            registrations_are_listed_in_order_within_the_school,
            registrations_are_paged_in_key_order_for_the_given_pupils,
            the_half_day_of_given_pupils_is_read,
            the_follow_up_counts_problematic_half_days_most_first,
            settling_makes_old_unknown_half_days_problematic_in_one_school,
            a_note_justifies_the_unexplained_half_days_of_its_dates,
            a_note_over_the_quota_or_overlapping_is_refused_writing_nothing,
            notes_at_once_never_pass_the_quota,
            notes_are_listed_per_pupil_and_school_year,
            settings_are_the_defaults_until_saved_and_stay_in_their_school,
            unsent_alerts_are_listed_oldest_first_until_marked_sent,
            erasure_removes_a_pupil_s_data_and_keeps_what_others_wrote_nameless,
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

/// Puts the people a check needs where the adapter's [`Directory`](crate::ports::Directory) reads them.
#[async_trait]
pub trait AttendanceSeed: Send + Sync {
    /// Adds a school (Europe/Brussels time) with its slug.
    async fn add_school(&self, school: SchoolId, slug: &str);
    /// Adds a person; a co-account's pupil is added first.
    async fn add_person(&self, person: &Person);
    /// Adds a class of `school` with its members.
    async fn add_class(&self, school: SchoolId, class: GroupId, name: &str, members: &[AccountId]);
    /// Adds a group of `school` that is not a class, with its members.
    async fn add_group(&self, school: SchoolId, group: GroupId, name: &str, members: &[AccountId]);
    /// Links two co-accounts of `school` (of different pupils), as the accounts module
    /// does when one parent links the co-accounts of their children.
    async fn link(&self, school: SchoolId, a: AccountId, b: AccountId);
}

#[async_trait]
impl AttendanceSeed for InMemoryDirectory {
    async fn add_school(&self, _school: SchoolId, _slug: &str) {}

    async fn add_person(&self, person: &Person) {
        InMemoryDirectory::add_person(self, person);
    }

    async fn add_class(&self, school: SchoolId, class: GroupId, name: &str, members: &[AccountId]) {
        InMemoryDirectory::add_class(self, school, class, name, members);
    }

    async fn add_group(&self, school: SchoolId, group: GroupId, name: &str, members: &[AccountId]) {
        InMemoryDirectory::add_group(self, school, group, name, members);
    }

    async fn link(&self, _school: SchoolId, a: AccountId, b: AccountId) {
        InMemoryDirectory::link(self, a, b);
    }
}

/// Two schools: in the first an admin, a counsellor, a teacher of 3A, lotte and ella
/// (3A) with lotte's mother, noah (3B); in the second, a pupil and a teacher.
pub struct World {
    pub school: SchoolId,
    pub admin: Person,
    pub counsellor: Person,
    pub teacher: Person,
    pub lotte: Person,
    pub lotte_mama: Person,
    pub ella: Person,
    pub noah: Person,
    pub class_3a: GroupId,
    pub class_3b: GroupId,
    pub choir: GroupId,
    pub other_school: SchoolId,
    pub other_pupil: Person,
    pub other_teacher: Person,
    pub other_class: GroupId,
}

impl World {
    /// Seeds the world.
    pub async fn seed(seed: &dyn AttendanceSeed) -> World {
        let school = SchoolId::new();
        let other_school = SchoolId::new();
        seed.add_school(school, &format!("s-{}", &school.to_string()[..8]))
            .await;
        seed.add_school(
            other_school,
            &format!("o-{}", &other_school.to_string()[..8]),
        )
        .await;
        let admin = Person::staff(school, "Ann", "Admin", &[Role::Admin]);
        let counsellor = Person::staff(school, "Chris", "Begeleider", &[Role::Counsellor]);
        let teacher = Person::staff(school, "Tom", "Leerkracht", &[Role::Teacher]);
        let lotte = Person::pupil(school, "Lotte", "Peeters");
        let lotte_mama = Person::co_account(&lotte, "Sara");
        let ella = Person::pupil(school, "Ella", "Aerts");
        let noah = Person::pupil(school, "Noah", "Claes");
        let other_pupil = Person::pupil(other_school, "Otto", "Anders");
        let other_teacher = Person::staff(other_school, "Olga", "Anders", &[Role::Teacher]);
        // The first person of a school is the one who creates it: an admin.
        for p in [
            &admin,
            &counsellor,
            &teacher,
            &lotte,
            &lotte_mama,
            &ella,
            &noah,
            &other_teacher,
            &other_pupil,
        ] {
            seed.add_person(p).await;
        }
        let (class_3a, class_3b, choir, other_class) = (
            GroupId::new(),
            GroupId::new(),
            GroupId::new(),
            GroupId::new(),
        );
        seed.add_class(school, class_3a, "3A", &[teacher.id, lotte.id, ella.id])
            .await;
        seed.add_class(school, class_3b, "3B", &[noah.id]).await;
        seed.add_group(school, choir, "Koor", &[teacher.id, noah.id])
            .await;
        seed.add_class(
            other_school,
            other_class,
            "3A",
            &[other_teacher.id, other_pupil.id],
        )
        .await;
        World {
            school,
            admin,
            counsellor,
            teacher,
            lotte,
            lotte_mama,
            ella,
            noah,
            class_3a,
            class_3b,
            choir,
            other_school,
            other_pupil,
            other_teacher,
            other_class,
        }
    }
}

/// A date of December 2026.
#[must_use]
pub fn dec(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
}

/// An instant on 3 December 2026, `minute` minutes after 8:00 UTC.
#[must_use]
pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap() + chrono::Duration::minutes(minute.into())
}

/// An absent mark with `code`.
#[must_use]
pub fn absent(code: Code) -> Mark {
    Mark::Absent { code, remark: None }
}

/// The official code `o`.
#[must_use]
pub fn official(o: Official) -> Code {
    Code::Official(o)
}

/// A sheet of `school` for one half-day.
#[must_use]
pub fn sheet(
    school: SchoolId,
    date: NaiveDate,
    half: Half,
    entries: Vec<(AccountId, Mark)>,
    by: AccountId,
    minute: u32,
    confirms: bool,
) -> Sheet {
    Sheet {
        school,
        date,
        half,
        entries: entries
            .into_iter()
            .map(|(pupil, mark)| SheetEntry {
                pupil,
                mark,
                alert: AbsenceAlertId::new(),
            })
            .collect(),
        by,
        at: at(minute),
        confirms,
    }
}

/// A note of `pupil` from `from` to `to` (December days).
#[must_use]
pub fn note(school: SchoolId, pupil: &Person, by: &Person, from: u32, to: u32) -> AbsenceNote {
    AbsenceNote {
        id: AbsenceNoteId::new(),
        school,
        pupil: pupil.id,
        from: dec(from),
        to: dec(to),
        text: Some("Griep".into()),
        by: Some(by.id),
        at: at(from),
    }
}
