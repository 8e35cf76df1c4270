//! The calendar `SchoolYearStore` and the kernel's `SchoolCalendar` on PostgreSQL: the
//! school year (`school_years`), and the free days in messaging's `free_days`, which both
//! modules read and write.

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono_tz::Tz;
use schoolbrug_calendar::model::SchoolYear;
use schoolbrug_calendar::ports::{SchoolYearStore, StoreError, StoreResult};
use schoolbrug_kernel::{
    FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays, SchoolId,
};

use super::{PgCalendarStore, commit};
use crate::error::{corrupt, translate};

#[derive(sqlx::FromRow)]
struct FreeDayRow {
    from_date: NaiveDate,
    to_date: NaiveDate,
    name: String,
}

impl From<FreeDayRow> for FreeDayPeriod {
    fn from(row: FreeDayRow) -> Self {
        FreeDayPeriod {
            from: row.from_date,
            to: row.to_date,
            name: row.name,
        }
    }
}

/// Free days (alias `f`) by start date, then end date (as the in-memory adapter sorts),
/// then name in byte order, so that the order is stable.
macro_rules! free_days_order {
    () => {
        " ORDER BY f.from_date, f.to_date, f.name COLLATE \"C\""
    };
}

#[async_trait]
impl SchoolYearStore for PgCalendarStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        const SQL: &str = concat!(
            "SELECT f.from_date, f.to_date, f.name FROM free_days AS f WHERE f.school_id = $1",
            free_days_order!()
        );
        Ok(sqlx::query_as::<_, FreeDayRow>(SQL)
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?
            .into_iter()
            .map(FreeDayPeriod::from)
            .collect())
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Locking the school serializes concurrent replacements (also messaging's, on the
        // same table): without it, two could each delete the old periods and both insert
        // theirs. An unknown school: `NotFound`. (NO KEY: new accounts of the school are
        // not held up.)
        let found = sqlx::query("SELECT 1 FROM schools WHERE id = $1 FOR NO KEY UPDATE")
            .bind(school.as_uuid())
            .fetch_optional(&mut *tx)
            .await
            .map_err(translate)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM free_days WHERE school_id = $1")
            .bind(school.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        if !periods.is_empty() {
            let from: Vec<NaiveDate> = periods.iter().map(|p| p.from).collect();
            let to: Vec<NaiveDate> = periods.iter().map(|p| p.to).collect();
            let names: Vec<&str> = periods.iter().map(|p| p.name.as_str()).collect();
            sqlx::query(
                "INSERT INTO free_days (school_id, from_date, to_date, name) \
                 SELECT $1::uuid, f.* FROM UNNEST($2::date[], $3::date[], $4::text[]) AS f",
            )
            .bind(school.as_uuid())
            .bind(from)
            .bind(to)
            .bind(names)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        commit(tx).await
    }

    async fn school_year(&self, school: SchoolId) -> StoreResult<Option<SchoolYear>> {
        let row: Option<(NaiveDate, NaiveDate)> =
            sqlx::query_as("SELECT starts_on, ends_on FROM school_years WHERE school_id = $1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(translate)?;
        row.map(|(starts_on, ends_on)| {
            SchoolYear::new(starts_on, ends_on)
                .map_err(|e| corrupt("school_years", format!("{school}: {e:?}")))
        })
        .transpose()
    }

    async fn set_school_year(&self, school: SchoolId, year: &SchoolYear) -> StoreResult<()> {
        // An unknown school breaks the reference: NotFound.
        sqlx::query(
            "INSERT INTO school_years (school_id, starts_on, ends_on) VALUES ($1, $2, $3) \
             ON CONFLICT ON CONSTRAINT school_years_pkey DO UPDATE \
             SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on",
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
impl SchoolCalendar for PgCalendarStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            time_zone: String,
            from_date: Option<NaiveDate>,
            to_date: Option<NaiveDate>,
            name: Option<String>,
        }
        // One statement: the school's time zone with its free days (none: one row of
        // NULLs; no school: no row).
        const SQL: &str = concat!(
            "SELECT s.time_zone, f.from_date, f.to_date, f.name FROM schools AS s \
             LEFT JOIN free_days AS f ON f.school_id = s.id WHERE s.id = $1",
            free_days_order!()
        );
        let rows = sqlx::query_as::<_, Row>(SQL)
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(|e| {
                let e = translate(e);
                tracing::warn!(%school, error = %e, "school calendar unavailable");
                SchoolCalendarError::Unavailable
            })?;
        let Some(first) = rows.first() else {
            return Err(SchoolCalendarError::NotFound);
        };
        let time_zone = first.time_zone.parse::<Tz>().map_err(|e| {
            tracing::error!(
                %school,
                error = %corrupt("schools", format!("{school}: time zone: {e}")),
                "school calendar unreadable"
            );
            SchoolCalendarError::Unavailable
        })?;
        let periods = rows
            .into_iter()
            .filter_map(|r| match (r.from_date, r.to_date, r.name) {
                (Some(from), Some(to), Some(name)) => Some(FreeDayPeriod { from, to, name }),
                _ => None,
            })
            .collect();
        Ok(SchoolDays::new(time_zone, FreeDays::new(periods)))
    }
}
