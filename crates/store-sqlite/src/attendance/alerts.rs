//! The attendance `AlertStore` on SQLite: the alert worker's scan of unsent alerts over
//! every school (`absence_alerts_unsent`), marking one sent, and erasing what the module
//! keeps of an account in one `BEGIN IMMEDIATE` transaction.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::model::AbsenceAlert;
use schoolbrug_attendance::ports::{AlertStore, StoreResult};
use schoolbrug_kernel::{AbsenceAlertId, AccountId, SchoolId};
use sqlx::FromRow;
use uuid::Uuid;

use super::{SqliteAttendanceStore, half_from};
use crate::error::translate;

#[derive(FromRow)]
struct AlertRow {
    school_id: Uuid,
    pupil_id: Uuid,
    date: NaiveDate,
    half: String,
    id: Uuid,
    raised_at: DateTime<Utc>,
}

/// Erasing an account, each statement bound to `?1` school and `?2` account. A pupil's
/// rows go (the accounts' cascade would take them too, but the hook runs first and must
/// leave nothing when the account itself is kept); what the account wrote stays, by
/// nobody, as the school's record.
const ERASURE: [&str; 8] = [
    "DELETE FROM absence_alerts WHERE school_id = ?1 AND pupil_id = ?2",
    "DELETE FROM absence_changes WHERE school_id = ?1 AND pupil_id = ?2",
    "DELETE FROM absences WHERE school_id = ?1 AND pupil_id = ?2",
    "DELETE FROM absence_notes WHERE school_id = ?1 AND pupil_id = ?2",
    "UPDATE absences SET registered_by = NULL WHERE school_id = ?1 AND registered_by = ?2",
    "UPDATE absence_notes SET by_account = NULL WHERE school_id = ?1 AND by_account = ?2",
    "UPDATE absence_changes SET by_account = NULL WHERE school_id = ?1 AND by_account = ?2",
    "DELETE FROM absence_administrators WHERE school_id = ?1 AND account_id = ?2",
];

#[async_trait]
impl AlertStore for SqliteAttendanceStore {
    async fn unsent_alerts(&self, limit: u32) -> StoreResult<Vec<AbsenceAlert>> {
        // The worker's scan of every school: the one read not limited to a school.
        let rows = sqlx::query_as::<_, AlertRow>(
            "SELECT school_id, pupil_id, date, half, id, raised_at FROM absence_alerts \
             WHERE sent_at IS NULL ORDER BY raised_at, id LIMIT ?1",
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
                    half: half_from(&row.half)?,
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
        // An alert marked before keeps its first time.
        sqlx::query(
            "UPDATE absence_alerts SET sent_at = ?3 \
             WHERE school_id = ?1 AND id = ?2 AND sent_at IS NULL",
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
        let mut tx = self.begin_write().await?;
        for statement in ERASURE {
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
