//! What the messaging contract suite cannot see: the SQLite adapter's own behaviour (large
//! deliveries in chunks, all-or-nothing at scale, full-text search details, the
//! full-text index across deletes and VACUUM, references to accounts, the outbox queue
//! across connections and its leases as stored). The query plans of the folders and of a
//! claim are checked by the unit tests of `src/messaging.rs` and `src/messaging/forwarding.rs`.
#![cfg(feature = "messaging")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use schoolbrug_accounts::ports::{AccountStore, StoreError};
use schoolbrug_kernel::{AccountId, MessageId, OutboxId, PageRequest};
use schoolbrug_messaging::contract::{DeliveryDraft, World, delivery, world};
use schoolbrug_messaging::forwarding::QuietHours;
use schoolbrug_messaging::model::{
    Copy, Folder, NotificationSettings, OutboxRow, OutboxStatus, Via,
};
use schoolbrug_messaging::ports::{
    MessageReader, MessageStore, OutboxQueue, QuietHoursStore, SettingsStore,
};
use schoolbrug_store_sqlite::{SqliteDatabase, SqliteMessageStore};
use schoolbrug_tests::bridge::AccountsSeed;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

fn temp_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("messaging-adapter-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

/// A migrated database file in `dir`, as in production (WAL, several connections).
async fn file_db(dir: &TempDir) -> SqliteDatabase {
    let db = SqliteDatabase::connect(dir.path().join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db
}

/// `n` pupils of `w`'s school, inserted in one transaction; their ids in order.
async fn many_pupils(db: &SqliteDatabase, w: &World, n: usize) -> Vec<AccountId> {
    let ids: Vec<AccountId> = (0..n).map(|_| AccountId::new()).collect();
    let mut tx = db.pool().begin().await.unwrap();
    for (i, id) in ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO accounts (school_id, id, username, first_name, last_name, kind, roles, \
                 created_at) \
             VALUES (?1, ?2, ?3, 'Kind', ?4, 'main', 'pupil', ?5)",
        )
        .bind(w.school.id.as_uuid())
        .bind(id.as_uuid())
        .bind(format!("pupil-{i}"))
        .bind(format!("Nummer {i}"))
        .bind(now())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    ids
}

/// A message from the teacher to every one of `recipients` (blind copies), with an
/// outbox row for the first `forwarded` of them.
fn mass_delivery(
    w: &World,
    recipients: &[AccountId],
    forwarded: usize,
    subject: &str,
    body: &str,
) -> DeliveryDraft {
    let mut d = delivery(w, &w.teacher, &[], subject, body, now());
    let template = delivery(w, &w.teacher, &[&w.lotte], subject, body, now()).copies[0].clone();
    d.copies = recipients
        .iter()
        .enumerate()
        .map(|(i, id)| Copy {
            message: d.message.id,
            recipient: *id,
            recipient_name: format!("Kind Nummer {i}"),
            ..template.clone()
        })
        .collect();
    d.outbox = recipients[..forwarded]
        .iter()
        .map(|id| OutboxRow {
            id: OutboxId::new(),
            school: w.school.id,
            message: d.message.id,
            recipient: *id,
            to: "ouder@example.org".into(),
            subject: subject.into(),
            status: OutboxStatus::Waiting,
            attempts: 0,
            last_error: None,
            next_attempt_at: now(),
            created_at: now(),
        })
        .collect();
    d
}

async fn count(db: &SqliteDatabase, sql: &str, message: MessageId) -> i64 {
    sqlx::query_scalar(sql)
        .bind(message.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn inbox_ids(
    store: &SqliteMessageStore,
    w: &World,
    account: AccountId,
    folder: Folder,
    query: Option<&str>,
) -> Vec<MessageId> {
    store
        .folder(w.school.id, account, folder, query, &PageRequest::first())
        .await
        .unwrap()
        .items
        .iter()
        .map(|s| s.id)
        .collect()
}

#[tokio::test]
async fn a_delivery_of_5000_copies_commits_and_is_listed() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let pupils = many_pupils(&db, &w, 5_000).await;
    let d = mass_delivery(
        &w,
        &pupils,
        1_200,
        "Schoolreis",
        "Alle leerlingen gaan mee.",
    );

    let started = Instant::now();
    store.deliver(&d.build()).await.unwrap();
    eprintln!(
        "delivered 5,000 copies and 1,200 outbox rows in {:?}",
        started.elapsed()
    );

    let id = d.message.id;
    let copies = "SELECT count(*) FROM message_copies WHERE message_id = ?1";
    assert_eq!(count(&db, copies, id).await, 5_000);
    let outbox = "SELECT count(*) FROM outbox WHERE message_id = ?1";
    assert_eq!(count(&db, outbox, id).await, 1_200);
    for i in [0, 499, 500, 2_500, 4_999] {
        let inbox = inbox_ids(&store, &w, pupils[i], Folder::Inbox, None).await;
        assert_eq!(inbox, vec![id], "pupil {i}");
        let got = store
            .received(w.school.id, pupils[i], id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.copy, d.copies[i]);
        assert_eq!(
            inbox_ids(&store, &w, pupils[i], Folder::Inbox, Some("schoolreis")).await,
            vec![id]
        );
    }
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
    assert_eq!((counts.recipients, counts.read), (5_000, 0));
    let counts = store.receipt_counts(w.school.id, id).await.unwrap();
    assert_eq!((counts.recipients, counts.read), (5_000, 0));
    let waiting = store
        .outbox(
            w.school.id,
            OutboxStatus::Waiting,
            &PageRequest::new(Some(200), None),
        )
        .await
        .unwrap();
    assert_eq!(waiting.items.len(), 200);
    assert!(waiting.next.is_some());
}

#[tokio::test]
async fn a_failure_at_copy_4000_leaves_nothing_of_the_delivery() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut pupils = many_pupils(&db, &w, 5_000).await;
    // The copy at position 4,000 goes to a recipient who already has one: its chunk's
    // INSERT fails after eight chunks of copies were written.
    pupils[4_000] = pupils[10];
    let d = mass_delivery(&w, &pupils, 5_000, "Verdwenen", "Dit bericht bestaat niet.");

    let err = store.deliver(&d.build_unchecked()).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Unexpected(_) | StoreError::Conflict(_)),
        "{err:?}"
    );

    let id = d.message.id;
    let messages = "SELECT count(*) FROM messages WHERE id = ?1";
    assert_eq!(count(&db, messages, id).await, 0);
    let copies = "SELECT count(*) FROM message_copies WHERE message_id = ?1";
    assert_eq!(count(&db, copies, id).await, 0);
    let outbox = "SELECT count(*) FROM outbox WHERE message_id = ?1";
    assert_eq!(count(&db, outbox, id).await, 0);
    let indexed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'verdwenen'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(indexed, 0);
    assert!(
        inbox_ids(&store, &w, pupils[0], Folder::Inbox, None)
            .await
            .is_empty()
    );

    // The store is still usable: the same message without the double goes through.
    let fixed = DeliveryDraft {
        copies: d
            .copies
            .iter()
            .filter(|c| c.recipient != pupils[10] || c.recipient_name != "Kind Nummer 4000")
            .cloned()
            .collect(),
        ..d.clone()
    };
    store.deliver(&fixed.build()).await.unwrap();
    assert_eq!(count(&db, copies, id).await, 4_999);
}

#[tokio::test]
async fn an_unknown_recipient_fails_the_delivery_as_not_found() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let other = world(&AccountsSeed::new(Arc::new(accounts.clone())), "b").await;
    let mut d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    // An account of another school is no recipient here.
    d.copies[0].recipient = other.lotte_mama.id;
    assert!(matches!(
        store.deliver(&d.build()).await.unwrap_err(),
        StoreError::NotFound
    ));
    assert!(
        store
            .sent(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn search_ignores_case_and_accents_and_takes_every_word_literally() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let to = [&w.lotte_mama];
    let ecole = delivery(
        &w,
        &w.teacher,
        &to,
        "Bezoek aan de École du Parc",
        "Crème brûlée voor iedereen.",
        now(),
    );
    let zwembad = delivery(
        &w,
        &w.teacher,
        &to,
        "Zwembad",
        "Vrijdag: \"zwemzak\" (niet vergeten) - OR NOT",
        now() + Duration::minutes(1),
    );
    store.deliver(&ecole.build()).await.unwrap();
    store.deliver(&zwembad.build()).await.unwrap();
    let found = |q: &'static str| inbox_ids(&store, &w, w.lotte_mama.id, Folder::Inbox, Some(q));

    assert_eq!(found("ecole").await, vec![ecole.message.id]);
    assert_eq!(found("ÉCOLE").await, vec![ecole.message.id]);
    assert_eq!(found("creme brulee").await, vec![ecole.message.id]);
    assert_eq!(found("zwembad").await, vec![zwembad.message.id]);
    assert_eq!(found("ZWEMBAD vrijdag").await, vec![zwembad.message.id]);
    // Every word is required.
    assert!(found("zwembad ecole").await.is_empty());
    // Whole words: no substrings.
    assert!(found("zwem").await.is_empty());
    // FTS5 syntax in the query is only text: no error, and it matches words.
    assert_eq!(found("\"zwemzak\"").await, vec![zwembad.message.id]);
    assert_eq!(found("OR").await, vec![zwembad.message.id]);
    assert!(found("NEAR(zwembad ecole)").await.is_empty());
    assert_eq!(found("zwembad*").await, vec![zwembad.message.id]);
    assert!(found("col:zwembad ^ \"").await.is_empty());
    // Nothing searchable left: no filter.
    assert_eq!(
        found(" - \" * ").await,
        vec![zwembad.message.id, ecole.message.id]
    );
    // The sent folder searches too; the trash only what is in it.
    assert_eq!(
        inbox_ids(&store, &w, w.teacher.id, Folder::Sent, Some("École")).await,
        vec![ecole.message.id]
    );
    assert!(
        inbox_ids(&store, &w, w.lotte_mama.id, Folder::Trash, Some("ecole"))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_search_index_follows_deletes_and_survives_vacuum() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let to = [&w.lotte_mama];
    let subjects = ["Appel", "Peer", "Banaan", "Kiwi"];
    let mut ids = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        let d = delivery(
            &w,
            &w.teacher,
            &to,
            subject,
            "fruit",
            now() + Duration::minutes(i64::try_from(i).unwrap()),
        );
        ids.push(d.message.id);
        store.deliver(&d.build()).await.unwrap();
    }
    // Deleting a message (its copies follow) takes it out of the index.
    sqlx::query("DELETE FROM messages WHERE id = ?1")
        .bind(ids[1].as_uuid())
        .execute(db.pool())
        .await
        .unwrap();
    sqlx::query("VACUUM").execute(db.pool()).await.unwrap();
    sqlx::query("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
        .execute(db.pool())
        .await
        .unwrap();

    let mama = w.lotte_mama.id;
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("banaan")).await,
        vec![ids[2]]
    );
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("kiwi")).await,
        vec![ids[3]]
    );
    assert!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("peer"))
            .await
            .is_empty()
    );
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("fruit")).await,
        vec![ids[3], ids[2], ids[0]]
    );
    // A new message after a delete gets a search key of its own.
    let d = delivery(&w, &w.teacher, &to, "Mango", "fruit", now());
    store.deliver(&d.build()).await.unwrap();
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("mango")).await,
        vec![d.message.id]
    );
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("kiwi")).await,
        vec![ids[3]]
    );
}

#[tokio::test]
async fn an_erased_account_takes_its_copies_outbox_rows_and_settings_along() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut d = delivery(&w, &w.teacher, &[&w.noah_mama], "Uitstap", "x", now());
    d.outbox.push(OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        message: d.message.id,
        recipient: w.noah_mama.id,
        to: "noah.mama@example.org".into(),
        subject: "Uitstap".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    });
    store.deliver(&d.build()).await.unwrap();
    let settings = NotificationSettings {
        push: true,
        ..Default::default()
    };
    store
        .put_settings(w.school.id, w.noah_mama.id, &settings, None)
        .await
        .unwrap();

    // Even without the messaging hook, nothing is left pointing at the erased account.
    accounts
        .erase_accounts(w.school.id, &[w.noah_mama.id])
        .await
        .unwrap();
    let id = d.message.id;
    let copies = "SELECT count(*) FROM message_copies WHERE message_id = ?1";
    assert_eq!(count(&db, copies, id).await, 0);
    let outbox = "SELECT count(*) FROM outbox WHERE message_id = ?1";
    assert_eq!(count(&db, outbox, id).await, 0);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM notification_settings")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    // The message stays with its sender.
    assert!(
        store
            .sent(w.school.id, w.teacher.id, id)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn settings_of_another_schools_account_are_not_saved() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let a = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let b = world(&AccountsSeed::new(Arc::new(accounts.clone())), "b").await;
    let settings = NotificationSettings {
        notify_news: true,
        ..Default::default()
    };
    // Never saved before: the reference to the account fails.
    assert!(matches!(
        store
            .put_settings(b.school.id, a.lotte.id, &settings, None)
            .await
            .unwrap_err(),
        StoreError::NotFound
    ));
    // Saved in its own school: another school cannot overwrite them.
    store
        .put_settings(a.school.id, a.lotte.id, &settings, None)
        .await
        .unwrap();
    assert!(matches!(
        store
            .put_settings(
                b.school.id,
                a.lotte.id,
                &NotificationSettings::default(),
                None
            )
            .await
            .unwrap_err(),
        StoreError::NotFound
    ));
    assert_eq!(
        store.settings(a.school.id, a.lotte.id).await.unwrap(),
        settings
    );
}

#[tokio::test]
async fn named_and_blind_copies_keep_their_visibility() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Oudercontact",
        "x",
        now(),
    );
    d.message.visibility.named = vec![(w.lotte_mama.id, "An \"Mama\" Peeters".into())];
    d.copies[0].via = Via::Named;
    store.deliver(&d.build()).await.unwrap();
    let named = store
        .received(w.school.id, w.lotte_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(named.message, d.message);
    assert_eq!(named.copy, d.copies[0]);
    let blind = store
        .received(w.school.id, w.noah_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(blind.copy, d.copies[1]);
    let stored: String = sqlx::query_scalar("SELECT visibility FROM messages WHERE id = ?1")
        .bind(d.message.id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(json["named"][0][0], w.lotte_mama.id.to_string());
    assert_eq!(json["groups"][0]["kind"], "group");
}

/// Claims with `store` until a claim comes back empty; every row claimed, in order.
async fn claim_until_empty(store: SqliteMessageStore, lease: Duration) -> Vec<OutboxId> {
    let mut claimed = Vec::new();
    loop {
        let rows = store.claim_due(now(), 7, lease).await.unwrap();
        if rows.is_empty() {
            return claimed;
        }
        claimed.extend(rows.iter().map(|row| row.id));
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_claimers_on_one_file_get_disjoint_rows_that_cover_all() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let accounts = db.accounts();
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let pupils = many_pupils(&db, &w, 200).await;
    let d = mass_delivery(&w, &pupils, 200, "Zwembad", "Tot vrijdag");
    let mut all: Vec<OutboxId> = d.outbox.iter().map(|row| row.id).collect();
    db.messaging().deliver(&d.build()).await.unwrap();
    // A second pool on the same file: as another process would claim.
    let other = SqliteDatabase::connect(dir.path().join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();

    let lease = Duration::minutes(5);
    let first = tokio::spawn(claim_until_empty(db.messaging(), lease));
    let second = tokio::spawn(claim_until_empty(other.messaging(), lease));
    let (first, second) = (first.await.unwrap(), second.await.unwrap());

    let mut together: Vec<OutboxId> = first.iter().chain(&second).copied().collect();
    together.sort();
    let claimed = together.len();
    together.dedup();
    assert_eq!(
        together.len(),
        claimed,
        "a row was claimed twice ({} and {} rows)",
        first.len(),
        second.len()
    );
    all.sort();
    assert_eq!(together, all, "every row claimed once");
    let leased: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE leased_until IS NOT NULL AND attempts = 0",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(leased, 200);
}

/// The stored `leased_until` of the outbox row `id`.
async fn leased_until(db: &SqliteDatabase, id: OutboxId) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT leased_until FROM outbox WHERE id = ?1")
        .bind(id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_claim_after_the_lease_ran_out_returns_the_row_again() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Zwembad", "x", now());
    d.outbox = mass_delivery(&w, &[w.lotte_mama.id], 1, "Zwembad", "x").outbox;
    d.outbox[0].message = d.message.id;
    store.deliver(&d.build()).await.unwrap();
    let id = d.outbox[0].id;
    assert_eq!(leased_until(&db, id).await, None);

    // A lease ending within a second: the stored times compare with their fractions.
    let lease = Duration::milliseconds(1_500);
    let claimed = store.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(claimed, d.outbox, "claimed as stored");
    assert_eq!(leased_until(&db, id).await, Some(now() + lease));
    for held in [
        now(),
        now() + Duration::seconds(1),
        now() + Duration::milliseconds(1_499),
    ] {
        assert!(
            store.claim_due(held, 10, lease).await.unwrap().is_empty(),
            "{held}"
        );
    }
    let expired = now() + lease;
    let again = store.claim_due(expired, 10, lease).await.unwrap();
    assert_eq!(again, d.outbox, "the same row, no attempt counted");
    assert_eq!(leased_until(&db, id).await, Some(expired + lease));

    // Released, the lease is gone: claimable at once, and cleared again by a record.
    assert!(store.release(w.school.id, id).await.unwrap());
    assert_eq!(leased_until(&db, id).await, None);
    assert_eq!(store.claim_due(expired, 10, lease).await.unwrap().len(), 1);
    assert!(store.record_sent(w.school.id, id, expired).await.unwrap());
    assert_eq!(leased_until(&db, id).await, None);
    assert!(
        store
            .claim_due(expired + Duration::days(1), 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn quiet_hours_are_kept_to_the_minute_and_need_a_known_school() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let time = |h, m, s| chrono::NaiveTime::from_hms_opt(h, m, s).unwrap();
    let quiet = QuietHours {
        start: time(20, 0, 0),
        end: time(7, 0, 0),
        weekends: true,
        free_days: true,
    };
    let stored: (String, String, i64, i64) = {
        store
            .put_quiet_hours(w.school.id, Some(quiet))
            .await
            .unwrap();
        sqlx::query_as(
            "SELECT start_time, end_time, weekends, free_days FROM quiet_hours \
             WHERE school_id = ?1",
        )
        .bind(w.school.id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
    };
    assert_eq!(stored, ("20:00".into(), "07:00".into(), 1, 1));
    let with_seconds = QuietHours {
        start: time(20, 0, 59),
        ..quiet
    };
    store
        .put_quiet_hours(w.school.id, Some(with_seconds))
        .await
        .unwrap();
    assert_eq!(store.quiet_hours(w.school.id).await.unwrap(), Some(quiet));
    assert!(matches!(
        store
            .put_quiet_hours(schoolbrug_kernel::SchoolId::new(), Some(quiet))
            .await,
        Err(StoreError::NotFound)
    ));
}
