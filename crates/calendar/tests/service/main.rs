//! The calendar's rules on the in-memory adapters with a fixed clock: who sees what, who
//! plans and changes, repeats, and private feeds. Each privacy rule has a test that tries
//! to break it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod feeds;
mod planning;
mod seeing;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use schoolbrug_calendar::contract::{World, world};
use schoolbrug_calendar::memory::{InMemoryCalendarStore, InMemoryDirectory, Person};
use schoolbrug_calendar::{ActivityDraft, Calendar, Repeat, Target, When};
use schoolbrug_kernel::{Actor, ActorKind, FixedClock, Role};

/// The calendar over memory, its directory, its clock and a seeded school (and a second
/// school).
pub struct Fixture {
    pub calendar: Calendar,
    pub directory: Arc<InMemoryDirectory>,
    pub store: Arc<InMemoryCalendarStore>,
    pub clock: Arc<FixedClock>,
    pub w: World,
    pub other: World,
}

/// Monday 31 August 2026, 10:00 in Brussels.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 8, 31, 8, 0, 0).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A Brussels wall-clock time as an instant.
pub fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Brussels
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub async fn fixture() -> Fixture {
    let directory = Arc::new(InMemoryDirectory::new());
    let store = Arc::new(InMemoryCalendarStore::new(directory.clone()));
    let clock = Arc::new(FixedClock::at(start()));
    let calendar = Calendar::new(store.clone(), directory.clone(), clock.clone());
    let w = world(&*directory, "a").await;
    let other = world(&*directory, "b").await;
    Fixture {
        calendar,
        directory,
        store,
        clock,
        w,
        other,
    }
}

pub fn actor(p: &Person) -> Actor {
    Actor {
        school: p.school,
        account: p.id,
        kind: match p.co_account_of {
            Some(pupil) => ActorKind::Co { pupil },
            None => ActorKind::Main {
                roles: p.roles.clone(),
            },
        },
    }
}

/// "Uitstap naar Brugge" for `audience` on Thursday 10 September 2026, 8:15 to 16:00.
pub fn uitstap(audience: Vec<Target>) -> ActivityDraft {
    ActivityDraft {
        title: "Uitstap naar Brugge".into(),
        description: Some("Picknick meebrengen".into()),
        location: Some("Brugge".into()),
        when: When::Timed {
            start: local(2026, 9, 10, 8, 15),
            end: local(2026, 9, 10, 16, 0),
        },
        audience,
        repeat: None,
    }
}

/// "Zwemmen" every Tuesday afternoon from 8 September until the Easter holiday (Friday
/// 2 April 2027), except the exam week of 14 December.
pub fn zwemmen(audience: Vec<Target>) -> ActivityDraft {
    ActivityDraft {
        title: "Zwemmen".into(),
        description: None,
        location: Some("Stedelijk zwembad".into()),
        when: When::Timed {
            start: local(2026, 9, 8, 13, 30),
            end: local(2026, 9, 8, 15, 0),
        },
        audience,
        repeat: Some(Repeat {
            every_weeks: 1,
            until: day(2027, 4, 2),
            except: vec![day(2026, 12, 15)],
            skip_free_days: true,
        }),
    }
}
