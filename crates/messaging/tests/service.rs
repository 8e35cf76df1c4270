//! The messaging rules through the service, on the in-memory adapters with a fixed clock:
//! privacy attacks, receipts, the 48-hour rules, atomicity, bad input.
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
    let messaging = Messaging::new(store.clone(), clock.clone());
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

#[tokio::test]
async fn a_message_to_the_co_accounts_of_a_class_reaches_every_parent_once_and_no_pupil() {
    let w = world().await;
    let sent = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![
                Recipient::Group(w.class, Audience::CoAccounts),
                Recipient::CoAccountsOf(w.lotte.id),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(sent.recipients, 3);
    for parent in [&w.lotte_mama, &w.lotte_papa, &w.noah_mama] {
        assert_eq!(w.inbox(parent).await, vec![sent.id]);
    }
    for pupil in [&w.lotte, &w.noah] {
        assert!(w.inbox(pupil).await.is_empty());
    }
}

#[tokio::test]
async fn a_co_account_cannot_open_its_pupils_message() {
    let w = world().await;
    let to_pupil = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![Recipient::Account(w.lotte.id)]),
        )
        .await
        .unwrap()
        .id;
    assert!(w.inbox(&w.lotte_mama).await.is_empty());
    let err = w
        .messaging
        .open(&actor(&w.lotte_mama), to_pupil)
        .await
        .unwrap_err();
    assert!(matches!(err, MessagingError::NotFound));
}

#[tokio::test]
async fn a_pupil_cannot_open_a_message_to_its_co_accounts() {
    let w = world().await;
    let to_parents = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![Recipient::CoAccountsOf(w.lotte.id)]),
        )
        .await
        .unwrap()
        .id;
    assert!(w.inbox(&w.lotte).await.is_empty());
    assert!(matches!(
        w.messaging.open(&actor(&w.lotte), to_parents).await,
        Err(MessagingError::NotFound)
    ));
}

#[tokio::test]
async fn a_blind_copy_sees_only_the_sender_the_group_and_itself() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let MessageView::Received(received) =
        w.messaging.open(&actor(&w.lotte_mama), id).await.unwrap()
    else {
        panic!("a recipient sees a received message");
    };
    let (named, groups) = received.visible_recipients();
    assert_eq!(
        named.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![w.lotte_mama.id]
    );
    assert_eq!(
        groups,
        vec![GroupLabel::Group {
            name: "3A".into(),
            audience: Audience::CoAccounts
        }]
    );
    assert_eq!(received.message.sender_name.as_deref(), Some("Els Claes"));
    // No other recipient's id is reachable from what the recipient gets.
    let debug = format!("{received:?}");
    for other in [&w.noah_mama, &w.lotte_papa] {
        assert!(!debug.contains(&other.id.to_string()), "{other:?} leaked");
    }
}

#[tokio::test]
async fn recipients_named_one_by_one_see_each_other() {
    let w = world().await;
    let id = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![
                Recipient::Account(w.lotte_mama.id),
                Recipient::Account(w.noah_mama.id),
            ]),
        )
        .await
        .unwrap()
        .id;
    let MessageView::Received(received) = w.messaging.open(&actor(&w.noah_mama), id).await.unwrap()
    else {
        panic!()
    };
    let (named, _) = received.visible_recipients();
    assert_eq!(named.len(), 2);
}

#[tokio::test]
async fn only_the_sender_reads_the_receipts() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    for intruder in [&w.lotte_mama, &w.admin, &w.lotte] {
        let err = w
            .messaging
            .receipts(&actor(intruder), id, &PageRequest::first())
            .await
            .unwrap_err();
        assert!(matches!(err, MessagingError::NotFound), "{intruder:?}");
        let err = w
            .messaging
            .receipt_counts(&actor(intruder), id)
            .await
            .unwrap_err();
        assert!(matches!(err, MessagingError::NotFound), "{intruder:?}");
    }
    assert_eq!(
        w.messaging
            .receipts(&actor(&w.teacher), id, &PageRequest::first())
            .await
            .unwrap()
            .items
            .len(),
        3
    );
    let counts = w
        .messaging
        .receipt_counts(&actor(&w.teacher), id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (3, 0));
}

#[tokio::test]
async fn receipts_come_in_pages_and_refuse_a_foreign_cursor() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let teacher = actor(&w.teacher);
    let mut seen = Vec::new();
    let mut page = PageRequest::new(Some(2), None);
    loop {
        let got = w.messaging.receipts(&teacher, id, &page).await.unwrap();
        assert!(got.items.len() <= 2);
        seen.extend(got.items.iter().map(|r| r.recipient));
        match got.next {
            Some(next) => page = PageRequest::new(Some(2), Some(Cursor::parse(&next).unwrap())),
            None => break,
        }
    }
    let all = w
        .messaging
        .receipts(&teacher, id, &PageRequest::first())
        .await
        .unwrap()
        .items;
    assert_eq!(seen, all.iter().map(|r| r.recipient).collect::<Vec<_>>());
    assert_eq!(seen.len(), 3);
    // A cursor of another list (a folder's message id) is refused, not misread.
    let foreign = PageRequest::new(None, Some(Cursor::after_key(&id.to_string())));
    let err = w
        .messaging
        .receipts(&teacher, id, &foreign)
        .await
        .unwrap_err();
    assert!(matches!(err, MessagingError::Invalid(_)), "{err:?}");
}

#[tokio::test]
async fn a_read_receipt_is_set_once_and_only_by_the_recipient() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    // The sender opening it, and listings, set nothing.
    w.messaging.open(&actor(&w.teacher), id).await.unwrap();
    w.messaging
        .list(
            &actor(&w.noah_mama),
            Folder::Inbox,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    let receipts = w
        .messaging
        .receipts(&actor(&w.teacher), id, &PageRequest::first())
        .await
        .unwrap()
        .items;
    assert!(receipts.iter().all(|r| r.read_at.is_none()));
    let first = brussels(2026, 9, 1, 12, 0);
    w.clock.set(first);
    w.messaging.open(&actor(&w.noah_mama), id).await.unwrap();
    w.clock.advance(Duration::hours(3));
    w.messaging.open(&actor(&w.noah_mama), id).await.unwrap();
    let receipts = w
        .messaging
        .receipts(&actor(&w.teacher), id, &PageRequest::first())
        .await
        .unwrap()
        .items;
    let noah = receipts
        .iter()
        .find(|r| r.recipient == w.noah_mama.id)
        .unwrap();
    assert_eq!(noah.read_at, Some(first));
    assert_eq!(receipts.iter().filter(|r| r.read_at.is_some()).count(), 1);
}

#[tokio::test]
async fn another_schools_account_is_refused_and_nothing_is_delivered() {
    let w = world().await;
    let err = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![
                Recipient::Account(w.lotte_mama.id),
                Recipient::Account(w.other_school_parent.id),
            ]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("to[1]".to_owned(), "unknown_recipient".to_owned())]
    );
    assert!(w.inbox(&w.lotte_mama).await.is_empty());
    assert!(w.inbox(&w.other_school_parent).await.is_empty());
    let sent = w
        .messaging
        .list(
            &actor(&w.teacher),
            Folder::Sent,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert!(sent.items.is_empty());
}

#[tokio::test]
async fn an_erased_recipient_has_no_inbox_and_an_erased_sender_shows_as_deleted() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let from_parent = w
        .messaging
        .send(
            &actor(&w.lotte_mama),
            NewMessage {
                subject: "Ziek".into(),
                body: "Lotte is ziek vandaag.".into(),
                to: vec![Recipient::Account(w.teacher.id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap()
        .id;
    let hook = w.messaging.erasure_hook();
    hook.erase_account_data(w.lotte_mama.school, w.lotte_mama.id)
        .await
        .unwrap();

    assert!(matches!(
        w.messaging.open(&actor(&w.lotte_mama), id).await,
        Err(MessagingError::NotFound)
    ));
    assert_eq!(w.inbox(&w.noah_mama).await, vec![id]);
    let MessageView::Received(kept) = w
        .messaging
        .open(&actor(&w.teacher), from_parent)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(kept.message.sender, None);
    assert_eq!(kept.message.sender_name, None);
}

#[tokio::test]
async fn parents_and_pupils_write_to_staff_only() {
    let w = world().await;
    let err = w
        .messaging
        .send(
            &actor(&w.lotte_mama),
            message(vec![Recipient::Account(w.noah_mama.id)]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("to[0]".to_owned(), "not_allowed".to_owned())]
    );
    let err = w
        .messaging
        .send(
            &actor(&w.lotte),
            message(vec![Recipient::Group(w.class, Audience::Pupils)]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("to[0]".to_owned(), "not_allowed".to_owned())]
    );
    w.messaging
        .send(
            &actor(&w.lotte_mama),
            message(vec![Recipient::Account(w.teacher.id)]),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_reply_goes_to_the_sender_and_leaves_awaiting_reply() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let awaiting = w
        .messaging
        .list(
            &actor(&w.noah_mama),
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(awaiting.items.len(), 1);
    let reply = w
        .messaging
        .send(
            &actor(&w.noah_mama),
            NewMessage {
                subject: "Re: Uitstap naar Brugge".into(),
                body: "Noah gaat mee.".into(),
                in_reply_to: Some(id),
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(w.inbox(&w.teacher).await, vec![reply.id]);
    let awaiting = w
        .messaging
        .list(
            &actor(&w.noah_mama),
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert!(awaiting.items.is_empty());
}

async fn reply_due(w: &World, sent_at: DateTime<Utc>) -> DateTime<Utc> {
    w.clock.set(sent_at);
    let id = w.to_parents_of_3a().await;
    let MessageView::Received(r) = w.messaging.open(&actor(&w.noah_mama), id).await.unwrap() else {
        panic!()
    };
    r.copy.reply_due_at.unwrap()
}

#[tokio::test]
async fn a_reply_asked_on_friday_afternoon_is_due_on_tuesday() {
    let w = world().await;
    assert_eq!(
        reply_due(&w, brussels(2026, 9, 4, 15, 0)).await,
        brussels(2026, 9, 8, 15, 0)
    );
}

#[tokio::test]
async fn a_message_on_saturday_counts_from_monday_morning() {
    let w = world().await;
    assert_eq!(
        reply_due(&w, brussels(2026, 9, 5, 11, 0)).await,
        brussels(2026, 9, 9, 0, 0)
    );
}

#[tokio::test]
async fn a_free_monday_pushes_the_reply_to_wednesday() {
    let w = world().await;
    let monday = NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    w.messaging
        .replace_free_days(
            &actor(&w.admin),
            vec![FreeDayPeriod {
                from: monday,
                to: monday,
                name: "Studiedag".into(),
            }],
        )
        .await
        .unwrap();
    assert_eq!(
        reply_due(&w, brussels(2026, 9, 4, 15, 0)).await,
        brussels(2026, 9, 9, 15, 0)
    );
}

#[tokio::test]
async fn summer_time_ending_on_a_sunday_does_not_shift_the_due_time() {
    let w = world().await;
    // The clocks go back on Sunday 25 October 2026.
    assert_eq!(
        reply_due(&w, brussels(2026, 10, 23, 15, 0)).await,
        brussels(2026, 10, 27, 15, 0)
    );
}

#[tokio::test]
async fn a_deadline_under_48_school_hours_away_needs_acknowledging() {
    let w = world().await;
    w.clock.set(brussels(2026, 9, 3, 9, 0)); // Thursday
    let mut new = message(vec![Recipient::Group(w.class, Audience::CoAccounts)]);
    new.action_deadline = Some(brussels(2026, 9, 7, 8, 0)); // Monday: 39 school hours
    let err = w
        .messaging
        .send(&actor(&w.teacher), new.clone())
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("action_deadline".to_owned(), "short_notice".to_owned())]
    );
    new.acknowledge_short_notice = true;
    w.messaging
        .send(&actor(&w.teacher), new.clone())
        .await
        .unwrap();
    new.action_deadline = Some(brussels(2026, 9, 7, 10, 0)); // 49 school hours: fine
    new.acknowledge_short_notice = false;
    w.messaging.send(&actor(&w.teacher), new).await.unwrap();
}

#[tokio::test]
async fn a_delivery_that_fails_half_way_leaves_nothing() {
    let w = world().await;
    w.store.fail_next_delivery();
    let err = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![Recipient::Group(w.class, Audience::Both)]),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, MessagingError::Unavailable(_)));
    for a in [
        &w.lotte,
        &w.noah,
        &w.lotte_mama,
        &w.lotte_papa,
        &w.noah_mama,
    ] {
        assert!(w.inbox(a).await.is_empty());
    }
    assert!(
        w.messaging
            .list(
                &actor(&w.teacher),
                Folder::Sent,
                None,
                &PageRequest::first()
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field() {
    let w = world().await;
    let mut new = message(vec![]);
    new.subject = "   ".into();
    new.body = "x".repeat(100 * 1024 + 1);
    let fields = invalid_fields(w.messaging.send(&actor(&w.teacher), new).await.unwrap_err());
    for expected in [
        ("subject", "blank"),
        ("body", "too_large"),
        ("to", "required"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{fields:?}"
        );
    }
    let fields = invalid_fields(
        w.messaging
            .send(
                &actor(&w.teacher),
                message(vec![Recipient::Group(GroupId::new(), Audience::Both)]),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        fields,
        vec![("to[0]".to_owned(), "unknown_group".to_owned())]
    );
    let cursor = schoolbrug_kernel::Cursor::after_key("not-an-id");
    let err = w
        .messaging
        .list(
            &actor(&w.teacher),
            Folder::Inbox,
            None,
            &PageRequest::new(None, Some(cursor)),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("after".to_owned(), "malformed_cursor".to_owned())]
    );
}

#[tokio::test]
async fn only_staff_mark_a_message_urgent() {
    let w = world().await;
    let mut new = message(vec![Recipient::Account(w.teacher.id)]);
    new.urgent = true;
    let fields = invalid_fields(
        w.messaging
            .send(&actor(&w.lotte_mama), new)
            .await
            .unwrap_err(),
    );
    assert_eq!(fields, vec![("urgent".to_owned(), "staff_only".to_owned())]);
}

#[tokio::test]
async fn a_misdirected_report_tells_the_sender_once() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    w.messaging
        .report_misdirected(&actor(&w.noah_mama), id)
        .await
        .unwrap();
    w.messaging
        .report_misdirected(&actor(&w.noah_mama), id)
        .await
        .unwrap();
    let inbox = w
        .messaging
        .list(
            &actor(&w.teacher),
            Folder::Inbox,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert!(inbox.items[0].system);
    let MessageView::Received(notice) = w
        .messaging
        .open(&actor(&w.teacher), inbox.items[0].id)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert!(notice.message.body.as_str().contains(&id.to_string()));
    assert!(
        notice
            .message
            .subject
            .as_str()
            .contains("Uitstap naar Brugge")
    );
    assert!(matches!(
        w.messaging.report_misdirected(&actor(&w.lotte), id).await,
        Err(MessagingError::NotFound)
    ));
}

#[tokio::test]
async fn forwarding_writes_an_outbox_row_only_for_a_confirmed_address() {
    let w = world().await;
    let token = w
        .messaging
        .change_settings(
            &actor(&w.noah_mama),
            schoolbrug_messaging::SettingsChange {
                forward_email: Some("noah.mama@example.org".into()),
                forward_messages: true,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .expect("a new address needs confirming");
    w.to_parents_of_3a().await;
    let waiting = schoolbrug_messaging::ports::SettingsStore::outbox(
        &*w.store,
        w.noah_mama.school,
        schoolbrug_messaging::model::OutboxStatus::Waiting,
        &PageRequest::first(),
    )
    .await
    .unwrap();
    assert!(
        waiting.items.is_empty(),
        "nothing goes to an unconfirmed address"
    );
    assert!(matches!(
        w.messaging
            .confirm_forward_email(&actor(&w.lotte_mama), token.expose())
            .await,
        Err(MessagingError::InvalidToken)
    ));
    w.messaging
        .confirm_forward_email(&actor(&w.noah_mama), token.expose())
        .await
        .unwrap();
    w.to_parents_of_3a().await;
    let waiting = schoolbrug_messaging::ports::SettingsStore::outbox(
        &*w.store,
        w.noah_mama.school,
        schoolbrug_messaging::model::OutboxStatus::Waiting,
        &PageRequest::first(),
    )
    .await
    .unwrap();
    assert_eq!(waiting.items.len(), 1);
    assert_eq!(waiting.items[0].to, "noah.mama@example.org");
    assert_eq!(waiting.items[0].recipient, w.noah_mama.id);
}

#[tokio::test]
async fn free_days_are_for_admins_and_refuse_a_period_ending_before_it_starts() {
    let w = world().await;
    let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    assert!(matches!(
        w.messaging.free_days(&actor(&w.teacher)).await,
        Err(MessagingError::NotFound)
    ));
    let err = w
        .messaging
        .replace_free_days(
            &actor(&w.admin),
            vec![FreeDayPeriod {
                from: d,
                to: d.pred_opt().unwrap(),
                name: "Herfst".into(),
            }],
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("periods[0].to".to_owned(), "before_from".to_owned())]
    );
}

struct CountingSignal(std::sync::atomic::AtomicUsize);

impl schoolbrug_messaging::mailer::OutboxSignal for CountingSignal {
    fn rows_due(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_worker_is_signalled_only_when_a_delivery_wrote_forwards_due_now() {
    let mut w = world().await;
    let signal = Arc::new(CountingSignal(std::sync::atomic::AtomicUsize::new(0)));
    w.messaging = w.messaging.clone().with_outbox_signal(signal.clone());
    let count = || signal.0.load(std::sync::atomic::Ordering::SeqCst);
    w.to_parents_of_3a().await;
    assert_eq!(count(), 0, "nobody forwards yet");
    let token = w
        .messaging
        .change_settings(
            &actor(&w.noah_mama),
            schoolbrug_messaging::SettingsChange {
                forward_email: Some("noah.mama@example.org".into()),
                forward_messages: true,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
    w.messaging
        .confirm_forward_email(&actor(&w.noah_mama), token.expose())
        .await
        .unwrap();
    w.to_parents_of_3a().await;
    assert_eq!(count(), 1);
}
