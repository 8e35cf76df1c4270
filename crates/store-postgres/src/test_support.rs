//! Fresh PostgreSQL databases for tests: this crate's contract tests and other crates'
//! end-to-end tests and benchmarks (feature `test-support`).
//!
//! Each call creates a new, uniquely named database on the test server, so tests run in
//! parallel without seeing each other's rows:
//!
//! ```no_run
//! # async fn run() {
//! use schoolbrug_store_postgres::test_support;
//!
//! let db = test_support::fresh_database().await; // migrated, ready
//! let store = db.accounts();
//! // For a test that starts the real binary (which migrates at start):
//! let url = test_support::fresh_database_url().await;
//! # let _ = (store, url);
//! # }
//! ```
//!
//! The server is the one at `$SCHOOLBRUG_TEST_DATABASE_URL` (a URL of any database on
//! it, usually `postgres`; the user must be allowed to `CREATE DATABASE`), by default
//! [`DEFAULT_SERVER_URL`].
//!
//! The databases are named `sb_test_<unix seconds>_<uuid>`. They are not dropped when a
//! test ends (a test cannot await in `Drop`); instead, the first fresh database a process
//! asks for first drops every `sb_test_…` database older than [`STALE_AFTER`] that no
//! one is connected to. [`drop_stale_databases`] does the same on demand (a CI step may
//! call it with a zero age once every test is done).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use schoolbrug_accounts::ports::StoreError;
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection as _, Executor as _, PgConnection};
use uuid::Uuid;

use crate::PgDatabase;
use crate::error::translate;

/// The environment variable naming the test server.
pub const SERVER_URL_ENV: &str = "SCHOOLBRUG_TEST_DATABASE_URL";

/// The test server when [`SERVER_URL_ENV`] is not set.
pub const DEFAULT_SERVER_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// How old a test database must be before [`fresh_database`] drops it.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);

/// The prefix of every test database's name.
pub const DATABASE_PREFIX: &str = "sb_test_";

/// Connections per test pool: enough for the concurrency tests, few enough for many
/// tests in parallel on one server.
const TEST_POOL_SIZE: u32 = 5;

/// A slow, busy test machine is not an outage: wait longer for a connection than
/// production does.
const TEST_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait for the test server to answer.
const SERVER_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

static STALE_DROPPED: AtomicBool = AtomicBool::new(false);

/// The URL of the test server: `$SCHOOLBRUG_TEST_DATABASE_URL` or
/// [`DEFAULT_SERVER_URL`].
#[must_use]
pub fn server_url() -> String {
    std::env::var(SERVER_URL_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_SERVER_URL.to_owned())
}

/// A new, empty, migrated database, with a small pool (5 connections, 30 s acquire
/// timeout).
///
/// # Panics
/// When the test server cannot be reached, refuses to create a database, or a migration
/// fails: a test cannot run without it, and the message says what to fix.
pub async fn fresh_database() -> PgDatabase {
    let url = fresh_database_url().await;
    let pool = PgPoolOptions::new()
        .max_connections(TEST_POOL_SIZE)
        .acquire_timeout(TEST_ACQUIRE_TIMEOUT)
        .connect(&url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the fresh test database: {e}"));
    let db = PgDatabase::from_pool(pool)
        .unwrap_or_else(|e| panic!("cannot use the fresh test database: {e}"));
    if let Err(e) = db.migrate().await {
        panic!("cannot migrate the fresh test database: {e}");
    }
    db
}

/// The URL of a new, empty database that is NOT migrated: for tests that start the real
/// binary, which migrates at start, or that test migrations themselves.
///
/// # Panics
/// When the test server cannot be reached or refuses to create a database.
pub async fn fresh_database_url() -> String {
    let server = server_url();
    let mut conn = connect_to_server(&server).await.unwrap_or_else(|e| {
        panic!(
            "cannot reach the PostgreSQL test server at {} ({e}); start it or set \
             {SERVER_URL_ENV}",
            redacted(&server)
        )
    });
    if !STALE_DROPPED.swap(true, Ordering::SeqCst)
        && let Err(e) = drop_stale_with(&mut conn, STALE_AFTER).await
    {
        tracing::warn!(error = %e, "could not drop stale test databases");
    }
    let name = format!(
        "{DATABASE_PREFIX}{}_{}",
        unix_now(),
        Uuid::now_v7().simple()
    );
    // The name is ours: ASCII lowercase letters, digits and underscores only.
    conn.execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await
        .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
    let _ = conn.close().await;
    database_url(&server, &name).unwrap_or_else(|e| panic!("invalid {SERVER_URL_ENV}: {e}"))
}

/// Drops every test database (`sb_test_…`) created more than `older_than` ago that no one
/// is connected to, and returns how many it dropped. A database in use is left alone.
///
/// # Errors
/// `Unavailable` when the test server cannot be reached.
pub async fn drop_stale_databases(older_than: Duration) -> Result<usize, StoreError> {
    let mut conn = connect_to_server(&server_url()).await?;
    let dropped = drop_stale_with(&mut conn, older_than).await;
    let _ = conn.close().await;
    dropped
}

/// One connection to the test server, or `Unavailable` after [`SERVER_CONNECT_TIMEOUT`].
async fn connect_to_server(server: &str) -> Result<PgConnection, StoreError> {
    match tokio::time::timeout(SERVER_CONNECT_TIMEOUT, PgConnection::connect(server)).await {
        Ok(connected) => connected.map_err(translate),
        Err(_) => Err(StoreError::Unavailable(format!(
            "no answer within {} s",
            SERVER_CONNECT_TIMEOUT.as_secs()
        ))),
    }
}

async fn drop_stale_with(
    conn: &mut PgConnection,
    older_than: Duration,
) -> Result<usize, StoreError> {
    let names: Vec<String> =
        sqlx::query_scalar(r"SELECT datname FROM pg_database WHERE datname LIKE 'sb\_test\_%'")
            .fetch_all(&mut *conn)
            .await
            .map_err(translate)?;
    let now = unix_now();
    let mut dropped = 0;
    for name in names {
        let Some(created) = created_at(&name) else {
            continue;
        };
        if now.saturating_sub(created) < older_than.as_secs() {
            continue;
        }
        // Without FORCE: a database someone is still connected to stays (the statement
        // fails, and that is fine); so does one another process drops at the same time.
        match conn
            .execute(format!("DROP DATABASE IF EXISTS \"{name}\"").as_str())
            .await
        {
            Ok(_) => dropped += 1,
            Err(e) => tracing::debug!(database = %name, error = %e, "stale test database kept"),
        }
    }
    Ok(dropped)
}

/// The creation time encoded in a test database's name, if the name is exactly
/// `sb_test_<seconds>_<32 hex digits>` (so that it is safe to quote).
fn created_at(name: &str) -> Option<u64> {
    let rest = name.strip_prefix(DATABASE_PREFIX)?;
    let (seconds, id) = rest.split_once('_')?;
    let hex_id = id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit());
    let digits = !seconds.is_empty() && seconds.chars().all(|c| c.is_ascii_digit());
    (hex_id && digits).then(|| seconds.parse().ok()).flatten()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The server URL with its database replaced by `name`.
fn database_url(server: &str, name: &str) -> Result<String, url::ParseError> {
    let mut url = url::Url::parse(server)?;
    url.set_path(&format!("/{name}"));
    Ok(url.into())
}

/// The URL without its password, for messages.
fn redacted(server: &str) -> String {
    match url::Url::parse(server) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.into()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_our_making_carry_a_creation_time() {
        assert_eq!(
            created_at("sb_test_1700000000_0123456789abcdef0123456789abcdef"),
            Some(1_700_000_000)
        );
        assert_eq!(created_at("sb_test_1700000000_x\"; DROP"), None);
        assert_eq!(
            created_at("sb_test__0123456789abcdef0123456789abcdef"),
            None
        );
        assert_eq!(created_at("postgres"), None);
    }

    #[test]
    fn the_database_is_replaced_and_the_rest_kept() {
        assert_eq!(
            database_url(
                "postgres://u:p@h:5433/postgres?sslmode=disable",
                "sb_test_1_a"
            )
            .ok()
            .as_deref(),
            Some("postgres://u:p@h:5433/sb_test_1_a?sslmode=disable")
        );
        assert_eq!(
            redacted("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
    }
}
