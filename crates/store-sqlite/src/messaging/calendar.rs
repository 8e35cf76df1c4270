//! The messaging `FreeDaysStore` and the kernel's `SchoolCalendar` on SQLite: a school's
//! free days, and its time zone with them.

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono_tz::Tz;
use schoolbrug_kernel::{
    FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId,
};
use schoolbrug_messaging::ports::{FreeDaysStore, StoreError, StoreResult};
use sqlx::FromRow;

use super::SqliteMessageStore;
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct FreeDayRow {
    from_date: NaiveDate,
    to_date: NaiveDate,
    name: String,
}

#[async_trait]
impl FreeDaysStore for SqliteMessageStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        let rows = sqlx::query_as::<_, FreeDayRow>(
            "SELECT from_date, to_date, name FROM free_days WHERE school_id = ?1 \
             ORDER BY from_date, to_date, rowid",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows
            .into_iter()
            .map(|row| FreeDayPeriod {
                from: row.from_date,
                to: row.to_date,
                name: row.name,
            })
            .collect())
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        let mut sorted: Vec<&FreeDayPeriod> = periods.iter().collect();
        sorted.sort_by_key(|p| (p.from, p.to));
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM free_days WHERE school_id = ?1")
            .bind(school.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        for period in sorted {
            // An unknown school breaks the reference: NotFound, and nothing changes.
            sqlx::query(
                "INSERT INTO free_days (school_id, from_date, to_date, name) \
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(school.as_uuid())
            .bind(period.from)
            .bind(period.to)
            .bind(period.name.as_str())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }
}

#[async_trait]
impl SchoolCalendar for SqliteMessageStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        let unavailable = |e: StoreError| {
            tracing::error!(error = %e, %school, "cannot read the school calendar");
            SchoolCalendarError::Unavailable
        };
        let time_zone: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM schools WHERE id = ?1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| unavailable(translate(e)))?;
        let time_zone = time_zone.ok_or(SchoolCalendarError::NotFound)?;
        let time_zone = time_zone
            .parse::<Tz>()
            .map_err(|_| unavailable(corrupt(format!("time zone {time_zone:?}"))))?;
        let periods = self.free_days(school).await.map_err(unavailable)?;
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}
