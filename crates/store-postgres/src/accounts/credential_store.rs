//! The accounts `CredentialStore` on PostgreSQL: passwords set, replaced and cleared
//! (ending sessions as the port asks), and one-time reset codes issued and redeemed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{PasswordHash, ResetCode, SecretHash};
use schoolbrug_accounts::ports::{CredentialStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use uuid::Uuid;

use super::{PgAccountsStore, commit, secret_hash, upsert_reset_code};
use crate::error::translate;

#[derive(sqlx::FromRow)]
struct ResetCodeRow {
    school_id: Uuid,
    account_id: Uuid,
    code_hash: Vec<u8>,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl ResetCodeRow {
    fn into_code(self) -> StoreResult<ResetCode> {
        Ok(ResetCode {
            code_hash: secret_hash("reset_codes", self.code_hash)?,
            school: SchoolId::from_uuid(self.school_id),
            account: AccountId::from_uuid(self.account_id),
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        })
    }
}

/// Ends the account's sessions, all but `keep` if given.
fn end_sessions(
    school: SchoolId,
    account: AccountId,
    keep: Option<&SecretHash>,
) -> Query<'static, Postgres, PgArguments> {
    sqlx::query(
        "DELETE FROM sessions WHERE school_id = $1 AND account_id = $2 \
         AND token_hash IS DISTINCT FROM $3::bytea",
    )
    .bind(school.as_uuid())
    .bind(account.as_uuid())
    .bind(keep.map(|k| k.as_bytes().to_vec()))
}

fn set_password_hash(
    school: SchoolId,
    account: AccountId,
    hash: Option<&PasswordHash>,
) -> Query<'static, Postgres, PgArguments> {
    sqlx::query("UPDATE accounts SET password_hash = $3 WHERE school_id = $1 AND id = $2")
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(hash.map(|h| h.as_phc().to_owned()))
}

#[async_trait]
impl CredentialStore for PgAccountsStore {
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let updated = set_password_hash(school, account, Some(hash))
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        end_sessions(school, account, keep)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await
    }

    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()> {
        let updated = set_password_hash(school, account, Some(hash))
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        set_password_hash(school, account, None)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        end_sessions(school, account, None)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        // Whoever opens the reset co-account next must not reach the linked children.
        sqlx::query(
            "DELETE FROM co_account_links WHERE school_id = $1 \
             AND (account_id = $2 OR linked_id = $2)",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        commit(tx).await
    }

    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()> {
        // An unknown account (or one of another school) breaks the foreign key: NotFound.
        let written = upsert_reset_code(code)
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        if written.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        // Deleting the code is the claim: a concurrent redemption of the same code waits
        // for this row's lock and, once this commits, finds no row and returns false.
        let claimed = sqlx::query(
            "DELETE FROM reset_codes WHERE school_id = $1 AND account_id = $2 \
             AND code_hash = $3 AND expires_at > $4",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(code_hash.as_bytes().to_vec())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        if claimed.rows_affected() == 0 {
            tx.rollback().await.map_err(translate)?;
            return Ok(false);
        }
        set_password_hash(school, account, Some(new_hash))
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        end_sessions(school, account, None)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await?;
        Ok(true)
    }

    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>> {
        sqlx::query_as::<_, ResetCodeRow>(
            "SELECT school_id, account_id, code_hash, issued_at, expires_at FROM reset_codes \
             WHERE school_id = $1 AND account_id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(ResetCodeRow::into_code)
        .transpose()
    }
}
