//! The accounts `SessionStore` on SQLite: sessions created, looked up (with their account
//! and school), touched, ended and purged.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{Account, AccountKind, School, SecretHash, Session};
use schoolbrug_accounts::ports::{Expiry, SessionContext, SessionStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::query::QueryAs;
use sqlx::sqlite::SqliteArguments;
use sqlx::{FromRow, Sqlite};
use uuid::Uuid;

use super::{
    AccountRow, SELECT_ACCOUNT, SELECT_SCHOOL, SchoolRow, SqliteAccountsStore, secret_hash,
};
use crate::error::translate;

/// One session by school and token hash (the primary key).
const SELECT_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE school_id = ?1 AND token_hash = ?2";

/// One session by token hash alone, in any school: only for tokens issued before schools
/// were put into tokens (index `sessions_token_hash`, migration 0004), until they expire.
const SELECT_UNNAMED_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE token_hash = ?1";

/// The lookup of a session: within its school, or, for a token that names none, by hash.
fn select_session(
    school: Option<SchoolId>,
    token_hash: &SecretHash,
) -> QueryAs<'static, Sqlite, SessionRow, SqliteArguments<'static>> {
    let hash = token_hash.as_bytes().to_vec();
    match school {
        Some(school) => sqlx::query_as(SELECT_SESSION)
            .bind(school.as_uuid())
            .bind(hash),
        None => sqlx::query_as(SELECT_UNNAMED_SESSION).bind(hash),
    }
}

#[derive(FromRow)]
struct SessionRow {
    token_hash: Vec<u8>,
    school_id: Uuid,
    account_id: Uuid,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> StoreResult<Self> {
        Ok(Session {
            token_hash: secret_hash(&row.token_hash)?,
            school: SchoolId::from_uuid(row.school_id),
            account: AccountId::from_uuid(row.account_id),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        })
    }
}

#[async_trait]
impl SessionStore for SqliteAccountsStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, school_id, account_id, created_at, last_seen_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&session.token_hash.as_bytes()[..])
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
            .map(Session::try_from)
            .transpose()
    }

    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>> {
        // The three statements of `session`, `account` and `school` on one connection:
        // the pool pings every connection it takes back, once instead of three times.
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        let Some(session) = select_session(school, token_hash)
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(Session::try_from)
            .transpose()?
        else {
            return Ok(None);
        };
        let account = sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(session.school.as_uuid())
            .bind(session.account.as_uuid())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(Account::try_from)
            .transpose()?;
        let school = match &account {
            Some(a) if matches!(a.kind, AccountKind::Co { .. }) => {
                sqlx::query_as::<_, SchoolRow>(SELECT_SCHOOL)
                    .bind(session.school.as_uuid())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(translate)?
                    .map(School::try_from)
                    .transpose()?
            }
            _ => None,
        };
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
            "UPDATE sessions SET last_seen_at = ?3 WHERE school_id = ?1 AND token_hash = ?2",
        )
        .bind(school.as_uuid())
        .bind(&token_hash.as_bytes()[..])
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE school_id = ?1 AND token_hash = ?2")
            .bind(school.as_uuid())
            .bind(&token_hash.as_bytes()[..])
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }

    async fn end_sessions(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let ended = sqlx::query("DELETE FROM sessions WHERE school_id = ?1 AND account_id = ?2")
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
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2")
                .bind(expiry.sessions_idle_before)
                .bind(expiry.sessions_created_before)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        let codes = sqlx::query("DELETE FROM reset_codes WHERE expires_at <= ?1")
            .bind(expiry.codes_expired_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        let throttle = sqlx::query("DELETE FROM throttle WHERE last_failure_at < ?1")
            .bind(expiry.failures_before)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        tx.commit().await.map_err(translate)?;
        Ok(sessions.rows_affected() + codes.rows_affected() + throttle.rows_affected())
    }
}
