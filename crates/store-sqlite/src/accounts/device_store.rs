//! The accounts `DeviceStore` on SQLite: known devices (table `known_devices`, migration
//! 0006), remembered up to a limit per account, touched, forgotten and purged.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{KnownDevice, SecretHash};
use schoolbrug_accounts::ports::{DeviceStore, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::FromRow;
use uuid::Uuid;

use super::{SqliteAccountsStore, secret_hash};
use crate::error::translate;

#[derive(FromRow)]
struct DeviceRow {
    token_hash: Vec<u8>,
    school_id: Uuid,
    account_id: Uuid,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
}

impl TryFrom<DeviceRow> for KnownDevice {
    type Error = schoolbrug_accounts::ports::StoreError;

    fn try_from(row: DeviceRow) -> StoreResult<Self> {
        Ok(KnownDevice {
            token_hash: secret_hash(&row.token_hash)?,
            school: SchoolId::from_uuid(row.school_id),
            account: AccountId::from_uuid(row.account_id),
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        })
    }
}

#[async_trait]
impl DeviceStore for SqliteAccountsStore {
    async fn remember_device(&self, device: &KnownDevice, keep: u32) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // An account that is gone (or of another school) breaks the foreign key: NotFound.
        sqlx::query(
            "INSERT INTO known_devices \
             (school_id, token_hash, account_id, created_at, last_used_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(device.school.as_uuid())
        .bind(&device.token_hash.as_bytes()[..])
        .bind(device.account.as_uuid())
        .bind(device.created_at)
        .bind(device.last_used_at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        sqlx::query(
            "DELETE FROM known_devices WHERE school_id = ?1 AND account_id = ?2 \
             AND token_hash NOT IN (SELECT token_hash FROM known_devices \
               WHERE school_id = ?1 AND account_id = ?2 \
               ORDER BY last_used_at DESC, created_at DESC LIMIT ?3)",
        )
        .bind(device.school.as_uuid())
        .bind(device.account.as_uuid())
        .bind(i64::from(keep))
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        tx.commit().await.map_err(translate)
    }

    async fn known_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<KnownDevice>> {
        sqlx::query_as::<_, DeviceRow>(
            "SELECT token_hash, school_id, account_id, created_at, last_used_at \
             FROM known_devices WHERE school_id = ?1 AND token_hash = ?2",
        )
        .bind(school.as_uuid())
        .bind(&token_hash.as_bytes()[..])
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(KnownDevice::try_from)
        .transpose()
    }

    async fn touch_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE known_devices SET last_used_at = ?3 WHERE school_id = ?1 AND token_hash = ?2",
        )
        .bind(school.as_uuid())
        .bind(&token_hash.as_bytes()[..])
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn forget_device(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        sqlx::query("DELETE FROM known_devices WHERE school_id = ?1 AND token_hash = ?2")
            .bind(school.as_uuid())
            .bind(&token_hash.as_bytes()[..])
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }

    async fn forget_devices(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let done =
            sqlx::query("DELETE FROM known_devices WHERE school_id = ?1 AND account_id = ?2")
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .execute(&self.pool)
                .await
                .map_err(translate)?;
        Ok(done.rows_affected())
    }

    async fn purge_devices(&self, unused_before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM known_devices WHERE last_used_at < ?1")
            .bind(unused_before)
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(done.rows_affected())
    }
}
