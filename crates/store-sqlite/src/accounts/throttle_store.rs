//! The accounts `ThrottleStore` on SQLite: the failure counters that slow down password
//! guessing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{Attempt, ThrottleKey, ThrottlePolicy, ThrottleState};
use schoolbrug_accounts::ports::{StoreError, StoreResult, ThrottleStore};
use sqlx::FromRow;

use super::SqliteAccountsStore;
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct ThrottleRow {
    failures: i64,
    last_failure_at: DateTime<Utc>,
}

impl TryFrom<ThrottleRow> for ThrottleState {
    type Error = StoreError;

    fn try_from(row: ThrottleRow) -> StoreResult<Self> {
        Ok(ThrottleState {
            failures: u32::try_from(row.failures).map_err(|_| corrupt("failures"))?,
            last_failure_at: row.last_failure_at,
        })
    }
}

#[async_trait]
impl ThrottleStore for SqliteAccountsStore {
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState> {
        // A failure more than `window` after the previous one starts over:
        // `at - last > window`, i.e. `last < at - window`. Times are compared as the text
        // sqlx writes for a DateTime<Utc> (RFC 3339, UTC offset, 0/3/6/9 fraction digits),
        // which sorts like the times themselves.
        // Without a representable `at - window`, nothing is old enough to start over
        // (a NULL bound makes the comparison false).
        let starts_over_before = at.checked_sub_signed(window);
        // One statement, so concurrent failures are counted one after the other.
        sqlx::query_as::<_, ThrottleRow>(
            "INSERT INTO throttle (key, failures, last_failure_at) VALUES (?1, 1, ?2) \
             ON CONFLICT (key) DO UPDATE SET \
                 failures = CASE WHEN throttle.last_failure_at < ?3 THEN 1 \
                                 ELSE min(throttle.failures + 1, 4294967295) END, \
                 last_failure_at = excluded.last_failure_at \
             RETURNING failures, last_failure_at",
        )
        .bind(key.as_str())
        .bind(at)
        .bind(starts_over_before)
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?
        .try_into()
    }

    async fn take_attempt(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        // BEGIN IMMEDIATE takes the database's write lock before the read: concurrent
        // attempts, from this process or another, are decided one after the other.
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(translate)?;
        let state = sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, last_failure_at FROM throttle WHERE key = ?1",
        )
        .bind(key.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(translate)?
        .map(ThrottleState::try_from)
        .transpose()?;
        let attempt = policy.attempt(state.as_ref(), at);
        if let Attempt::Allowed(counted) = attempt {
            sqlx::query(
                "INSERT INTO throttle (key, failures, last_failure_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (key) DO UPDATE SET \
                     failures = excluded.failures, last_failure_at = excluded.last_failure_at",
            )
            .bind(key.as_str())
            .bind(i64::from(counted.failures))
            .bind(counted.last_failure_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)?;
        Ok(attempt)
    }

    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>> {
        sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, last_failure_at FROM throttle WHERE key = ?1",
        )
        .bind(key.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(ThrottleState::try_from)
        .transpose()
    }

    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()> {
        sqlx::query("DELETE FROM throttle WHERE key = ?1")
            .bind(key.as_str())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }
}
