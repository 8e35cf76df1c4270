//! The calendar `FeedStore` on PostgreSQL: private feeds found by the hash of their
//! token, one per account and child (`calendar_feeds_calendar_key`: `feed_exists`), each
//! change one statement.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use schoolbrug_calendar::model::Feed;
use schoolbrug_calendar::ports::{FeedStore, StoreResult};
use schoolbrug_kernel::{AccountId, FeedId, SchoolId, SecretHash};
use uuid::Uuid;

use super::PgCalendarStore;
use crate::error::translate;

/// A fetch is recorded when the last one recorded is older than this.
const USE_RECORDED_EVERY: Duration = Duration::hours(1);

/// The columns of a feed, in [`FeedRow`]'s order.
macro_rules! feed_columns {
    () => {
        "school_id, id, account_id, child_id, created_at, last_used_at"
    };
}

#[derive(sqlx::FromRow)]
struct FeedRow {
    school_id: Uuid,
    id: Uuid,
    account_id: Uuid,
    child_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<FeedRow> for Feed {
    fn from(row: FeedRow) -> Self {
        Feed {
            id: FeedId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            account: AccountId::from_uuid(row.account_id),
            child: row.child_id.map(AccountId::from_uuid),
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        }
    }
}

#[async_trait]
impl FeedStore for PgCalendarStore {
    async fn insert_feed(&self, feed: &Feed, token: &SecretHash) -> StoreResult<()> {
        // A second feed for the same calendar breaks calendar_feeds_calendar_key: the
        // `feed_exists` conflict (src/error.rs); an unknown account: `NotFound`.
        sqlx::query(
            "INSERT INTO calendar_feeds (school_id, id, account_id, child_id, token_hash, \
             created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(feed.school.as_uuid())
        .bind(feed.id.as_uuid())
        .bind(feed.account.as_uuid())
        .bind(feed.child.map(|c| c.as_uuid()))
        .bind(&token.as_bytes()[..])
        .bind(feed.created_at)
        .bind(feed.last_used_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn feeds_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<Feed>> {
        const SQL: &str = concat!(
            "SELECT ",
            feed_columns!(),
            " FROM calendar_feeds WHERE school_id = $1 AND account_id = $2 \
             ORDER BY created_at, id"
        );
        let rows = sqlx::query_as::<_, FeedRow>(SQL)
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        Ok(rows.into_iter().map(Feed::from).collect())
    }

    async fn feed_by_token(&self, token: &SecretHash) -> StoreResult<Option<Feed>> {
        // Across schools: the link names none (calendar_feeds_token_hash_idx).
        const SQL: &str = concat!(
            "SELECT ",
            feed_columns!(),
            " FROM calendar_feeds WHERE token_hash = $1"
        );
        let row = sqlx::query_as::<_, FeedRow>(SQL)
            .bind(&token.as_bytes()[..])
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?;
        Ok(row.map(Feed::from))
    }

    async fn renew_feed(
        &self,
        school: SchoolId,
        account: AccountId,
        id: FeedId,
        token: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let renewed = sqlx::query(
            "UPDATE calendar_feeds SET token_hash = $4, created_at = $5 \
             WHERE school_id = $1 AND account_id = $2 AND id = $3",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(id.as_uuid())
        .bind(&token.as_bytes()[..])
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        Ok(renewed > 0)
    }

    async fn revoke_feed(
        &self,
        school: SchoolId,
        account: AccountId,
        id: FeedId,
    ) -> StoreResult<bool> {
        let revoked = sqlx::query(
            "DELETE FROM calendar_feeds WHERE school_id = $1 AND account_id = $2 AND id = $3",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(id.as_uuid())
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        Ok(revoked > 0)
    }

    async fn record_feed_use(
        &self,
        school: SchoolId,
        id: FeedId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE calendar_feeds SET last_used_at = $3 \
             WHERE school_id = $1 AND id = $2 \
             AND (last_used_at IS NULL OR last_used_at < $4)",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .bind(at)
        .bind(at - USE_RECORDED_EVERY)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn remove_feeds_of(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        sqlx::query(
            "DELETE FROM calendar_feeds \
             WHERE school_id = $1 AND (account_id = $2 OR child_id = $2)",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }
}
