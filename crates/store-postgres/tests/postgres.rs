//! What the PostgreSQL adapter does beyond the contract suite: migrations, races the
//! database must settle, connection failures, and where SQL differs from Rust (LIKE
//! wildcards, collations, composite foreign keys).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone as _, Utc};
use schoolbrug_accounts::contract::{co_account, main_account, school};
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::model::{
    Account, AccountFilter, Group, GroupKind, GroupName, OneTimeCode, PasswordHash, PersonName,
    ResetCode, School, SecretHash, Session, SessionToken,
};
use schoolbrug_accounts::ports::{
    AccountStore as _, AccountsStores, CredentialStore as _, GroupStore as _, SchoolStore as _,
    SessionStore as _, StoreError,
};
use schoolbrug_kernel::{GroupId, PageRequest, Role, SchoolId};
use schoolbrug_store_postgres::test_support::{
    DATABASE_PREFIX, STALE_AFTER, drop_stale_databases, fresh_database, fresh_database_url,
    server_url,
};
use schoolbrug_store_postgres::{PgAccountsStore, PgDatabase};
use sqlx::Connection as _;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

fn phc(s: &str) -> PasswordHash {
    PasswordHash::from_phc(format!("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$fake-{s}"))
}

fn code_for(account: &Account, code: &OneTimeCode) -> ResetCode {
    ResetCode {
        code_hash: code.hash(),
        school: account.school,
        account: account.id,
        issued_at: now(),
        expires_at: now() + chrono::Duration::days(7),
    }
}

async fn school_with_admin<S: AccountsStores>(store: &S, slug: &str) -> (School, Account) {
    let school = school(slug);
    let admin = main_account(&school, &format!("admin-{slug}"), &[Role::Admin]);
    let code = code_for(&admin, &OneTimeCode::generate());
    store.create_school(&school, &admin, &code).await.unwrap();
    (school, admin)
}

async fn migration_count(db: &PgDatabase) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_to_an_empty_database_and_again_without_change() {
    let url = fresh_database_url().await;
    let db = PgDatabase::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let applied = migration_count(&db).await;
    assert!(applied >= 1);
    db.migrate().await.unwrap();
    db.migrate().await.unwrap();
    assert_eq!(migration_count(&db).await, applied);
    db.ping().await.unwrap();
    db.close().await;
}

#[tokio::test]
async fn concurrent_migrations_wait_for_each_other() {
    let url = fresh_database_url().await;
    let a = PgDatabase::connect(&url).await.unwrap();
    let b = PgDatabase::connect(&url).await.unwrap();
    let (ra, rb) = tokio::join!(a.migrate(), b.migrate());
    ra.unwrap();
    rb.unwrap();
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_two_concurrent_redemptions_of_one_code_exactly_one_succeeds() {
    let store = Arc::new(fresh_database().await.accounts());
    let (school, _) = school_with_admin(&*store, "race").await;
    for round in 0..10 {
        let pupil = main_account(&school, &format!("pupil{round}"), &[Role::Pupil]);
        store.insert_account(&pupil).await.unwrap();
        let code = OneTimeCode::generate();
        store
            .issue_reset_code(&code_for(&pupil, &code))
            .await
            .unwrap();
        let redeem = |password: &'static str| {
            let store = Arc::clone(&store);
            let hash = code.hash();
            let (school, account) = (school.id, pupil.id);
            tokio::spawn(async move {
                store
                    .redeem_reset_code(school, account, &hash, &phc(password), now())
                    .await
                    .unwrap()
            })
        };
        let (a, b) = (redeem("a"), redeem("b"));
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        assert!(a ^ b, "round {round}: both or neither succeeded ({a}, {b})");
        let (_, stored) = store
            .account_by_username(school.id, &pupil.username)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored, Some(phc(if a { "a" } else { "b" })));
        assert!(
            store
                .reset_code(school.id, pupil.id)
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable_not_a_panic_or_a_hang() {
    let result = tokio::time::timeout(
        Duration::from_secs(60),
        PgDatabase::connect("postgres://postgres@127.0.0.1:1/postgres"),
    )
    .await
    .expect("connect gives up on its own");
    match result {
        Err(StoreError::Unavailable(message)) => {
            eprintln!("{message}");
            assert!(message.contains("127.0.0.1:1"), "{message}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

/// Ends every other backend of the test database, as a server restart or a dropped
/// network would.
async fn end_the_pools_connections(db: &PgDatabase) {
    let mut outside = sqlx::PgConnection::connect_with(&db.pool().connect_options())
        .await
        .unwrap();
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut outside)
    .await
    .unwrap();
    outside.close().await.unwrap();
}

#[tokio::test]
async fn readiness_is_about_the_database_not_a_connection_that_went_stale() {
    // The server's own pool options (no ping before a connection is handed out), not the
    // test pool's.
    let db = PgDatabase::connect(&fresh_database_url().await)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db.ping().await.unwrap();
    end_the_pools_connections(&db).await;
    db.ping()
        .await
        .expect("the database answers, though the pooled connection is gone");
}

#[tokio::test]
async fn a_session_lookup_after_its_connection_went_stale_fails_once_then_works() {
    let db = PgDatabase::connect(&fresh_database_url().await)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let store = db.accounts();
    let hash = SecretHash::from_bytes([7; 32]);
    let school = Some(SchoolId::new());
    assert!(
        store
            .session_context(school, &hash)
            .await
            .unwrap()
            .is_none()
    );
    end_the_pools_connections(&db).await;
    // The read connection is stale: one Unavailable (the API answers 503), then a new one.
    let first = store.session_context(school, &hash).await;
    assert!(
        matches!(first, Ok(None) | Err(StoreError::Unavailable(_))),
        "{first:?}"
    );
    assert!(
        store
            .session_context(school, &hash)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_malformed_url_is_refused_without_a_panic() {
    let result = PgDatabase::connect("not a url").await;
    assert!(
        matches!(result, Err(StoreError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_closed_pool_is_unavailable() {
    let db = fresh_database().await;
    let store = db.accounts();
    db.close().await;
    assert!(matches!(
        store.schools().await,
        Err(StoreError::Unavailable(_))
    ));
    assert!(matches!(db.ping().await, Err(StoreError::Unavailable(_))));
}

#[tokio::test]
async fn the_text_filter_takes_like_wildcards_literally() {
    let store = fresh_database().await.accounts();
    let (school, _) = school_with_admin(&store, "a").await;
    for (username, last_name) in [("a_b", "Peeters"), ("axb", "Peeters"), ("p3", "Voor 100%")] {
        let mut account = main_account(&school, username, &[Role::Pupil]);
        account.last_name = PersonName::parse("last_name", last_name).unwrap();
        store.insert_account(&account).await.unwrap();
    }
    store
        .insert_account(&main_account(&school, "p1000", &[Role::Pupil]))
        .await
        .unwrap();
    let find = |q: &str| {
        let filter = AccountFilter {
            role: None,
            query: Some(q.to_owned()),
        };
        let store = &store;
        async move {
            let page = store
                .list_accounts(school.id, &filter, &PageRequest::first())
                .await
                .unwrap();
            let mut names: Vec<String> = page
                .items
                .into_iter()
                .map(|a| a.username.as_str().to_owned())
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(find("a_b").await, ["a_b"]);
    assert_eq!(find("0%").await, ["p3"]);
    assert_eq!(find("A_").await, ["a_b"]);
    assert!(find("\\").await.is_empty());
}

#[tokio::test]
async fn groups_and_schools_are_sorted_by_bytes_like_the_other_adapters() {
    let pg = fresh_database().await.accounts();
    let memory = InMemoryAccountsStore::new();
    for slug in ["b", "a-c", "ab", "a1"] {
        let school = school(slug);
        let admin = main_account(&school, "admin", &[Role::Admin]);
        let code = code_for(&admin, &OneTimeCode::generate());
        pg.create_school(&school, &admin, &code).await.unwrap();
        memory.create_school(&school, &admin, &code).await.unwrap();
    }
    assert_eq!(pg.schools().await.unwrap(), memory.schools().await.unwrap());

    let (school, _) = school_with_admin(&pg, "groups").await;
    let mut expected = Vec::new();
    for name in ["b", "B", "a-c", "ab", "Ä", "3A", "10A"] {
        let group = Group {
            id: GroupId::new(),
            school: school.id,
            name: GroupName::parse(name).unwrap(),
            kind: GroupKind::Class,
        };
        pg.create_group(&group).await.unwrap();
        expected.push(group);
    }
    expected.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
    assert_eq!(pg.groups(school.id).await.unwrap(), expected);
}

#[tokio::test]
async fn a_co_account_of_a_co_account_is_not_found() {
    let store = fresh_database().await.accounts();
    let (school, _) = school_with_admin(&store, "a").await;
    let pupil = main_account(&school, "lotte", &[Role::Pupil]);
    store.insert_account(&pupil).await.unwrap();
    let mama = co_account(&pupil, "mama", 1);
    store.insert_account(&mama).await.unwrap();
    let err = store
        .insert_account(&co_account(&mama, "oma", 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

#[tokio::test]
async fn sessions_and_codes_of_an_account_of_another_school_are_not_found() {
    let store = fresh_database().await.accounts();
    let (_, admin_a) = school_with_admin(&store, "a").await;
    let (b, _) = school_with_admin(&store, "b").await;
    let token = SessionToken::generate();
    let err = store
        .create_session(&Session {
            token_hash: token.hash(),
            school: b.id,
            account: admin_a.id,
            created_at: now(),
            last_seen_at: now(),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let mut code = code_for(&admin_a, &OneTimeCode::generate());
    code.school = b.id;
    let err = store.issue_reset_code(&code).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

#[tokio::test]
async fn erasing_a_pupil_takes_its_co_accounts_along() {
    let store: PgAccountsStore = fresh_database().await.accounts();
    let (school, _) = school_with_admin(&store, "a").await;
    let pupil = main_account(&school, "lotte", &[Role::Pupil]);
    store.insert_account(&pupil).await.unwrap();
    let mama = co_account(&pupil, "mama", 1);
    store.insert_account(&mama).await.unwrap();
    store.erase_accounts(school.id, &[pupil.id]).await.unwrap();
    assert!(store.account(school.id, mama.id).await.unwrap().is_none());
}

#[tokio::test]
async fn stale_test_databases_are_dropped_and_fresh_ones_kept() {
    let mut conn = sqlx::PgConnection::connect(&server_url()).await.unwrap();
    let stale = format!("{DATABASE_PREFIX}1000_{}", uuid::Uuid::now_v7().simple());
    sqlx::raw_sql(&format!("CREATE DATABASE \"{stale}\""))
        .execute(&mut conn)
        .await
        .unwrap();
    let fresh = fresh_database().await;
    drop_stale_databases(STALE_AFTER).await.unwrap();
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&stale)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(!exists, "{stale} was not dropped");
    fresh.ping().await.unwrap();
    conn.close().await.unwrap();
}
