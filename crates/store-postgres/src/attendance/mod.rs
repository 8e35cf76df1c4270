//! The attendance module's ports on PostgreSQL (tables of
//! `migrations/postgres/0013_attendance.sql`), one file per port, all on
//! [`PgAttendanceStore`]: the module's own `Directory` read from the accounts tables
//! (`directory.rs`), the register with its audit and alerts (`register.rs`), parents'
//! notes (`notes.rs`), the school's settings (`settings.rs`), and the alerts' sending and
//! erasure (`alerts.rs`). This file holds the store, the rows and the encodings more than
//! one of them reads or writes.
//!
//! Every method is one atomic unit of work: one statement (data-modifying `WITH` parts
//! where it writes several tables), or one transaction where a lock must be held before
//! what is read. Writers of one pupil's half-days (a sheet, a note) first take a
//! transaction-scoped advisory lock per pupil ([`lock_pupils`]): a row that does not exist
//! yet cannot be locked, and without it two sheets could both see a half-day as empty.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::model::{Code, Half, Official, Registration};
use schoolbrug_attendance::ports::StoreResult;
use schoolbrug_kernel::{AbsenceNoteId, AccountId, SchoolId};
use sqlx::postgres::PgPool;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};

/// Every attendance port (`Directory`, `RegisterStore`, `NoteStore`, `SettingsStore`,
/// `AlertStore`) on one PostgreSQL pool. Cheap to clone; share it as
/// `Arc<PgAttendanceStore>` (it is every port at once: `AttendanceStores` and
/// `Directory`).
#[derive(Clone, Debug)]
pub struct PgAttendanceStore {
    pool: PgPool,
}

impl PgAttendanceStore {
    /// The attendance ports on `pool`, whose database must be migrated
    /// ([`PgDatabase::migrate`](crate::PgDatabase::migrate)).
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    async fn begin(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(translate)
    }
}

async fn commit(tx: Transaction<'static, Postgres>) -> StoreResult<()> {
    tx.commit().await.map_err(translate)
}

/// Takes, until the transaction ends, the advisory lock of each of `pupils` in `school`:
/// the lock every writer of a pupil's half-days and notes holds first. Taken in the order
/// of the keys themselves, so that two transactions sharing pupils never wait for each
/// other; the caller reads only in later statements, whose snapshot then sees what the
/// previous holder committed.
async fn lock_pupils(
    tx: &mut Transaction<'static, Postgres>,
    school: SchoolId,
    pupils: &[Uuid],
) -> StoreResult<()> {
    sqlx::query(
        "SELECT pg_advisory_xact_lock(k) FROM ( \
           SELECT DISTINCT hashtextextended('attendance:' || $1::text || ':' || p::text, 0) AS k \
           FROM unnest($2::uuid[]) AS u(p)) AS keys \
         ORDER BY k",
    )
    .bind(school.as_uuid())
    .bind(pupils)
    .execute(&mut **tx)
    .await
    .map_err(translate)?;
    Ok(())
}

/// The columns of a registration (`absences AS a`), in [`RegistrationRow`]'s order.
macro_rules! registration_columns {
    () => {
        "a.school_id, a.pupil_id, a.date, a.half, a.code, a.official, a.remark, a.note_id, \
         a.confirmed, a.registered_by, a.registered_at"
    };
}

#[derive(sqlx::FromRow)]
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

impl RegistrationRow {
    fn into_registration(self) -> StoreResult<Registration> {
        let official = official_from("absences", self.official.as_deref())?;
        Ok(Registration {
            school: SchoolId::from_uuid(self.school_id),
            pupil: AccountId::from_uuid(self.pupil_id),
            date: self.date,
            half: half_from("absences", &self.half)?,
            code: Code::from_stored(&self.code, official),
            remark: self.remark,
            note: self.note_id.map(AbsenceNoteId::from_uuid),
            confirmed: self.confirmed,
            registered_by: self.registered_by.map(AccountId::from_uuid),
            registered_at: self.registered_at,
        })
    }
}

fn registrations_from(rows: Vec<RegistrationRow>) -> StoreResult<Vec<Registration>> {
    rows.into_iter()
        .map(RegistrationRow::into_registration)
        .collect()
}

fn half_from(table: &str, name: &str) -> StoreResult<Half> {
    Half::parse(name).ok_or_else(|| corrupt(table, format!("half {name:?}")))
}

fn official_from(table: &str, letter: Option<&str>) -> StoreResult<Option<Official>> {
    letter
        .map(|l| Official::parse(l).ok_or_else(|| corrupt(table, format!("official code {l:?}"))))
        .transpose()
}

/// A count the database returns as `bigint`, as the port's number.
fn count_from(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

// The ports, one file each.
mod alerts;
mod directory;
mod notes;
mod register;
mod settings;
