//! The accounts `SessionStore` on PostgreSQL: sessions created, looked up (with their
//! account and school in one round trip), touched, ended and purged.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{AccountKind, SecretHash, Session};
use schoolbrug_accounts::ports::{Expiry, SessionContext, SessionStore, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use uuid::Uuid;

use super::{AccountRow, PgAccountsStore, SELECT_ACCOUNT, SELECT_SCHOOL, SchoolRow, secret_hash};
use crate::error::translate;

/// One session by school and token hash (the primary key).
const SELECT_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE school_id = $1 AND token_hash = $2";

/// One session by token hash alone, in any school: only for tokens issued before schools
/// were put into tokens (`sessions_token_hash_idx`, migration 0005), until they expire.
const SELECT_UNNAMED_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE token_hash = $1";

/// The lookup of a session: within its school, or, for a token that names none, by hash.
fn select_session(
    school: Option<SchoolId>,
    token_hash: &SecretHash,
) -> QueryAs<'static, Postgres, SessionRow, PgArguments> {
    let hash = token_hash.as_bytes().to_vec();
    match school {
        Some(school) => sqlx::query_as(SELECT_SESSION)
            .bind(school.as_uuid())
            .bind(hash),
        None => sqlx::query_as(SELECT_UNNAMED_SESSION).bind(hash),
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: Vec<u8>,
    school_id: Uuid,
    account_id: Uuid,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

impl SessionRow {
    fn into_session(self) -> StoreResult<Session> {
        Ok(Session {
            token_hash: secret_hash("sessions", self.token_hash)?,
            school: SchoolId::from_uuid(self.school_id),
            account: AccountId::from_uuid(self.account_id),
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
        })
    }
}

#[async_trait]
impl SessionStore for PgAccountsStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        // An account that is gone (or of another school) breaks the foreign key: NotFound.
        sqlx::query(
            "INSERT INTO sessions (token_hash, school_id, account_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session.token_hash.as_bytes().to_vec())
        .bind(session.school.as_uuid())
        .bind(session.account.as_uuid())
        .bind(session.created_at)
        .bind(session.last_seen_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn session(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<Session>> {
        select_session(school, token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(SessionRow::into_session)
            .transpose()
    }

    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>> {
        // The statements of `session`, `account` and `school`, on one read connection,
        // which comes and goes without a round trip of its own (`crate::reads`).
        let mut conn = self.reads.get().await?;
        let Some(session) = select_session(school, token_hash)
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(SessionRow::into_session)
            .transpose()?
        else {
            conn.finished();
            return Ok(None);
        };
        let account = sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(session.school.as_uuid())
            .bind(session.account.as_uuid())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(AccountRow::into_account)
            .transpose()?;
        let school = match &account {
            Some(a) if matches!(a.kind, AccountKind::Co { .. }) => {
                sqlx::query_as::<_, SchoolRow>(SELECT_SCHOOL)
                    .bind(session.school.as_uuid())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(translate)?
                    .map(SchoolRow::into_school)
                    .transpose()?
            }
            _ => None,
        };
        conn.finished();
        Ok(Some(SessionContext {
            session,
            account,
            school,
        }))
    }

    async fn touch_session(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $3 WHERE school_id = $1 AND token_hash = $2",
        )
        .bind(school.as_uuid())
        .bind(token_hash.as_bytes().to_vec())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE school_id = $1 AND token_hash = $2")
            .bind(school.as_uuid())
            .bind(token_hash.as_bytes().to_vec())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }

    async fn end_sessions(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let ended = sqlx::query("DELETE FROM sessions WHERE school_id = $1 AND account_id = $2")
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(ended.rows_affected())
    }

    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64> {
        let mut tx = self.pool.begin().await.map_err(translate)?;
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(expiry.sessions_idle_before)
                .bind(expiry.sessions_created_before)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        let codes = sqlx::query("DELETE FROM reset_codes WHERE expires_at <= $1")
            .bind(expiry.codes_expired_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        let throttle = sqlx::query("DELETE FROM throttle WHERE last_failure_at < $1")
            .bind(expiry.failures_before)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        tx.commit().await.map_err(translate)?;
        Ok(sessions.rows_affected() + codes.rows_affected() + throttle.rows_affected())
    }
}
