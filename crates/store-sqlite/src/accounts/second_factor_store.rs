//! The accounts `SecondFactorStore` on SQLite (tables of `0007_second_factor.sql`): TOTP
//! secrets, the last accepted time step, recovery codes and the school's rule. Each
//! check-and-act is one statement (`UPDATE … WHERE last_step < ?`, `DELETE … WHERE
//! code_hash = ?`), or one `BEGIN IMMEDIATE` transaction.

use async_trait::async_trait;
use schoolbrug_accounts::model::{SecondFactor, SecretHash, TotpSecret};
use schoolbrug_accounts::ports::{SecondFactorStore, StoreError, StoreResult, conflicts};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::FromRow;

use super::SqliteAccountsStore;
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct FactorRow {
    secret: Vec<u8>,
    active: bool,
    last_step: i64,
    codes_left: i64,
}

#[async_trait]
impl SecondFactorStore for SqliteAccountsStore {
    async fn begin_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        secret: &TotpSecret,
    ) -> StoreResult<()> {
        // Inserted only for an account of this school; an unconfirmed secret is replaced,
        // a confirmed one is not (the upsert's WHERE).
        let written = sqlx::query(
            "INSERT INTO second_factors (school_id, account_id, secret, active, last_step) \
             SELECT school_id, id, ?3, 0, -1 FROM accounts WHERE school_id = ?1 AND id = ?2 \
             ON CONFLICT (school_id, account_id) DO UPDATE SET secret = excluded.secret, \
                 last_step = -1 \
             WHERE second_factors.active = 0",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(secret.as_bytes().to_vec())
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        if written == 1 {
            return Ok(());
        }
        match self.totp(school, account).await? {
            Some(_) => Err(StoreError::Conflict(conflicts::SECOND_FACTOR_ACTIVE)),
            None => Err(StoreError::NotFound),
        }
    }

    async fn totp(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<SecondFactor>> {
        let row = sqlx::query_as::<_, FactorRow>(
            "SELECT f.secret, f.active, f.last_step, \
                 (SELECT count(*) FROM recovery_codes r \
                  WHERE r.school_id = f.school_id AND r.account_id = f.account_id) AS codes_left \
             FROM second_factors f WHERE f.school_id = ?1 AND f.account_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        row.map(|row| {
            Ok(SecondFactor {
                school,
                account,
                secret: TotpSecret::from_bytes(row.secret),
                active: row.active,
                last_step: row.last_step,
                recovery_codes_left: u32::try_from(row.codes_left)
                    .map_err(|_| corrupt("recovery codes"))?,
            })
        })
        .transpose()
    }

    async fn confirm_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
        recovery_codes: &[SecretHash],
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let confirmed = sqlx::query(
            "UPDATE second_factors SET active = 1, last_step = ?3 \
             WHERE school_id = ?1 AND account_id = ?2 AND active = 0",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(step)
        .execute(&mut *tx)
        .await
        .map_err(translate)?
        .rows_affected();
        if confirmed != 1 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE school_id = ?1 AND account_id = ?2")
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        for code in recovery_codes {
            sqlx::query(
                "INSERT OR IGNORE INTO recovery_codes (school_id, account_id, code_hash) \
                 VALUES (?1, ?2, ?3)",
            )
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .bind(code.as_bytes().to_vec())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)?;
        Ok(true)
    }

    async fn accept_totp_step(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
    ) -> StoreResult<bool> {
        // The check (an earlier step) and the act (storing this one) in one statement.
        let accepted = sqlx::query(
            "UPDATE second_factors SET last_step = ?3 \
             WHERE school_id = ?1 AND account_id = ?2 AND active = 1 AND last_step < ?3",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(step)
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        Ok(accepted == 1)
    }

    async fn use_recovery_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
    ) -> StoreResult<bool> {
        let used = sqlx::query(
            "DELETE FROM recovery_codes \
             WHERE school_id = ?1 AND account_id = ?2 AND code_hash = ?3",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(code_hash.as_bytes().to_vec())
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        Ok(used == 1)
    }

    async fn remove_totp(&self, school: SchoolId, account: AccountId) -> StoreResult<bool> {
        // Its recovery codes follow by ON DELETE CASCADE.
        let removed =
            sqlx::query("DELETE FROM second_factors WHERE school_id = ?1 AND account_id = ?2")
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .execute(&self.pool)
                .await
                .map_err(translate)?
                .rows_affected();
        Ok(removed == 1)
    }

    async fn second_factor_required(&self, school: SchoolId) -> StoreResult<bool> {
        let required: Option<bool> = sqlx::query_scalar(
            "SELECT required_for_staff FROM second_factor_settings WHERE school_id = ?1",
        )
        .bind(school.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        Ok(required.unwrap_or(false))
    }

    async fn set_second_factor_required(
        &self,
        school: SchoolId,
        required: bool,
    ) -> StoreResult<()> {
        let written = sqlx::query(
            "INSERT INTO second_factor_settings (school_id, required_for_staff) \
             SELECT id, ?2 FROM schools WHERE id = ?1 \
             ON CONFLICT (school_id) DO UPDATE SET \
                 required_for_staff = excluded.required_for_staff",
        )
        .bind(school.as_uuid())
        .bind(required)
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        if written == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
