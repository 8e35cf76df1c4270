//! The attendance `AlertStore` on PostgreSQL: the alerts waiting to be sent
//! (`absence_alerts`), and the erasure of what the module keeps of an account, across
//! every attendance table.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::model::AbsenceAlert;
use schoolbrug_attendance::ports::{AlertStore, StoreResult};
use schoolbrug_kernel::{AbsenceAlertId, AccountId, SchoolId};
use uuid::Uuid;

use super::{PgAttendanceStore, half_from};
use crate::error::translate;

#[derive(sqlx::FromRow)]
struct AlertRow {
    school_id: Uuid,
    id: Uuid,
    pupil_id: Uuid,
    date: NaiveDate,
    half: String,
    raised_at: DateTime<Utc>,
}

#[async_trait]
impl AlertStore for PgAttendanceStore {
    async fn unsent_alerts(&self, limit: u32) -> StoreResult<Vec<AbsenceAlert>> {
        // Across schools by nature: the sending worker serves them all.
        let rows = sqlx::query_as::<_, AlertRow>(
            "SELECT l.school_id, l.id, l.pupil_id, l.date, l.half, l.raised_at \
             FROM absence_alerts AS l WHERE l.sent_at IS NULL \
             ORDER BY l.raised_at, l.id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        rows.into_iter()
            .map(|row| {
                Ok(AbsenceAlert {
                    id: AbsenceAlertId::from_uuid(row.id),
                    school: SchoolId::from_uuid(row.school_id),
                    pupil: AccountId::from_uuid(row.pupil_id),
                    date: row.date,
                    half: half_from("absence_alerts", &row.half)?,
                    raised_at: row.raised_at,
                })
            })
            .collect()
    }

    async fn mark_alert_sent(
        &self,
        school: SchoolId,
        id: AbsenceAlertId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        // The first time it was sent stays: a second delivery changes nothing.
        sqlx::query(
            "UPDATE absence_alerts SET sent_at = $3 \
             WHERE school_id = $1 AND id = $2 AND sent_at IS NULL",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        // One statement, so all or nothing. The parts touch disjoint rows (a pupil's own
        // rows go; the name is wiped only on other pupils' rows), as one statement may not
        // change a row twice.
        sqlx::query(
            "WITH registrations AS ( \
               DELETE FROM absences WHERE school_id = $1 AND pupil_id = $2 \
             ), alerts AS ( \
               DELETE FROM absence_alerts WHERE school_id = $1 AND pupil_id = $2 \
             ), notes AS ( \
               DELETE FROM absence_notes WHERE school_id = $1 AND pupil_id = $2 \
             ), changes AS ( \
               DELETE FROM absence_changes WHERE school_id = $1 AND pupil_id = $2 \
             ), registered_by AS ( \
               UPDATE absences SET registered_by = NULL \
               WHERE school_id = $1 AND registered_by = $2 AND pupil_id <> $2 \
             ), notes_by AS ( \
               UPDATE absence_notes SET by_account = NULL \
               WHERE school_id = $1 AND by_account = $2 AND pupil_id <> $2 \
             ), changes_by AS ( \
               UPDATE absence_changes SET by_account = NULL \
               WHERE school_id = $1 AND by_account = $2 AND pupil_id <> $2 \
             ) \
             DELETE FROM absence_administrators WHERE school_id = $1 AND account_id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }
}
