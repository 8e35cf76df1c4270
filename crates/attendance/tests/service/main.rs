//! The attendance rules on the in-memory adapters with a fixed clock: registering, the
//! alerts to parents, parents' notes, who reads what, the automatic `B`, the follow-up and
//! the export, the school's codes. Each privacy rule has a test that tries to break it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod alerts;
mod notes;
mod registering;
mod seeing;
mod settling;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use schoolbrug_attendance::contract::World;
use schoolbrug_attendance::memory::{
    InMemoryAttendanceStore, InMemoryDirectory, Person, PersonKind, RecordingAlertSender,
};
use schoolbrug_attendance::service::AbsentPupil;
use schoolbrug_attendance::{Attendance, AttendanceError, Half};
use schoolbrug_kernel::{
    Actor, ActorKind, FixedClock, FreeDayPeriod, FreeDays, Role, SchoolCalendar,
    SchoolCalendarError, SchoolDays, SchoolId,
};

/// Every school in Brussels, with Tuesday 8 December 2026 a free day (a study day).
struct StudyDayCalendar;

#[async_trait]
impl SchoolCalendar for StudyDayCalendar {
    async fn school_days(&self, _school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        Ok(SchoolDays::new(
            chrono_tz::Europe::Brussels,
            FreeDays::new(vec![FreeDayPeriod {
                from: dec(8),
                to: dec(8),
                name: "Studiedag".into(),
            }]),
        ))
    }
}

/// Attendance over memory, its directory, its clock, what it sent to parents, and two
/// seeded schools (see [`World`]), with a teacher of 3B.
pub struct Fixture {
    pub attendance: Attendance,
    pub directory: Arc<InMemoryDirectory>,
    pub store: Arc<InMemoryAttendanceStore>,
    pub alerts: Arc<RecordingAlertSender>,
    pub clock: Arc<FixedClock>,
    pub w: World,
    pub teacher_3b: Person,
}

/// Thursday 3 December 2026, 8:35 in Brussels.
pub fn start() -> DateTime<Utc> {
    local(12, 3, 8, 35)
}

/// A Brussels wall-clock time of 2026 as an instant.
pub fn local(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Brussels
        .with_ymd_and_hms(2026, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A date of December 2026.
pub fn dec(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

pub async fn fixture() -> Fixture {
    let directory = Arc::new(InMemoryDirectory::new());
    let store = Arc::new(InMemoryAttendanceStore::new());
    let alerts = Arc::new(RecordingAlertSender::new());
    let clock = Arc::new(FixedClock::at(start()));
    let attendance = Attendance::new(
        store.clone(),
        directory.clone(),
        Arc::new(StudyDayCalendar),
        alerts.clone(),
        clock.clone(),
    );
    let w = World::seed(&*directory).await;
    let teacher_3b = Person::staff(w.school, "Bart", "Leraar", &[Role::Teacher]);
    directory.add_person(&teacher_3b);
    directory.add_class(w.school, w.class_3b, "3B", &[teacher_3b.id, w.noah.id]);
    Fixture {
        attendance,
        directory,
        store,
        alerts,
        clock,
        w,
        teacher_3b,
    }
}

pub fn actor(p: &Person) -> Actor {
    Actor {
        school: p.school,
        account: p.id,
        kind: match &p.kind {
            PersonKind::CoAccount { pupil } => ActorKind::Co { pupil: *pupil },
            _ => ActorKind::Main { roles: p.roles() },
        },
    }
}

/// `pupil` absent with `code` (unknown when `None`).
pub fn gone(pupil: &Person, code: Option<&str>) -> AbsentPupil {
    AbsentPupil {
        pupil: pupil.id,
        code: code.map(str::to_owned),
        remark: None,
    }
}

impl Fixture {
    /// The teacher of 3A registers this morning with `absent`.
    pub async fn register_3a(&self, date: NaiveDate, half: Half, absent: Vec<AbsentPupil>) {
        self.attendance
            .register_class(&actor(&self.w.teacher), self.w.class_3a, date, half, absent)
            .await
            .unwrap();
    }

    /// The codes of `pupil` in December, as `(day, half, code)`.
    pub async fn december(&self, pupil: &Person) -> Vec<(u32, Half, String)> {
        use chrono::Datelike as _;
        self.attendance
            .absences(
                &actor(&self.w.admin),
                Some(pupil.id),
                Some(dec(1)),
                Some(dec(31)),
                &all(),
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|r| (r.date.day(), r.half, r.code.as_str().to_owned()))
            .collect()
    }
}

/// A page as long as the lists of these tests.
pub fn all() -> schoolbrug_kernel::PageRequest {
    schoolbrug_kernel::PageRequest::new(Some(200), None)
}

/// The codes of an `Invalid` error's fields, as `(field, code)`.
pub fn refused<T: std::fmt::Debug>(result: Result<T, AttendanceError>) -> Vec<(String, String)> {
    match result {
        Err(AttendanceError::Invalid(errors)) => {
            errors.into_iter().map(|e| (e.field, e.code)).collect()
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}
