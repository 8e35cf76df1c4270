//! The calendar `SchoolYearStore` and the kernel's `SchoolCalendar` on SQLite: the school
//! year (`school_years`), and the free days in messaging's `free_days`, which both
//! modules read and write.

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono_tz::Tz;
use schoolbrug_calendar::model::SchoolYear;
use schoolbrug_calendar::ports::{SchoolYearStore, StoreError, StoreResult};
use schoolbrug_kernel::{
    FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId,
};
use sqlx::FromRow;

use super::SqliteCalendarStore;
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct FreeDayRow {
    from_date: NaiveDate,
    to_date: NaiveDate,
    name: String,
}

#[derive(FromRow)]
struct YearRow {
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

#[async_trait]
impl SchoolYearStore for SqliteCalendarStore {
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

    async fn school_year(&self, school: SchoolId) -> StoreResult<Option<SchoolYear>> {
        let row = sqlx::query_as::<_, YearRow>(
            "SELECT starts_on, ends_on FROM school_years WHERE school_id = ?1",
        )
        .bind(school.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        row.map(|r| {
            SchoolYear::new(r.starts_on, r.ends_on)
                .map_err(|e| corrupt(format!("school year of {school}: {e:?}")))
        })
        .transpose()
    }

    async fn set_school_year(&self, school: SchoolId, year: &SchoolYear) -> StoreResult<()> {
        // An unknown school breaks the reference: NotFound.
        sqlx::query(
            "INSERT INTO school_years (school_id, starts_on, ends_on) VALUES (?1, ?2, ?3) \
             ON CONFLICT (school_id) DO UPDATE \
             SET starts_on = excluded.starts_on, ends_on = excluded.ends_on",
        )
        .bind(school.as_uuid())
        .bind(year.starts_on)
        .bind(year.ends_on)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }
}

#[async_trait]
impl SchoolCalendar for SqliteCalendarStore {
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
        let periods = SchoolYearStore::free_days(self, school)
            .await
            .map_err(unavailable)?;
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}
