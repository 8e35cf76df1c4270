//! The attendance `RegisterStore` on SQLite: a sheet written in one `BEGIN IMMEDIATE`
//! transaction (what the half-day held, its alert and the note covering it read first, in
//! three statements for the whole sheet), the audit row of every change, the follow-up
//! list in one statement over the index of problematic half-days, and settling in one
//! transaction of two statements.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::model::{
    AbsenceAlert, AbsenceChange, Code, FollowUpRow, Half, HalfDay, Mark, Official, Registration,
    RegistrationKey, Sheet, SheetOutcome,
};
use schoolbrug_attendance::ports::{RegisterStore, StoreResult};
use schoolbrug_kernel::{AbsenceNoteId, AccountId, SchoolId};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};
use uuid::Uuid;

use super::{
    IDS_PER_QUERY, REGISTRATION_COLUMNS, RegistrationRow, SqliteAttendanceStore, code_columns,
    code_from, half_from, push_ids, registrations_from,
};
use crate::error::translate;

/// What a sheet needs to know of a half-day already registered.
struct Held {
    code: Code,
    confirmed: bool,
}

#[derive(FromRow)]
struct HeldRow {
    pupil_id: Uuid,
    code: String,
    official: Option<String>,
    confirmed: bool,
}

#[derive(FromRow)]
struct CoveringRow {
    pupil_id: Uuid,
    id: Uuid,
}

/// What the sheet found before it writes, for its pupils on its half-day.
struct Before {
    held: HashMap<AccountId, Held>,
    alerted: HashSet<AccountId>,
    covering: HashMap<AccountId, AbsenceNoteId>,
}

async fn read_before(conn: &mut SqliteConnection, sheet: &Sheet) -> StoreResult<Before> {
    let pupils: Vec<AccountId> = sheet.entries.iter().map(|e| e.pupil).collect();
    let mut before = Before {
        held: HashMap::new(),
        alerted: HashSet::new(),
        covering: HashMap::new(),
    };
    for chunk in pupils.chunks(IDS_PER_QUERY) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT pupil_id, code, official, confirmed FROM absences WHERE school_id = ",
        );
        query
            .push_bind(sheet.school.as_uuid())
            .push(" AND date = ")
            .push_bind(sheet.date)
            .push(" AND half = ")
            .push_bind(sheet.half.as_str())
            .push(" AND pupil_id IN ");
        push_ids(&mut query, chunk);
        for row in query
            .build_query_as::<HeldRow>()
            .fetch_all(&mut *conn)
            .await
            .map_err(translate)?
        {
            let held = Held {
                code: code_from(&row.code, row.official.as_deref())?,
                confirmed: row.confirmed,
            };
            before.held.insert(AccountId::from_uuid(row.pupil_id), held);
        }

        let mut query =
            QueryBuilder::<Sqlite>::new("SELECT pupil_id FROM absence_alerts WHERE school_id = ");
        query
            .push_bind(sheet.school.as_uuid())
            .push(" AND date = ")
            .push_bind(sheet.date)
            .push(" AND half = ")
            .push_bind(sheet.half.as_str())
            .push(" AND pupil_id IN ");
        push_ids(&mut query, chunk);
        let alerted: Vec<Uuid> = query
            .build_query_scalar()
            .fetch_all(&mut *conn)
            .await
            .map_err(translate)?;
        before
            .alerted
            .extend(alerted.into_iter().map(AccountId::from_uuid));

        // A pupil's notes never overlap, so at most one covers the date.
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT pupil_id, id FROM absence_notes WHERE school_id = ",
        );
        query
            .push_bind(sheet.school.as_uuid())
            .push(" AND from_date <= ")
            .push_bind(sheet.date)
            .push(" AND to_date >= ")
            .push_bind(sheet.date)
            .push(" AND pupil_id IN ");
        push_ids(&mut query, chunk);
        for row in query
            .build_query_as::<CoveringRow>()
            .fetch_all(&mut *conn)
            .await
            .map_err(translate)?
        {
            before
                .covering
                .entry(AccountId::from_uuid(row.pupil_id))
                .or_insert(AbsenceNoteId::from_uuid(row.id));
        }
    }
    Ok(before)
}

/// Appends one change of one half-day to the audit.
async fn record_change(
    conn: &mut SqliteConnection,
    sheet: &Sheet,
    pupil: AccountId,
    from: Option<&Code>,
    to: Option<&Code>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO absence_changes (school_id, pupil_id, date, half, from_code, to_code, \
         by_account, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .bind(sheet.school.as_uuid())
    .bind(pupil.as_uuid())
    .bind(sheet.date)
    .bind(sheet.half.as_str())
    .bind(from.map(Code::as_str))
    .bind(to.map(Code::as_str))
    .bind(sheet.by.as_uuid())
    .bind(sheet.at)
    .execute(&mut *conn)
    .await
    .map_err(translate)?;
    Ok(())
}

#[derive(FromRow)]
struct ProblematicRow {
    pupil_id: Uuid,
    date: NaiveDate,
    half: String,
}

#[derive(FromRow)]
struct ChangeRow {
    pupil_id: Uuid,
    date: NaiveDate,
    half: String,
    from_code: Option<String>,
    to_code: Option<String>,
    by_account: Option<Uuid>,
    at: DateTime<Utc>,
}

#[async_trait]
impl RegisterStore for SqliteAttendanceStore {
    async fn record_sheet(&self, sheet: &Sheet) -> StoreResult<SheetOutcome> {
        let mut tx = self.begin_write().await?;
        let Before {
            mut held,
            mut alerted,
            covering,
        } = read_before(&mut tx, sheet).await?;
        let mut outcome = SheetOutcome::default();
        for entry in &sheet.entries {
            let pupil = entry.pupil;
            let old = held.get(&pupil);
            if old.is_some_and(|h| h.confirmed) && !sheet.confirms {
                outcome.absent += 1;
                continue;
            }
            match &entry.mark {
                Mark::Present => {
                    if let Some(old) = held.remove(&pupil) {
                        sqlx::query(
                            "DELETE FROM absences \
                             WHERE school_id = ?1 AND pupil_id = ?2 AND date = ?3 AND half = ?4",
                        )
                        .bind(sheet.school.as_uuid())
                        .bind(pupil.as_uuid())
                        .bind(sheet.date)
                        .bind(sheet.half.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(translate)?;
                        record_change(&mut tx, sheet, pupil, Some(&old.code), None).await?;
                    }
                }
                Mark::Absent { code, remark } => {
                    // A teacher's `B` waits for the note as an unknown does; an absence
                    // administrator's `B` is a decision the note does not undo.
                    let justifiable = *code == Code::Unknown
                        || (!sheet.confirms && code.official() == Some(Official::B));
                    let note = covering.get(&pupil).copied().filter(|_| justifiable);
                    let code = if note.is_some() {
                        Code::Official(Official::Z)
                    } else {
                        code.clone()
                    };
                    let old = old.map(|h| &h.code);
                    if old != Some(&code) {
                        record_change(&mut tx, sheet, pupil, old, Some(&code)).await?;
                    }
                    if code.alerts_parents() && !alerted.contains(&pupil) {
                        // The key refuses a second alert of the half-day whatever this
                        // sheet read before.
                        let raised = sqlx::query(
                            "INSERT INTO absence_alerts (school_id, pupil_id, date, half, id, \
                             raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                             ON CONFLICT (school_id, pupil_id, date, half) DO NOTHING",
                        )
                        .bind(sheet.school.as_uuid())
                        .bind(pupil.as_uuid())
                        .bind(sheet.date)
                        .bind(sheet.half.as_str())
                        .bind(entry.alert.as_uuid())
                        .bind(sheet.at)
                        .execute(&mut *tx)
                        .await
                        .map_err(translate)?
                        .rows_affected();
                        alerted.insert(pupil);
                        if raised > 0 {
                            outcome.alerts.push(AbsenceAlert {
                                id: entry.alert,
                                school: sheet.school,
                                pupil,
                                date: sheet.date,
                                half: sheet.half,
                                raised_at: sheet.at,
                            });
                        }
                    }
                    let (name, official) = code_columns(&code);
                    sqlx::query(
                        "INSERT INTO absences (school_id, pupil_id, date, half, code, official, \
                         remark, note_id, confirmed, registered_by, registered_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
                         ON CONFLICT (school_id, pupil_id, date, half) DO UPDATE SET \
                         code = excluded.code, official = excluded.official, \
                         remark = excluded.remark, note_id = excluded.note_id, \
                         confirmed = excluded.confirmed, registered_by = excluded.registered_by, \
                         registered_at = excluded.registered_at",
                    )
                    .bind(sheet.school.as_uuid())
                    .bind(pupil.as_uuid())
                    .bind(sheet.date)
                    .bind(sheet.half.as_str())
                    .bind(name)
                    .bind(official)
                    .bind(remark.as_deref())
                    .bind(note.map(|n| n.as_uuid()))
                    .bind(sheet.confirms)
                    .bind(sheet.by.as_uuid())
                    .bind(sheet.at)
                    .execute(&mut *tx)
                    .await
                    .map_err(translate)?;
                    held.insert(
                        pupil,
                        Held {
                            code,
                            confirmed: sheet.confirms,
                        },
                    );
                    outcome.absent += 1;
                }
            }
        }
        tx.commit().await.map_err(translate)?;
        Ok(outcome)
    }

    async fn registrations(
        &self,
        school: SchoolId,
        pupil: Option<AccountId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Registration>> {
        // Two statements rather than `(?2 IS NULL OR …)`, so one pupil's is read along
        // the key and the school's along absences_school_date. The school's is sorted
        // here: an `ORDER BY pupil_id` makes SQLite without statistics walk the whole
        // school along the key to skip a sort.
        let sql = match pupil {
            Some(_) => format!(
                "SELECT {REGISTRATION_COLUMNS} FROM absences \
                 WHERE school_id = ?1 AND pupil_id = ?2 AND date >= ?3 AND date <= ?4 \
                 ORDER BY date, half"
            ),
            None => format!(
                "SELECT {REGISTRATION_COLUMNS} FROM absences \
                 WHERE school_id = ?1 AND date >= ?3 AND date <= ?4"
            ),
        };
        let rows = sqlx::query_as::<_, RegistrationRow>(&sql)
            .bind(school.as_uuid())
            .bind(pupil.map(|p| p.as_uuid()))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let mut registrations = registrations_from(rows)?;
        registrations.sort_by_key(|r| (r.pupil, r.date, r.half));
        Ok(registrations)
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
        // Along the key (school, pupil, date, half) from the cursor on, so a page reads no
        // more than it shows (plus the rows outside the dates it skips).
        let mut query = QueryBuilder::<Sqlite>::new("SELECT ");
        query
            .push(REGISTRATION_COLUMNS)
            .push(" FROM absences WHERE school_id = ")
            .push_bind(school.as_uuid())
            .push(" AND date >= ")
            .push_bind(from)
            .push(" AND date <= ")
            .push_bind(to);
        if let Some(pupils) = &pupils {
            query.push(" AND pupil_id IN ");
            push_ids(&mut query, pupils);
        }
        if let Some(after) = after {
            query
                .push(" AND (pupil_id, date, half) > (")
                .push_bind(after.pupil.as_uuid())
                .push(", ")
                .push_bind(after.date)
                .push(", ")
                .push_bind(after.half.as_str())
                .push(")");
        }
        query
            .push(" ORDER BY pupil_id, date, half LIMIT ")
            .push_bind(i64::from(limit));
        let rows = query
            .build_query_as::<RegistrationRow>()
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
        let mut found = HashMap::new();
        for chunk in pupils.chunks(IDS_PER_QUERY) {
            let mut query = QueryBuilder::<Sqlite>::new("SELECT ");
            query
                .push(REGISTRATION_COLUMNS)
                .push(" FROM absences WHERE school_id = ")
                .push_bind(school.as_uuid())
                .push(" AND date = ")
                .push_bind(date)
                .push(" AND half = ")
                .push_bind(half.as_str())
                .push(" AND pupil_id IN ");
            push_ids(&mut query, chunk);
            let rows = query
                .build_query_as::<RegistrationRow>()
                .fetch_all(&self.pool)
                .await
                .map_err(translate)?;
            for registration in registrations_from(rows)? {
                found.insert(registration.pupil, registration);
            }
        }
        // In the order the pupils were asked for.
        Ok(pupils
            .iter()
            .filter_map(|p| found.get(p).cloned())
            .collect())
    }

    async fn follow_up(
        &self,
        school: SchoolId,
        from: NaiveDate,
        to: NaiveDate,
        threshold: u32,
    ) -> StoreResult<Vec<FollowUpRow>> {
        // Counted and ordered in the database, so only the listed pupils' half-days come
        // back. Read along absences_school_problematic alone (the table having no rowid,
        // the index holds the half too), in pupil order, so the count per pupil needs no
        // sort; named, as SQLite without statistics would walk the school's key instead.
        let rows = sqlx::query_as::<_, ProblematicRow>(
            "SELECT pupil_id, date, half FROM ( \
                 SELECT pupil_id, date, half, count(*) OVER (PARTITION BY pupil_id) AS n \
                 FROM absences INDEXED BY absences_school_problematic \
                 WHERE school_id = ?1 AND official = 'B' AND date >= ?2 AND date <= ?3) \
             WHERE n >= ?4 \
             ORDER BY n DESC, pupil_id, date, half",
        )
        .bind(school.as_uuid())
        .bind(from)
        .bind(to)
        .bind(i64::from(threshold))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        let mut list: Vec<FollowUpRow> = Vec::new();
        for row in rows {
            let pupil = AccountId::from_uuid(row.pupil_id);
            let half_day = HalfDay {
                date: row.date,
                half: half_from(&row.half)?,
            };
            match list.last_mut() {
                Some(last) if last.pupil == pupil => last.half_days.push(half_day),
                _ => list.push(FollowUpRow {
                    pupil,
                    half_days: vec![half_day],
                }),
            }
        }
        Ok(list)
    }

    async fn changes(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<AbsenceChange>> {
        // Newest is the last recorded, as `seq` grows with every change; `at` is the
        // time each caller gave (a note's may be earlier than a sheet recorded before it).
        let rows = sqlx::query_as::<_, ChangeRow>(
            "SELECT pupil_id, date, half, from_code, to_code, by_account, at \
             FROM absence_changes WHERE school_id = ?1 AND pupil_id = ?2 \
             ORDER BY seq DESC",
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
                    half: half_from(&row.half)?,
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
        // Both statements name the index of unknown half-days: they are few, and SQLite
        // without statistics would walk the school's key instead.
        let mut tx = self.begin_write().await?;
        // The audit first, while the rows still read unknown; in key order, so the audit's
        // order of one instant is the register's.
        sqlx::query(
            "INSERT INTO absence_changes (school_id, pupil_id, date, half, from_code, to_code, \
             by_account, at) \
             SELECT school_id, pupil_id, date, half, code, 'B', NULL, ?3 \
             FROM absences INDEXED BY absences_school_unknown \
             WHERE school_id = ?1 AND official IS NULL AND date <= ?2 \
             ORDER BY pupil_id, date, half",
        )
        .bind(school.as_uuid())
        .bind(up_to)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        let settled = sqlx::query(
            "UPDATE absences INDEXED BY absences_school_unknown \
             SET code = 'B', official = 'B', registered_by = NULL, \
             registered_at = ?3 \
             WHERE school_id = ?1 AND official IS NULL AND date <= ?2",
        )
        .bind(school.as_uuid())
        .bind(up_to)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?
        .rows_affected();
        tx.commit().await.map_err(translate)?;
        Ok(settled)
    }

    async fn schools_with_unknown(&self, before: NaiveDate) -> StoreResult<Vec<SchoolId>> {
        // The worker's visit of every school: the one read not limited to a school.
        let schools: Vec<Uuid> = sqlx::query_scalar(
            "SELECT DISTINCT school_id FROM absences \
             WHERE official IS NULL AND date < ?1 ORDER BY school_id",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(schools.into_iter().map(SchoolId::from_uuid).collect())
    }
}
