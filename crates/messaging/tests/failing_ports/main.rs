//! What the use cases do when a port fails half way, with mockall doubles (`mock` feature)
//! standing in for the one port that fails and the in-memory adapters for the rest: the
//! caller sees the precise error, and nothing after the failing step happens (no delivery,
//! no outbox signal, no receipt, no mail, no outcome recorded as if it had gone well).
//! The in-memory adapters cannot fail on cue; the contract suites show that each adapter
//! is atomic, these tests that the services stop at the first failure, or (a misdirected
//! report) order their writes so that a retry finishes the job.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod doubles;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use chrono_tz::Europe::Brussels;
use schoolbrug_kernel::audit::MockAuditLog;
use schoolbrug_kernel::mail::MockMailer;
use schoolbrug_kernel::{Actor, ActorKind, FixedClock, GroupId, PageRequest, Role, SchoolId};
use schoolbrug_messaging::mailer::{MailError, MockOutboxSignal};
use schoolbrug_messaging::memory::{InMemoryDirectory, InMemoryMessageStore, Person};
use schoolbrug_messaging::model::{
    Audience, Folder, GroupInfo, OutboxRow, OutboxStatus, Recipient, Summary,
};
use schoolbrug_messaging::ports::{
    MessageReader, MockMessageStore, MockOutboxQueue, OutboxQueue as _, SettingsStore as _,
    StoreError,
};
use schoolbrug_messaging::{
    Forwarder, ForwarderSettings, Messaging, MessagingError, NewMessage, SettingsChange,
};

use doubles::{MockedWrites, UnreadableCopies, down};

/// A school with a teacher, the pupils of 3A, and their parents, each forwarding to a
/// confirmed address, all in memory.
struct World {
    memory: Arc<InMemoryMessageStore>,
    clock: Arc<FixedClock>,
    school: SchoolId,
    teacher: Person,
    parents: Vec<Person>,
    class: GroupId,
}

/// Tuesday 1 September 2026, 10:00 in Brussels.
fn tuesday_morning() -> DateTime<Utc> {
    Brussels
        .with_ymd_and_hms(2026, 9, 1, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn actor(person: &Person) -> Actor {
    Actor {
        school: person.school,
        account: person.id,
        kind: match person.pupil() {
            Some(pupil) => ActorKind::Co { pupil },
            None => ActorKind::Main {
                roles: person.roles().to_vec(),
            },
        },
    }
}

fn is_down(result: &MessagingError) -> bool {
    matches!(result, MessagingError::Unavailable(m) if m == "connection reset")
}

async fn world() -> World {
    let directory = Arc::new(InMemoryDirectory::new());
    let memory = Arc::new(InMemoryMessageStore::new(directory.clone()));
    let clock = Arc::new(FixedClock::at(tuesday_morning()));
    let school = SchoolId::new();
    directory.add_school(school, Brussels);
    let teacher = Person::main(school, "mevrouw.claes", &[Role::Teacher]).named("Els", "Claes");
    let lotte = Person::main(school, "lotte", &[Role::Pupil]).named("Lotte", "Maes");
    let noah = Person::main(school, "noah", &[Role::Pupil]).named("Noah", "Wouters");
    for p in [&teacher, &lotte, &noah] {
        directory.add_person(p);
    }
    let parents = vec![
        Person::co(&lotte, "lotte.mama").named("Anna", "Maes"),
        Person::co(&noah, "noah.papa").named("Bart", "Wouters"),
    ];
    let messaging = Messaging::new(memory.clone(), clock.clone());
    for parent in &parents {
        directory.add_person(parent);
        let token = messaging
            .change_settings(
                &actor(parent),
                SettingsChange {
                    forward_email: Some(format!("{}@example.org", parent.id)),
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
    let class = GroupInfo {
        id: GroupId::new(),
        name: "3A".into(),
    };
    directory.add_group(school, &class, &[lotte.id, noah.id]);
    World {
        memory,
        clock,
        school,
        teacher,
        parents,
        class: class.id,
    }
}

impl World {
    /// The service over memory, with its writes handed to `writes`.
    fn messaging_with(&self, writes: MockMessageStore) -> Messaging {
        let store = Arc::new(MockedWrites {
            memory: self.memory.clone(),
            writes,
        });
        Messaging::new(store, self.clock.clone())
    }

    /// The service over memory alone.
    fn messaging(&self) -> Messaging {
        Messaging::new(self.memory.clone(), self.clock.clone())
    }

    fn to_parents(&self, urgent: bool) -> NewMessage {
        NewMessage {
            subject: "Uitstap naar Brugge".into(),
            body: "We vertrekken vrijdag om 8u30.".into(),
            to: vec![Recipient::Group(self.class, Audience::CoAccounts)],
            urgent,
            ..NewMessage::default()
        }
    }

    async fn folder(&self, who: &Person, folder: Folder) -> Vec<Summary> {
        self.memory
            .folder(self.school, who.id, folder, None, &PageRequest::first())
            .await
            .unwrap()
            .items
    }

    async fn outbox(&self, status: OutboxStatus) -> Vec<OutboxRow> {
        self.memory
            .outbox(self.school, status, &PageRequest::first())
            .await
            .unwrap()
            .items
    }

    /// Nothing of any message reached anybody: no sent item, no inbox copy, no forward.
    async fn assert_nothing_delivered(&self) {
        assert!(self.folder(&self.teacher, Folder::Sent).await.is_empty());
        for parent in &self.parents {
            assert!(self.folder(parent, Folder::Inbox).await.is_empty());
        }
        assert!(self.outbox(OutboxStatus::Waiting).await.is_empty());
    }

    fn forwarder(
        &self,
        queue: Arc<dyn schoolbrug_messaging::ports::OutboxQueue>,
        reader: Arc<dyn MessageReader>,
        mailer: MockMailer,
    ) -> Forwarder {
        Forwarder::new(
            queue,
            reader,
            Arc::new(mailer),
            self.clock.clone(),
            ForwarderSettings::new("https://sint-jan.example"),
        )
        .with_jitter(Arc::new(|max: u64| max))
    }
}

#[tokio::test]
async fn a_delivery_the_store_refuses_is_unavailable_to_the_sender_and_raises_no_outbox_signal() {
    let w = world().await;
    let mut writes = MockMessageStore::new();
    // The delivery the store is handed holds the two forwards, due at once (no quiet
    // hours): had it been committed, the worker would have been told.
    writes
        .expect_deliver()
        .withf(|d| d.copies().len() == 2 && d.outbox().len() == 2)
        .times(1)
        .returning(|_| Err(down()));
    writes.expect_mark_replied().never();
    let mut signal = MockOutboxSignal::new();
    signal.expect_rows_due().never();
    let messaging = w
        .messaging_with(writes)
        .with_outbox_signal(Arc::new(signal));

    let refused = messaging
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    w.assert_nothing_delivered().await;
}

#[tokio::test]
async fn a_delivery_that_commits_raises_the_outbox_signal_once() {
    // The counterpart of the test above: the same message, the store accepting it.
    let w = world().await;
    let mut signal = MockOutboxSignal::new();
    signal.expect_rows_due().times(1).return_const(());
    let messaging = w.messaging().with_outbox_signal(Arc::new(signal));

    let sent = messaging
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap();

    assert_eq!(sent.recipients, 2);
    assert_eq!(w.outbox(OutboxStatus::Waiting).await.len(), 2);
}

#[tokio::test]
async fn an_urgent_message_whose_audit_record_fails_is_not_sent() {
    let w = world().await;
    let mut audit = MockAuditLog::new();
    audit
        .expect_record()
        .withf(|event| event.kind == schoolbrug_messaging::audit::URGENT_MESSAGE_SENT)
        .times(1)
        .returning(|_| Err(down()));
    let mut writes = MockMessageStore::new();
    writes.expect_deliver().never();
    let mut signal = MockOutboxSignal::new();
    signal.expect_rows_due().never();
    let messaging = w
        .messaging_with(writes)
        .with_audit_log(Arc::new(audit))
        .with_outbox_signal(Arc::new(signal));

    let refused = messaging
        .send(&actor(&w.teacher), w.to_parents(true))
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    w.assert_nothing_delivered().await;
}

#[tokio::test]
async fn a_reply_the_store_refuses_leaves_the_original_unanswered() {
    let w = world().await;
    let original = w
        .messaging()
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap()
        .id;
    let parent = &w.parents[0];
    let mut writes = MockMessageStore::new();
    writes.expect_deliver().times(1).returning(|_| Err(down()));
    writes.expect_mark_replied().never();

    let refused = w
        .messaging_with(writes)
        .send(
            &actor(parent),
            NewMessage {
                subject: "Re: Uitstap naar Brugge".into(),
                body: "Lotte komt mee.".into(),
                in_reply_to: Some(original),
                ..NewMessage::default()
            },
        )
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    let copy = w
        .memory
        .received(w.school, parent.id, original)
        .await
        .unwrap()
        .unwrap()
        .copy;
    assert_eq!(copy.replied_at, None);
    assert_eq!(w.folder(&w.teacher, Folder::Inbox).await.len(), 0);
}

#[tokio::test]
async fn a_mail_the_server_refuses_for_now_stays_waiting_for_a_later_attempt() {
    let w = world().await;
    w.messaging()
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap();
    let mut mailer = MockMailer::new();
    mailer
        .expect_send()
        .times(2)
        .returning(|_| Err(MailError::Temporary("421 try again later".into())));

    let report = w
        .forwarder(w.memory.clone(), w.memory.clone(), mailer)
        .run_once()
        .await
        .unwrap();

    assert_eq!((report.claimed, report.retried, report.sent), (2, 2, 0));
    assert!(w.outbox(OutboxStatus::Sent).await.is_empty());
    let waiting = w.outbox(OutboxStatus::Waiting).await;
    assert_eq!(waiting.len(), 2);
    for row in waiting {
        assert_eq!(row.attempts, 1);
        assert_eq!(row.last_error.as_deref(), Some("421 try again later"));
        assert!(row.next_attempt_at > tuesday_morning());
    }
}

#[tokio::test]
async fn a_claim_the_store_refuses_sends_no_mail() {
    let w = world().await;
    let mut queue = MockOutboxQueue::new();
    queue
        .expect_claim_due()
        .times(1)
        .returning(|_, _, _| Err(down()));
    let mut mailer = MockMailer::new();
    mailer.expect_send().never();

    let refused = w
        .forwarder(Arc::new(queue), w.memory.clone(), mailer)
        .run_once()
        .await
        .unwrap_err();

    assert!(matches!(refused, StoreError::Unavailable(ref m) if m == "connection reset"));
}

#[tokio::test]
async fn a_copy_that_cannot_be_read_is_given_back_unsent_and_without_an_attempt() {
    let w = world().await;
    w.messaging()
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap();
    let reader = Arc::new(UnreadableCopies::default());
    let mut mailer = MockMailer::new();
    mailer.expect_send().never();

    let report = w
        .forwarder(w.memory.clone(), reader.clone(), mailer)
        .run_once()
        .await
        .unwrap();

    assert_eq!(reader.tries.load(Ordering::SeqCst), 2);
    assert_eq!((report.claimed, report.released, report.sent), (2, 2, 0));
    let waiting = w.outbox(OutboxStatus::Waiting).await;
    assert!(waiting.iter().all(|row| row.attempts == 0));
    // Released, not leased: claimable again at once.
    let again = w
        .memory
        .claim_due(tuesday_morning(), 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(again.len(), 2);
}

#[tokio::test]
async fn a_sent_mail_whose_outcome_cannot_be_recorded_is_not_counted_as_sent() {
    let w = world().await;
    w.messaging()
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap();
    let rows = w.outbox(OutboxStatus::Waiting).await;
    let mut queue = MockOutboxQueue::new();
    queue
        .expect_claim_due()
        .times(1)
        .returning(move |_, _, _| Ok(rows.clone()));
    queue
        .expect_record_sent()
        .times(2)
        .returning(|_, _, _| Err(down()));
    queue.expect_record_retry().never();
    queue.expect_record_failed().never();
    let mut mailer = MockMailer::new();
    mailer.expect_send().times(2).returning(|_| Ok(()));

    let report = w
        .forwarder(Arc::new(queue), w.memory.clone(), mailer)
        .run_once()
        .await
        .unwrap();

    assert_eq!((report.claimed, report.sent, report.unrecorded), (2, 0, 2));
    // The rows wait for their lease to run out in the store, not marked sent.
    assert!(w.outbox(OutboxStatus::Sent).await.is_empty());
    assert_eq!(w.outbox(OutboxStatus::Waiting).await.len(), 2);
}

#[tokio::test]
async fn an_erasure_the_store_refuses_is_reported_to_the_accounts_module() {
    let w = world().await;
    let mut writes = MockMessageStore::new();
    let parent = w.parents[0].id;
    writes
        .expect_erase_account()
        .withf(move |_, account| *account == parent)
        .times(1)
        .returning(|_, _| Err(down()));

    let refused = w
        .messaging_with(writes)
        .erasure_hook()
        .erase_account_data(w.school, parent)
        .await
        .unwrap_err();

    assert!(matches!(refused, StoreError::Unavailable(ref m) if m == "connection reset"));
}

#[tokio::test]
async fn a_misdirected_report_whose_notice_cannot_be_delivered_tells_the_sender_on_the_retry() {
    let w = world().await;
    let original = w
        .messaging()
        .send(&actor(&w.teacher), w.to_parents(false))
        .await
        .unwrap()
        .id;
    let marked = Arc::new(AtomicBool::new(false));
    let deliveries = Arc::new(AtomicUsize::new(0));
    let mut writes = MockMessageStore::new();
    writes
        .expect_mark_misdirected()
        .returning(move |_, _, _, _| Ok(!marked.swap(true, Ordering::SeqCst)));
    // The notice to the teacher: refused the first time, accepted the second.
    writes.expect_deliver().times(2).returning(move |_| {
        match deliveries.fetch_add(1, Ordering::SeqCst) {
            0 => Err(down()),
            _ => Ok(()),
        }
    });
    let messaging = w.messaging_with(writes);
    let parent = actor(&w.parents[0]);

    let first = messaging
        .report_misdirected(&parent, original)
        .await
        .unwrap_err();
    assert!(is_down(&first), "{first:?}");
    messaging
        .report_misdirected(&parent, original)
        .await
        .unwrap();
}
