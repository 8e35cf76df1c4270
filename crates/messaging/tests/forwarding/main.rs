//! Forwarding by e-mail through the service and the forwarder, on the in-memory adapters
//! with a fixed clock and a recording mailer: what each mail holds (and hides), retries,
//! permanent failures, quiet hours, urgent messages, killed and concurrent workers.
//!
//! One module per topic: `mails.rs` (what each mail holds), `failures.rs` (retries,
//! permanent failures, the outbox's keeping time, erased recipients), `quiet_hours.rs`
//! (quiet hours and urgent messages), `workers.rs` (killed, concurrent and stopping
//! workers); this file holds the recording mailer and the world they share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveTime, TimeZone as _, Utc};
use chrono_tz::Europe::Brussels;
use schoolbrug_kernel::audit::InMemoryAuditLog;
use schoolbrug_kernel::{
    Actor, ActorKind, AuditLog as _, Clock, FixedClock, GroupId, MessageId, PageRequest, Role,
    SchoolId,
};
use schoolbrug_messaging::audit::URGENT_MESSAGE_SENT;
use schoolbrug_messaging::forwarding::Jitter;
use schoolbrug_messaging::mailer::{MailError, Mailer, OutgoingMail};
use schoolbrug_messaging::memory::{InMemoryDirectory, InMemoryMessageStore, Person};
use schoolbrug_messaging::model::{Audience, GroupInfo, OutboxRow, OutboxStatus, Recipient};
use schoolbrug_messaging::ports::{OutboxQueue as _, SettingsStore as _};
use schoolbrug_messaging::{
    Forwarder, ForwarderSettings, Messaging, MessagingError, NewMessage, QuietHours, SettingsChange,
};

const BASE_URL: &str = "https://sint-jan.example";

/// A mail server double: answers from a script (then `Ok`), and keeps every mail it was
/// handed, accepted or not.
#[derive(Default)]
struct RecordingMailer {
    script: Mutex<VecDeque<Result<(), MailError>>>,
    always: Mutex<Option<MailError>>,
    handed: Mutex<Vec<OutgoingMail>>,
    accepted: Mutex<Vec<OutgoingMail>>,
}

impl RecordingMailer {
    fn answering(script: Vec<Result<(), MailError>>) -> Arc<Self> {
        Arc::new(Self {
            script: Mutex::new(script.into()),
            ..Self::default()
        })
    }

    fn always_failing(error: MailError) -> Arc<Self> {
        Arc::new(Self {
            always: Mutex::new(Some(error)),
            ..Self::default()
        })
    }

    fn handed(&self) -> Vec<OutgoingMail> {
        self.handed.lock().unwrap().clone()
    }

    fn accepted(&self) -> Vec<OutgoingMail> {
        self.accepted.lock().unwrap().clone()
    }
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        // Let other workers run in between, as a real server's round trip would.
        tokio::task::yield_now().await;
        self.handed.lock().unwrap().push(mail.clone());
        let answer = match self.always.lock().unwrap().clone() {
            Some(error) => Err(error),
            None => self.script.lock().unwrap().pop_front().unwrap_or(Ok(())),
        };
        if answer.is_ok() {
            self.accepted.lock().unwrap().push(mail.clone());
        }
        answer
    }
}

struct World {
    messaging: Messaging,
    store: Arc<InMemoryMessageStore>,
    directory: Arc<InMemoryDirectory>,
    audit: Arc<InMemoryAuditLog>,
    clock: Arc<FixedClock>,
    school: SchoolId,
    admin: Person,
    teacher: Person,
    /// Three parents of class 3A, each forwarding to a confirmed address of their own.
    parents: Vec<Person>,
    class: GroupId,
}

fn brussels(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Brussels
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Tuesday 1 September 2026, 10:00 in Brussels.
fn tuesday_morning() -> DateTime<Utc> {
    brussels(2026, 9, 1, 10, 0)
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

fn address(a: &Person) -> String {
    format!(
        "{}.{}@example.org",
        a.first_name.as_str().to_lowercase(),
        a.last_name.as_str().to_lowercase()
    )
}

fn full_name(a: &Person) -> String {
    format!("{} {}", a.first_name.as_str(), a.last_name.as_str())
}

async fn world() -> World {
    let directory = Arc::new(InMemoryDirectory::new());
    let audit = Arc::new(InMemoryAuditLog::new());
    let clock = Arc::new(FixedClock::at(tuesday_morning()));
    let store = Arc::new(InMemoryMessageStore::new(directory.clone()));
    let messaging = Messaging::new(store.clone(), clock.clone())
        .with_quiet_hours(store.clone())
        .with_audit_log(audit.clone());
    let school = SchoolId::new();
    directory.add_school(school, Brussels);
    let admin = Person::main(school, "beheerder", &[Role::Admin]);
    let teacher = Person::main(school, "mevrouw.claes", &[Role::Teacher]).named("Els", "Claes");
    let lotte = Person::main(school, "lotte", &[Role::Pupil]).named("Lotte", "Maes");
    let noah = Person::main(school, "noah", &[Role::Pupil]).named("Noah", "Wouters");
    for p in [&admin, &teacher, &lotte, &noah] {
        directory.add_person(p);
    }
    let parents = vec![
        Person::co(&lotte, "lotte.mama").named("Anna", "Maes"),
        Person::co(&lotte, "lotte.papa").named("Bart", "Janssens"),
        Person::co(&noah, "noah.mama").named("Chloe", "Wouters"),
    ];
    for p in &parents {
        directory.add_person(p);
    }
    let class = GroupInfo {
        id: GroupId::new(),
        name: "3A".into(),
    };
    directory.add_group(school, &class, &[lotte.id, noah.id]);
    for parent in &parents {
        let token = messaging
            .change_settings(
                &actor(parent),
                SettingsChange {
                    forward_email: Some(address(parent)),
                    forward_messages: true,
                    ..SettingsChange::default()
                },
            )
            .await
            .unwrap()
            .expect("a new address is confirmed first");
        messaging
            .confirm_forward_email(&actor(parent), token.expose())
            .await
            .unwrap();
    }
    World {
        messaging,
        store,
        directory,
        audit,
        clock,
        school,
        admin,
        teacher,
        parents,
        class: class.id,
    }
}

impl World {
    /// A forwarder over this world's store, with the whole backoff ceiling as jitter.
    fn forwarder(&self, mailer: Arc<dyn Mailer>) -> Forwarder {
        self.forwarder_with(mailer, ForwarderSettings::new(BASE_URL))
    }

    fn forwarder_with(&self, mailer: Arc<dyn Mailer>, settings: ForwarderSettings) -> Forwarder {
        let full: Arc<dyn Jitter> = Arc::new(|max: u64| max);
        Forwarder::new(
            self.store.clone(),
            self.store.clone(),
            mailer,
            self.clock.clone(),
            settings,
        )
        .with_jitter(full)
        .with_news(self.store.clone())
    }

    /// The teacher writes to the parents of 3A (blind copies).
    async fn to_parents(&self, subject: &str, urgent: bool) -> MessageId {
        self.messaging
            .send(
                &actor(&self.teacher),
                NewMessage {
                    subject: subject.into(),
                    body: "We vertrekken vrijdag om 8u30.\nBreng een lunchpakket mee.".into(),
                    to: vec![Recipient::Group(self.class, Audience::CoAccounts)],
                    urgent,
                    ..NewMessage::default()
                },
            )
            .await
            .unwrap()
            .id
    }

    /// The teacher writes to the second parent alone (a named recipient).
    async fn to_second_parent(&self) {
        self.messaging
            .send(
                &actor(&self.teacher),
                NewMessage {
                    subject: "Oudercontact".into(),
                    body: "Graag een afspraak.".into(),
                    to: vec![Recipient::Account(self.parents[1].id)],
                    ..NewMessage::default()
                },
            )
            .await
            .unwrap();
    }

    async fn rows(&self, status: OutboxStatus) -> Vec<OutboxRow> {
        self.store
            .outbox(self.school, status, &PageRequest::new(Some(200), None))
            .await
            .unwrap()
            .items
    }

    async fn set_evening_quiet_hours(&self, weekends: bool) {
        self.messaging
            .set_quiet_hours(
                &actor(&self.admin),
                Some(QuietHours {
                    start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
                    end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                    weekends,
                    free_days: true,
                }),
            )
            .await
            .unwrap();
    }
}

mod failures;
mod mails;
mod news;
mod quiet_hours;
mod workers;
