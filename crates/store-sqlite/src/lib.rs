//! Every Schoolbrug repository port on SQLite: the embedded default, one file, no server.
//!
//! [`SqliteDatabase`] opens (and creates) the database file in WAL mode with foreign keys
//! enforced, and applies the migrations of `migrations/sqlite`. Each module's ports are a
//! cheap handle on the same pool, behind that module's cargo feature:
//!
//! ```no_run
//! # async fn run() -> Result<(), schoolbrug_accounts::ports::StoreError> {
//! use schoolbrug_store_sqlite::SqliteDatabase;
//!
//! let db = SqliteDatabase::connect("schoolbrug-data/schoolbrug.db").await?;
//! db.migrate().await?;
//! let accounts = db.accounts(); // every accounts port: SchoolStore, AccountStore, …
//! let messaging = db.messaging(); // every messaging port
//! let calendar = db.calendar(); // every calendar port, its Directory, the SchoolCalendar
//! let attendance = db.attendance(); // every attendance port and its Directory
//! # let _ = (accounts, messaging, calendar, attendance);
//! # Ok(())
//! # }
//! ```
//!
//! Errors are the ports' [`StoreError`]: a broken uniqueness rule is a `Conflict`, a
//! missing referenced record `NotFound`, a busy, closed or unreachable database
//! `Unavailable`. No sqlx type crosses this crate's API except [`SqliteDatabase::pool`].
#![warn(missing_docs)]

#[cfg(feature = "accounts")]
mod accounts;
#[cfg(feature = "attendance")]
mod attendance;
#[cfg(feature = "calendar")]
mod calendar;
mod error;
#[cfg(feature = "messaging")]
mod messaging;

use std::path::Path;
use std::str::FromStr as _;
use std::time::Duration;

use schoolbrug_accounts::ports::StoreError;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

#[cfg(feature = "accounts")]
pub use accounts::SqliteAccountsStore;
#[cfg(feature = "attendance")]
pub use attendance::SqliteAttendanceStore;
#[cfg(feature = "calendar")]
pub use calendar::SqliteCalendarStore;
#[cfg(feature = "messaging")]
pub use messaging::SqliteMessageStore;

use crate::error::{translate, translate_migrate};

/// How long a statement waits for another connection's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a caller waits for a free connection of the pool.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections of a file database: WAL lets readers run side by side; writes take turns.
const MAX_CONNECTIONS: u32 = 8;

/// A SQLite database: a pool of connections to one file (or to one private in-memory
/// database), from which every module's stores are made.
#[derive(Clone, Debug)]
pub struct SqliteDatabase {
    pool: SqlitePool,
}

impl SqliteDatabase {
    /// Opens the database at `url`, creating the file (and its folder) if missing.
    ///
    /// `url` is a `sqlite://path?mode=rwc` URL, a `sqlite:path` URL or a plain file path.
    /// The connections use WAL journaling, enforce foreign keys, and wait up to 5 s for a
    /// lock held by another connection. `sqlite::memory:` gives [`Self::in_memory`].
    ///
    /// # Errors
    /// `Unavailable` when the file cannot be opened or created; `Unexpected` for a
    /// malformed URL.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Self::in_memory().await;
        }
        let options = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url).map_err(translate)?
        } else {
            SqliteConnectOptions::new().filename(url)
        };
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .optimize_on_close(true, None);
        create_parent_folder(options.get_filename())?;
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // A file connection does not go stale; the ping before each query only cost time.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(translate)?;
        Ok(Self { pool })
    }

    /// A new, private, empty in-memory database, for tests and trials. It lives as long
    /// as this value (and its clones and stores): the pool holds one connection that is
    /// never closed, so every query sees the same database.
    ///
    /// # Errors
    /// `Unavailable` when SQLite cannot open it.
    pub async fn in_memory() -> Result<Self, StoreError> {
        // Each `sqlite::memory:` parse names a new shared-cache database of its own.
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(translate)?
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(translate)?;
        Ok(Self { pool })
    }

    /// Applies the migrations of `migrations/sqlite` that are not applied yet; running it
    /// again is harmless.
    ///
    /// # Errors
    /// `Unexpected` when an applied migration was changed or is missing, or one fails;
    /// `Unavailable` when the database is unreachable.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("../../migrations/sqlite")
            .run(&self.pool)
            .await
            .map_err(translate_migrate)
    }

    /// Readiness: whether the database answers a query.
    ///
    /// # Errors
    /// `Unavailable` when it does not (closed pool, busy or missing file).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(translate)
    }

    /// Closes every connection, waiting for those in use (graceful shutdown). Later
    /// queries, through this value or any store made from it, fail with `Unavailable`.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The connection pool, for adapters of other modules and for tests.
    #[must_use]
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Every repository port of the accounts module, on this database.
    #[cfg(feature = "accounts")]
    #[must_use]
    pub fn accounts(&self) -> SqliteAccountsStore {
        SqliteAccountsStore::new(self.pool.clone())
    }

    /// Every port of the messaging module (`Directory`, `MessageStore`, `MessageReader`,
    /// `SettingsStore`, `NewsStore`, `OutboxQueue`, `QuietHoursStore`) on this database.
    #[cfg(feature = "messaging")]
    #[must_use]
    pub fn messaging(&self) -> SqliteMessageStore {
        SqliteMessageStore::new(self.pool.clone())
    }

    /// Every port of the calendar module (`Directory`, `ActivityStore`, `FeedStore`,
    /// `SchoolYearStore`) and the kernel's `SchoolCalendar`, on this database.
    #[cfg(feature = "calendar")]
    #[must_use]
    pub fn calendar(&self) -> SqliteCalendarStore {
        SqliteCalendarStore::new(self.pool.clone())
    }

    /// Every repository port of the attendance module (`RegisterStore`, `NoteStore`,
    /// `SettingsStore`, `AlertStore`) and its `Directory`, on this database.
    #[cfg(feature = "attendance")]
    #[must_use]
    pub fn attendance(&self) -> SqliteAttendanceStore {
        SqliteAttendanceStore::new(self.pool.clone())
    }
}

/// SQLite creates a missing file but not a missing folder.
fn create_parent_folder(file: &Path) -> Result<(), StoreError> {
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.exists() => {
            std::fs::create_dir_all(folder).map_err(|e| {
                StoreError::Unavailable(format!("cannot create {}: {e}", folder.display()))
            })
        }
        _ => Ok(()),
    }
}
