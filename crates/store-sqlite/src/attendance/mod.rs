//! The attendance module's ports on SQLite (tables of `0012_attendance.sql`), one file per
//! port, all on [`SqliteAttendanceStore`]: the register of absent half-days with its audit
//! (`register.rs`), parents' notes (`notes.rs`), the school's settings and absence
//! administrators (`settings.rs`), the alerts to parents and erasure (`alerts.rs`), and
//! attendance's own `Directory` read from the accounts tables (`directory.rs`). This file
//! holds the store, the registration row and the encodings more than one of them reads or
//! writes.
//!
//! Every write that touches more than one row (a sheet, a note with the half-days it
//! justifies, settling, erasure, the settings) is one `BEGIN IMMEDIATE` transaction: it
//! holds the write lock from its first statement, so what it read (a half-day's code, the
//! notes already handed in) cannot change before it writes, and two at once take turns.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::model::{Code, Half, Official, Registration};
use schoolbrug_attendance::ports::{StoreError, StoreResult};
use schoolbrug_kernel::{AbsenceNoteId, AccountId, SchoolId};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};

mod alerts;
mod directory;
mod notes;
mod register;
mod settings;

/// Every attendance repository port (`RegisterStore`, `NoteStore`, `SettingsStore`,
/// `AlertStore`) and attendance's `Directory`, on one SQLite database. Made by
/// [`SqliteDatabase::attendance`](crate::SqliteDatabase::attendance); cheap to clone.
#[derive(Clone, Debug)]
pub struct SqliteAttendanceStore {
    pool: SqlitePool,
}

impl SqliteAttendanceStore {
    pub(crate) fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// A transaction that holds the write lock from its start.
    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(translate)
    }
}

/// Ids bound per `IN (…)` list: far below SQLite's limit on variables, whatever else the
/// statement binds.
const IDS_PER_QUERY: usize = 500;

/// Appends `(?, ?, …)` binding `ids` to `query`; an empty list matches nothing.
fn push_ids(query: &mut QueryBuilder<'_, Sqlite>, ids: &[AccountId]) {
    if ids.is_empty() {
        query.push("(NULL)");
        return;
    }
    query.push("(");
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(id.as_uuid());
    }
    list.push_unseparated(")");
}

// ------------------------------------------------------------------------- encodings

fn half_from(stored: &str) -> StoreResult<Half> {
    Half::parse(stored).ok_or_else(|| corrupt(format!("half {stored:?}")))
}

fn official_from(stored: Option<&str>) -> StoreResult<Option<Official>> {
    stored
        .map(|letter| {
            Official::parse(letter).ok_or_else(|| corrupt(format!("official code {letter:?}")))
        })
        .transpose()
}

/// The `code` and `official` columns of a code: unknown is `'?'` with no official code.
fn code_columns(code: &Code) -> (&str, Option<&'static str>) {
    (code.as_str(), code.official().map(Official::as_str))
}

fn code_from(code: &str, official: Option<&str>) -> StoreResult<Code> {
    Ok(Code::from_stored(code, official_from(official)?))
}

fn count_from(n: i64) -> StoreResult<u32> {
    u32::try_from(n).map_err(|_| StoreError::Unexpected(format!("count {n} out of range")))
}

// ---------------------------------------------------------------------- registrations

/// The columns of an `absences` row, as [`RegistrationRow`] reads them.
const REGISTRATION_COLUMNS: &str = "school_id, pupil_id, date, half, code, official, remark, \
     note_id, confirmed, registered_by, registered_at";

#[derive(FromRow)]
struct RegistrationRow {
    school_id: Uuid,
    pupil_id: Uuid,
    date: NaiveDate,
    half: String,
    code: String,
    official: Option<String>,
    remark: Option<String>,
    note_id: Option<Uuid>,
    confirmed: bool,
    registered_by: Option<Uuid>,
    registered_at: DateTime<Utc>,
}

impl TryFrom<RegistrationRow> for Registration {
    type Error = StoreError;

    fn try_from(row: RegistrationRow) -> StoreResult<Self> {
        Ok(Registration {
            school: SchoolId::from_uuid(row.school_id),
            pupil: AccountId::from_uuid(row.pupil_id),
            date: row.date,
            half: half_from(&row.half)?,
            code: code_from(&row.code, row.official.as_deref())?,
            remark: row.remark,
            note: row.note_id.map(AbsenceNoteId::from_uuid),
            confirmed: row.confirmed,
            registered_by: row.registered_by.map(AccountId::from_uuid),
            registered_at: row.registered_at,
        })
    }
}

fn registrations_from(rows: Vec<RegistrationRow>) -> StoreResult<Vec<Registration>> {
    rows.into_iter().map(Registration::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_columns() {
        let school_code = Code::School(
            schoolbrug_attendance::CodeName::from_stored("TL".into()),
            Official::B,
        );
        for code in [Code::Unknown, Code::Official(Official::Z), school_code] {
            let (name, official) = code_columns(&code);
            assert_eq!(code_from(name, official).ok(), Some(code));
        }
        assert!(code_from("X", Some("x")).is_err());
    }
}
