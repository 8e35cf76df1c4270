//! Forwarding by e-mail through the service and the forwarder, on the in-memory adapters
//! with a fixed clock and a recording mailer: what each mail holds (and hides), retries,
//! permanent failures, quiet hours, urgent messages, killed and concurrent workers.
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

#[tokio::test]
async fn each_forwarding_parent_gets_one_mail_with_the_subject_the_sender_and_a_link_and_nobody_elses_name_or_address()
 {
    let w = world().await;
    let id = w.to_parents("Uitstap naar Brugge", false).await;
    let mailer = RecordingMailer::answering(Vec::new());
    let report = w.forwarder(mailer.clone()).run_once().await.unwrap();
    assert_eq!((report.claimed, report.sent), (3, 3));

    let mails = mailer.accepted();
    assert_eq!(mails.len(), 3);
    let rows = w.rows(OutboxStatus::Sent).await;
    let link = format!("{BASE_URL}/messages/{id}");
    for parent in &w.parents {
        let mine: Vec<&OutgoingMail> = mails.iter().filter(|m| m.to == address(parent)).collect();
        assert_eq!(mine.len(), 1, "one mail for {}", full_name(parent));
        let mail = mine[0];
        let row = rows.iter().find(|r| r.recipient == parent.id).unwrap();
        assert_eq!(mail.message_id, format!("{}@schoolbrug", row.id));
        assert_eq!(mail.subject, "Uitstap naar Brugge");
        assert_eq!(mail.from_name, "Els Claes");
        assert_eq!(mail.school, w.school);
        for part in [&mail.text, &mail.html] {
            assert!(part.contains(&link), "the link to the message");
            assert!(part.contains("Breng een lunchpakket mee."));
            assert!(part.contains(&full_name(parent)), "its own recipient");
            assert!(part.contains("co-accounts van 3A"));
        }
        for other in w.parents.iter().filter(|o| o.id != parent.id) {
            let everything = format!(
                "{}\n{}\n{}\n{}\n{}\n{}",
                mail.to, mail.from_name, mail.subject, mail.text, mail.html, mail.message_id
            );
            assert!(!everything.contains(&address(other)));
            assert!(!everything.contains(&full_name(other)));
            assert!(!everything.contains(other.first_name.as_str()));
        }
    }
    assert!(
        w.forwarder(mailer.clone())
            .run_once()
            .await
            .unwrap()
            .is_idle()
    );
}

#[tokio::test]
async fn a_temporary_failure_is_retried_once_and_the_mail_is_sent_once() {
    let w = world().await;
    w.messaging
        .send(
            &actor(&w.teacher),
            NewMessage {
                subject: "Oudercontact".into(),
                body: "Graag een afspraak.".into(),
                to: vec![Recipient::Account(w.parents[0].id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    let mailer = RecordingMailer::answering(vec![Err(MailError::Temporary(
        "451 4.3.0 try again later".into(),
    ))]);
    let forwarder = w.forwarder(mailer.clone());

    let first = forwarder.run_once().await.unwrap();
    assert_eq!((first.claimed, first.retried, first.sent), (1, 1, 0));
    let waiting = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
    assert_eq!(
        waiting[0].last_error.as_deref(),
        Some("451 4.3.0 try again later")
    );
    assert_eq!(
        waiting[0].next_attempt_at,
        tuesday_morning() + Duration::seconds(30),
        "the first backoff ceiling, with all of it as jitter"
    );
    assert!(forwarder.run_once().await.unwrap().is_idle(), "not yet due");

    w.clock.advance(Duration::seconds(30));
    let second = forwarder.run_once().await.unwrap();
    assert_eq!(second.sent, 1);
    let handed = mailer.handed();
    assert_eq!(handed.len(), 2, "tried twice");
    assert_eq!(
        handed[0].message_id, handed[1].message_id,
        "a stable Message-ID"
    );
    assert_eq!(mailer.accepted().len(), 1, "sent once");
    let sent = w.rows(OutboxStatus::Sent).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].attempts, 2);
    assert_eq!(sent[0].last_error, None);
    w.clock.advance(Duration::days(1));
    assert!(forwarder.run_once().await.unwrap().is_idle());
}

#[tokio::test]
async fn a_permanent_failure_fails_the_row_with_the_servers_answer_and_is_never_retried() {
    let w = world().await;
    w.to_second_parent().await;
    let mailer = RecordingMailer::always_failing(MailError::Permanent(
        "550 5.1.1 mailbox unavailable".into(),
    ));
    let forwarder = w.forwarder(mailer.clone());
    let report = forwarder.run_once().await.unwrap();
    assert_eq!((report.failed, report.retried, report.sent), (1, 0, 0));
    let failed = w.rows(OutboxStatus::Failed).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].last_error.as_deref(),
        Some("550 5.1.1 mailbox unavailable")
    );
    assert_eq!(failed[0].attempts, 1);
    w.clock.advance(Duration::days(3));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    assert_eq!(mailer.handed().len(), 1, "never tried again");
}

#[tokio::test]
async fn sent_rows_leave_the_outbox_after_the_keeping_time_and_failed_ones_stay() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    let sent_by = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(sent_by);
    assert!(forwarder.run_once().await.unwrap().sent > 0);
    let sent = w.rows(OutboxStatus::Sent).await.len();
    // A mail that fails for good stays for the admins, however old.
    w.to_second_parent().await;
    let refused = RecordingMailer::always_failing(MailError::Permanent("550 no".into()));
    w.forwarder(refused).run_once().await.unwrap();
    assert_eq!(w.rows(OutboxStatus::Failed).await.len(), 1);

    w.clock.advance(Duration::days(29));
    assert_eq!(forwarder.purge_sent().await.unwrap(), 0, "kept 30 days");
    assert_eq!(w.rows(OutboxStatus::Sent).await.len(), sent);
    w.clock.advance(Duration::days(2));
    assert_eq!(forwarder.purge_sent().await.unwrap(), sent as u64);
    assert!(w.rows(OutboxStatus::Sent).await.is_empty());
    assert_eq!(w.rows(OutboxStatus::Failed).await.len(), 1);
}

#[tokio::test]
async fn temporary_failures_give_up_after_the_last_attempt_with_the_last_answer() {
    let w = world().await;
    w.messaging
        .send(
            &actor(&w.teacher),
            NewMessage {
                subject: "Oudercontact".into(),
                body: "Graag een afspraak.".into(),
                to: vec![Recipient::Account(w.parents[2].id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    let mailer = RecordingMailer::always_failing(MailError::Temporary("421 busy".into()));
    let settings = ForwarderSettings {
        max_attempts: 3,
        ..ForwarderSettings::new(BASE_URL)
    };
    let forwarder = w.forwarder_with(mailer.clone(), settings);
    let mut waits = Vec::new();
    for _ in 0..3 {
        let before = w.clock.now();
        forwarder.run_once().await.unwrap();
        if let Some(row) = w.rows(OutboxStatus::Waiting).await.first() {
            waits.push(row.next_attempt_at - before);
            w.clock.set(row.next_attempt_at);
        }
    }
    assert_eq!(waits, vec![Duration::seconds(30), Duration::seconds(60)]);
    let failed = w.rows(OutboxStatus::Failed).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 3);
    assert_eq!(
        failed[0].last_error.as_deref(),
        Some("421 busy (gave up after 3 attempts)")
    );
    assert_eq!(mailer.handed().len(), 3);
}

#[tokio::test]
async fn a_message_at_nine_on_a_tuesday_evening_waits_until_seven_on_wednesday() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock.set(brussels(2026, 9, 1, 21, 0));
    w.to_parents("Morgen geen zwemles", false).await;
    let waiting = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(waiting.len(), 3);
    for row in &waiting {
        assert_eq!(row.next_attempt_at, brussels(2026, 9, 2, 7, 0));
    }
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());

    w.clock.set(brussels(2026, 9, 1, 21, 5));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    w.clock.set(brussels(2026, 9, 2, 6, 59));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    assert!(mailer.handed().is_empty(), "nothing in quiet hours");

    w.clock.set(brussels(2026, 9, 2, 7, 0));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 3);
    assert_eq!(mailer.accepted().len(), 3);
}

#[tokio::test]
async fn a_message_on_a_friday_evening_waits_until_monday_seven_when_weekends_are_quiet() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock.set(brussels(2026, 9, 4, 21, 0));
    w.to_parents("Maandag sportdag", false).await;
    for row in w.rows(OutboxStatus::Waiting).await {
        assert_eq!(row.next_attempt_at, brussels(2026, 9, 7, 7, 0));
    }
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    w.clock.set(brussels(2026, 9, 5, 10, 0));
    assert!(
        forwarder.run_once().await.unwrap().is_idle(),
        "Saturday is quiet"
    );
    w.clock.set(brussels(2026, 9, 7, 7, 0));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 3);
}

#[tokio::test]
async fn an_urgent_message_is_forwarded_at_once_in_quiet_hours_and_recorded_in_the_audit_log() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock.set(brussels(2026, 9, 1, 21, 0));
    w.to_parents("Gewone mededeling", false).await;
    let urgent = w.to_parents("School morgen gesloten", true).await;
    let mailer = RecordingMailer::answering(Vec::new());
    let report = w.forwarder(mailer.clone()).run_once().await.unwrap();
    assert_eq!(report.sent, 3, "only the urgent message goes now");
    assert!(
        mailer
            .accepted()
            .iter()
            .all(|m| m.subject == "School morgen gesloten")
    );
    assert!(mailer.accepted()[0].text.contains("Dringend bericht."));
    let events = w
        .audit
        .events(w.school, None, &PageRequest::first())
        .await
        .unwrap()
        .items;
    let urgent_events: Vec<_> = events
        .iter()
        .filter(|e| e.kind == URGENT_MESSAGE_SENT)
        .collect();
    assert_eq!(urgent_events.len(), 1, "the urgent message only: {urgent}");
    assert_eq!(urgent_events[0].account, Some(w.teacher.id));
    assert_eq!(urgent_events[0].actor, Some(w.teacher.id));
    assert_eq!(urgent_events[0].at, brussels(2026, 9, 1, 21, 0));
    assert_eq!(URGENT_MESSAGE_SENT.as_str(), "urgent_message_sent");
}

#[tokio::test]
async fn a_worker_killed_after_its_claim_loses_nothing_and_the_row_is_sent_once_after_the_lease() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    let lease = ForwarderSettings::DEFAULT_LEASE;
    // A worker claims the rows, then dies before sending or recording anything.
    let held = w.store.claim_due(w.clock.now(), 50, lease).await.unwrap();
    assert_eq!(held.len(), 3);

    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    w.clock.advance(lease - Duration::seconds(1));
    assert!(forwarder.run_once().await.unwrap().is_idle(), "still held");
    w.clock.advance(Duration::seconds(1));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 3);
    w.clock.advance(lease * 2);
    assert!(forwarder.run_once().await.unwrap().is_idle());
    let mut ids: Vec<String> = mailer.handed().into_iter().map(|m| m.message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert_eq!(mailer.handed().len(), 3, "each sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_forwarders_on_one_store_send_every_row_exactly_once() {
    let w = world().await;
    for i in 0..20 {
        w.to_parents(&format!("Bericht {i}"), false).await;
    }
    let mailer = RecordingMailer::answering(Vec::new());
    let settings = ForwarderSettings {
        batch_size: 7,
        ..ForwarderSettings::new(BASE_URL)
    };
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let forwarder = w.forwarder_with(mailer.clone(), settings.clone());
            tokio::spawn(async move {
                let mut sent = 0;
                loop {
                    let report = forwarder.run_once().await.unwrap();
                    if report.is_idle() {
                        return sent;
                    }
                    sent += report.sent;
                }
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }
    assert_eq!(total, 60);
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for mail in mailer.handed() {
        *per_id.entry(mail.message_id).or_default() += 1;
    }
    assert_eq!(per_id.len(), 60);
    assert!(per_id.values().all(|&n| n == 1), "no row sent twice");
    assert_eq!(w.rows(OutboxStatus::Sent).await.len(), 60);
    assert!(w.rows(OutboxStatus::Waiting).await.is_empty());
}

#[tokio::test]
async fn a_row_whose_copy_is_gone_fails_as_recipient_erased_without_a_mail() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    // A reader in which no copy exists any more (account erased, copy deleted).
    let empty = Arc::new(InMemoryMessageStore::new(w.directory.clone()));
    let mailer = RecordingMailer::answering(Vec::new());
    let full: Arc<dyn Jitter> = Arc::new(|max: u64| max);
    let forwarder = Forwarder::new(
        w.store.clone(),
        empty,
        mailer.clone(),
        w.clock.clone(),
        ForwarderSettings::new(BASE_URL),
    )
    .with_jitter(full);
    assert_eq!(forwarder.run_once().await.unwrap().failed, 3);
    assert!(mailer.handed().is_empty());
    for row in w.rows(OutboxStatus::Failed).await {
        assert_eq!(row.last_error.as_deref(), Some("recipient erased"));
    }
}

#[tokio::test]
async fn a_stopping_worker_releases_the_rows_it_has_not_sent() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    let report = forwarder
        .run_once_or_stop(&AtomicBool::new(true))
        .await
        .unwrap();
    assert_eq!((report.claimed, report.released, report.sent), (3, 3, 0));
    assert!(mailer.handed().is_empty());
    assert_eq!(
        forwarder.run_once().await.unwrap().sent,
        3,
        "claimable at once, no lease to wait for"
    );
}

#[tokio::test]
async fn a_retry_that_would_fall_in_quiet_hours_waits_until_they_end() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock
        .set(brussels(2026, 9, 1, 19, 59) + Duration::seconds(50));
    w.messaging
        .send(
            &actor(&w.teacher),
            NewMessage {
                subject: "Oudercontact".into(),
                body: "Graag een afspraak.".into(),
                to: vec![Recipient::Account(w.parents[0].id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    let mailer = RecordingMailer::answering(vec![Err(MailError::Temporary("451 later".into()))]);
    let forwarder = w
        .forwarder(mailer.clone())
        .with_quiet_hours(w.store.clone(), w.store.clone());
    assert_eq!(forwarder.run_once().await.unwrap().retried, 1);
    let waiting = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(waiting[0].next_attempt_at, brussels(2026, 9, 2, 7, 0));
}

#[tokio::test]
async fn only_admins_read_and_set_quiet_hours_and_a_window_needs_a_length_in_whole_minutes() {
    let w = world().await;
    let evenings = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        weekends: true,
        free_days: true,
    };
    for someone in [&w.teacher, &w.parents[0]] {
        assert!(matches!(
            w.messaging.quiet_hours(&actor(someone)).await,
            Err(MessagingError::NotFound)
        ));
        assert!(matches!(
            w.messaging
                .set_quiet_hours(&actor(someone), Some(evenings))
                .await,
            Err(MessagingError::NotFound)
        ));
    }
    let admin = actor(&w.admin);
    assert_eq!(w.messaging.quiet_hours(&admin).await.unwrap(), None);
    w.messaging
        .set_quiet_hours(&admin, Some(evenings))
        .await
        .unwrap();
    assert_eq!(
        w.messaging.quiet_hours(&admin).await.unwrap(),
        Some(evenings)
    );
    let empty = QuietHours {
        end: evenings.start,
        ..evenings
    };
    let seconds = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 30).unwrap(),
        ..evenings
    };
    for (bad, field, code) in [
        (empty, "end", "same_as_start"),
        (seconds, "start", "not_whole_minute"),
    ] {
        match w.messaging.set_quiet_hours(&admin, Some(bad)).await {
            Err(MessagingError::Invalid(errors)) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(
                    (errors[0].field.as_str(), errors[0].code.as_str()),
                    (field, code)
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    w.messaging.set_quiet_hours(&admin, None).await.unwrap();
    assert_eq!(w.messaging.quiet_hours(&admin).await.unwrap(), None);
}
