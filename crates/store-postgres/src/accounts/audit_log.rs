//! The accounts `AuditLog` on PostgreSQL: events recorded and listed newest first.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{AuditEvent, AuditKind};
use schoolbrug_accounts::ports::{AuditLog, StoreResult};
use schoolbrug_kernel::{AccountId, AuditEventId, Page, PageRequest, SchoolId};
use uuid::Uuid;

use super::{PgAccountsStore, cursor_id, overfetch};
use crate::error::{corrupt, translate};

#[derive(sqlx::FromRow)]
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

impl AuditRow {
    fn into_event(self) -> StoreResult<AuditEvent> {
        Ok(AuditEvent {
            id: AuditEventId::from_uuid(self.id),
            school: SchoolId::from_uuid(self.school_id),
            kind: AuditKind::parse(&self.kind).ok_or_else(|| {
                corrupt("audit_events", format!("{}: kind {:?}", self.id, self.kind))
            })?,
            account: self.account_id.map(AccountId::from_uuid),
            actor: self.actor_id.map(AccountId::from_uuid),
            username: self.username,
            client: self.client,
            at: self.at,
        })
    }
}

#[async_trait]
impl AuditLog for PgAccountsStore {
    async fn record(&self, event: &AuditEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_events \
             (school_id, id, kind, account_id, actor_id, username, client, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
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
        // Newest first: a backward range scan before the cursor (the max UUID sorts
        // last). Two statements rather than `$4 IS NULL OR …`, so that each has a plan
        // on its own index: (school_id, id DESC) or (school_id, account_id, id DESC).
        macro_rules! select {
            ($condition:literal) => {
                concat!(
                    "SELECT school_id, id, kind, account_id, actor_id, username, client, at \
                     FROM audit_events WHERE school_id = $1 AND id < $2",
                    $condition,
                    " ORDER BY id DESC LIMIT $3"
                )
            };
        }
        const ALL: &str = select!("");
        const OF_ACCOUNT: &str = select!(" AND account_id = $4");
        let before = cursor_id(page)?.unwrap_or(Uuid::max());
        let query = match account {
            None => sqlx::query_as::<_, AuditRow>(ALL),
            Some(_) => sqlx::query_as::<_, AuditRow>(OF_ACCOUNT),
        };
        let mut query = query
            .bind(school.as_uuid())
            .bind(before)
            .bind(overfetch(page));
        if let Some(account) = account {
            query = query.bind(account.as_uuid());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(translate)?;
        let items = rows
            .into_iter()
            .map(AuditRow::into_event)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(items, page, |e| e.id.to_string()))
    }
}
