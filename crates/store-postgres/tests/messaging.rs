//! What the PostgreSQL messaging adapter does beyond the contract suite: deliveries to
//! thousands in a few statements and all or nothing, full-text search with the Dutch
//! configuration, races the database must settle, and erasure of the outbox.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use schoolbrug_calendar::ports::SchoolYearStore as _;
use schoolbrug_kernel::{AccountId, FreeDayPeriod, MessageId, OutboxId, PageRequest, SchoolId};
use schoolbrug_messaging::contract::{DeliveryDraft, World, delivery, world};
use schoolbrug_messaging::model::{
    Copy, Folder, Forwarded, GroupLabel, NotificationSettings, OutboxRow, OutboxStatus, Via,
};
use schoolbrug_messaging::ports::{
    MessageReader as _, MessageStore as _, SettingsStore as _, StoreError,
};
use schoolbrug_store_postgres::test_support::fresh_database;
use schoolbrug_store_postgres::{PgDatabase, PgMessageStore};
use schoolbrug_tests::bridge::AccountsSeed;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

async fn setup() -> (PgDatabase, PgMessageStore, World) {
    let db = fresh_database().await;
    let w = world(&AccountsSeed::new(Arc::new(db.accounts())), "a").await;
    (db.clone(), db.messaging(), w)
}

/// A delivery from the teacher to `n` recipients reached through a group, with an outbox
/// row for every tenth.
fn broadcast(w: &World, n: usize) -> DeliveryDraft {
    let mut d = delivery(w, &w.teacher, &[], "Schoolfeest", "Iedereen welkom", now());
    let label = GroupLabel::Role {
        role: schoolbrug_kernel::Role::Pupil,
    };
    d.copies = (0..n)
        .map(|i| Copy {
            message: d.message.id,
            school: w.school.id,
            recipient: AccountId::new(),
            recipient_name: format!("Leerling {i}"),
            via: Via::Group(label.clone()),
            read_at: None,
            replied_at: None,
            reply_due_at: Some(now() + Duration::hours(48)),
            trashed_at: None,
            misdirected_at: None,
        })
        .collect();
    d.outbox = d
        .copies
        .iter()
        .step_by(10)
        .map(|c| outbox_row(w, d.message.id, c.recipient))
        .collect();
    d
}

fn outbox_row(w: &World, message: MessageId, recipient: AccountId) -> OutboxRow {
    OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::Message(message),
        recipient,
        to: format!("{recipient}@example.org"),
        subject: "Schoolfeest".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    }
}

async fn rows_of(db: &PgDatabase, table: &str, message: MessageId) -> i64 {
    let column = if table == "messages" {
        "id"
    } else {
        "message_id"
    };
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE {column} = $1"))
        .bind(message.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn all_outbox(store: &PgMessageStore, school: SchoolId) -> Vec<OutboxRow> {
    let mut rows = Vec::new();
    let mut page = PageRequest::new(Some(200), None);
    loop {
        let found = store
            .outbox(school, OutboxStatus::Waiting, &page)
            .await
            .unwrap();
        rows.extend(found.items);
        match found.next {
            Some(next) => {
                page = PageRequest::new(
                    Some(200),
                    Some(schoolbrug_kernel::Cursor::parse(&next).unwrap()),
                );
            }
            None => return rows,
        }
    }
}

#[tokio::test]
async fn a_delivery_to_5000_recipients_commits_and_lists() {
    let (db, store, w) = setup().await;
    let d = broadcast(&w, 5000);

    let started = Instant::now();
    store.deliver(&d.build()).await.unwrap();
    let took = started.elapsed();
    // Measured, never asserted (speed belongs to benchmarks): printed for the curious.
    eprintln!("deliver: 1 message, 5000 copies, 500 outbox rows in {took:?}");

    assert_eq!(rows_of(&db, "messages", d.message.id).await, 1);
    assert_eq!(rows_of(&db, "message_copies", d.message.id).await, 5000);
    assert_eq!(rows_of(&db, "outbox", d.message.id).await, 500);

    // Any recipient, the last one too, has it in its inbox, as delivered.
    let last = d.copies.last().unwrap();
    let inbox = store
        .folder(
            w.school.id,
            last.recipient,
            Folder::Inbox,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert_eq!(inbox.items[0].id, d.message.id);
    let got = store
        .received(w.school.id, last.recipient, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&got.copy, last);
    assert_eq!(got.message, d.message);

    let sent = store
        .folder(
            w.school.id,
            w.teacher.id,
            Folder::Sent,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    let counts = sent.items[0].sent.unwrap();
    assert_eq!((counts.recipients, counts.read), (5000, 0));
    let counts = store
        .receipt_counts(w.school.id, d.message.id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (5000, 0));
    assert_eq!(all_outbox(&store, w.school.id).await.len(), 500);
}

#[tokio::test]
async fn a_failure_deep_into_a_delivery_leaves_nothing() {
    let (db, store, w) = setup().await;
    let mut d = broadcast(&w, 5000);
    // The copy at position 4,000 names the first recipient again: the primary key
    // refuses it after 4,000 rows were written in the same statement.
    d.copies[4000].recipient = d.copies[0].recipient;
    let err = store.deliver(&d.build_unchecked()).await.unwrap_err();
    assert!(matches!(err, StoreError::Unexpected(_)), "{err:?}");
    for table in ["messages", "message_copies", "outbox"] {
        assert_eq!(rows_of(&db, table, d.message.id).await, 0, "{table}");
    }
    assert!(all_outbox(&store, w.school.id).await.is_empty());

    // A failure in the last table (an outbox id twice) takes the copies back too.
    let mut d = broadcast(&w, 5000);
    let twice = d.outbox[0].id;
    d.outbox[40].id = twice;
    assert!(store.deliver(&d.build()).await.is_err());
    for table in ["messages", "message_copies", "outbox"] {
        assert_eq!(rows_of(&db, table, d.message.id).await, 0, "{table}");
    }

    // And the store works on: the same message without the fault is delivered.
    d.outbox[40].id = OutboxId::new();
    store.deliver(&d.build()).await.unwrap();
    assert_eq!(rows_of(&db, "message_copies", d.message.id).await, 5000);
}

#[tokio::test]
async fn named_recipients_and_their_visibility_round_trip() {
    let (_db, store, w) = setup().await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Oudercontact",
        "Tot dan",
        now(),
    );
    d.message.visibility.named = vec![
        (w.lotte_mama.id, "Lotte's mama".into()),
        (w.noah_mama.id, "Noah's mama".into()),
    ];
    d.message.in_reply_to = Some(MessageId::new());
    d.message.action_deadline = Some(now() + Duration::days(3));
    d.message.urgent = true;
    for copy in &mut d.copies {
        copy.via = Via::Named;
        copy.reply_due_at = None;
    }
    store.deliver(&d.build()).await.unwrap();
    let got = store
        .received(w.school.id, w.noah_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.message, d.message);
    assert_eq!(got.copy, d.copies[1]);
    let (named, groups) = got.visible_recipients();
    assert_eq!(named.len(), 2);
    assert_eq!(groups.len(), 1);
}

#[tokio::test]
async fn search_uses_dutch_stemming_and_takes_any_input() {
    let (_db, store, w) = setup().await;
    let meeting = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama],
        "Oudercontact",
        "De vergadering begint om acht uur in de refter.",
        now(),
    );
    let books = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama],
        "Boeken",
        "Breng je boek voor Frans mee.",
        now() + Duration::minutes(1),
    );
    store.deliver(&meeting.build()).await.unwrap();
    store.deliver(&books.build()).await.unwrap();
    let page = PageRequest::first();
    let search = |q: &'static str| {
        let store = store.clone();
        let page = page.clone();
        let school = w.school.id;
        let account = w.lotte_mama.id;
        async move {
            store
                .folder(school, account, Folder::Inbox, Some(q), &page)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        }
    };
    // The Dutch snowball stemmer: "vergaderingen", "vergaderen" and "vergadering" are
    // all 'vergader'; "boeken" and "boek" both 'boek' (subject and body).
    assert_eq!(search("vergaderingen").await, vec![meeting.message.id]);
    assert_eq!(search("Vergaderen").await, vec![meeting.message.id]);
    assert_eq!(search("boek").await, vec![books.message.id]);
    // Web-search syntax: quoted phrases, OR, exclusion.
    assert_eq!(search("\"acht uur\"").await, vec![meeting.message.id]);
    assert_eq!(
        search("vergadering or boeken").await,
        vec![books.message.id, meeting.message.id]
    );
    assert_eq!(search("boek -frans").await, Vec::<MessageId>::new());
    // Stop words only ("de", "het") make an empty query, which matches nothing.
    assert!(search("de het").await.is_empty());
    // Anything a user types is a query, never an error.
    for q in [
        "'); DROP TABLE messages; --",
        "a & | ! :* ( ) <-> \\",
        "\"",
        "-",
        "!!!",
        "zwem:*",
        "ü ß 🏊",
    ] {
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, Some(q), &page)
            .await
            .unwrap_or_else(|e| panic!("{q:?}: {e:?}"));
    }
    // The trash and the sent folder search too.
    store
        .set_trashed(w.school.id, w.lotte_mama.id, books.message.id, Some(now()))
        .await
        .unwrap();
    let trash = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Trash,
            Some("boeken"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(trash.items.len(), 1);
    let sent = store
        .folder(
            w.school.id,
            w.teacher.id,
            Folder::Sent,
            Some("vergaderingen"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        sent.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![meeting.message.id]
    );
}

#[tokio::test]
async fn of_concurrent_first_openings_one_sets_the_receipt() {
    let (_db, store, w) = setup().await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    let attempts = (0..8i64).map(|i| {
        let store = store.clone();
        let (school, account, message) = (w.school.id, w.lotte_mama.id, d.message.id);
        tokio::spawn(async move {
            store
                .mark_read(school, account, message, now() + Duration::seconds(i))
                .await
                .unwrap()
        })
    });
    let mut set = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        if attempt.await.unwrap() {
            set += 1;
        }
    }
    assert_eq!(set, 1);
}

#[tokio::test]
async fn concurrent_replacements_of_free_days_never_mix() {
    // The free days are the calendar's; the 48-hour rules read them from its store.
    let (db, _, w) = setup().await;
    let store = db.calendar();
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let set = |name: &str, n: u32| -> Vec<FreeDayPeriod> {
        (1..=n)
            .map(|i| FreeDayPeriod {
                from: d(10, i),
                to: d(10, i),
                name: format!("{name} {i}"),
            })
            .collect()
    };
    let a = set("a", 5);
    let b = set("b", 7);
    for _ in 0..10 {
        let (sa, sb) = (store.clone(), store.clone());
        let (pa, pb) = (a.clone(), b.clone());
        let school = w.school.id;
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { sa.replace_free_days(school, &pa).await }),
            tokio::spawn(async move { sb.replace_free_days(school, &pb).await }),
        );
        ra.unwrap().unwrap();
        rb.unwrap().unwrap();
        let found = store.free_days(w.school.id).await.unwrap();
        assert!(found == a || found == b, "{found:?}");
    }
    assert!(matches!(
        store.replace_free_days(SchoolId::new(), &a).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn erasing_an_account_takes_its_outbox_rows_and_confirmation() {
    let (db, store, w) = setup().await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "x",
        now(),
    );
    d.outbox = vec![
        outbox_row(&w, d.message.id, w.lotte_mama.id),
        outbox_row(&w, d.message.id, w.noah_mama.id),
    ];
    store.deliver(&d.build()).await.unwrap();
    let token = schoolbrug_kernel::SessionToken::generate();
    let settings = NotificationSettings {
        forward_email: Some("mama@example.org".into()),
        forward_messages: true,
        ..Default::default()
    };
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &settings,
            Some((token.hash(), now() + Duration::days(7))),
        )
        .await
        .unwrap();

    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();

    let left: Vec<AccountId> = all_outbox(&store, w.school.id)
        .await
        .into_iter()
        .map(|o| o.recipient)
        .collect();
    assert_eq!(left, vec![w.noah_mama.id]);
    let settings_rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notification_settings WHERE account_id = $1")
            .bind(w.lotte_mama.id.as_uuid())
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(settings_rows, 0);
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn settings_of_an_unknown_account_are_not_found_and_a_new_token_replaces_the_old() {
    let (_db, store, w) = setup().await;
    let settings = NotificationSettings {
        forward_email: Some("mama@example.org".into()),
        forward_messages: true,
        ..Default::default()
    };
    assert!(matches!(
        store
            .put_settings(w.school.id, AccountId::new(), &settings, None)
            .await,
        Err(StoreError::NotFound)
    ));
    let first = schoolbrug_kernel::SessionToken::generate();
    let second = schoolbrug_kernel::SessionToken::generate();
    let expires = now() + Duration::days(7);
    let account = w.lotte_mama.id;
    store
        .put_settings(
            w.school.id,
            account,
            &settings,
            Some((first.hash(), expires)),
        )
        .await
        .unwrap();
    store
        .put_settings(
            w.school.id,
            account,
            &settings,
            Some((second.hash(), expires)),
        )
        .await
        .unwrap();
    // Saving again without a new address keeps the pending token.
    let quieter = NotificationSettings {
        push: true,
        ..settings.clone()
    };
    store
        .put_settings(w.school.id, account, &quieter, None)
        .await
        .unwrap();
    assert!(
        !store
            .confirm_forward_email(w.school.id, account, &first.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        store
            .confirm_forward_email(w.school.id, account, &second.hash(), now())
            .await
            .unwrap()
    );
    // Removing the address drops a pending token with it.
    let third = schoolbrug_kernel::SessionToken::generate();
    store
        .put_settings(
            w.school.id,
            account,
            &settings,
            Some((third.hash(), expires)),
        )
        .await
        .unwrap();
    store
        .put_settings(w.school.id, account, &NotificationSettings::default(), None)
        .await
        .unwrap();
    assert!(
        !store
            .confirm_forward_email(w.school.id, account, &third.hash(), now())
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_visibility_column_holds_the_documented_json() {
    let (db, store, w) = setup().await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    let (visibility, via): (serde_json::Value, Option<serde_json::Value>) = sqlx::query_as(
        "SELECT m.visibility, c.via FROM messages AS m JOIN message_copies AS c \
         ON c.school_id = m.school_id AND c.message_id = m.id WHERE m.id = $1",
    )
    .bind(d.message.id.as_uuid())
    .fetch_one(db.pool())
    .await
    .unwrap();
    let label = serde_json::json!({"kind": "group", "name": "3A", "audience": "co_accounts"});
    assert_eq!(
        visibility,
        serde_json::json!({"named": [], "groups": [label]})
    );
    assert_eq!(via, Some(label));
}
