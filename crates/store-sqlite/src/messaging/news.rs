//! The messaging `NewsStore` on SQLite (tables of `0010_news.sql`): an item and its
//! audience written in one `BEGIN IMMEDIATE` transaction; the lists read in one statement
//! that walks `news_school_order` (pinned, newest first) and stops at the limit, each
//! item's audience found by its key, the reader's read state by its key; then the
//! audience of the items listed in one more statement.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, GroupId, NewsId, Role, SchoolId};
use schoolbrug_messaging::model::{
    Body, NewsAudience, NewsEntry, NewsItem, NewsReach, NewsTitle, Publication,
};
use schoolbrug_messaging::ports::{NewsStore, StoreError, StoreResult};
use sqlx::{FromRow, QueryBuilder, Sqlite, Transaction};
use uuid::Uuid;

use super::SqliteMessageStore;
use super::messages::{OUTBOX_ROWS_PER_INSERT, insert_outbox};
use crate::error::{corrupt, translate};

/// The columns of an item, from `news` named `n`.
const NEWS_COLUMNS: &str = "n.school_id, n.id, n.author_id, n.author_name, n.title, n.body, \
     n.published_at, n.until_at, n.pinned, n.updated_at";

/// The items `?1` school shows `?2` reader at `?3` now: the items of `?4` author (NULL:
/// none), and the current ones whose audience holds the school, a group of `?6` or a
/// role of `?7` (JSON arrays of text); with `?5` since (NULL: all) only the pinned ones
/// and those published after it; pinned first, newest first, at most `?8`.
pub(crate) const VISIBLE_NEWS_SQL: &str = "SELECT n.school_id, n.id, n.author_id, \
     n.author_name, n.title, n.body, n.published_at, n.until_at, n.pinned, n.updated_at, \
     EXISTS (SELECT 1 FROM news_reads AS r \
         WHERE r.school_id = n.school_id AND r.account_id = ?2 AND r.news_id = n.id) AS read \
     FROM news AS n \
     WHERE n.school_id = ?1 \
       AND (?5 IS NULL OR n.pinned = 1 OR n.published_at > ?5) \
       AND (n.author_id = ?4 \
            OR (n.published_at <= ?3 AND (n.until_at IS NULL OR n.until_at > ?3) \
                AND EXISTS (SELECT 1 FROM news_audience AS a \
                    WHERE a.school_id = n.school_id AND a.news_id = n.id \
                      AND (a.kind = 'school' \
                           OR (a.kind = 'group' AND a.target IN (SELECT value FROM json_each(?6))) \
                           OR (a.kind = 'role' AND a.target IN (SELECT value FROM json_each(?7))))))) \
     ORDER BY n.pinned DESC, n.published_at DESC, n.id DESC \
     LIMIT ?8";

#[derive(FromRow)]
struct NewsRow {
    school_id: Uuid,
    id: Uuid,
    author_id: Option<Uuid>,
    author_name: Option<String>,
    title: String,
    body: String,
    published_at: DateTime<Utc>,
    until_at: Option<DateTime<Utc>>,
    pinned: bool,
    updated_at: DateTime<Utc>,
    read: bool,
}

impl NewsRow {
    fn into_item(self, audience: Vec<NewsAudience>) -> StoreResult<NewsItem> {
        Ok(NewsItem {
            id: NewsId::from_uuid(self.id),
            school: SchoolId::from_uuid(self.school_id),
            author: self.author_id.map(AccountId::from_uuid),
            author_name: self.author_name,
            title: NewsTitle::parse(&self.title).map_err(|e| corrupt(format!("title: {e:?}")))?,
            body: Body::parse(&self.body).map_err(|e| corrupt(format!("body: {e:?}")))?,
            audience,
            published_at: self.published_at,
            until: self.until_at,
            pinned: self.pinned,
            updated_at: self.updated_at,
        })
    }
}

#[derive(FromRow)]
struct AudienceRow {
    news_id: Uuid,
    kind: String,
    target: String,
    group_id: Option<Uuid>,
}

impl TryFrom<AudienceRow> for NewsAudience {
    type Error = StoreError;

    fn try_from(row: AudienceRow) -> StoreResult<Self> {
        match (row.kind.as_str(), row.group_id) {
            ("school", None) => Ok(NewsAudience::School),
            ("group", Some(group)) => Ok(NewsAudience::Group(GroupId::from_uuid(group))),
            ("role", None) => Role::parse(&row.target)
                .map(NewsAudience::Role)
                .ok_or_else(|| corrupt(format!("news audience role {:?}", row.target))),
            (other, _) => Err(corrupt(format!("news audience kind {other:?}"))),
        }
    }
}

/// An audience entry as stored: its kind, its target and, for a group, the group's id.
fn audience_columns(entry: &NewsAudience) -> (&'static str, String, Option<Uuid>) {
    match entry {
        NewsAudience::School => ("school", String::new(), None),
        NewsAudience::Group(group) => ("group", group.as_uuid().to_string(), Some(group.as_uuid())),
        NewsAudience::Role(role) => ("role", role.as_str().to_owned(), None),
    }
}

fn json_list<T: AsRef<str>>(items: &[T]) -> StoreResult<String> {
    serde_json::to_string(&items.iter().map(AsRef::as_ref).collect::<Vec<&str>>())
        .map_err(|e| StoreError::Unexpected(format!("cannot encode a list: {e}")))
}

async fn insert_audience(
    tx: &mut Transaction<'static, Sqlite>,
    item: &NewsItem,
) -> StoreResult<()> {
    if item.audience.is_empty() {
        return Ok(());
    }
    let mut insert = QueryBuilder::<Sqlite>::new(
        "INSERT INTO news_audience (school_id, news_id, kind, target, group_id) ",
    );
    insert.push_values(&item.audience, |mut row, entry| {
        let (kind, target, group) = audience_columns(entry);
        row.push_bind(item.school.as_uuid())
            .push_bind(item.id.as_uuid())
            .push_bind(kind)
            .push_bind(target)
            .push_bind(group);
    });
    // An entry twice is stored once.
    insert.push(" ON CONFLICT DO NOTHING");
    insert.build().execute(&mut **tx).await.map_err(translate)?;
    Ok(())
}

/// Brings the item's outbox rows in line with the publication's (`update_news`): the
/// waiting rows to recipients it no longer names go, the others take their new time, and
/// a recipient with no row of the item yet gets its row. Edits are rare and their rows
/// few; each row is one statement of the transaction, found by `outbox_school_news`.
async fn align_forwards(
    tx: &mut Transaction<'static, Sqlite>,
    publication: &Publication,
) -> StoreResult<()> {
    let item = publication.item();
    let rows = publication.outbox();
    let mut delete = QueryBuilder::<Sqlite>::new("DELETE FROM outbox WHERE school_id = ");
    delete
        .push_bind(item.school.as_uuid())
        .push(" AND news_id = ")
        .push_bind(item.id.as_uuid())
        .push(" AND status = 'waiting'");
    if !rows.is_empty() {
        delete.push(" AND recipient_id NOT IN (");
        let mut list = delete.separated(", ");
        for row in rows {
            list.push_bind(row.recipient.as_uuid());
        }
        delete.push(")");
    }
    delete.build().execute(&mut **tx).await.map_err(translate)?;
    for row in rows {
        let moved = sqlx::query(
            "UPDATE outbox SET next_attempt_at = ?4 \
             WHERE school_id = ?1 AND news_id = ?2 AND recipient_id = ?3 AND status = 'waiting'",
        )
        .bind(item.school.as_uuid())
        .bind(item.id.as_uuid())
        .bind(row.recipient.as_uuid())
        .bind(row.next_attempt_at)
        .execute(&mut **tx)
        .await
        .map_err(translate)?
        .rows_affected();
        if moved > 0 {
            continue;
        }
        sqlx::query(
            "INSERT INTO outbox (school_id, id, news_id, recipient_id, to_address, subject, \
                 status, attempts, last_error, next_attempt_at, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 \
             WHERE NOT EXISTS (SELECT 1 FROM outbox \
                 WHERE school_id = ?1 AND news_id = ?3 AND recipient_id = ?4)",
        )
        .bind(item.school.as_uuid())
        .bind(row.id.as_uuid())
        .bind(item.id.as_uuid())
        .bind(row.recipient.as_uuid())
        .bind(row.to.as_str())
        .bind(row.subject.as_str())
        .bind(row.status.as_str())
        .bind(i64::from(row.attempts))
        .bind(row.last_error.as_deref())
        .bind(row.next_attempt_at)
        .bind(row.created_at)
        .execute(&mut **tx)
        .await
        .map_err(translate)?;
    }
    Ok(())
}

impl SqliteMessageStore {
    /// The audience of each of `ids` (items of `school`), in order.
    async fn audiences(
        &self,
        school: SchoolId,
        ids: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, Vec<NewsAudience>>> {
        let mut found: HashMap<Uuid, Vec<NewsAudience>> = HashMap::new();
        if ids.is_empty() {
            return Ok(found);
        }
        let mut select = QueryBuilder::<Sqlite>::new(
            "SELECT news_id, kind, target, group_id FROM news_audience WHERE school_id = ",
        );
        select.push_bind(school.as_uuid()).push(" AND news_id IN (");
        let mut list = select.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        select.push(")");
        let rows: Vec<AudienceRow> = select
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        for row in rows {
            let news = row.news_id;
            found
                .entry(news)
                .or_default()
                .push(NewsAudience::try_from(row)?);
        }
        for audience in found.values_mut() {
            audience.sort();
        }
        Ok(found)
    }
}

#[async_trait]
impl NewsStore for SqliteMessageStore {
    async fn publish_news(&self, publication: &Publication) -> StoreResult<()> {
        publication.check()?;
        let item = publication.item();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO news (school_id, id, author_id, author_name, title, body, \
             published_at, until_at, pinned, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .bind(item.school.as_uuid())
        .bind(item.id.as_uuid())
        .bind(item.author.map(|a| a.as_uuid()))
        .bind(item.author_name.as_deref())
        .bind(item.title.as_str())
        .bind(item.body.as_str())
        .bind(item.published_at)
        .bind(item.until)
        .bind(item.pinned)
        .bind(item.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        insert_audience(&mut tx, item).await?;
        for rows in publication.outbox().chunks(OUTBOX_ROWS_PER_INSERT) {
            insert_outbox(&mut tx, rows).await?;
        }
        tx.commit().await.map_err(translate)
    }

    async fn update_news(&self, publication: &Publication) -> StoreResult<bool> {
        publication.check()?;
        let item = publication.item();
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE news SET title = ?3, body = ?4, published_at = ?5, until_at = ?6, \
             pinned = ?7, updated_at = ?8 WHERE school_id = ?1 AND id = ?2",
        )
        .bind(item.school.as_uuid())
        .bind(item.id.as_uuid())
        .bind(item.title.as_str())
        .bind(item.body.as_str())
        .bind(item.published_at)
        .bind(item.until)
        .bind(item.pinned)
        .bind(item.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?
        .rows_affected();
        if updated == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM news_audience WHERE school_id = ?1 AND news_id = ?2")
            .bind(item.school.as_uuid())
            .bind(item.id.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        insert_audience(&mut tx, item).await?;
        align_forwards(&mut tx, publication).await?;
        tx.commit().await.map_err(translate)?;
        Ok(true)
    }

    async fn withdraw_news(&self, school: SchoolId, id: NewsId) -> StoreResult<bool> {
        // The audience and the read states go by cascade, in the same statement.
        let deleted = sqlx::query("DELETE FROM news WHERE school_id = ?1 AND id = ?2")
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(translate)?
            .rows_affected();
        Ok(deleted > 0)
    }

    async fn news_item(&self, school: SchoolId, id: NewsId) -> StoreResult<Option<NewsItem>> {
        let row = sqlx::query_as::<_, NewsRow>(&format!(
            "SELECT {NEWS_COLUMNS}, 0 AS read FROM news AS n WHERE n.school_id = ?1 AND n.id = ?2"
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut audiences = self.audiences(school, &[row.id]).await?;
        let audience = audiences.remove(&row.id).unwrap_or_default();
        row.into_item(audience).map(Some)
    }

    async fn visible_news(
        &self,
        school: SchoolId,
        reader: AccountId,
        reach: &NewsReach,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        limit: u32,
    ) -> StoreResult<Vec<NewsEntry>> {
        let groups: Vec<String> = reach
            .groups
            .iter()
            .map(|g| g.as_uuid().to_string())
            .collect();
        let roles: Vec<&str> = reach.roles.iter().map(|r| r.as_str()).collect();
        let rows = sqlx::query_as::<_, NewsRow>(VISIBLE_NEWS_SQL)
            .bind(school.as_uuid())
            .bind(reader.as_uuid())
            .bind(now)
            .bind(reach.author.map(|a| a.as_uuid()))
            .bind(since)
            .bind(json_list(&groups)?)
            .bind(json_list(&roles)?)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut audiences = self.audiences(school, &ids).await?;
        rows.into_iter()
            .map(|row| {
                let read = row.read;
                let audience = audiences.remove(&row.id).unwrap_or_default();
                Ok(NewsEntry {
                    item: row.into_item(audience)?,
                    read,
                })
            })
            .collect()
    }

    async fn mark_news_read(
        &self,
        school: SchoolId,
        account: AccountId,
        id: NewsId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let inserted = sqlx::query(
            "INSERT INTO news_reads (school_id, account_id, news_id, read_at) \
             SELECT ?1, ?2, ?3, ?4 WHERE EXISTS \
                 (SELECT 1 FROM news WHERE school_id = ?1 AND id = ?3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(id.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?
        .rows_affected();
        Ok(inserted > 0)
    }

    async fn erase_news_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for statement in [
            "DELETE FROM news_reads WHERE school_id = ?1 AND account_id = ?2",
            "UPDATE news SET author_id = NULL, author_name = NULL \
             WHERE school_id = ?1 AND author_id = ?2",
        ] {
            sqlx::query(statement)
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use sqlx::Row as _;

    use super::*;
    use crate::SqliteDatabase;

    #[tokio::test]
    async fn the_news_list_walks_the_school_s_order_index_and_looks_the_rest_up_by_key() {
        let db = SqliteDatabase::in_memory().await.unwrap();
        db.migrate().await.unwrap();
        let sql = format!("EXPLAIN QUERY PLAN {VISIBLE_NEWS_SQL}");
        let steps: Vec<String> = sqlx::query(&sql)
            .bind(SchoolId::new().as_uuid())
            .bind(AccountId::new().as_uuid())
            .bind(Utc::now())
            .bind(None::<Uuid>)
            .bind(None::<DateTime<Utc>>)
            .bind("[]")
            .bind("[\"pupil\"]")
            .bind(20_i64)
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        let plan = steps.join("\n");
        assert!(
            steps[0].starts_with("SEARCH n USING INDEX news_school_order (school_id=?)"),
            "{plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "no sort: {plan}");
        assert!(!plan.contains("SCAN n"), "{plan}");
        assert!(
            plan.contains("SEARCH a USING PRIMARY KEY (school_id=? AND news_id=?)"),
            "{plan}"
        );
        assert!(
            plan.contains(
                "SEARCH r USING PRIMARY KEY (school_id=? AND account_id=? AND news_id=?)"
            ),
            "{plan}"
        );
    }
}
