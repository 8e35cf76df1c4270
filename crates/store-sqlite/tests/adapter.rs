//! What the contract suite cannot see: the SQLite adapter's own behaviour (files,
//! migrations, pool, error translation, SQL details).
#![cfg(feature = "accounts")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{Duration, TimeZone as _, Utc};
use schoolbrug_accounts::contract::{co_account, main_account, school};
use schoolbrug_accounts::model::{
    Account, AccountFilter, OneTimeCode, PasswordHash, PersonName, ResetCode, Session,
    SessionToken, ThrottleKey,
};
use schoolbrug_accounts::ports::{
    AccountStore, CredentialStore, SchoolStore, SessionStore, StoreError, ThrottleStore,
};
use schoolbrug_kernel::{AccountId, Cursor, PageRequest, Role};
use schoolbrug_store_sqlite::{SqliteAccountsStore, SqliteDatabase};
use tempfile::TempDir;

fn temp_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("adapter-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

async fn file_db(dir: &TempDir) -> SqliteDatabase {
    let db = SqliteDatabase::connect(dir.path().join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

/// A school with its admin, created through the store.
async fn school_with_admin(store: &SqliteAccountsStore, slug: &str) -> Account {
    let s = school(slug);
    let admin = main_account(&s, &format!("admin-{slug}"), &[Role::Admin]);
    let code = reset_code(&admin, &OneTimeCode::generate());
    store.create_school(&s, &admin, &code).await.unwrap();
    admin
}

fn reset_code(account: &Account, code: &OneTimeCode) -> ResetCode {
    ResetCode {
        code_hash: code.hash(),
        school: account.school,
        account: account.id,
        issued_at: now(),
        expires_at: now() + Duration::days(7),
    }
}

fn session(account: &Account, token: &SessionToken) -> Session {
    Session {
        token_hash: token.hash(),
        school: account.school,
        account: account.id,
        created_at: now(),
        last_seen_at: now(),
    }
}

#[tokio::test]
async fn migrations_apply_twice_without_error() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    db.migrate().await.unwrap();
    let dir = temp_dir();
    let file = file_db(&dir).await;
    file.migrate().await.unwrap();
}

#[tokio::test]
async fn a_file_database_survives_reopening() {
    let dir = temp_dir();
    let path = dir.path().join("data").join("schoolbrug.db");
    // A plain path, in a folder that does not exist yet.
    let db = SqliteDatabase::connect(path.to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let admin = school_with_admin(&db.accounts(), "reopen").await;
    db.close().await;

    let url = format!("sqlite://{}?mode=rwc", path.display());
    let again = SqliteDatabase::connect(&url).await.unwrap();
    again.migrate().await.unwrap();
    let store = again.accounts();
    let schools = store.schools().await.unwrap();
    assert_eq!(schools.len(), 1);
    assert_eq!(
        store.account(admin.school, admin.id).await.unwrap(),
        Some(admin)
    );
    again.close().await;
}

#[tokio::test]
async fn a_file_database_uses_wal_and_enforces_foreign_keys() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    db.ping().await.unwrap();
}

#[tokio::test]
async fn a_closed_pool_is_unavailable_not_a_panic() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    db.close().await;
    let err = store.schools().await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    let err = db.ping().await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    let err = store
        .record_failure(&ThrottleKey::client("192.0.2.1"), now(), Duration::hours(1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
}

#[tokio::test]
async fn each_in_memory_database_is_private() {
    let a = SqliteDatabase::connect("sqlite::memory:").await.unwrap();
    let b = SqliteDatabase::in_memory().await.unwrap();
    a.migrate().await.unwrap();
    b.migrate().await.unwrap();
    school_with_admin(&a.accounts(), "private").await;
    assert!(b.accounts().schools().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_malformed_url_is_an_error_not_a_panic() {
    let err = SqliteDatabase::connect("sqlite://x.db?mode=sideways")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn the_text_filter_takes_wildcards_literally() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let admin = school_with_admin(&store, "a").await;
    let s = store.school(admin.school).await.unwrap().unwrap();
    let mut odd = main_account(&s, "jan_p", &[Role::Teacher]);
    odd.last_name = PersonName::parse("last_name", "100% Peeters").unwrap();
    store.insert_account(&odd).await.unwrap();
    store
        .insert_account(&main_account(&s, "janxp", &[Role::Teacher]))
        .await
        .unwrap();
    for (query, expected) in [
        ("_", 1),
        ("n_p", 1),
        ("%", 1),
        ("0% p", 1),
        ("JANX", 1),
        ("PEETERS", 3),
    ] {
        let found = store
            .list_accounts(
                s.id,
                &AccountFilter {
                    role: None,
                    query: Some(query.into()),
                },
                &PageRequest::first(),
            )
            .await
            .unwrap();
        assert_eq!(found.items.len(), expected, "{query:?}");
    }
}

#[tokio::test]
async fn the_role_filter_matches_whole_roles_of_main_accounts_only() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let admin = school_with_admin(&store, "a").await;
    let s = store.school(admin.school).await.unwrap().unwrap();
    let staff = main_account(&s, "claes", &[Role::Counsellor, Role::Admin, Role::Teacher]);
    store.insert_account(&staff).await.unwrap();
    let pupil = main_account(&s, "lotte", &[Role::Pupil]);
    store.insert_account(&pupil).await.unwrap();
    store
        .insert_account(&co_account(&pupil, "lotte.mama", 1))
        .await
        .unwrap();
    let with = |role| AccountFilter {
        role: Some(role),
        query: None,
    };
    let ids = |page: schoolbrug_kernel::Page<Account>| -> Vec<AccountId> {
        page.items.iter().map(|a| a.id).collect()
    };
    let admins = store
        .list_accounts(s.id, &with(Role::Admin), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(ids(admins), vec![admin.id, staff.id]);
    let teachers = store
        .list_accounts(s.id, &with(Role::Teacher), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(ids(teachers), vec![staff.id]);
    let pupils = store
        .list_accounts(s.id, &with(Role::Pupil), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(ids(pupils), vec![pupil.id]);
    // Roles come back in the order they were stored.
    assert_eq!(
        store
            .account(s.id, staff.id)
            .await
            .unwrap()
            .unwrap()
            .roles(),
        staff.roles()
    );
}

#[tokio::test]
async fn a_cursor_that_holds_no_id_is_not_found() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let admin = school_with_admin(&store, "a").await;
    let err = store
        .list_accounts(
            admin.school,
            &AccountFilter::default(),
            &PageRequest::new(None, Some(Cursor::after_key("not-an-id"))),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_session_of_an_unknown_account_is_not_found() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let admin = school_with_admin(&store, "a").await;
    let mut ghost = admin.clone();
    ghost.id = AccountId::new();
    let err = store
        .create_session(&session(&ghost, &SessionToken::generate()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = store
        .issue_reset_code(&reset_code(&ghost, &OneTimeCode::generate()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

#[tokio::test]
async fn a_duplicate_token_is_unexpected_not_a_conflict() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let admin = school_with_admin(&store, "a").await;
    let token = SessionToken::generate();
    store
        .create_session(&session(&admin, &token))
        .await
        .unwrap();
    let err = store
        .create_session(&session(&admin, &token))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Unexpected(_)), "{err:?}");
}

#[tokio::test]
async fn erasing_a_pupil_takes_its_co_accounts_along() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let admin = school_with_admin(&store, "a").await;
    let s = store.school(admin.school).await.unwrap().unwrap();
    let pupil = main_account(&s, "lotte", &[Role::Pupil]);
    store.insert_account(&pupil).await.unwrap();
    let mama = co_account(&pupil, "lotte.mama", 1);
    store.insert_account(&mama).await.unwrap();
    store.erase_accounts(s.id, &[pupil.id]).await.unwrap();
    assert!(store.account(s.id, mama.id).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failures_from_many_threads_are_all_counted() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let store = Arc::new(db.accounts());
    let key = ThrottleKey::client("198.51.100.7");
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let store = Arc::clone(&store);
            let key = key.clone();
            tokio::spawn(async move {
                store
                    .record_failure(&key, now(), Duration::hours(24))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut counts = Vec::new();
    for task in tasks {
        counts.push(task.await.unwrap().failures);
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=100).collect::<Vec<u32>>());
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_redeemed_concurrently_works_once() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let store = Arc::new(db.accounts());
    let admin = school_with_admin(&store, "a").await;
    let code = OneTimeCode::generate();
    store
        .issue_reset_code(&reset_code(&admin, &code))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let store = Arc::clone(&store);
            let hash = code.hash();
            tokio::spawn(async move {
                store
                    .redeem_reset_code(
                        admin.school,
                        admin.id,
                        &hash,
                        &PasswordHash::from_phc(format!("$argon2id$fake-{i}")),
                        now(),
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut used = 0;
    for task in tasks {
        used += usize::from(task.await.unwrap());
    }
    assert_eq!(used, 1);
    db.close().await;
}

#[tokio::test]
async fn the_throttle_window_is_exact_to_the_nanosecond() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let key = ThrottleKey::client("203.0.113.9");
    let window = Duration::hours(24);
    let first = now() + Duration::milliseconds(500);
    store.record_failure(&key, first, window).await.unwrap();
    // Exactly one window later: still the same count.
    let at_edge = store
        .record_failure(&key, first + window, window)
        .await
        .unwrap();
    assert_eq!(at_edge.failures, 2);
    // One nanosecond past the window after the last failure: a new count.
    let past = first + window + window + Duration::nanoseconds(1);
    let restarted = store.record_failure(&key, past, window).await.unwrap();
    assert_eq!(restarted.failures, 1);
    assert_eq!(restarted.last_failure_at, past);
    // A whole second against a fraction: 08:00:00 is before 08:00:00.000001.
    let whole = now() + Duration::days(10);
    store.record_failure(&key, whole, window).await.unwrap();
    let later = whole + window + Duration::microseconds(1);
    assert_eq!(
        store
            .record_failure(&key, later, window)
            .await
            .unwrap()
            .failures,
        1
    );
}
