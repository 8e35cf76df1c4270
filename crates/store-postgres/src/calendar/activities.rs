//! The calendar `ActivityStore` on PostgreSQL: an activity and its audience written in
//! one transaction, a replacement only over the `SEQUENCE` it was made from (the
//! `UPDATE`'s row lock makes concurrent replacements take turns, and the second finds
//! the sequence moved on), and a window of activities within a reach in one statement.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_calendar::error::conflicts::ACTIVITY_CHANGED;
use schoolbrug_calendar::model::{Activity, Reach};
use schoolbrug_calendar::ports::{ActivityStore, StoreError, StoreResult};
use schoolbrug_kernel::{ActivityId, SchoolId};
use uuid::Uuid;

use super::{
    ActivityColumns, ActivityRow, PgCalendarStore, activities_from, commit, write_audience,
};
use crate::error::translate;

#[async_trait]
impl ActivityStore for PgCalendarStore {
    async fn insert_activity(&self, activity: &Activity) -> StoreResult<()> {
        let c = ActivityColumns::of(activity);
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO calendar_activities (school_id, id, title, description, location, \
             all_day, starts_at, ends_at, first_day, last_day, repeat_every_weeks, \
             repeat_until, repeat_except, skip_free_days, planner, created_at, updated_at, \
             sequence, span_start, span_end) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19, $20)",
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
        .bind(c.repeat_except)
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
        commit(tx).await
    }

    async fn replace_activity(&self, activity: &Activity) -> StoreResult<()> {
        let c = ActivityColumns::of(activity);
        let mut tx = self.begin().await?;
        let updated = sqlx::query(
            "UPDATE calendar_activities SET title = $4, description = $5, location = $6, \
             all_day = $7, starts_at = $8, ends_at = $9, first_day = $10, last_day = $11, \
             repeat_every_weeks = $12, repeat_until = $13, repeat_except = $14, \
             skip_free_days = $15, planner = $16, created_at = $17, updated_at = $18, \
             sequence = $19, span_start = $20, span_end = $21 \
             WHERE school_id = $1 AND id = $2 AND sequence = $3",
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
        .bind(c.repeat_except)
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
            let exists: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM calendar_activities \
                 WHERE school_id = $1 AND id = $2)",
            )
            .bind(activity.school.as_uuid())
            .bind(activity.id.as_uuid())
            .fetch_one(&mut *tx)
            .await
            .map_err(translate)?;
            return Err(if exists {
                StoreError::Conflict(ACTIVITY_CHANGED)
            } else {
                StoreError::NotFound
            });
        }
        sqlx::query(
            "DELETE FROM calendar_activity_audience WHERE school_id = $1 AND activity_id = $2",
        )
        .bind(activity.school.as_uuid())
        .bind(activity.id.as_uuid())
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        write_audience(&mut tx, activity).await?;
        commit(tx).await
    }

    async fn remove_activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<bool> {
        // The audience goes with it (ON DELETE CASCADE).
        let removed =
            sqlx::query("DELETE FROM calendar_activities WHERE school_id = $1 AND id = $2")
                .bind(school.as_uuid())
                .bind(id.as_uuid())
                .execute(&self.pool)
                .await
                .map_err(translate)?
                .rows_affected();
        Ok(removed > 0)
    }

    async fn activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<Option<Activity>> {
        const SQL: &str = concat!(
            "SELECT ",
            activity_columns!(),
            " FROM calendar_activities AS a WHERE a.school_id = $1 AND a.id = $2"
        );
        sqlx::query_as::<_, ActivityRow>(SQL)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(ActivityRow::into_activity)
            .transpose()
    }

    async fn activities_in(
        &self,
        school: SchoolId,
        reach: &Reach,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Activity>> {
        // The school's activities whose span overlaps the window, by the index on
        // (school_id, span_start, span_end); the reach: everything, what the account
        // planned, or an audience row for the school, one of the groups or one of the
        // roles.
        const SQL: &str = concat!(
            "SELECT ",
            activity_columns!(),
            " FROM calendar_activities AS a \
             WHERE a.school_id = $1 AND a.span_start < $3 AND a.span_end > $2 \
             AND ($4::boolean OR a.planner = $5::uuid OR EXISTS ( \
                 SELECT 1 FROM calendar_activity_audience AS r \
                 WHERE r.school_id = a.school_id AND r.activity_id = a.id \
                 AND (r.kind = 'school' \
                      OR (r.kind = 'group' AND r.group_id = ANY ($6::uuid[])) \
                      OR (r.kind = 'role' AND r.role = ANY ($7::text[]))))) \
             ORDER BY a.span_start, a.id"
        );
        let groups: Vec<Uuid> = reach.groups.iter().map(|g| g.as_uuid()).collect();
        let roles: Vec<&str> = reach.roles.iter().map(|r| r.as_str()).collect();
        let rows = sqlx::query_as::<_, ActivityRow>(SQL)
            .bind(school.as_uuid())
            .bind(from)
            .bind(to)
            .bind(reach.everything)
            .bind(reach.planner.map(|p| p.as_uuid()))
            .bind(groups)
            .bind(roles)
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        activities_from(rows)
    }
}
