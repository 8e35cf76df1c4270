//! The messaging `NewsStore` on PostgreSQL (tables of `0011_news.sql`): an item and its
//! audience written in one transaction; the lists read in one statement that walks
//! `news_school_id_pinned_published_at_id_idx` (pinned, newest first) up to the limit,
//! each item's audience and the reader's read state found by their keys; then the
//! audience of the items listed in one more statement.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, GroupId, NewsId, Role, SchoolId};
use schoolbrug_messaging::model::{
    Body, NewsAudience, NewsEntry, NewsItem, NewsReach, NewsTitle, Publication,
};
use schoolbrug_messaging::ports::{NewsStore, StoreResult};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::delivery::{INSERT_NEWS_OUTBOX, OutboxColumns};
use super::{PgMessageStore, commit};
use crate::error::{corrupt, translate};

/// The columns of an item, from `news` named `n`, in [`NewsRow`]'s order.
macro_rules! news_columns {
    () => {
        "n.school_id, n.id, n.author_id, n.author_name, n.title, n.body, n.published_at, \
         n.until_at, n.pinned, n.updated_at"
    };
}

/// The items `$1` school shows `$2` reader at `$3` now: the items of `$4` author (NULL:
/// none), and the current ones whose audience holds the school, a group of `$6` or a
/// role of `$7` (text arrays); with `$5` since (NULL: all) only the pinned ones and those
/// published after it; pinned first, newest first, at most `$8`.
pub(crate) const VISIBLE_NEWS_SQL: &str = concat!(
    "SELECT ",
    news_columns!(),
    ", EXISTS (SELECT 1 FROM news_reads AS r \
         WHERE r.school_id = n.school_id AND r.account_id = $2 AND r.news_id = n.id) AS read \
     FROM news AS n \
     WHERE n.school_id = $1 \
       AND ($5::timestamptz IS NULL OR n.pinned OR n.published_at > $5) \
       AND (n.author_id = $4 \
            OR (n.published_at <= $3 AND (n.until_at IS NULL OR n.until_at > $3) \
                AND EXISTS (SELECT 1 FROM news_audience AS a \
                    WHERE a.school_id = n.school_id AND a.news_id = n.id \
                      AND (a.kind = 'school' \
                           OR (a.kind = 'group' AND a.target = ANY ($6::text[])) \
                           OR (a.kind = 'role' AND a.target = ANY ($7::text[])))))) \
     ORDER BY n.pinned DESC, n.published_at DESC, n.id DESC \
     LIMIT $8"
);

type NewsRow = (
    Uuid,
    Uuid,
    Option<Uuid>,
    Option<String>,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    bool,
    DateTime<Utc>,
    bool,
);

fn item_from(row: NewsRow, audience: Vec<NewsAudience>) -> StoreResult<(NewsItem, bool)> {
    let (
        school,
        id,
        author,
        author_name,
        title,
        body,
        published_at,
        until,
        pinned,
        updated_at,
        read,
    ) = row;
    Ok((
        NewsItem {
            id: NewsId::from_uuid(id),
            school: SchoolId::from_uuid(school),
            author: author.map(AccountId::from_uuid),
            author_name,
            title: NewsTitle::parse(&title)
                .map_err(|e| corrupt("news", format!("title: {e:?}")))?,
            body: Body::parse(&body).map_err(|e| corrupt("news", format!("body: {e:?}")))?,
            audience,
            published_at,
            until,
            pinned,
            updated_at,
        },
        read,
    ))
}

fn audience_from(kind: &str, target: &str, group: Option<Uuid>) -> StoreResult<NewsAudience> {
    match (kind, group) {
        ("school", None) => Ok(NewsAudience::School),
        ("group", Some(group)) => Ok(NewsAudience::Group(GroupId::from_uuid(group))),
        ("role", None) => Role::parse(target)
            .map(NewsAudience::Role)
            .ok_or_else(|| corrupt("news_audience", format!("role {target:?}"))),
        (other, _) => Err(corrupt("news_audience", format!("kind {other:?}"))),
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

async fn insert_audience(
    tx: &mut Transaction<'static, Postgres>,
    item: &NewsItem,
) -> StoreResult<()> {
    let mut kinds = Vec::with_capacity(item.audience.len());
    let mut targets = Vec::with_capacity(item.audience.len());
    let mut groups = Vec::with_capacity(item.audience.len());
    for entry in &item.audience {
        let (kind, target, group) = audience_columns(entry);
        kinds.push(kind);
        targets.push(target);
        groups.push(group);
    }
    // One statement for every entry; an entry twice is stored once.
    sqlx::query(
        "INSERT INTO news_audience (school_id, news_id, kind, target, group_id) \
         SELECT $1, $2, e.kind, e.target, e.group_id \
         FROM unnest($3::text[], $4::text[], $5::uuid[]) AS e (kind, target, group_id) \
         ON CONFLICT DO NOTHING",
    )
    .bind(item.school.as_uuid())
    .bind(item.id.as_uuid())
    .bind(&kinds)
    .bind(&targets)
    .bind(&groups)
    .execute(&mut **tx)
    .await
    .map_err(translate)?;
    Ok(())
}

impl PgMessageStore {
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
        let rows: Vec<(Uuid, String, String, Option<Uuid>)> = sqlx::query_as(
            "SELECT news_id, kind, target, group_id FROM news_audience \
             WHERE school_id = $1 AND news_id = ANY ($2::uuid[])",
        )
        .bind(school.as_uuid())
        .bind(ids)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        for (news, kind, target, group) in rows {
            found
                .entry(news)
                .or_default()
                .push(audience_from(&kind, &target, group)?);
        }
        for audience in found.values_mut() {
            audience.sort();
        }
        Ok(found)
    }
}

#[async_trait]
impl NewsStore for PgMessageStore {
    async fn publish_news(&self, publication: &Publication) -> StoreResult<()> {
        // The outbox statement takes the school and the item once: every row must be of
        // this item (the domain's rule, checked again before anything is written).
        publication.check()?;
        let item = publication.item();
        let outbox = OutboxColumns::of(publication.outbox())?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO news (school_id, id, author_id, author_name, title, body, \
             published_at, until_at, pinned, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
        if !publication.outbox().is_empty() {
            sqlx::query(INSERT_NEWS_OUTBOX)
                .bind(item.school.as_uuid())
                .bind(item.id.as_uuid())
                .bind(outbox.id)
                .bind(outbox.recipient)
                .bind(outbox.to)
                .bind(outbox.state)
                .bind(outbox.subject)
                .bind(outbox.status)
                .bind(outbox.attempts)
                .bind(outbox.last_error)
                .bind(outbox.next_attempt_at)
                .bind(outbox.created_at)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        commit(tx).await
    }

    async fn update_news(&self, publication: &Publication) -> StoreResult<bool> {
        publication.check()?;
        let item = publication.item();
        let outbox = OutboxColumns::of(publication.outbox())?;
        let mut tx = self.begin().await?;
        let updated = sqlx::query(
            "UPDATE news SET title = $3, body = $4, published_at = $5, until_at = $6, \
             pinned = $7, updated_at = $8 WHERE school_id = $1 AND id = $2",
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
        sqlx::query("DELETE FROM news_audience WHERE school_id = $1 AND news_id = $2")
            .bind(item.school.as_uuid())
            .bind(item.id.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        insert_audience(&mut tx, item).await?;
        // The forwards follow the edit: waiting mails to those no longer named go, the
        // others take their new time, the newly named get theirs (never one already told).
        let recipients: Vec<Uuid> = publication
            .outbox()
            .iter()
            .map(|r| r.recipient.as_uuid())
            .collect();
        let dues: Vec<DateTime<Utc>> = publication
            .outbox()
            .iter()
            .map(|r| r.next_attempt_at)
            .collect();
        sqlx::query(
            "DELETE FROM outbox WHERE school_id = $1 AND news_id = $2 AND status = 'waiting' \
             AND NOT (recipient_id = ANY ($3::uuid[]))",
        )
        .bind(item.school.as_uuid())
        .bind(item.id.as_uuid())
        .bind(&recipients)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        sqlx::query(
            "UPDATE outbox AS o SET next_attempt_at = n.due \
             FROM UNNEST($3::uuid[], $4::timestamptz[]) AS n (recipient_id, due) \
             WHERE o.school_id = $1 AND o.news_id = $2 AND o.status = 'waiting' \
               AND o.recipient_id = n.recipient_id",
        )
        .bind(item.school.as_uuid())
        .bind(item.id.as_uuid())
        .bind(&recipients)
        .bind(&dues)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        if !publication.outbox().is_empty() {
            sqlx::query(&format!(
                "{INSERT_NEWS_OUTBOX} WHERE NOT EXISTS (SELECT 1 FROM outbox AS x \
                 WHERE x.school_id = $1 AND x.news_id = $2 AND x.recipient_id = o.recipient_id)"
            ))
            .bind(item.school.as_uuid())
            .bind(item.id.as_uuid())
            .bind(outbox.id)
            .bind(outbox.recipient)
            .bind(outbox.to)
            .bind(outbox.state)
            .bind(outbox.subject)
            .bind(outbox.status)
            .bind(outbox.attempts)
            .bind(outbox.last_error)
            .bind(outbox.next_attempt_at)
            .bind(outbox.created_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        commit(tx).await?;
        Ok(true)
    }

    async fn withdraw_news(&self, school: SchoolId, id: NewsId) -> StoreResult<bool> {
        // The audience and the read states go by cascade, in the same statement.
        let deleted = sqlx::query("DELETE FROM news WHERE school_id = $1 AND id = $2")
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(translate)?
            .rows_affected();
        Ok(deleted > 0)
    }

    async fn news_item(&self, school: SchoolId, id: NewsId) -> StoreResult<Option<NewsItem>> {
        let row: Option<NewsRow> = sqlx::query_as(concat!(
            "SELECT ",
            news_columns!(),
            ", false FROM news AS n WHERE n.school_id = $1 AND n.id = $2"
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut audiences = self.audiences(school, &[row.1]).await?;
        let audience = audiences.remove(&row.1).unwrap_or_default();
        Ok(Some(item_from(row, audience)?.0))
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
        let rows: Vec<NewsRow> = sqlx::query_as(VISIBLE_NEWS_SQL)
            .bind(school.as_uuid())
            .bind(reader.as_uuid())
            .bind(now)
            .bind(reach.author.map(|a| a.as_uuid()))
            .bind(since)
            .bind(&groups)
            .bind(&roles)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.1).collect();
        let mut audiences = self.audiences(school, &ids).await?;
        rows.into_iter()
            .map(|row| {
                let audience = audiences.remove(&row.1).unwrap_or_default();
                let (item, read) = item_from(row, audience)?;
                Ok(NewsEntry { item, read })
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
             SELECT $1, $2, $3, $4 WHERE EXISTS \
                 (SELECT 1 FROM news WHERE school_id = $1 AND id = $3) \
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
        let mut tx = self.begin().await?;
        for sql in [
            "DELETE FROM news_reads WHERE school_id = $1 AND account_id = $2",
            "UPDATE news SET author_id = NULL, author_name = NULL \
             WHERE school_id = $1 AND author_id = $2",
        ] {
            sqlx::query(sql)
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        commit(tx).await
    }
}

/// The plan of the news list, on a real server (`test-support`).
#[cfg(all(test, feature = "test-support"))]
mod plans {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use sqlx::Connection as _;

    use super::VISIBLE_NEWS_SQL;
    use crate::test_support::fresh_database;

    /// Every node of a plan (`EXPLAIN (FORMAT JSON)`), depth first.
    fn nodes(plan: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        out.push(plan.clone());
        if let Some(children) = plan["Plans"].as_array() {
            for child in children {
                nodes(child, out);
            }
        }
    }

    /// Two schools of 200 items each (every tenth pinned), each to the school, a group or
    /// a role, planned both as the custom plan of the first runs and as the generic plan.
    #[tokio::test]
    async fn the_news_list_walks_the_school_s_order_index_without_a_sort() {
        let db = fresh_database().await;
        let mut conn = db.pool().acquire().await.unwrap();
        let seed = "
            INSERT INTO schools (id, slug, name, time_zone, min_password_length)
            SELECT ('00000000-0000-7000-8000-00000000000' || s)::uuid, 's' || s, 'S' || s,
                   'Europe/Brussels', 12 FROM generate_series(1, 2) AS s;
            INSERT INTO news (school_id, id, author_id, author_name, title, body, published_at,
                              until_at, pinned, updated_at)
            SELECT ('00000000-0000-7000-8000-00000000000' || (1 + i % 2))::uuid,
                   ('00000000-0000-7000-9000-' || lpad(to_hex(i), 12, '0'))::uuid,
                   NULL, 'Els Claes', 'Nieuws ' || i, 'Tekst', now() - i * interval '1 hour',
                   NULL, i % 10 = 0, now()
            FROM generate_series(1, 400) AS i;
            INSERT INTO news_audience (school_id, news_id, kind, target)
            SELECT school_id, id,
                   CASE WHEN i % 3 = 0 THEN 'school' ELSE 'role' END,
                   CASE WHEN i % 3 = 0 THEN '' ELSE 'teacher' END
            FROM (SELECT school_id, id, row_number() OVER () AS i FROM news) AS n;
            ANALYZE;";
        sqlx::raw_sql(seed).execute(&mut *conn).await.unwrap();
        for mode in ["force_custom_plan", "force_generic_plan"] {
            let mut tx = conn.begin().await.unwrap();
            sqlx::raw_sql(&format!(
                "SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = {mode}; \
                 PREPARE visible (uuid, uuid, timestamptz, uuid, timestamptz, text[], text[], \
                 bigint) AS {VISIBLE_NEWS_SQL}"
            ))
            .execute(&mut *tx)
            .await
            .unwrap();
            let (plan,): (serde_json::Value,) = sqlx::query_as(
                "EXPLAIN (FORMAT JSON) EXECUTE visible ('00000000-0000-7000-8000-000000000001', \
                 '00000000-0000-7000-a000-000000000007', now(), NULL, NULL, \
                 ARRAY['00000000-0000-7000-b000-000000000001'], ARRAY['pupil'], 20)",
            )
            .fetch_one(&mut *tx)
            .await
            .unwrap();
            sqlx::raw_sql("DEALLOCATE visible")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.rollback().await.unwrap();
            let mut plan_nodes = Vec::new();
            nodes(&plan[0]["Plan"], &mut plan_nodes);
            let scan = plan_nodes
                .iter()
                .find(|n| n["Relation Name"] == "news")
                .expect("news in the plan");
            assert_eq!(
                scan["Index Name"], "news_school_id_pinned_published_at_id_idx",
                "{mode}: {plan_nodes:#?}"
            );
            assert!(
                plan_nodes.iter().all(|n| n["Node Type"] != "Sort"),
                "{mode}: {plan_nodes:#?}"
            );
            // The audience is read by its key (each item's entries, or the school's at
            // once as a hashed subplan), never scanned.
            assert!(
                plan_nodes
                    .iter()
                    .any(|n| n["Index Name"] == "news_audience_pkey"),
                "{mode}: {plan_nodes:#?}"
            );
            assert!(
                plan_nodes.iter().all(|n| n["Node Type"] != "Seq Scan"),
                "{mode}: {plan_nodes:#?}"
            );
        }
    }
}
