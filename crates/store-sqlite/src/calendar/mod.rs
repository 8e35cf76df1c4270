//! The calendar module's ports on SQLite (tables of `0009_calendar.sql`, and messaging's
//! `free_days`), one file per port, all on [`SqliteCalendarStore`]: the calendar's own
//! `Directory` read from the accounts tables (`directory.rs`), activities with their
//! audience (`activities.rs`), private feeds (`feeds.rs`), the school year, the free days
//! and the kernel's `SchoolCalendar` (`year.rs`). This file holds the store, the rows and
//! the encodings more than one of them reads or writes.
//!
//! An activity is one row of `calendar_activities` and one row of
//! `calendar_activity_audience` per target; both are written in one `BEGIN IMMEDIATE`
//! transaction, and read back in one statement (the audience as a JSON array made by a
//! subquery). A window of activities is one statement too: a range of the school's first
//! starts, the reach an `EXISTS` on the audience.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_calendar::model::{Activity, Repeat, Target, Title, When};
use schoolbrug_calendar::ports::{StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, ActivityId, GroupId, Role, SchoolId};
use serde::Deserialize;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};

mod activities;
mod directory;
mod feeds;
mod year;

/// Every calendar port (`Directory`, `ActivityStore`, `FeedStore`, `SchoolYearStore`) and
/// the kernel's `SchoolCalendar`, on one SQLite database. Made by
/// [`SqliteDatabase::calendar`](crate::SqliteDatabase::calendar); cheap to clone.
#[derive(Clone, Debug)]
pub struct SqliteCalendarStore {
    pool: SqlitePool,
}

impl SqliteCalendarStore {
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

// --------------------------------------------------------------------------- activities

/// The columns of an activity (`calendar_activities AS a`) with its audience, as
/// [`ActivityRow`] reads them: the audience is a JSON array of `{kind, group_id, role}`
/// (`group_id` in hex).
const ACTIVITY_COLUMNS: &str = "a.school_id, a.id, a.title, a.description, a.location, \
     a.all_day, a.starts_at, a.ends_at, a.first_day, a.last_day, a.repeat_every_weeks, \
     a.repeat_until, a.repeat_except, a.skip_free_days, a.planner, a.created_at, \
     a.updated_at, a.sequence, a.span_start, a.span_end, \
     (SELECT json_group_array(json_object('kind', t.kind, \
             'group_id', CASE WHEN t.group_id IS NULL THEN NULL ELSE lower(hex(t.group_id)) END, \
             'role', t.role)) \
      FROM calendar_activity_audience AS t \
      WHERE t.school_id = a.school_id AND t.activity_id = a.id) AS audience";

#[derive(FromRow)]
struct ActivityRow {
    school_id: Uuid,
    id: Uuid,
    title: String,
    description: Option<String>,
    location: Option<String>,
    all_day: bool,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    repeat_every_weeks: Option<i64>,
    repeat_until: Option<NaiveDate>,
    repeat_except: Option<String>,
    skip_free_days: Option<bool>,
    planner: Uuid,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    sequence: i64,
    span_start: DateTime<Utc>,
    span_end: DateTime<Utc>,
    audience: String,
}

/// One target of the audience as the subquery of [`ACTIVITY_COLUMNS`] writes it.
#[derive(Deserialize)]
struct TargetRow {
    kind: String,
    group_id: Option<Uuid>,
    role: Option<String>,
}

impl TryFrom<TargetRow> for Target {
    type Error = StoreError;

    fn try_from(row: TargetRow) -> StoreResult<Self> {
        match (row.kind.as_str(), row.group_id, row.role.as_deref()) {
            ("school", None, None) => Ok(Target::School),
            ("group", Some(group), None) => Ok(Target::Group(GroupId::from_uuid(group))),
            ("role", None, Some(role)) => Role::parse(role)
                .map(Target::Role)
                .ok_or_else(|| corrupt(format!("audience role {role:?}"))),
            (kind, _, _) => Err(corrupt(format!("audience target of kind {kind:?}"))),
        }
    }
}

impl TryFrom<ActivityRow> for Activity {
    type Error = StoreError;

    fn try_from(row: ActivityRow) -> StoreResult<Self> {
        let id = row.id;
        let bad = |what: String| corrupt(format!("activity {id}: {what}"));
        let when = match (
            row.all_day,
            row.starts_at,
            row.ends_at,
            row.first_day,
            row.last_day,
        ) {
            (false, Some(start), Some(end), None, None) => When::Timed { start, end },
            (true, None, None, Some(first), Some(last)) => When::AllDay { first, last },
            _ => return Err(bad("neither timed nor whole days".into())),
        };
        let repeat = match (
            row.repeat_every_weeks,
            row.repeat_until,
            row.repeat_except,
            row.skip_free_days,
        ) {
            (None, None, None, None) => None,
            (Some(every), Some(until), Some(except), Some(skip_free_days)) => Some(Repeat {
                every_weeks: u8::try_from(every)
                    .map_err(|_| bad(format!("repeat every {every} weeks")))?,
                until,
                except: serde_json::from_str(&except)
                    .map_err(|e| bad(format!("repeat exceptions: {e}")))?,
                skip_free_days,
            }),
            _ => return Err(bad("a repeat half set".into())),
        };
        let targets: Vec<TargetRow> =
            serde_json::from_str(&row.audience).map_err(|e| bad(format!("audience: {e}")))?;
        let mut audience = targets
            .into_iter()
            .map(Target::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        audience.sort();
        audience.dedup();
        Ok(Activity {
            id: ActivityId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            title: Title::parse(&row.title).map_err(|e| bad(format!("title: {e:?}")))?,
            description: row.description,
            location: row.location,
            when,
            audience,
            repeat,
            planner: AccountId::from_uuid(row.planner),
            created_at: row.created_at,
            updated_at: row.updated_at,
            sequence: u32::try_from(row.sequence)
                .map_err(|_| bad(format!("sequence {}", row.sequence)))?,
            span_start: row.span_start,
            span_end: row.span_end,
        })
    }
}

fn activities_from(rows: Vec<ActivityRow>) -> StoreResult<Vec<Activity>> {
    rows.into_iter().map(Activity::try_from).collect()
}

/// The columns of an activity's own row, encoded for binding.
struct ActivityColumns {
    all_day: bool,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    repeat_every_weeks: Option<i64>,
    repeat_until: Option<NaiveDate>,
    repeat_except: Option<String>,
    skip_free_days: Option<bool>,
}

impl ActivityColumns {
    fn of(activity: &Activity) -> StoreResult<Self> {
        let (all_day, starts_at, ends_at, first_day, last_day) = match activity.when {
            When::Timed { start, end } => (false, Some(start), Some(end), None, None),
            When::AllDay { first, last } => (true, None, None, Some(first), Some(last)),
        };
        let repeat = activity.repeat.as_ref();
        let repeat_except = repeat
            .map(|r| serde_json::to_string(&r.except))
            .transpose()
            .map_err(|e| StoreError::Unexpected(format!("cannot encode exceptions: {e}")))?;
        Ok(Self {
            all_day,
            starts_at,
            ends_at,
            first_day,
            last_day,
            repeat_every_weeks: repeat.map(|r| i64::from(r.every_weeks)),
            repeat_until: repeat.map(|r| r.until),
            repeat_except,
            skip_free_days: repeat.map(|r| r.skip_free_days),
        })
    }
}

/// `kind`, `group_id` and `role` of a target's audience row.
fn target_columns(target: &Target) -> (&'static str, Option<Uuid>, Option<&'static str>) {
    match target {
        Target::School => ("school", None, None),
        Target::Group(group) => ("group", Some(group.as_uuid()), None),
        Target::Role(role) => ("role", None, Some(role.as_str())),
    }
}

/// Audience rows per `INSERT`: 5 values each.
const TARGETS_PER_INSERT: usize = 1_000;

/// Writes the audience of `activity` (its old one, if any, removed first).
async fn write_audience(
    tx: &mut Transaction<'static, Sqlite>,
    activity: &Activity,
) -> StoreResult<()> {
    for chunk in activity.audience.chunks(TARGETS_PER_INSERT) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO calendar_activity_audience (school_id, activity_id, kind, group_id, \
             role) ",
        );
        insert.push_values(chunk, |mut row, target| {
            let (kind, group, role) = target_columns(target);
            row.push_bind(activity.school.as_uuid())
                .push_bind(activity.id.as_uuid())
                .push_bind(kind)
                .push_bind(group)
                .push_bind(role);
        });
        insert.build().execute(&mut **tx).await.map_err(translate)?;
    }
    Ok(())
}
