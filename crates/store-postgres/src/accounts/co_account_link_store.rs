//! The accounts `CoAccountLinkStore` on PostgreSQL: links between co-accounts (table
//! `co_account_links`, migration 0014), each row pair written and removed in one
//! transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::ports::{CoAccountLinkStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use uuid::Uuid;

use super::{PgAccountsStore, commit};
use crate::error::translate;

#[async_trait]
impl CoAccountLinkStore for PgAccountsStore {
    async fn link(
        &self,
        school: SchoolId,
        a: AccountId,
        b: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Two co-accounts of this school, of different pupils (so never the same one).
        // The rows are locked, so neither can become something else before the insert.
        let linkable: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT 1 FROM accounts a JOIN accounts b \
               ON b.school_id = a.school_id AND b.id = $3 \
             WHERE a.school_id = $1 AND a.id = $2 AND a.kind = 'co' AND b.kind = 'co' \
               AND a.pupil_id <> b.pupil_id FOR SHARE) AS pair",
        )
        .bind(school.as_uuid())
        .bind(a.as_uuid())
        .bind(b.as_uuid())
        .fetch_one(&mut *tx)
        .await
        .map_err(translate)?;
        if linkable == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO co_account_links (school_id, account_id, linked_id, created_at) \
             VALUES ($1, $2, $3, $4), ($1, $3, $2, $4) ON CONFLICT DO NOTHING",
        )
        .bind(school.as_uuid())
        .bind(a.as_uuid())
        .bind(b.as_uuid())
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        commit(tx).await
    }

    async fn unlink(&self, school: SchoolId, a: AccountId, b: AccountId) -> StoreResult<bool> {
        let removed = sqlx::query(
            "DELETE FROM co_account_links WHERE school_id = $1 \
             AND ((account_id = $2 AND linked_id = $3) OR (account_id = $3 AND linked_id = $2))",
        )
        .bind(school.as_uuid())
        .bind(a.as_uuid())
        .bind(b.as_uuid())
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(removed.rows_affected() > 0)
    }

    async fn linked(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<AccountId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT linked_id FROM co_account_links \
             WHERE school_id = $1 AND account_id = $2 ORDER BY linked_id",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(ids.into_iter().map(AccountId::from_uuid).collect())
    }
}
