//! The accounts `CredentialStore` on SQLite: passwords set, replaced and cleared (ending
//! sessions as the port asks), and one-time reset codes issued and redeemed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{PasswordHash, ResetCode, SecretHash};
use schoolbrug_accounts::ports::{CredentialStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::{SqliteAccountsStore, secret_hash, upsert_reset_code};
use crate::error::translate;

#[derive(FromRow)]
struct ResetCodeRow {
    school_id: Uuid,
    account_id: Uuid,
    code_hash: Vec<u8>,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl TryFrom<ResetCodeRow> for ResetCode {
    type Error = StoreError;

    fn try_from(row: ResetCodeRow) -> StoreResult<Self> {
        Ok(ResetCode {
            code_hash: secret_hash(&row.code_hash)?,
            school: SchoolId::from_uuid(row.school_id),
            account: AccountId::from_uuid(row.account_id),
            issued_at: row.issued_at,
            expires_at: row.expires_at,
        })
    }
}

/// Ends the account's sessions, all but `keep`.
async fn end_sessions(
    conn: &mut SqliteConnection,
    school: SchoolId,
    account: AccountId,
    keep: Option<&SecretHash>,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM sessions WHERE school_id = ?1 AND account_id = ?2 \
         AND (?3 IS NULL OR token_hash <> ?3)",
    )
    .bind(school.as_uuid())
    .bind(account.as_uuid())
    .bind(keep.map(|k| &k.as_bytes()[..]))
    .execute(conn)
    .await
    .map_err(translate)?;
    Ok(())
}

/// Sets (or with `None` removes) the password hash; `false` for an unknown account.
async fn store_password(
    conn: &mut SqliteConnection,
    school: SchoolId,
    account: AccountId,
    hash: Option<&PasswordHash>,
) -> StoreResult<bool> {
    let updated =
        sqlx::query("UPDATE accounts SET password_hash = ?3 WHERE school_id = ?1 AND id = ?2")
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .bind(hash.map(PasswordHash::as_phc))
            .execute(conn)
            .await
            .map_err(translate)?;
    Ok(updated.rows_affected() > 0)
}

#[async_trait]
impl CredentialStore for SqliteAccountsStore {
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        if !store_password(&mut tx, school, account, Some(hash)).await? {
            tx.rollback().await.map_err(translate)?;
            return Err(StoreError::NotFound);
        }
        end_sessions(&mut tx, school, account, keep).await?;
        tx.commit().await.map_err(translate)
    }

    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        if store_password(&mut conn, school, account, Some(hash)).await? {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        store_password(&mut tx, school, account, None).await?;
        end_sessions(&mut tx, school, account, None).await?;
        // Whoever opens the reset co-account next must not reach the linked children.
        sqlx::query(
            "DELETE FROM co_account_links WHERE school_id = ?1 \
             AND (account_id = ?2 OR linked_id = ?2)",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        tx.commit().await.map_err(translate)
    }

    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        upsert_reset_code(&mut conn, code).await
    }

    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        // Taking the code out is the first write: two redemptions cannot both find it.
        let expires_at: Option<DateTime<Utc>> = sqlx::query_scalar(
            "DELETE FROM reset_codes \
             WHERE school_id = ?1 AND account_id = ?2 AND code_hash = ?3 \
             RETURNING expires_at",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(&code_hash.as_bytes()[..])
        .fetch_optional(&mut *tx)
        .await
        .map_err(translate)?;
        match expires_at {
            Some(expires_at) if now < expires_at => {}
            _ => {
                // Unknown, wrong or expired: the code stays as it was.
                tx.rollback().await.map_err(translate)?;
                return Ok(false);
            }
        }
        if !store_password(&mut tx, school, account, Some(new_hash)).await? {
            tx.rollback().await.map_err(translate)?;
            return Ok(false);
        }
        end_sessions(&mut tx, school, account, None).await?;
        tx.commit().await.map_err(translate)?;
        Ok(true)
    }

    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>> {
        sqlx::query_as::<_, ResetCodeRow>(
            "SELECT school_id, account_id, code_hash, issued_at, expires_at FROM reset_codes \
             WHERE school_id = ?1 AND account_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(ResetCode::try_from)
        .transpose()
    }
}
