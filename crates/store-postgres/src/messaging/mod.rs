//! The messaging module's ports on PostgreSQL (tables of
//! `migrations/postgres/0002_messaging.sql`), one file per port, all on [`PgMessageStore`]:
//! the directory read from the accounts tables (`directory.rs`), messages and their copies
//! written (`messages.rs`, with `delivery.rs` for the arrays a delivery is sent as),
//! folders with Dutch full-text search and read receipts (`reader.rs`), notification
//! settings and the outbox list (`settings.rs`), the forwarding worker's queue and quiet hours
//! (`forwarding.rs`), news items with their audience and read states (`news.rs`, tables
//! of `0011_news.sql`). This file holds the store, the helpers they share and the rows
//! more than one of them reads.
//!
//! Every method is one atomic unit of work: a single statement, or one transaction when
//! it writes several tables. `deliver` writes a message to thousands of recipients in a
//! constant number of statements: one per table, the rows passed as arrays and expanded
//! by `UNNEST` on the server. Folders are keyset-paged on the message id, newest first,
//! as range scans of an index that starts with the school.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, NewsId, OutboxId, PageRequest, SchoolId};
use schoolbrug_messaging::model::{
    Forwarded, GroupLabel, MessageKind, OutboxRow, OutboxStatus, Visibility,
};
use schoolbrug_messaging::ports::StoreResult;
use sqlx::postgres::PgPool;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::accounts::cursor_id;
use crate::error::{corrupt, translate};

/// Every messaging repository port on one PostgreSQL pool. Cheap to clone; share it as `Arc<PgMessageStore>` (it is every port at once:
/// `MessagingStores`).
#[derive(Clone, Debug)]
pub struct PgMessageStore {
    pool: PgPool,
}

impl PgMessageStore {
    /// The messaging ports on `pool`, whose database must be migrated
    /// ([`PgDatabase::migrate`](crate::PgDatabase::migrate)).
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// The pool, for the forwarding ports (`forwarding.rs`).
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(translate)
    }
}

async fn commit(tx: Transaction<'static, Postgres>) -> StoreResult<()> {
    tx.commit().await.map_err(translate)
}

/// The first page of a newest-first list starts before the largest UUID.
fn keyset_before(page: &PageRequest) -> StoreResult<Uuid> {
    Ok(cursor_id(page)?.unwrap_or(Uuid::max()))
}

fn count(table: &str, n: i64) -> StoreResult<u64> {
    u64::try_from(n).map_err(|_| corrupt(table, format!("a count of {n}")))
}

// ---------------------------------------------------------------------------------------
// Rows and their translation to and from the domain's values
// ---------------------------------------------------------------------------------------

const fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Normal => "normal",
        MessageKind::System => "system",
    }
}

/// A message's `visibility` column: `{"named": [[id, name], …], "groups": [label, …]}`.
fn visibility_json(visibility: &Visibility) -> serde_json::Value {
    serde_json::json!({
        "named": visibility.named,
        "groups": visibility.groups,
    })
}

fn visibility_from_json(id: Uuid, mut value: serde_json::Value) -> StoreResult<Visibility> {
    let bad = |e: serde_json::Error| corrupt("messages", format!("{id}: visibility: {e}"));
    let named =
        serde_json::from_value::<Vec<(AccountId, String)>>(value["named"].take()).map_err(bad)?;
    let groups = serde_json::from_value::<Vec<GroupLabel>>(value["groups"].take()).map_err(bad)?;
    Ok(Visibility { named, groups })
}

/// The columns of an outbox row, in [`OutboxRecord`]'s order.
macro_rules! outbox_columns {
    () => {
        "school_id, id, message_id, news_id, recipient_id, to_address, subject, status, \
         attempts, last_error, next_attempt_at, created_at"
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRecord {
    school_id: Uuid,
    id: Uuid,
    message_id: Option<Uuid>,
    news_id: Option<Uuid>,
    recipient_id: Uuid,
    to_address: String,
    subject: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    next_attempt_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl OutboxRecord {
    pub(crate) fn into_row(self) -> StoreResult<OutboxRow> {
        let id = self.id;
        let bad = |d: String| corrupt("outbox", format!("{id}: {d}"));
        Ok(OutboxRow {
            id: OutboxId::from_uuid(id),
            school: SchoolId::from_uuid(self.school_id),
            forwards: match (self.message_id, self.news_id) {
                (Some(message), None) => Forwarded::Message(MessageId::from_uuid(message)),
                (None, Some(news)) => Forwarded::News(NewsId::from_uuid(news)),
                _ => return Err(bad("forwards neither or both".to_owned())),
            },
            recipient: AccountId::from_uuid(self.recipient_id),
            to: self.to_address,
            subject: self.subject,
            status: OutboxStatus::parse(&self.status)
                .ok_or_else(|| bad(format!("status {:?}", self.status)))?,
            attempts: u32::try_from(self.attempts)
                .map_err(|_| bad(format!("attempts {}", self.attempts)))?,
            last_error: self.last_error,
            next_attempt_at: self.next_attempt_at,
            created_at: self.created_at,
        })
    }
}

// The ports, one file each, after the column macros above, which they use.
mod delivery;
mod directory;
mod forwarding;
mod messages;
mod news;
mod reader;
mod settings;

#[cfg(test)]
mod tests {
    use schoolbrug_kernel::Role;
    use schoolbrug_messaging::model::Audience;

    use super::*;

    #[test]
    fn visibility_round_trips_through_its_json() {
        let visibility = Visibility {
            named: vec![(AccountId::new(), "Els Claes".into())],
            groups: vec![
                GroupLabel::Group {
                    name: "3A".into(),
                    audience: Audience::CoAccounts,
                },
                GroupLabel::Role {
                    role: Role::Teacher,
                },
            ],
        };
        let json = visibility_json(&visibility);
        assert_eq!(json["named"][0][1], "Els Claes");
        assert_eq!(json["groups"][0]["kind"], "group");
        let back = visibility_from_json(Uuid::nil(), json);
        assert_eq!(back.ok(), Some(visibility));
    }
}
