//! The accounts `ThrottleStore` on PostgreSQL: the failure counters that slow down
//! password guessing.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use schoolbrug_accounts::model::{Attempt, ThrottleKey, ThrottlePolicy, ThrottleState};
use schoolbrug_accounts::ports::{StoreError, StoreResult, ThrottleStore};
use sqlx::postgres::types::PgInterval;

use super::PgAccountsStore;
use crate::error::{corrupt, translate};

#[derive(sqlx::FromRow)]
struct ThrottleRow {
    failures: i32,
    last_failure_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct KeyedThrottleRow {
    key: String,
    failures: i32,
    last_failure_at: DateTime<Utc>,
}

impl ThrottleRow {
    fn into_state(self) -> StoreResult<ThrottleState> {
        Ok(ThrottleState {
            failures: u32::try_from(self.failures)
                .map_err(|_| corrupt("throttle", format!("failures {}", self.failures)))?,
            last_failure_at: self.last_failure_at,
        })
    }
}

/// A window as a PostgreSQL interval, saturating where chrono's range exceeds it.
fn interval(window: TimeDelta) -> PgInterval {
    let microseconds = window
        .num_microseconds()
        .unwrap_or(if window < TimeDelta::zero() {
            i64::MIN
        } else {
            i64::MAX
        });
    PgInterval {
        months: 0,
        days: 0,
        microseconds,
    }
}

#[async_trait]
impl ThrottleStore for PgAccountsStore {
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState> {
        // One statement: concurrent failures on one key queue on its row and each counts.
        // A failure more than `window` after the previous one starts again at 1.
        sqlx::query_as::<_, ThrottleRow>(
            "INSERT INTO throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, $2) \
             ON CONFLICT ON CONSTRAINT throttle_pkey DO UPDATE SET \
               failures = CASE WHEN EXCLUDED.last_failure_at - t.last_failure_at > $3 THEN 1 \
                               ELSE LEAST(t.failures, 2147483646) + 1 END, \
               last_failure_at = EXCLUDED.last_failure_at \
             RETURNING failures, last_failure_at",
        )
        .bind(key.as_str())
        .bind(at)
        .bind(interval(window))
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?
        .into_state()
    }

    async fn take_attempt(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        // A transaction-scoped advisory lock on the key serialises attempts on it across
        // every server process, also before its row exists (no row lock to take yet), and
        // needs no `FOR UPDATE` on this table that belongs to no school.
        let mut tx = self.pool.begin().await.map_err(translate)?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(key.as_str())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        let state = sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, last_failure_at FROM throttle WHERE key = $1",
        )
        .bind(key.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(translate)?
        .map(ThrottleRow::into_state)
        .transpose()?;
        let attempt = policy.attempt(state.as_ref(), at);
        if let Attempt::Allowed(counted) = attempt {
            let failures = i32::try_from(counted.failures).unwrap_or(i32::MAX);
            sqlx::query(
                "INSERT INTO throttle AS t (key, failures, last_failure_at) VALUES ($1, $2, $3) \
                 ON CONFLICT ON CONSTRAINT throttle_pkey DO UPDATE SET \
                   failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at",
            )
            .bind(key.as_str())
            .bind(failures)
            .bind(counted.last_failure_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)?;
        Ok(attempt)
    }

    async fn take_attempts(
        &self,
        keys: &[ThrottleKey],
        at: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        if keys.len() < 2 {
            return match keys.first() {
                Some(key) => self.take_attempt(key, at, policy).await,
                None => Err(StoreError::Unexpected("take_attempts without a key".into())),
            };
        }
        // One transaction for every key: five round trips for a sign-in instead of five
        // per key. The locks are taken in one order (sorted keys) by every transaction, so
        // two sign-ins sharing keys cannot wait for each other; each lock is held before
        // the rows are read (a later statement, so its snapshot sees what was committed).
        let mut sorted: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut tx = self.pool.begin().await.map_err(translate)?;
        sqlx::query(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0))              FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n",
        )
        .bind(&sorted)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        let rows = sqlx::query_as::<_, KeyedThrottleRow>(
            "SELECT key, failures, last_failure_at FROM throttle WHERE key = ANY($1)",
        )
        .bind(&sorted)
        .fetch_all(&mut *tx)
        .await
        .map_err(translate)?;
        let mut states = std::collections::HashMap::new();
        for row in rows {
            states.insert(
                row.key,
                ThrottleRow {
                    failures: row.failures,
                    last_failure_at: row.last_failure_at,
                }
                .into_state()?,
            );
        }
        let mut counted: Vec<(String, ThrottleState)> = Vec::new();
        let mut answer = None;
        for key in keys {
            let attempt = policy.attempt(states.get(key.as_str()), at);
            match attempt {
                Attempt::Allowed(state) => {
                    states.insert(key.as_str().to_owned(), state);
                    counted.retain(|(k, _)| k != key.as_str());
                    counted.push((key.as_str().to_owned(), state));
                    answer = Some(attempt);
                }
                Attempt::Blocked { .. } => {
                    answer = Some(attempt);
                    break;
                }
            }
        }
        if !counted.is_empty() {
            let names: Vec<&str> = counted.iter().map(|(k, _)| k.as_str()).collect();
            let failures: Vec<i32> = counted
                .iter()
                .map(|(_, s)| i32::try_from(s.failures).unwrap_or(i32::MAX))
                .collect();
            let times: Vec<DateTime<Utc>> =
                counted.iter().map(|(_, s)| s.last_failure_at).collect();
            sqlx::query(
                "INSERT INTO throttle AS t (key, failures, last_failure_at)                  SELECT * FROM unnest($1::text[], $2::int4[], $3::timestamptz[])                  ON CONFLICT ON CONSTRAINT throttle_pkey DO UPDATE SET                    failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at",
            )
            .bind(&names)
            .bind(&failures)
            .bind(&times)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)?;
        answer.ok_or_else(|| StoreError::Unexpected("take_attempts without a key".into()))
    }

    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>> {
        let mut conn = self.reads.get().await?;
        let row = sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, last_failure_at FROM throttle WHERE key = $1",
        )
        .bind(key.as_str())
        .fetch_optional(&mut *conn)
        .await
        .map_err(translate)?;
        conn.finished();
        row.map(ThrottleRow::into_state).transpose()
    }

    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()> {
        sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(key.as_str())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_beyond_an_interval_saturate() {
        assert_eq!(interval(TimeDelta::hours(24)).microseconds, 86_400_000_000);
        assert_eq!(interval(TimeDelta::MAX).microseconds, i64::MAX);
        assert_eq!(interval(TimeDelta::MIN).microseconds, i64::MIN);
    }
}
