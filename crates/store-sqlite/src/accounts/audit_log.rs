//! The accounts `AuditLog` on SQLite: events recorded and listed newest first.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{AuditEvent, AuditKind};
use schoolbrug_accounts::ports::{AuditLog, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, AuditEventId, Page, PageRequest, SchoolId};
use sqlx::FromRow;
use uuid::Uuid;

use super::{LAST_ID, SqliteAccountsStore, cursor_id, limit_plus_one};
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct AuditRow {
    school_id: Uuid,
    id: Uuid,
    kind: String,
    account_id: Option<Uuid>,
    actor_id: Option<Uuid>,
    username: Option<String>,
    client: Option<String>,
    at: DateTime<Utc>,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> StoreResult<Self> {
        Ok(AuditEvent {
            id: AuditEventId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            kind: AuditKind::parse(&row.kind)
                .ok_or_else(|| corrupt(format!("audit kind {:?}", row.kind)))?,
            account: row.account_id.map(AccountId::from_uuid),
            actor: row.actor_id.map(AccountId::from_uuid),
            username: row.username,
            client: row.client,
            at: row.at,
        })
    }
}

macro_rules! audit_columns {
    () => {
        "school_id, id, kind, account_id, actor_id, username, client, at"
    };
}

#[async_trait]
impl AuditLog for SqliteAccountsStore {
    async fn record(&self, event: &AuditEvent) -> StoreResult<()> {
        sqlx::query(concat!(
            "INSERT INTO audit_events (",
            audit_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ))
        .bind(event.school.as_uuid())
        .bind(event.id.as_uuid())
        .bind(event.kind.as_str())
        .bind(event.account.map(|a| a.as_uuid()))
        .bind(event.actor.map(|a| a.as_uuid()))
        .bind(event.username.as_deref())
        .bind(event.client.as_deref())
        .bind(event.at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn events(
        &self,
        school: SchoolId,
        account: Option<AccountId>,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEvent>> {
        let before = cursor_id(page)?.unwrap_or(LAST_ID);
        // Two statements rather than `(? IS NULL OR account_id = ?)`, so that each walks
        // its own index backwards from the cursor.
        let rows = match account {
            None => {
                sqlx::query_as::<_, AuditRow>(concat!(
                    "SELECT ",
                    audit_columns!(),
                    " FROM audit_events WHERE school_id = ?1 AND id < ?2 \
                 ORDER BY id DESC LIMIT ?3"
                ))
                .bind(school.as_uuid())
                .bind(before)
                .bind(limit_plus_one(page))
                .fetch_all(&self.pool)
                .await
            }
            Some(account) => {
                sqlx::query_as::<_, AuditRow>(concat!(
                    "SELECT ",
                    audit_columns!(),
                    " FROM audit_events WHERE school_id = ?1 AND account_id = ?2 AND id < ?3 \
                 ORDER BY id DESC LIMIT ?4"
                ))
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .bind(before)
                .bind(limit_plus_one(page))
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(translate)?;
        let events = rows
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(events, page, |e| e.id.to_string()))
    }
}
