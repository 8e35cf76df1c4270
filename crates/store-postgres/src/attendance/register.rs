//! The attendance `RegisterStore` on PostgreSQL: the absent half-days (`absences`), the
//! audit of their changes (`absence_changes`), the alerts a sheet raises
//! (`absence_alerts`), the follow-up list and the settling of unknown half-days.
//!
//! A sheet is written by one statement over the entries passed as arrays (expanded by
//! `UNNEST`), inside the transaction that holds its pupils' advisory locks: a class of 30
//! costs four round trips, not four per pupil.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::model::{
    AbsenceAlert, AbsenceChange, FollowUpRow, Half, HalfDay, Mark, Official, Registration,
    RegistrationKey, Sheet, SheetOutcome,
};
use schoolbrug_attendance::ports::{RegisterStore, StoreResult};
use schoolbrug_kernel::{AbsenceAlertId, AccountId, SchoolId};
use uuid::Uuid;

use super::{
    PgAttendanceStore, RegistrationRow, commit, count_from, half_from, lock_pupils,
    registrations_from,
};
use crate::error::{corrupt, translate};

/// Writes a sheet given its entries as parallel arrays (`$7` pupils, `$8` codes, `NULL`
/// for present, `$9` official codes, `$10` remarks, `$11` alert ids), for the school `$1`,
/// the half-day `$2`/`$3`, by `$4` at `$5`, confirming when `$6`.
///
/// `old` locks the half-days there are (the advisory locks already keep out every other
/// sheet and note of these pupils; the row locks keep out the settling worker). `x` is
/// what each entry does, as the reference adapter decides it: `kept` when the half-day is
/// confirmed and the sheet does not confirm; an unknown code, or a teacher's `B`, becomes
/// `Z` with the note covering the date. The changes are compared on the code and the
/// official code it counts as, as the domain's `Code` compares them. Alerts: one per
/// pupil's half-day ever, whichever sheet comes first (`ON CONFLICT DO NOTHING`).
const RECORD_SHEET: &str = "\
WITH e AS MATERIALIZED (
    SELECT u.pupil_id, u.code, u.official, u.remark, u.alert_id, u.n
    FROM UNNEST($7::uuid[], $8::text[], $9::text[], $10::text[], $11::uuid[])
         WITH ORDINALITY AS u(pupil_id, code, official, remark, alert_id, n)
),
old AS MATERIALIZED (
    SELECT a.pupil_id, a.code, a.official, a.confirmed FROM absences AS a
    WHERE a.school_id = $1 AND a.date = $2 AND a.half = $3 AND a.pupil_id = ANY($7::uuid[])
    ORDER BY a.pupil_id FOR UPDATE
),
x AS MATERIALIZED (
    SELECT e.pupil_id, e.code, e.remark, e.alert_id, e.n,
           o.pupil_id IS NOT NULL AS existed, o.code AS old_code, o.official AS old_official,
           coalesce(o.confirmed AND NOT $6::boolean, false) AS kept,
           note.id AS note_id,
           CASE WHEN note.id IS NULL THEN e.code ELSE 'Z' END AS new_code,
           CASE WHEN note.id IS NULL THEN e.official ELSE 'Z' END AS new_official
    FROM e
    LEFT JOIN old AS o ON o.pupil_id = e.pupil_id
    LEFT JOIN LATERAL (
        SELECT nt.id FROM absence_notes AS nt
        WHERE nt.school_id = $1 AND nt.pupil_id = e.pupil_id
          AND nt.from_date <= $2 AND $2 <= nt.to_date
          AND e.code IS NOT NULL
          AND (e.official IS NULL OR (NOT $6::boolean AND e.official = 'B'))
        ORDER BY nt.from_date, nt.id
        LIMIT 1
    ) AS note ON true
),
gone AS (
    DELETE FROM absences AS a USING x
    WHERE a.school_id = $1 AND a.date = $2 AND a.half = $3 AND a.pupil_id = x.pupil_id
      AND x.existed AND NOT x.kept AND x.code IS NULL
),
put AS (
    INSERT INTO absences (school_id, pupil_id, date, half, code, official, remark, note_id,
                          confirmed, registered_by, registered_at)
    SELECT $1, x.pupil_id, $2, $3, x.new_code, x.new_official, x.remark, x.note_id, $6, $4, $5
    FROM x WHERE NOT x.kept AND x.code IS NOT NULL
    ORDER BY x.pupil_id
    ON CONFLICT (school_id, pupil_id, date, half) DO UPDATE SET
        code = excluded.code, official = excluded.official, remark = excluded.remark,
        note_id = excluded.note_id, confirmed = excluded.confirmed,
        registered_by = excluded.registered_by, registered_at = excluded.registered_at
),
changed AS (
    INSERT INTO absence_changes (school_id, pupil_id, date, half, from_code, to_code,
                                 by_account, at)
    SELECT $1, x.pupil_id, $2, $3, x.old_code, x.new_code, $4, $5 FROM x
    WHERE NOT x.kept
      AND (x.old_code, x.old_official) IS DISTINCT FROM (x.new_code, x.new_official)
    ORDER BY x.n
),
raised AS (
    INSERT INTO absence_alerts (school_id, pupil_id, date, half, id, raised_at)
    SELECT $1, x.pupil_id, $2, $3, x.alert_id, $5 FROM x
    WHERE NOT x.kept AND x.code IS NOT NULL
      AND (x.new_official IS NULL OR x.new_official = 'B')
    ORDER BY x.n
    ON CONFLICT DO NOTHING
    RETURNING pupil_id, id
)
SELECT (SELECT count(*) FROM x WHERE x.kept OR x.code IS NOT NULL) AS absent,
       ARRAY(SELECT r.pupil_id FROM raised AS r JOIN x ON x.pupil_id = r.pupil_id
             ORDER BY x.n) AS alert_pupils,
       ARRAY(SELECT r.id FROM raised AS r JOIN x ON x.pupil_id = r.pupil_id
             ORDER BY x.n) AS alert_ids";

#[derive(sqlx::FromRow)]
struct SheetRow {
    absent: i64,
    alert_pupils: Vec<Uuid>,
    alert_ids: Vec<Uuid>,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    pupil_id: Uuid,
    date: NaiveDate,
    half: String,
    from_code: Option<String>,
    to_code: Option<String>,
    by_account: Option<Uuid>,
    at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct FollowUpDbRow {
    pupil_id: Uuid,
    dates: Vec<NaiveDate>,
    halves: Vec<String>,
}

#[async_trait]
impl RegisterStore for PgAttendanceStore {
    async fn record_sheet(&self, sheet: &Sheet) -> StoreResult<SheetOutcome> {
        if sheet.entries.is_empty() {
            return Ok(SheetOutcome::default());
        }
        let n = sheet.entries.len();
        let mut pupils = Vec::with_capacity(n);
        let mut codes: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut officials: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut remarks: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut alert_ids = Vec::with_capacity(n);
        for entry in &sheet.entries {
            pupils.push(entry.pupil.as_uuid());
            alert_ids.push(entry.alert.as_uuid());
            match &entry.mark {
                Mark::Present => {
                    codes.push(None);
                    officials.push(None);
                    remarks.push(None);
                }
                Mark::Absent { code, remark } => {
                    codes.push(Some(code.as_str()));
                    officials.push(code.official().map(Official::as_str));
                    remarks.push(remark.as_deref());
                }
            }
        }
        let mut tx = self.begin().await?;
        lock_pupils(&mut tx, sheet.school, &pupils).await?;
        let row = sqlx::query_as::<_, SheetRow>(RECORD_SHEET)
            .bind(sheet.school.as_uuid())
            .bind(sheet.date)
            .bind(sheet.half.as_str())
            .bind(sheet.by.as_uuid())
            .bind(sheet.at)
            .bind(sheet.confirms)
            .bind(&pupils)
            .bind(&codes)
            .bind(&officials)
            .bind(&remarks)
            .bind(&alert_ids)
            .fetch_one(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await?;
        let alerts = row
            .alert_pupils
            .into_iter()
            .zip(row.alert_ids)
            .map(|(pupil, id)| AbsenceAlert {
                id: AbsenceAlertId::from_uuid(id),
                school: sheet.school,
                pupil: AccountId::from_uuid(pupil),
                date: sheet.date,
                half: sheet.half,
                raised_at: sheet.at,
            })
            .collect();
        Ok(SheetOutcome {
            absent: usize::try_from(row.absent).unwrap_or(0),
            alerts,
        })
    }

    async fn registrations(
        &self,
        school: SchoolId,
        pupil: Option<AccountId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Registration>> {
        // Two statements rather than `$2 IS NULL OR …`, so that each keeps the plan of its
        // own index (the key for one pupil, the dates for all).
        const ALL: &str = concat!(
            "SELECT ",
            registration_columns!(),
            " FROM absences AS a WHERE a.school_id = $1 AND a.date BETWEEN $2 AND $3 \
             ORDER BY a.pupil_id, a.date, a.half"
        );
        const ONE: &str = concat!(
            "SELECT ",
            registration_columns!(),
            " FROM absences AS a \
             WHERE a.school_id = $1 AND a.pupil_id = $4 AND a.date BETWEEN $2 AND $3 \
             ORDER BY a.date, a.half"
        );
        let query = match pupil {
            None => sqlx::query_as::<_, RegistrationRow>(ALL),
            Some(_) => sqlx::query_as::<_, RegistrationRow>(ONE),
        }
        .bind(school.as_uuid())
        .bind(from)
        .bind(to);
        let query = match pupil {
            None => query,
            Some(p) => query.bind(p.as_uuid()),
        };
        let rows = query.fetch_all(&self.pool).await.map_err(translate)?;
        registrations_from(rows)
    }

    async fn registrations_page(
        &self,
        school: SchoolId,
        pupils: Option<Vec<AccountId>>,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<RegistrationKey>,
        limit: u32,
    ) -> StoreResult<Vec<Registration>> {
        // Along the key (school, pupil, date, half) from the cursor on: the row comparison
        // lets the index start where the last page ended.
        const SQL: &str = concat!(
            "SELECT ",
            registration_columns!(),
            " FROM absences AS a \
             WHERE a.school_id = $1 AND a.date BETWEEN $2 AND $3 \
               AND ($4::uuid[] IS NULL OR a.pupil_id = ANY($4)) \
               AND ($5::uuid IS NULL OR (a.pupil_id, a.date, a.half) > ($5, $6, $7)) \
             ORDER BY a.pupil_id, a.date, a.half \
             LIMIT $8"
        );
        let pupils: Option<Vec<Uuid>> = pupils.map(|p| p.iter().map(AccountId::as_uuid).collect());
        let rows = sqlx::query_as::<_, RegistrationRow>(SQL)
            .bind(school.as_uuid())
            .bind(from)
            .bind(to)
            .bind(pupils)
            .bind(after.map(|a| a.pupil.as_uuid()))
            .bind(after.map(|a| a.date))
            .bind(after.map(|a| a.half.as_str()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        registrations_from(rows)
    }

    async fn half_day(
        &self,
        school: SchoolId,
        date: NaiveDate,
        half: Half,
        pupils: &[AccountId],
    ) -> StoreResult<Vec<Registration>> {
        const SQL: &str = concat!(
            "SELECT ",
            registration_columns!(),
            " FROM unnest($4::uuid[]) WITH ORDINALITY AS p(id, n) \
             JOIN absences AS a \
               ON a.school_id = $1 AND a.pupil_id = p.id AND a.date = $2 AND a.half = $3 \
             ORDER BY p.n"
        );
        let ids: Vec<Uuid> = pupils.iter().map(|p| p.as_uuid()).collect();
        let rows = sqlx::query_as::<_, RegistrationRow>(SQL)
            .bind(school.as_uuid())
            .bind(date)
            .bind(half.as_str())
            .bind(&ids)
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        registrations_from(rows)
    }

    async fn follow_up(
        &self,
        school: SchoolId,
        from: NaiveDate,
        to: NaiveDate,
        threshold: u32,
    ) -> StoreResult<Vec<FollowUpRow>> {
        // `official = 'B'` written out, not bound: it is what lets the planner use the
        // partial index absences_follow_up_idx, whose order is already by pupil. Each
        // pupil's half-days are sorted here, not by `array_agg(… ORDER BY …)`, which sorts
        // every group again on PostgreSQL 15 and took a third of the time on 500,000 rows.
        let rows = sqlx::query_as::<_, FollowUpDbRow>(
            "SELECT a.pupil_id, array_agg(a.date) AS dates, array_agg(a.half) AS halves \
             FROM absences AS a \
             WHERE a.school_id = $1 AND a.official = 'B' AND a.date BETWEEN $2 AND $3 \
             GROUP BY a.pupil_id HAVING count(*) >= $4 \
             ORDER BY count(*) DESC, a.pupil_id",
        )
        .bind(school.as_uuid())
        .bind(from)
        .bind(to)
        .bind(i64::from(threshold))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        rows.into_iter()
            .map(|row| {
                if row.dates.len() != row.halves.len() {
                    return Err(corrupt("absences", "follow-up dates and halves differ"));
                }
                let mut half_days = row
                    .dates
                    .into_iter()
                    .zip(&row.halves)
                    .map(|(date, half)| {
                        Ok(HalfDay {
                            date,
                            half: half_from("absences", half)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                half_days.sort_unstable();
                Ok(FollowUpRow {
                    pupil: AccountId::from_uuid(row.pupil_id),
                    half_days,
                })
            })
            .collect()
    }

    async fn changes(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<AbsenceChange>> {
        // Newest written first, as the reference adapter keeps them: by `seq`, not by
        // `at`, which is the time the caller names (a note's is when it was handed in)
        // and need not grow with the writes.
        let rows = sqlx::query_as::<_, ChangeRow>(
            "SELECT c.pupil_id, c.date, c.half, c.from_code, c.to_code, c.by_account, c.at \
             FROM absence_changes AS c WHERE c.school_id = $1 AND c.pupil_id = $2 \
             ORDER BY c.seq DESC",
        )
        .bind(school.as_uuid())
        .bind(pupil.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        rows.into_iter()
            .map(|row| {
                Ok(AbsenceChange {
                    pupil: AccountId::from_uuid(row.pupil_id),
                    date: row.date,
                    half: half_from("absence_changes", &row.half)?,
                    from: row.from_code,
                    to: row.to_code,
                    by: row.by_account.map(AccountId::from_uuid),
                    at: row.at,
                })
            })
            .collect()
    }

    async fn settle_unknown(
        &self,
        school: SchoolId,
        up_to: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        // One statement. The rows are locked in the order of their key, the order in which
        // a sheet (one half-day, by pupil) and a note (one pupil, by date) lock theirs, so
        // that none of them waits for another in a circle; a half-day a sheet or a note
        // justified meanwhile is no longer unknown when its lock is granted, and is left.
        let settled: i64 = sqlx::query_scalar(
            "WITH due AS ( \
               SELECT a.pupil_id, a.date, a.half FROM absences AS a \
               WHERE a.school_id = $1 AND a.official IS NULL AND a.date <= $2 \
               ORDER BY a.pupil_id, a.date, a.half FOR UPDATE \
             ), settled AS ( \
               UPDATE absences AS a \
               SET code = 'B', official = 'B', registered_by = NULL, registered_at = $3 \
               FROM due \
               WHERE a.school_id = $1 AND a.pupil_id = due.pupil_id AND a.date = due.date \
                 AND a.half = due.half AND a.official IS NULL \
               RETURNING a.pupil_id, a.date, a.half \
             ), logged AS ( \
               INSERT INTO absence_changes (school_id, pupil_id, date, half, from_code, \
                                            to_code, by_account, at) \
               SELECT $1, s.pupil_id, s.date, s.half, '?', 'B', NULL, $3 FROM settled AS s \
               ORDER BY s.pupil_id, s.date, s.half \
             ) \
             SELECT count(*) FROM settled",
        )
        .bind(school.as_uuid())
        .bind(up_to)
        .bind(at)
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?;
        Ok(count_from(settled))
    }

    async fn schools_with_unknown(&self, before: NaiveDate) -> StoreResult<Vec<SchoolId>> {
        // Across schools by nature: the worker asks which schools to visit.
        let schools: Vec<Uuid> = sqlx::query_scalar(
            "SELECT DISTINCT a.school_id FROM absences AS a \
             WHERE a.official IS NULL AND a.date < $1 ORDER BY a.school_id",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(schools.into_iter().map(SchoolId::from_uuid).collect())
    }
}
