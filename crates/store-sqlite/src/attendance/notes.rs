//! The attendance `NoteStore` on SQLite: a note counted against the quota, checked for
//! overlap, stored, and the half-days it justifies rewritten with their audit, all in one
//! `BEGIN IMMEDIATE` transaction, so notes handed in at once take turns and never pass
//! the quota together.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::error::conflicts::{NOTE_OVERLAPS, NOTE_QUOTA_REACHED};
use schoolbrug_attendance::model::{AbsenceNote, SchoolYear};
use schoolbrug_attendance::ports::{NoteStore, StoreError, StoreResult};
use schoolbrug_kernel::{AbsenceNoteId, AccountId, SchoolId};
use sqlx::FromRow;
use uuid::Uuid;

use super::SqliteAttendanceStore;
use crate::error::translate;

/// The half-days a note justifies: the pupil's unconfirmed unknown or problematic ones on
/// its dates. `?1` school, `?2` pupil, `?3` first day, `?4` last day.
const JUSTIFIABLE: &str = "school_id = ?1 AND pupil_id = ?2 AND date >= ?3 AND date <= ?4 \
     AND confirmed = 0 AND (official IS NULL OR official = 'B')";

#[derive(FromRow)]
struct NoteRow {
    school_id: Uuid,
    id: Uuid,
    pupil_id: Uuid,
    from_date: NaiveDate,
    to_date: NaiveDate,
    text: Option<String>,
    by_account: Option<Uuid>,
    at: DateTime<Utc>,
}

impl From<NoteRow> for AbsenceNote {
    fn from(row: NoteRow) -> Self {
        AbsenceNote {
            id: AbsenceNoteId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            pupil: AccountId::from_uuid(row.pupil_id),
            from: row.from_date,
            to: row.to_date,
            text: row.text,
            by: row.by_account.map(AccountId::from_uuid),
            at: row.at,
        }
    }
}

#[async_trait]
impl NoteStore for SqliteAttendanceStore {
    async fn insert_note(
        &self,
        note: &AbsenceNote,
        per_year: u32,
        year: SchoolYear,
    ) -> StoreResult<u64> {
        // The write lock is held from here: a note handed in at the same time counts
        // after this one is in.
        let mut tx = self.begin_write().await?;
        let used: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM absence_notes \
             WHERE school_id = ?1 AND pupil_id = ?2 AND from_date >= ?3 AND from_date <= ?4",
        )
        .bind(note.school.as_uuid())
        .bind(note.pupil.as_uuid())
        .bind(year.first_day)
        .bind(year.last_day)
        .fetch_one(&mut *tx)
        .await
        .map_err(translate)?;
        if used >= i64::from(per_year) {
            return Err(StoreError::Conflict(NOTE_QUOTA_REACHED));
        }
        let overlapping: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM absence_notes \
             WHERE school_id = ?1 AND pupil_id = ?2 AND from_date <= ?4 AND to_date >= ?3)",
        )
        .bind(note.school.as_uuid())
        .bind(note.pupil.as_uuid())
        .bind(note.from)
        .bind(note.to)
        .fetch_one(&mut *tx)
        .await
        .map_err(translate)?;
        if overlapping {
            return Err(StoreError::Conflict(NOTE_OVERLAPS));
        }
        sqlx::query(
            "INSERT INTO absence_notes (school_id, id, pupil_id, from_date, to_date, text, \
             by_account, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(note.school.as_uuid())
        .bind(note.id.as_uuid())
        .bind(note.pupil.as_uuid())
        .bind(note.from)
        .bind(note.to)
        .bind(note.text.as_deref())
        .bind(note.by.map(|b| b.as_uuid()))
        .bind(note.at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        // The audit first, while the rows still hold their old codes.
        let audit = format!(
            "INSERT INTO absence_changes (school_id, pupil_id, date, half, from_code, to_code, \
             by_account, at) \
             SELECT school_id, pupil_id, date, half, code, 'Z', NULL, ?5 FROM absences \
             WHERE {JUSTIFIABLE} ORDER BY pupil_id, date, half"
        );
        sqlx::query(&audit)
            .bind(note.school.as_uuid())
            .bind(note.pupil.as_uuid())
            .bind(note.from)
            .bind(note.to)
            .bind(note.at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        let justify = format!(
            "UPDATE absences SET code = 'Z', official = 'Z', note_id = ?5 WHERE {JUSTIFIABLE}"
        );
        let justified = sqlx::query(&justify)
            .bind(note.school.as_uuid())
            .bind(note.pupil.as_uuid())
            .bind(note.from)
            .bind(note.to)
            .bind(note.id.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?
            .rows_affected();
        tx.commit().await.map_err(translate)?;
        Ok(justified)
    }

    async fn notes(
        &self,
        school: SchoolId,
        pupil: AccountId,
        year: SchoolYear,
    ) -> StoreResult<Vec<AbsenceNote>> {
        let rows = sqlx::query_as::<_, NoteRow>(
            "SELECT school_id, id, pupil_id, from_date, to_date, text, by_account, at \
             FROM absence_notes \
             WHERE school_id = ?1 AND pupil_id = ?2 AND from_date >= ?3 AND from_date <= ?4 \
             ORDER BY from_date, id",
        )
        .bind(school.as_uuid())
        .bind(pupil.as_uuid())
        .bind(year.first_day)
        .bind(year.last_day)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows.into_iter().map(AbsenceNote::from).collect())
    }
}
