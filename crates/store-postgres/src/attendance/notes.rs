//! The attendance `NoteStore` on PostgreSQL: parents' notes (`absence_notes`), the quota
//! and overlap rules checked under the pupil's advisory lock, and the half-days a note
//! justifies (`absences`, with their audit in `absence_changes`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::error::conflicts;
use schoolbrug_attendance::model::{AbsenceNote, SchoolYear};
use schoolbrug_attendance::ports::{NoteStore, StoreError, StoreResult};
use schoolbrug_kernel::{AbsenceNoteId, AccountId, SchoolId};
use uuid::Uuid;

use super::{PgAttendanceStore, commit, count_from, lock_pupils};
use crate::error::translate;

#[derive(sqlx::FromRow)]
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

#[derive(sqlx::FromRow)]
struct RulesRow {
    used: i64,
    overlaps: bool,
}

#[async_trait]
impl NoteStore for PgAttendanceStore {
    async fn insert_note(
        &self,
        note: &AbsenceNote,
        per_year: u32,
        year: SchoolYear,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        // Notes handed in at once for one pupil each wait here for the one before, and
        // then count what it stored: the quota cannot be passed together.
        lock_pupils(&mut tx, note.school, &[note.pupil.as_uuid()]).await?;
        let rules = sqlx::query_as::<_, RulesRow>(
            "SELECT \
               (SELECT count(*) FROM absence_notes AS n \
                WHERE n.school_id = $1 AND n.pupil_id = $2 \
                  AND n.from_date BETWEEN $3 AND $4) AS used, \
               EXISTS (SELECT 1 FROM absence_notes AS n \
                       WHERE n.school_id = $1 AND n.pupil_id = $2 \
                         AND n.from_date <= $6 AND $5 <= n.to_date) AS overlaps",
        )
        .bind(note.school.as_uuid())
        .bind(note.pupil.as_uuid())
        .bind(year.first_day)
        .bind(year.last_day)
        .bind(note.from)
        .bind(note.to)
        .fetch_one(&mut *tx)
        .await
        .map_err(translate)?;
        // The transaction is dropped unfinished on a refusal: nothing is written.
        if rules.used >= i64::from(per_year) {
            return Err(StoreError::Conflict(conflicts::NOTE_QUOTA_REACHED));
        }
        if rules.overlaps {
            return Err(StoreError::Conflict(conflicts::NOTE_OVERLAPS));
        }
        // The half-days are locked by date, the order the settling worker locks them in;
        // one the worker made `B` meanwhile is justified from `B`.
        let justified: i64 = sqlx::query_scalar(
            "WITH stored AS ( \
               INSERT INTO absence_notes (school_id, id, pupil_id, from_date, to_date, text, \
                                          by_account, at) \
               VALUES ($1, $3, $2, $4, $5, $6, $7, $8) \
             ), due AS ( \
               SELECT a.date, a.half, a.code FROM absences AS a \
               WHERE a.school_id = $1 AND a.pupil_id = $2 AND a.date BETWEEN $4 AND $5 \
                 AND NOT a.confirmed AND (a.official IS NULL OR a.official = 'B') \
               ORDER BY a.date, a.half FOR UPDATE \
             ), justified AS ( \
               UPDATE absences AS a SET code = 'Z', official = 'Z', note_id = $3 \
               FROM due \
               WHERE a.school_id = $1 AND a.pupil_id = $2 AND a.date = due.date \
                 AND a.half = due.half \
               RETURNING a.date, a.half, due.code AS from_code \
             ), logged AS ( \
               INSERT INTO absence_changes (school_id, pupil_id, date, half, from_code, \
                                            to_code, by_account, at) \
               SELECT $1, $2, j.date, j.half, j.from_code, 'Z', NULL, $8 FROM justified AS j \
               ORDER BY j.date, j.half \
             ) \
             SELECT count(*) FROM justified",
        )
        .bind(note.school.as_uuid())
        .bind(note.pupil.as_uuid())
        .bind(note.id.as_uuid())
        .bind(note.from)
        .bind(note.to)
        .bind(note.text.as_deref())
        .bind(note.by.map(|b| b.as_uuid()))
        .bind(note.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(translate)?;
        commit(tx).await?;
        Ok(count_from(justified))
    }

    async fn notes(
        &self,
        school: SchoolId,
        pupil: AccountId,
        year: SchoolYear,
    ) -> StoreResult<Vec<AbsenceNote>> {
        let rows = sqlx::query_as::<_, NoteRow>(
            "SELECT n.school_id, n.id, n.pupil_id, n.from_date, n.to_date, n.text, \
                    n.by_account, n.at \
             FROM absence_notes AS n \
             WHERE n.school_id = $1 AND n.pupil_id = $2 AND n.from_date BETWEEN $3 AND $4 \
             ORDER BY n.from_date, n.id",
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
