//! The accounts `ExternalIdentityStore` and `PendingSignInStore` on SQLite (tables of
//! `0008_oidc.sql`): the school's identity provider, subject links, and round trips to
//! the provider taken once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{
    ClientId, ClientSecret, ExternalSubject, Issuer, PendingPurpose, PendingRecord,
    ProviderSettings, SecretHash,
};
use schoolbrug_accounts::ports::{
    ExternalIdentityStore, PendingSignInStore, SUBJECT_LINKED, StoreError, StoreResult,
};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::FromRow;
use uuid::Uuid;

use super::{SqliteAccountsStore, secret_hash};
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct ProviderRow {
    issuer: String,
    client_id: String,
    client_secret: String,
}

impl TryFrom<ProviderRow> for ProviderSettings {
    type Error = StoreError;

    fn try_from(row: ProviderRow) -> StoreResult<Self> {
        Ok(ProviderSettings {
            issuer: Issuer::parse(&row.issuer).map_err(|_| corrupt("issuer"))?,
            client_id: ClientId::parse(&row.client_id).map_err(|_| corrupt("client_id"))?,
            client_secret: ClientSecret::parse(&row.client_secret)
                .map_err(|_| corrupt("client_secret"))?,
        })
    }
}

#[derive(FromRow)]
struct PendingRow {
    state_hash: Vec<u8>,
    school_id: Uuid,
    link_account: Option<Uuid>,
    nonce: String,
    pkce_verifier: String,
    expires_at: DateTime<Utc>,
}

impl TryFrom<PendingRow> for PendingRecord {
    type Error = StoreError;

    fn try_from(row: PendingRow) -> StoreResult<Self> {
        Ok(PendingRecord {
            state_hash: secret_hash(&row.state_hash)?,
            school: SchoolId::from_uuid(row.school_id),
            purpose: match row.link_account {
                Some(id) => PendingPurpose::Link(AccountId::from_uuid(id)),
                None => PendingPurpose::SignIn,
            },
            nonce: row.nonce,
            pkce_verifier: row.pkce_verifier,
            expires_at: row.expires_at,
        })
    }
}

#[async_trait]
impl ExternalIdentityStore for SqliteAccountsStore {
    async fn set_provider(
        &self,
        school: SchoolId,
        settings: Option<&ProviderSettings>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        match settings {
            Some(s) => {
                sqlx::query(
                    "INSERT INTO sign_in_providers (school_id, issuer, client_id, client_secret) \
                     VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (school_id) DO UPDATE SET issuer = excluded.issuer, \
                         client_id = excluded.client_id, client_secret = excluded.client_secret",
                )
                .bind(school.as_uuid())
                .bind(s.issuer.as_str())
                .bind(s.client_id.as_str())
                .bind(s.client_secret.expose())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
            }
            None => {
                for statement in [
                    "DELETE FROM sign_in_providers WHERE school_id = ?1",
                    "DELETE FROM external_ids WHERE school_id = ?1",
                ] {
                    sqlx::query(statement)
                        .bind(school.as_uuid())
                        .execute(&mut *tx)
                        .await
                        .map_err(translate)?;
                }
            }
        }
        tx.commit().await.map_err(translate)
    }

    async fn provider(&self, school: SchoolId) -> StoreResult<Option<ProviderSettings>> {
        sqlx::query_as::<_, ProviderRow>(
            "SELECT issuer, client_id, client_secret FROM sign_in_providers WHERE school_id = ?1",
        )
        .bind(school.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(TryInto::try_into)
        .transpose()
    }

    async fn link_subject(
        &self,
        school: SchoolId,
        account: AccountId,
        subject: &ExternalSubject,
    ) -> StoreResult<()> {
        // One statement: the unique (school_id, subject) refuses a subject another
        // account has, and nothing changes then.
        sqlx::query(
            "INSERT INTO external_ids (school_id, account_id, subject) VALUES (?1, ?2, ?3) \
             ON CONFLICT (school_id, account_id) DO UPDATE SET subject = excluded.subject",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(subject.as_str())
        .execute(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(SUBJECT_LINKED)
            }
            _ => translate(e),
        })?;
        Ok(())
    }

    async fn unlink_subject(&self, school: SchoolId, account: AccountId) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM external_ids WHERE school_id = ?1 AND account_id = ?2")
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(done.rows_affected() > 0)
    }

    async fn account_by_subject(
        &self,
        school: SchoolId,
        subject: &ExternalSubject,
    ) -> StoreResult<Option<AccountId>> {
        let id: Option<Uuid> = sqlx::query_scalar(
            "SELECT account_id FROM external_ids WHERE school_id = ?1 AND subject = ?2",
        )
        .bind(school.as_uuid())
        .bind(subject.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        Ok(id.map(AccountId::from_uuid))
    }

    async fn subject_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ExternalSubject>> {
        let subject: Option<String> = sqlx::query_scalar(
            "SELECT subject FROM external_ids WHERE school_id = ?1 AND account_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        subject
            .map(|s| ExternalSubject::parse(&s).map_err(|_| corrupt("subject")))
            .transpose()
    }
}

#[async_trait]
impl PendingSignInStore for SqliteAccountsStore {
    async fn save_pending(&self, pending: &PendingRecord) -> StoreResult<()> {
        let link = match pending.purpose {
            PendingPurpose::Link(account) => Some(account.as_uuid()),
            PendingPurpose::SignIn => None,
        };
        sqlx::query(
            "INSERT INTO pending_sign_ins \
                 (state_hash, school_id, link_account, nonce, pkce_verifier, expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&pending.state_hash.as_bytes()[..])
        .bind(pending.school.as_uuid())
        .bind(link)
        .bind(&pending.nonce)
        .bind(&pending.pkce_verifier)
        .bind(pending.expires_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn take_pending(
        &self,
        state_hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PendingRecord>> {
        // DELETE … RETURNING: one statement, so of two concurrent takes one gets the row.
        let row = sqlx::query_as::<_, PendingRow>(
            "DELETE FROM pending_sign_ins WHERE state_hash = ?1 \
             RETURNING state_hash, school_id, link_account, nonce, pkce_verifier, expires_at",
        )
        .bind(&state_hash.as_bytes()[..])
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        sqlx::query("DELETE FROM pending_sign_ins WHERE expires_at <= ?1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        let record: Option<PendingRecord> = row.map(TryInto::try_into).transpose()?;
        Ok(record.filter(|r| r.expires_at > now))
    }
}
