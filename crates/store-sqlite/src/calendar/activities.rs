//! The calendar `ActivityStore` on SQLite: an activity and its audience written in one
//! `BEGIN IMMEDIATE` transaction, a replacement only over the `SEQUENCE` it was made
//! from, and a window of activities within a reach in one statement.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_calendar::error::conflicts::ACTIVITY_CHANGED;
use schoolbrug_calendar::model::{Activity, Reach};
use schoolbrug_calendar::ports::{ActivityStore, StoreError, StoreResult};
use schoolbrug_kernel::{ActivityId, SchoolId};
use sqlx::{QueryBuilder, Sqlite};

use super::{
    ACTIVITY_COLUMNS, ActivityColumns, ActivityRow, SqliteCalendarStore, activities_from,
    write_audience,
};
use crate::error::translate;

#[async_trait]
impl ActivityStore for SqliteCalendarStore {
    async fn insert_activity(&self, activity: &Activity) -> StoreResult<()> {
        let c = ActivityColumns::of(activity)?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO calendar_activities (school_id, id, title, description, location, \
             all_day, starts_at, ends_at, first_day, last_day, repeat_every_weeks, \
             repeat_until, repeat_except, skip_free_days, planner, created_at, updated_at, \
             sequence, span_start, span_end) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
             ?17, ?18, ?19, ?20)",
        )
        .bind(activity.school.as_uuid())
        .bind(activity.id.as_uuid())
        .bind(activity.title.as_str())
        .bind(activity.description.as_deref())
        .bind(activity.location.as_deref())
        .bind(c.all_day)
        .bind(c.starts_at)
        .bind(c.ends_at)
        .bind(c.first_day)
        .bind(c.last_day)
        .bind(c.repeat_every_weeks)
        .bind(c.repeat_until)
        .bind(c.repeat_except.as_deref())
        .bind(c.skip_free_days)
        .bind(activity.planner.as_uuid())
        .bind(activity.created_at)
        .bind(activity.updated_at)
        .bind(i64::from(activity.sequence))
        .bind(activity.span_start)
        .bind(activity.span_end)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        write_audience(&mut tx, activity).await?;
        tx.commit().await.map_err(translate)
    }

    async fn replace_activity(&self, activity: &Activity) -> StoreResult<()> {
        let c = ActivityColumns::of(activity)?;
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE calendar_activities SET title = ?4, description = ?5, location = ?6, \
             all_day = ?7, starts_at = ?8, ends_at = ?9, first_day = ?10, last_day = ?11, \
             repeat_every_weeks = ?12, repeat_until = ?13, repeat_except = ?14, \
             skip_free_days = ?15, planner = ?16, created_at = ?17, updated_at = ?18, \
             sequence = ?19, span_start = ?20, span_end = ?21 \
             WHERE school_id = ?1 AND id = ?2 AND sequence = ?3",
        )
        .bind(activity.school.as_uuid())
        .bind(activity.id.as_uuid())
        // The sequence it was made from: 0 has none, and matches no row.
        .bind(i64::from(activity.sequence) - 1)
        .bind(activity.title.as_str())
        .bind(activity.description.as_deref())
        .bind(activity.location.as_deref())
        .bind(c.all_day)
        .bind(c.starts_at)
        .bind(c.ends_at)
        .bind(c.first_day)
        .bind(c.last_day)
        .bind(c.repeat_every_weeks)
        .bind(c.repeat_until)
        .bind(c.repeat_except.as_deref())
        .bind(c.skip_free_days)
        .bind(activity.planner.as_uuid())
        .bind(activity.created_at)
        .bind(activity.updated_at)
        .bind(i64::from(activity.sequence))
        .bind(activity.span_start)
        .bind(activity.span_end)
        .execute(&mut *tx)
        .await
        .map_err(translate)?
        .rows_affected();
        if updated == 0 {
            // Nothing written: dropping the transaction rolls it back.
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM calendar_activities WHERE school_id = ?1 AND id = ?2",
            )
            .bind(activity.school.as_uuid())
            .bind(activity.id.as_uuid())
            .fetch_optional(&mut *tx)
            .await
            .map_err(translate)?;
            return Err(if exists.is_some() {
                StoreError::Conflict(ACTIVITY_CHANGED)
            } else {
                StoreError::NotFound
            });
        }
        sqlx::query(
            "DELETE FROM calendar_activity_audience WHERE school_id = ?1 AND activity_id = ?2",
        )
        .bind(activity.school.as_uuid())
        .bind(activity.id.as_uuid())
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        write_audience(&mut tx, activity).await?;
        tx.commit().await.map_err(translate)
    }

    async fn remove_activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<bool> {
        // The audience goes with it (ON DELETE CASCADE).
        let removed =
            sqlx::query("DELETE FROM calendar_activities WHERE school_id = ?1 AND id = ?2")
                .bind(school.as_uuid())
                .bind(id.as_uuid())
                .execute(&self.pool)
                .await
                .map_err(translate)?
                .rows_affected();
        Ok(removed > 0)
    }

    async fn activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<Option<Activity>> {
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM calendar_activities AS a \
             WHERE a.school_id = ?1 AND a.id = ?2"
        );
        sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(Activity::try_from)
            .transpose()
    }

    async fn activities_in(
        &self,
        school: SchoolId,
        reach: &Reach,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Activity>> {
        let mut query = QueryBuilder::<Sqlite>::new("SELECT ");
        query
            .push(ACTIVITY_COLUMNS)
            .push(" FROM calendar_activities AS a WHERE a.school_id = ")
            .push_bind(school.as_uuid())
            .push(" AND a.span_start < ")
            .push_bind(to)
            .push(" AND a.span_end > ")
            .push_bind(from);
        if !reach.everything {
            query.push(" AND (");
            if let Some(planner) = reach.planner {
                query
                    .push("a.planner = ")
                    .push_bind(planner.as_uuid())
                    .push(" OR ");
            }
            query.push(
                "EXISTS (SELECT 1 FROM calendar_activity_audience AS r \
                 WHERE r.school_id = a.school_id AND r.activity_id = a.id \
                 AND (r.kind = 'school'",
            );
            if !reach.groups.is_empty() {
                query.push(" OR (r.kind = 'group' AND r.group_id IN (");
                let mut groups = query.separated(", ");
                for group in &reach.groups {
                    groups.push_bind(group.as_uuid());
                }
                query.push("))");
            }
            if !reach.roles.is_empty() {
                query.push(" OR (r.kind = 'role' AND r.role IN (");
                let mut roles = query.separated(", ");
                for role in &reach.roles {
                    roles.push_bind(role.as_str());
                }
                query.push("))");
            }
            query.push(")))");
        }
        query.push(" ORDER BY a.span_start, a.id");
        let rows = query
            .build_query_as::<ActivityRow>()
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        activities_from(rows)
    }
}
