//! Every Schoolbrug repository port on PostgreSQL: the production store, for one server
//! behind any number of stateless HTTP nodes, or for a region distributed by `school_id`
//! with Citus (every table carries it and every query that can filters on it).
//!
//! ```no_run
//! # async fn run() -> Result<(), schoolbrug_accounts::ports::StoreError> {
//! use schoolbrug_store_postgres::PgDatabase;
//!
//! let db = PgDatabase::connect("postgres://schoolbrug@db.example.org/schoolbrug").await?;
//! db.migrate().await?;
//! let accounts = std::sync::Arc::new(db.accounts()); // every accounts port
//! let messaging = std::sync::Arc::new(db.messaging()); // every messaging port
//! let calendar = std::sync::Arc::new(db.calendar()); // every calendar port
//! let attendance = std::sync::Arc::new(db.attendance()); // every attendance port
//! # let _ = (accounts, messaging, calendar, attendance);
//! # Ok(())
//! # }
//! ```
//!
//! The schema lives in `migrations/postgres` at the workspace root, one schema in two
//! dialects with `migrations/sqlite`; [`PgDatabase::migrate`] applies what is missing
//! (the files are embedded at compile time; concurrent runs are serialized by an advisory
//! lock, so several nodes may start at once).
//!
//! Features: `accounts` (default) — `PgAccountsStore`, the accounts module's ports;
//! `messaging` (default, implies `accounts`) — `PgMessageStore`, the messaging module's
//! ports (the forwarding worker's `OutboxQueue` and `QuietHoursStore` too);
//! `calendar` (default, implies `accounts`) — `PgCalendarStore`, the calendar module's
//! ports, its `Directory` over the accounts tables, and the kernel's `SchoolCalendar`;
//! `attendance` (default, implies `accounts`) — `PgAttendanceStore`, the attendance
//! module's ports and its `Directory` over the accounts tables;
//! `test-support` — the `test_support` module (fresh databases for tests, also other
//! crates').
//!
//! Errors are translated once, in one place: a unique constraint by its name becomes
//! `Conflict`, a missing referenced record `NotFound`, an unreachable server or a pool
//! timeout `Unavailable`, anything else `Unexpected`.
//!
//! Times are stored as `timestamptz`, which keeps microseconds: a time read back is the
//! time written, truncated to the microsecond.
#![warn(missing_docs)]

mod error;
mod reads;

#[cfg(feature = "accounts")]
mod accounts;

#[cfg(feature = "messaging")]
mod messaging;

#[cfg(feature = "calendar")]
mod calendar;

#[cfg(feature = "attendance")]
mod attendance;

#[cfg(feature = "test-support")]
pub mod test_support;

use std::time::Duration;

use schoolbrug_accounts::ports::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection as _, PgConnection, PgPool};

#[cfg(feature = "accounts")]
pub use accounts::PgAccountsStore;
#[cfg(feature = "attendance")]
pub use attendance::PgAttendanceStore;
#[cfg(feature = "calendar")]
pub use calendar::PgCalendarStore;
#[cfg(feature = "messaging")]
pub use messaging::PgMessageStore;

/// The most connections [`PgDatabase::connect`] opens (per process).
pub const MAX_CONNECTIONS: u32 = 10;

/// How long a query waits for a free connection — or [`PgDatabase::connect`] for the
/// server — before reporting `Unavailable`.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A PostgreSQL database holding Schoolbrug's tables: a connection pool, cheap to clone.
#[derive(Clone, Debug)]
pub struct PgDatabase {
    pool: PgPool,
    /// The lookups of every request, apart from `pool` (`reads`).
    reads: reads::ReadConnections,
}

impl PgDatabase {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`,
    /// with any libpq-style parameters such as `sslmode`) with a pool of up to
    /// [`MAX_CONNECTIONS`]. It opens one connection at once, so that a wrong URL or an
    /// unreachable server fails here, within [`ACQUIRE_TIMEOUT`], and not at the first
    /// request.
    ///
    /// # Errors
    /// `Unavailable` when the server cannot be reached in time (refused, no answer,
    /// starting up, too many connections); `Unexpected` for a malformed URL or a refusal
    /// that retrying will not cure (wrong password, unknown database).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e| StoreError::Unexpected(format!("invalid PostgreSQL URL: {e}")))?;
        let target = format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or_default()
        );
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .min_connections(0)
            // A ping before every query tripled the round trips (docs/benchmarks.md); a dead
            // connection instead fails its one query, answered 503, and is not reused.
            .test_before_acquire(false)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(Duration::from_secs(600))
            .connect_with(options.clone())
            .await;
        match pool {
            Ok(pool) => Self::from_pool(pool),
            // The pool retries a refused connection until its timeout and then only says
            // that it timed out: one more direct attempt tells why.
            Err(sqlx::Error::PoolTimedOut) => {
                let cause = match answers_directly(&options).await {
                    Err(cause) => cause,
                    Ok(()) => "it answered too slowly".to_owned(),
                };
                Err(StoreError::Unavailable(format!(
                    "PostgreSQL at {target} not reachable within {} s: {cause}",
                    ACQUIRE_TIMEOUT.as_secs()
                )))
            }
            Err(e) => Err(match error::translate(e) {
                StoreError::Unavailable(m) => {
                    StoreError::Unavailable(format!("PostgreSQL at {target}: {m}"))
                }
                StoreError::Unexpected(m) => {
                    StoreError::Unexpected(format!("PostgreSQL at {target}: {m}"))
                }
                other => other,
            }),
        }
    }

    /// Wraps a pool the caller configured (size, timeouts, TLS, `after_connect`…). The
    /// lookups of every request run on up to [`MAX_CONNECTIONS`] connections of their
    /// own, opened when needed with the pool's connect options (TLS and every other URL
    /// parameter included) but without the pool's hooks (`after_connect` and the like).
    ///
    /// # Errors
    /// `Unexpected` if those connections' pool cannot be made (it does not happen).
    pub fn from_pool(pool: PgPool) -> Result<Self, StoreError> {
        let reads = reads::ReadConnections::new(&pool)?;
        Ok(Self { pool, reads })
    }

    /// Applies the migrations of `migrations/postgres` that the database lacks. Running it
    /// again changes nothing; concurrent runs wait for each other.
    ///
    /// # Errors
    /// `Unavailable` when the server is down; `Unexpected` when a migration fails or the
    /// database holds a migration this build does not know or an applied one that was
    /// since modified.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("../../migrations/postgres")
            .run(&self.pool)
            .await
            .map_err(error::translate_migration)
    }

    /// Checks that the database answers (for readiness probes).
    ///
    /// A pooled connection that went stale in an outage (the server restarted, the
    /// network dropped it) fails its statement once and is then dropped; that says nothing
    /// about the database now. So a failure on the pool is checked again on a new
    /// connection, for at most 2 s, and only that one's failure is reported.
    ///
    /// # Errors
    /// `Unavailable` when it does not answer.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let pooled = sqlx::query("SELECT 1").execute(&self.pool).await;
        match pooled.map_err(error::translate) {
            Ok(_) => Ok(()),
            // A closed pool (the process is stopping) is not ready, whatever the server says.
            Err(StoreError::Unavailable(reason)) if !self.pool.is_closed() => {
                answers_directly(&self.pool.connect_options())
                    .await
                    .map_err(|_| StoreError::Unavailable(reason))
            }
            Err(other) => Err(other),
        }
    }

    /// The connection pool, for other adapters of this crate or for custom queries.
    #[must_use]
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Every repository port of the accounts module, on this database.
    #[cfg(feature = "accounts")]
    #[must_use]
    pub fn accounts(&self) -> PgAccountsStore {
        PgAccountsStore::with_reads(self.pool.clone(), self.reads.clone())
    }

    /// Every repository port of the messaging module on this database.
    #[cfg(feature = "messaging")]
    #[must_use]
    pub fn messaging(&self) -> PgMessageStore {
        PgMessageStore::new(self.pool.clone())
    }

    /// Every port of the calendar module (`Directory`, `ActivityStore`, `FeedStore`,
    /// `SchoolYearStore`) and the kernel's `SchoolCalendar`, on this database.
    #[cfg(feature = "calendar")]
    #[must_use]
    pub fn calendar(&self) -> PgCalendarStore {
        PgCalendarStore::new(self.pool.clone())
    }

    /// Every port of the attendance module (`Directory`, `RegisterStore`, `NoteStore`,
    /// `SettingsStore`, `AlertStore`), on this database.
    #[cfg(feature = "attendance")]
    #[must_use]
    pub fn attendance(&self) -> PgAttendanceStore {
        PgAttendanceStore::new(self.pool.clone())
    }

    /// Closes every connection of the pool, waiting for those in use to be returned.
    pub async fn close(&self) {
        self.reads.close();
        self.pool.close().await;
    }
}

/// Whether the server answers `SELECT 1` on a new connection, outside any pool, within
/// 2 s; if not, why (the driver's error, or "no answer").
async fn answers_directly(options: &PgConnectOptions) -> Result<(), String> {
    let attempt = async {
        let mut conn = PgConnection::connect_with(options).await?;
        sqlx::query("SELECT 1").execute(&mut conn).await?;
        conn.close().await
    };
    match tokio::time::timeout(Duration::from_secs(2), attempt).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("no answer".to_owned()),
    }
}
