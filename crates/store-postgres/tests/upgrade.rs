//! A database made by the migrations before the school keys (0001–0004), with rows in
//! every table, moves to them (0005) without losing or changing a row, and what it held
//! still reads through the adapter: a session token issued before (which names no
//! school) still finds its session, messages still read, the outbox is still claimed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone as _, Utc};
use schoolbrug_accounts::model::{
    AuditEvent, OneTimeCode, ResetCode, Session, SessionToken, ThrottleKey, TokenSchool,
    issue_session_token, token_school,
};
use schoolbrug_accounts::ports::{
    AuditLog as _, CredentialStore as _, GroupStore as _, SessionStore as _, ThrottleStore as _,
};
use schoolbrug_calendar::ports::SchoolYearStore as _;
use schoolbrug_kernel::{AuditEventId, FreeDayPeriod, OutboxId, PageRequest};
use schoolbrug_messaging::QuietHours;
use schoolbrug_messaging::contract::{delivery, world};
use schoolbrug_messaging::model::{Forwarded, NotificationSettings, OutboxRow, OutboxStatus};
use schoolbrug_messaging::ports::{
    MessageReader as _, MessageStore as _, OutboxQueue as _, QuietHoursStore as _,
    SettingsStore as _,
};
use schoolbrug_store_postgres::PgDatabase;
use schoolbrug_store_postgres::test_support::fresh_database_url;
use schoolbrug_tests::bridge::AccountsSeed;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

/// The last migration before the school keys.
const BEFORE_SCHOOL_KEYS: i64 = 4;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

/// A new database with the migrations up to `last` applied, read from the folder the
/// adapter embeds.
async fn database_at(last: i64) -> PgDatabase {
    let url = fresh_database_url().await;
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect(&url)
        .await
        .unwrap();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres");
    let mut migrator = Migrator::new(folder.as_path()).await.unwrap();
    let earlier: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= last)
        .cloned()
        .collect();
    assert_eq!(earlier.len(), usize::try_from(last).unwrap());
    migrator.migrations = Cow::Owned(earlier);
    migrator.run(&pool).await.unwrap();
    PgDatabase::from_pool(pool).unwrap()
}

/// Every table with its number of rows and a digest of all of them, as text, in order.
async fn snapshot(pool: &PgPool) -> BTreeMap<String, (i64, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class AS c \
         JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind = 'r' \
           AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let row: (i64, String) = sqlx::query_as(&format!(
            "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) \
             FROM \"{table}\" AS t"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        out.insert(table, row);
    }
    out
}

#[tokio::test]
async fn every_row_stays_and_reads_after_the_school_keys() {
    let db = database_at(BEFORE_SCHOOL_KEYS).await;
    let accounts = db.accounts();
    let messaging = db.messaging();

    // Rows in every table, written by today's adapter on yesterday's schema: two
    // schools with accounts, co-accounts, groups and members, and an admin's code each.
    let w = world(
        &AccountsSeed::new(std::sync::Arc::new(accounts.clone())),
        "a",
    )
    .await;
    let other = world(
        &AccountsSeed::new(std::sync::Arc::new(accounts.clone())),
        "b",
    )
    .await;
    // Sessions of tokens as they were issued before: no school inside.
    let (teacher_token, mama_token) = (SessionToken::generate(), SessionToken::generate());
    assert_eq!(token_school(&teacher_token), TokenSchool::Unnamed);
    for (token, account) in [(&teacher_token, &w.teacher), (&mama_token, &w.lotte_mama)] {
        accounts
            .create_session(&Session {
                token_hash: token.hash(),
                school: account.school,
                account: account.id,
                created_at: now(),
                last_seen_at: now(),
            })
            .await
            .unwrap();
    }
    let code = OneTimeCode::generate();
    accounts
        .issue_reset_code(&ResetCode {
            code_hash: code.hash(),
            school: w.school.id,
            account: w.lotte.id,
            issued_at: now(),
            expires_at: now() + Duration::days(7),
        })
        .await
        .unwrap();
    for school in [&w.school, &other.school] {
        accounts
            .record(&AuditEvent {
                id: AuditEventId::new(),
                school: school.id,
                kind: schoolbrug_accounts::model::audit::SIGN_IN_FAILED,
                account: None,
                actor: None,
                username: Some("wie".into()),
                client: Some("192.0.2.1".into()),
                at: now(),
            })
            .await
            .unwrap();
    }
    let client = ThrottleKey::client("192.0.2.1");
    let username = ThrottleKey::account(w.school.id, "wie");
    for key in [&client, &username] {
        accounts
            .record_failure(key, now(), Duration::hours(1))
            .await
            .unwrap();
    }
    let mut sent = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.lotte_papa],
        "Uitstap",
        "Morgen",
        now(),
    );
    sent.outbox = vec![OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::Message(sent.message.id),
        recipient: w.lotte_mama.id,
        to: "mama@example.org".into(),
        subject: "Uitstap".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    }];
    messaging.deliver(&sent.build()).await.unwrap();
    let theirs = delivery(
        &other,
        &other.teacher,
        &[&other.noah_mama],
        "Zwemmen",
        "Vrijdag",
        now(),
    );
    messaging.deliver(&theirs.build()).await.unwrap();
    let settings = NotificationSettings {
        forward_email: Some("mama@example.org".into()),
        forward_email_confirmed: true,
        forward_messages: true,
        notify_news: false,
        push: false,
    };
    messaging
        .put_settings(w.school.id, w.lotte_mama.id, &settings, None)
        .await
        .unwrap();
    // The same period twice: free days have no key, and both rows must stay.
    let autumn = FreeDayPeriod {
        from: NaiveDate::from_ymd_opt(2026, 10, 26).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 10, 30).unwrap(),
        name: "Herfstvakantie".into(),
    };
    db.calendar()
        .replace_free_days(w.school.id, &[autumn.clone(), autumn.clone()])
        .await
        .unwrap();
    let quiet = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        weekends: true,
        free_days: true,
    };
    messaging
        .put_quiet_hours(w.school.id, Some(quiet))
        .await
        .unwrap();

    let before = snapshot(db.pool()).await;
    let empty: Vec<&String> = before
        .iter()
        .filter(|(_, (n, _))| *n == 0)
        .map(|(t, _)| t)
        .collect();
    assert!(
        empty.is_empty(),
        "every table holds rows before: {empty:?} do not"
    );

    // The school keys alone: later migrations may add columns, which change the rows.
    migrate_up_to(db.pool(), BEFORE_SCHOOL_KEYS + 1).await;
    assert_eq!(snapshot(db.pool()).await, before, "every row, unchanged");
    db.migrate().await.unwrap();
    let applied: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(applied > BEFORE_SCHOOL_KEYS);

    // Tokens from before find their session by hash alone, with the account (and a
    // co-account's school), and now also under their school.
    let teacher = accounts
        .session_context(None, &teacher_token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(teacher.account.map(|a| a.id), Some(w.teacher.id));
    let mama = accounts
        .session_context(None, &mama_token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mama.school.map(|s| s.id), Some(w.school.id));
    assert!(
        accounts
            .session(Some(w.school.id), &teacher_token.hash())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        accounts
            .session(Some(other.school.id), &teacher_token.hash())
            .await
            .unwrap()
            .is_none()
    );
    // A token issued now finds its session within its school.
    let fresh = issue_session_token(w.school.id);
    accounts
        .create_session(&Session {
            token_hash: fresh.hash(),
            school: w.school.id,
            account: w.admin.id,
            created_at: now(),
            last_seen_at: now(),
        })
        .await
        .unwrap();
    assert!(
        accounts
            .session_context(Some(w.school.id), &fresh.hash())
            .await
            .unwrap()
            .is_some()
    );

    // The rest reads as it was written.
    assert!(
        messaging
            .received(w.school.id, w.lotte_mama.id, sent.message.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        messaging
            .sent(w.school.id, w.teacher.id, sent.message.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        messaging
            .received(other.school.id, other.noah_mama.id, theirs.message.id)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        messaging
            .settings(w.school.id, w.lotte_mama.id)
            .await
            .unwrap(),
        settings
    );
    assert_eq!(
        db.calendar().free_days(w.school.id).await.unwrap(),
        vec![autumn.clone(), autumn]
    );
    assert_eq!(
        messaging.quiet_hours(w.school.id).await.unwrap(),
        Some(quiet)
    );
    assert!(
        !accounts
            .members(w.school.id, w.class.id)
            .await
            .unwrap()
            .is_empty()
    );
    let events = accounts
        .events(w.school.id, None, &PageRequest::first())
        .await
        .unwrap();
    assert!(!events.items.is_empty());
    assert!(accounts.throttle_state(&client).await.unwrap().is_some());
    assert!(accounts.throttle_state(&username).await.unwrap().is_some());
    let stored = accounts
        .reset_code(w.school.id, w.lotte.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.code_hash, code.hash());
    // A new code replaces the old one under the wider key.
    let newer = OneTimeCode::generate();
    accounts
        .issue_reset_code(&ResetCode {
            code_hash: newer.hash(),
            ..stored
        })
        .await
        .unwrap();
    assert_eq!(
        accounts
            .reset_code(w.school.id, w.lotte.id)
            .await
            .unwrap()
            .map(|c| c.code_hash),
        Some(newer.hash())
    );
    let claimed = messaging
        .claim_due(now(), 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(claimed, sent.outbox);
}

/// Applies the migrations up to `last` that are not applied yet.
async fn migrate_up_to(pool: &PgPool, last: i64) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres");
    let mut migrator = Migrator::new(folder.as_path()).await.unwrap();
    let earlier: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= last)
        .cloned()
        .collect();
    migrator.migrations = Cow::Owned(earlier);
    migrator.run(pool).await.unwrap();
}
