//! The messaging rules through the service, on the in-memory adapters with a fixed clock:
//! privacy attacks, receipts, the 48-hour rules, atomicity, bad input.
//!
//! One module per topic: `audience.rs` (who receives and sees what), `receipts.rs`,
//! `replies.rs` (replies and the 48-hour rules), `sending.rs` (atomicity, bad input,
//! urgency, misdirected reports), `forwarding.rs` (outbox rows, free days, the worker's
//! signal), `news.rs` (who publishes and who sees which news item, read state); this file holds the world they share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use chrono_tz::Europe::Brussels;
use schoolbrug_kernel::{
    Actor, ActorKind, Cursor, FixedClock, FreeDayPeriod, GroupId, PageRequest, Role, SchoolId,
};
use schoolbrug_messaging::memory::{InMemoryDirectory, InMemoryMessageStore, Person};
use schoolbrug_messaging::model::{Audience, Folder, GroupInfo, GroupLabel, Recipient};
use schoolbrug_messaging::{MessageView, Messaging, MessagingError, NewMessage};

struct World {
    messaging: Messaging,
    store: Arc<InMemoryMessageStore>,
    directory: Arc<InMemoryDirectory>,
    clock: Arc<FixedClock>,
    admin: Person,
    teacher: Person,
    lotte: Person,
    lotte_mama: Person,
    lotte_papa: Person,
    noah: Person,
    noah_mama: Person,
    class: GroupId,
    other_school_parent: Person,
}

fn brussels(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Brussels
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn actor(a: &Person) -> Actor {
    Actor {
        school: a.school,
        account: a.id,
        kind: match a.pupil() {
            Some(pupil) => ActorKind::Co { pupil },
            None => ActorKind::Main {
                roles: a.roles().to_vec(),
            },
        },
    }
}

async fn world() -> World {
    let directory = Arc::new(InMemoryDirectory::new());
    let clock = Arc::new(FixedClock::at(brussels(2026, 9, 1, 10, 0)));
    let store = Arc::new(InMemoryMessageStore::new(directory.clone()));
    // The free days come from the calendar module in a deployment; here from the store.
    let messaging =
        Messaging::new(store.clone(), clock.clone()).with_school_calendar(store.clone());
    let school = SchoolId::new();
    directory.add_school(school, Brussels);
    let admin = Person::main(school, "beheerder", &[Role::Admin]);
    let teacher = Person::main(school, "mevrouw.claes", &[Role::Teacher]).named("Els", "Claes");
    let lotte = Person::main(school, "lotte", &[Role::Pupil]);
    let noah = Person::main(school, "noah", &[Role::Pupil]);
    let lotte_mama = Person::co(&lotte, "lotte.mama");
    let lotte_papa = Person::co(&lotte, "lotte.papa");
    let noah_mama = Person::co(&noah, "noah.mama");
    for p in [
        &admin,
        &teacher,
        &lotte,
        &noah,
        &lotte_mama,
        &lotte_papa,
        &noah_mama,
    ] {
        directory.add_person(p);
    }
    let class = GroupInfo {
        id: GroupId::new(),
        name: "3A".into(),
    };
    directory.add_group(school, &class, &[lotte.id, noah.id]);

    let other = SchoolId::new();
    directory.add_school(other, Brussels);
    let other_admin = Person::main(other, "admin2", &[Role::Admin]);
    let other_pupil = Person::main(other, "ander", &[Role::Pupil]);
    let other_school_parent = Person::co(&other_pupil, "ander.mama");
    for p in [&other_admin, &other_pupil, &other_school_parent] {
        directory.add_person(p);
    }

    World {
        messaging,
        store,
        directory,
        clock,
        admin,
        teacher,
        lotte,
        lotte_mama,
        lotte_papa,
        noah,
        noah_mama,
        class: class.id,
        other_school_parent,
    }
}

fn message(to: Vec<Recipient>) -> NewMessage {
    NewMessage {
        subject: "Uitstap naar Brugge".into(),
        body: "We vertrekken vrijdag om 8u30.".into(),
        to,
        reply_requested: true,
        ..NewMessage::default()
    }
}

impl World {
    async fn to_parents_of_3a(&self) -> schoolbrug_kernel::MessageId {
        self.messaging
            .send(
                &actor(&self.teacher),
                message(vec![Recipient::Group(self.class, Audience::CoAccounts)]),
            )
            .await
            .unwrap()
            .id
    }

    async fn inbox(&self, a: &Person) -> Vec<schoolbrug_kernel::MessageId> {
        self.messaging
            .list(&actor(a), Folder::Inbox, None, &PageRequest::first())
            .await
            .unwrap()
            .items
            .iter()
            .map(|s| s.id)
            .collect()
    }
}

fn invalid_fields(err: MessagingError) -> Vec<(String, String)> {
    match err {
        MessagingError::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

mod audience;
mod forwarding;
mod news;
mod notices;
mod receipts;
mod replies;
mod sending;
