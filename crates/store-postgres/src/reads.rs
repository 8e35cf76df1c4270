//! The connections of the reads that every request makes (authentication's session
//! lookup, the school of `/me`), kept apart from the sqlx pool so that they are reused
//! without a round trip.
//!
//! sqlx's pool sends a `Sync` and waits for the answer every time it takes a connection
//! back (`return_to_pool` pings), and does so on a task it spawns: for one or two
//! primary-key lookups that is as many round trips again (docs/benchmarks.md, sign-in 6).
//! The ping is there because a query whose future was dropped half-way can leave the
//! connection mid-conversation. Here a connection goes back to use only when its reads
//! finished: [`ReadConnections::get`] hands it out marked interrupted, and only
//! [`Read::finished`] clears the mark, so reads dropped half-way (the client went away, a
//! timeout) or failed leave it, and the pool closes that connection instead of handing
//! it out again. A
//! connection idle for a while is pinged before its next read, as one the server may have
//! closed meanwhile. Only single statements outside a transaction use these connections:
//! a dropped transaction's `ROLLBACK`, which sqlx sends late, never reaches them.

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use deadpool::managed::{self, Metrics, RecycleError, RecycleResult};
use schoolbrug_accounts::ports::{StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection as _, PgPool};

use crate::error::translate;
use crate::{ACQUIRE_TIMEOUT, MAX_CONNECTIONS};

/// A connection that is idle longer than this is pinged before its next read.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// One pooled connection and whether its last read was cut short.
pub(crate) struct ReadConnection {
    conn: PgConnection,
    interrupted: bool,
}

pub(crate) struct Manager {
    options: PgConnectOptions,
}

impl managed::Manager for Manager {
    type Type = ReadConnection;
    type Error = sqlx::Error;

    async fn create(&self) -> Result<ReadConnection, sqlx::Error> {
        Ok(ReadConnection {
            conn: PgConnection::connect_with(&self.options).await?,
            interrupted: false,
        })
    }

    async fn recycle(
        &self,
        read: &mut ReadConnection,
        metrics: &Metrics,
    ) -> RecycleResult<sqlx::Error> {
        if read.interrupted {
            return Err(RecycleError::message("its last read was interrupted"));
        }
        if metrics.last_used() > PING_AFTER_IDLE {
            read.conn.ping().await?;
        }
        Ok(())
    }
}

/// The pool of read connections: up to [`MAX_CONNECTIONS`], opened when first needed.
#[derive(Clone)]
pub(crate) struct ReadConnections {
    pool: managed::Pool<Manager>,
}

impl std::fmt::Debug for ReadConnections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadConnections")
            .field("status", &self.pool.status())
            .finish()
    }
}

impl ReadConnections {
    /// Read connections to the database `pool` connects to, with its options.
    ///
    /// # Errors
    /// `Unexpected` if the pool cannot be built (it has a runtime for its timeouts, so
    /// this does not happen).
    pub(crate) fn new(pool: &PgPool) -> StoreResult<Self> {
        let manager = Manager {
            options: (*pool.connect_options()).clone(),
        };
        let max = usize::try_from(MAX_CONNECTIONS).unwrap_or(10);
        let pool = managed::Pool::builder(manager)
            .max_size(max)
            .runtime(deadpool::Runtime::Tokio1)
            .wait_timeout(Some(ACQUIRE_TIMEOUT))
            .create_timeout(Some(ACQUIRE_TIMEOUT))
            .recycle_timeout(Some(ACQUIRE_TIMEOUT))
            .build()
            .map_err(|e| StoreError::Unexpected(format!("read connections: {e}")))?;
        Ok(Self { pool })
    }

    /// A connection for reads, marked interrupted until [`Read::finished`].
    pub(crate) async fn get(&self) -> StoreResult<Read> {
        let mut pooled = self.pool.get().await.map_err(unavailable)?;
        pooled.interrupted = true;
        Ok(Read { pooled })
    }

    /// Closes the idle connections and refuses new reads.
    pub(crate) fn close(&self) {
        self.pool.close();
    }
}

/// A read connection in use; it goes back to the pool when dropped.
pub(crate) struct Read {
    pooled: managed::Object<Manager>,
}

impl Read {
    /// Says that every read on this connection finished, so that it can be reused.
    pub(crate) fn finished(mut self) {
        self.pooled.interrupted = false;
    }
}

impl Deref for Read {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        &self.pooled.conn
    }
}

impl DerefMut for Read {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.pooled.conn
    }
}

fn unavailable(e: managed::PoolError<sqlx::Error>) -> StoreError {
    match e {
        managed::PoolError::Backend(e) => translate(e),
        other => StoreError::Unavailable(format!("no database connection: {other}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_support::fresh_database;

    async fn backend(read: &mut Read) -> i32 {
        sqlx::query_scalar("SELECT pg_backend_pid()")
            .fetch_one(&mut **read)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_finished_connection_is_reused() {
        let db = fresh_database().await;
        let reads = ReadConnections::new(db.pool()).unwrap();
        let mut first = reads.get().await.unwrap();
        let pid = backend(&mut first).await;
        first.finished();
        let mut again = reads.get().await.unwrap();
        assert_eq!(backend(&mut again).await, pid);
    }

    #[tokio::test]
    async fn a_connection_whose_reads_did_not_finish_is_closed_not_reused() {
        let db = fresh_database().await;
        let reads = ReadConnections::new(db.pool()).unwrap();
        let mut first = reads.get().await.unwrap();
        let pid = backend(&mut first).await;
        drop(first); // as when `?` leaves early or the request is dropped
        let mut next = reads.get().await.unwrap();
        assert_ne!(backend(&mut next).await, pid);
    }

    #[tokio::test]
    async fn a_read_dropped_half_way_does_not_leave_its_answer_to_the_next_reader() {
        let db = fresh_database().await;
        let reads = ReadConnections::new(db.pool()).unwrap();
        let mut slow = reads.get().await.unwrap();
        let pid = backend(&mut slow).await;
        let cut_short = tokio::time::timeout(
            Duration::from_millis(50),
            sqlx::query_scalar::<_, i32>("SELECT 7 FROM pg_sleep(0.3)").fetch_one(&mut *slow),
        )
        .await;
        assert!(cut_short.is_err(), "the read should have been cut short");
        drop(slow);
        let mut next = reads.get().await.unwrap();
        assert_ne!(backend(&mut next).await, pid);
        let answer: i32 = sqlx::query_scalar("SELECT 1")
            .fetch_one(&mut *next)
            .await
            .unwrap();
        assert_eq!(answer, 1);
        next.finished();
    }
}
