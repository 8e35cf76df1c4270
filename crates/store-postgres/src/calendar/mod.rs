//! The calendar module's ports on PostgreSQL (tables of
//! `migrations/postgres/0010_calendar.sql`, and messaging's `free_days`), one file per
//! port, all on [`PgCalendarStore`]: the calendar's own `Directory` read from the accounts
//! tables (`directory.rs`), activities with their audience (`activities.rs`), private
//! feeds (`feeds.rs`), the school year, the free days and the kernel's `SchoolCalendar`
//! (`year.rs`). This file holds the store, the rows and the encodings more than one of
//! them reads or writes.
//!
//! Every method is one atomic unit of work: a single statement, or one transaction when
//! it writes several tables. An activity is one row of `calendar_activities` and one row
//! of `calendar_activity_audience` per target (passed as arrays, expanded by `UNNEST`),
//! read back in one statement with its audience as a JSON array. A window of activities
//! is one statement too: a range of the school's first starts, the reach an `EXISTS` on
//! the audience.

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_calendar::model::{Activity, Repeat, Target, Title, When};
use schoolbrug_calendar::ports::StoreResult;
use schoolbrug_kernel::{AccountId, ActivityId, GroupId, Role, SchoolId};
use serde::Deserialize;
use sqlx::postgres::PgPool;
use sqlx::types::Json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};

/// Every calendar port (`Directory`, `ActivityStore`, `FeedStore`, `SchoolYearStore`) and
/// the kernel's `SchoolCalendar`, on one PostgreSQL pool. Cheap to clone; share it as
/// `Arc<PgCalendarStore>` (it is every port at once: `CalendarStores` and `Directory`).
#[derive(Clone, Debug)]
pub struct PgCalendarStore {
    pool: PgPool,
}

impl PgCalendarStore {
    /// The calendar ports on `pool`, whose database must be migrated
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

// ---------------------------------------------------------------------------------------
// Activities: their rows and their translation to and from the domain's values
// ---------------------------------------------------------------------------------------

/// The columns of an activity (`calendar_activities AS a`) with its audience, in
/// [`ActivityRow`]'s order: the audience is a JSON array of `{kind, group_id, role}`.
macro_rules! activity_columns {
    () => {
        "a.school_id, a.id, a.title, a.description, a.location, a.all_day, a.starts_at, \
         a.ends_at, a.first_day, a.last_day, a.repeat_every_weeks, a.repeat_until, \
         a.repeat_except, a.skip_free_days, a.planner, a.created_at, a.updated_at, \
         a.sequence, a.span_start, a.span_end, \
         (SELECT coalesce(json_agg(json_build_object('kind', t.kind, 'group_id', t.group_id, \
                 'role', t.role)), '[]'::json) \
          FROM calendar_activity_audience AS t \
          WHERE t.school_id = a.school_id AND t.activity_id = a.id) AS audience"
    };
}

#[derive(sqlx::FromRow)]
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
    repeat_every_weeks: Option<i16>,
    repeat_until: Option<NaiveDate>,
    repeat_except: Option<Vec<NaiveDate>>,
    skip_free_days: Option<bool>,
    planner: Uuid,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    sequence: i64,
    span_start: DateTime<Utc>,
    span_end: DateTime<Utc>,
    audience: Json<Vec<TargetRow>>,
}

/// One target of the audience as the subquery of [`activity_columns!`] writes it.
#[derive(Deserialize)]
struct TargetRow {
    kind: String,
    group_id: Option<Uuid>,
    role: Option<String>,
}

impl ActivityRow {
    fn into_activity(self) -> StoreResult<Activity> {
        let id = self.id;
        let bad = |d: String| corrupt("calendar_activities", format!("{id}: {d}"));
        let when = match (
            self.all_day,
            self.starts_at,
            self.ends_at,
            self.first_day,
            self.last_day,
        ) {
            (false, Some(start), Some(end), None, None) => When::Timed { start, end },
            (true, None, None, Some(first), Some(last)) => When::AllDay { first, last },
            _ => return Err(bad("neither timed nor whole days".into())),
        };
        let repeat = match (
            self.repeat_every_weeks,
            self.repeat_until,
            self.repeat_except,
            self.skip_free_days,
        ) {
            (None, None, None, None) => None,
            (Some(every), Some(until), Some(except), Some(skip_free_days)) => Some(Repeat {
                every_weeks: u8::try_from(every)
                    .map_err(|_| bad(format!("repeat every {every} weeks")))?,
                until,
                except,
                skip_free_days,
            }),
            _ => return Err(bad("a repeat half set".into())),
        };
        let mut audience = self
            .audience
            .0
            .into_iter()
            .map(|t| match (t.kind.as_str(), t.group_id, t.role.as_deref()) {
                ("school", None, None) => Ok(Target::School),
                ("group", Some(group), None) => Ok(Target::Group(GroupId::from_uuid(group))),
                ("role", None, Some(role)) => Role::parse(role)
                    .map(Target::Role)
                    .ok_or_else(|| bad(format!("audience role {role:?}"))),
                (kind, _, _) => Err(bad(format!("audience target of kind {kind:?}"))),
            })
            .collect::<StoreResult<Vec<_>>>()?;
        audience.sort();
        audience.dedup();
        Ok(Activity {
            id: ActivityId::from_uuid(id),
            school: SchoolId::from_uuid(self.school_id),
            title: Title::parse(&self.title).map_err(|e| bad(format!("title: {e:?}")))?,
            description: self.description,
            location: self.location,
            when,
            audience,
            repeat,
            planner: AccountId::from_uuid(self.planner),
            created_at: self.created_at,
            updated_at: self.updated_at,
            sequence: u32::try_from(self.sequence)
                .map_err(|_| bad(format!("sequence {}", self.sequence)))?,
            span_start: self.span_start,
            span_end: self.span_end,
        })
    }
}

fn activities_from(rows: Vec<ActivityRow>) -> StoreResult<Vec<Activity>> {
    rows.into_iter().map(ActivityRow::into_activity).collect()
}

/// The columns of an activity's own row that are not a field as it is.
struct ActivityColumns {
    all_day: bool,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    repeat_every_weeks: Option<i16>,
    repeat_until: Option<NaiveDate>,
    repeat_except: Option<Vec<NaiveDate>>,
    skip_free_days: Option<bool>,
}

impl ActivityColumns {
    fn of(activity: &Activity) -> Self {
        let (all_day, starts_at, ends_at, first_day, last_day) = match activity.when {
            When::Timed { start, end } => (false, Some(start), Some(end), None, None),
            When::AllDay { first, last } => (true, None, None, Some(first), Some(last)),
        };
        let repeat = activity.repeat.as_ref();
        Self {
            all_day,
            starts_at,
            ends_at,
            first_day,
            last_day,
            repeat_every_weeks: repeat.map(|r| i16::from(r.every_weeks)),
            repeat_until: repeat.map(|r| r.until),
            repeat_except: repeat.map(|r| r.except.clone()),
            skip_free_days: repeat.map(|r| r.skip_free_days),
        }
    }
}

/// Writes the audience of `activity` in one statement (its old one, if any, removed
/// first).
async fn write_audience(
    tx: &mut Transaction<'static, Postgres>,
    activity: &Activity,
) -> StoreResult<()> {
    let mut kinds = Vec::with_capacity(activity.audience.len());
    let mut groups = Vec::with_capacity(activity.audience.len());
    let mut roles = Vec::with_capacity(activity.audience.len());
    for target in &activity.audience {
        let (kind, group, role) = match target {
            Target::School => ("school", None, None),
            Target::Group(group) => ("group", Some(group.as_uuid()), None),
            Target::Role(role) => ("role", None, Some(role.as_str())),
        };
        kinds.push(kind);
        groups.push(group);
        roles.push(role);
    }
    sqlx::query(
        "INSERT INTO calendar_activity_audience (school_id, activity_id, kind, group_id, role) \
         SELECT $1::uuid, $2::uuid, t.* FROM UNNEST($3::text[], $4::uuid[], $5::text[]) AS t",
    )
    .bind(activity.school.as_uuid())
    .bind(activity.id.as_uuid())
    .bind(kinds)
    .bind(groups)
    .bind(roles)
    .execute(&mut **tx)
    .await
    .map_err(translate)?;
    Ok(())
}

// The ports, one file each, after the column macro above, which they use.
mod activities;
mod directory;
mod feeds;
mod year;
