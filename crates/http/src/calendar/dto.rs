//! The calendar API's request and response shapes, and their conversion from and to the
//! domain's values. Times go out in the school's time zone (RFC 3339 with its offset);
//! whole days as dates, the last one inclusive.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use schoolbrug_calendar::{
    ActivityDraft, Child, Feed, Occurrence, OccurrenceKind, Repeat, Target, When,
};
use schoolbrug_kernel::{FieldError, GroupId, Role};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::dto::RoleName;

/// For whom an activity is: exactly one of `{ "school": true }`, `{ "group": id }`,
/// `{ "role": "pupil" | "teacher" | "counsellor" | "admin" }`. Co-accounts see what their
/// child's audience sees. An unknown shape answers 422 on `audience[i]`.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AudienceSchema {
    /// `{ "school": true }`: everyone in the school.
    School {
        /// Always `true`.
        school: bool,
    },
    /// `{ "group": id }`: the members of a class or group (and its pupils' co-accounts).
    Group {
        /// The group.
        group: Uuid,
    },
    /// `{ "role": … }`: everyone holding the role (pupils: also their co-accounts).
    Role {
        /// The role.
        role: RoleName,
    },
}

/// How an activity repeats: every 1 or 2 weeks on the weekday of its start, up to and
/// including `until`, except on the dates in `except`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepeatRequest {
    /// 1 or 2.
    pub every_weeks: u8,
    /// The last date an occurrence may start on (`YYYY-MM-DD`).
    pub until: NaiveDate,
    /// Dates without an occurrence.
    #[serde(default)]
    pub except: Vec<NaiveDate>,
    /// Skip occurrences on the school's free days (default `true`).
    #[serde(default = "yes")]
    pub skip_free_days: bool,
}

const fn yes() -> bool {
    true
}

/// A new or changed activity.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRequest {
    /// Required, at most 200 characters.
    pub title: String,
    /// At most 10,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// At most 200 characters.
    #[serde(default)]
    pub location: Option<String>,
    /// RFC 3339 (`2026-09-10T08:15:00+02:00`), or a date (`2026-09-10`) when `all_day`.
    pub start: String,
    /// As `start`; for whole days the last day, inclusive.
    pub end: String,
    /// Whole days (default `false`).
    #[serde(default)]
    pub all_day: bool,
    /// For whom: at least one.
    #[schema(value_type = Vec<AudienceSchema>)]
    pub audience: Vec<Value>,
    /// How it repeats, if it does.
    #[serde(default)]
    pub repeat: Option<RepeatRequest>,
}

impl ActivityRequest {
    /// The domain's draft, or every refused field.
    ///
    /// # Errors
    /// `start`/`end` that are not RFC 3339 times (or dates when `all_day`), and
    /// `audience[i]` of an unknown shape.
    pub fn into_draft(self) -> Result<ActivityDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let when = if self.all_day {
            let first = date(&self.start, "start", &mut errors);
            let last = date(&self.end, "end", &mut errors);
            first
                .zip(last)
                .map(|(first, last)| When::AllDay { first, last })
        } else {
            let start = instant(&self.start, "start", &mut errors);
            let end = instant(&self.end, "end", &mut errors);
            start
                .zip(end)
                .map(|(start, end)| When::Timed { start, end })
        };
        let mut audience = Vec::with_capacity(self.audience.len());
        if self.audience.len() > 100 {
            errors.push(FieldError::new(
                "audience",
                "too_many",
                "at most 100 entries",
            ));
        }
        for (i, value) in self.audience.iter().enumerate().take(100) {
            match target(&format!("audience[{i}]"), value) {
                Ok(t) => audience.push(t),
                Err(e) => errors.push(e),
            }
        }
        match when {
            Some(when) if errors.is_empty() => Ok(ActivityDraft {
                title: self.title,
                description: self.description,
                location: self.location,
                when,
                audience,
                repeat: self.repeat.map(|r| Repeat {
                    every_weeks: r.every_weeks,
                    until: r.until,
                    except: r.except,
                    skip_free_days: r.skip_free_days,
                }),
            }),
            _ => Err(errors),
        }
    }
}

fn date(raw: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| errors.push(FieldError::new(field, "invalid", "a date as YYYY-MM-DD")))
        .ok()
}

fn instant(raw: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            errors.push(FieldError::new(
                field,
                "invalid",
                "a time as RFC 3339 (2026-09-10T08:15:00+02:00), or a date when all_day",
            ));
        })
        .ok()
}

/// One audience entry: exactly one of the three shapes, with no other key.
fn target(field: &str, value: &Value) -> Result<Target, FieldError> {
    let shape = || {
        FieldError::new(
            field,
            "invalid_audience",
            "one of {\"school\": true}, {\"group\": id}, {\"role\": role}",
        )
    };
    let Value::Object(map) = value else {
        return Err(shape());
    };
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    match keys.as_slice() {
        ["school"] if map.get("school") == Some(&Value::Bool(true)) => Ok(Target::School),
        ["group"] => text(map, "group")
            .and_then(|s| Uuid::parse_str(s).ok())
            .map(|id| Target::Group(GroupId::from_uuid(id)))
            .ok_or_else(|| FieldError::new(format!("{field}.group"), "invalid", "an id (UUID)")),
        ["role"] => text(map, "role")
            .and_then(Role::parse)
            .map(Target::Role)
            .ok_or_else(|| {
                FieldError::new(
                    format!("{field}.role"),
                    "unknown_role",
                    "one of pupil, teacher, counsellor, admin",
                )
            }),
        _ => Err(shape()),
    }
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

/// The pupil an item is shown for, on a co-account's calendar.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChildView {
    /// The pupil's account.
    pub id: Uuid,
    /// The pupil's name.
    pub name: String,
}

impl From<&Child> for ChildView {
    fn from(c: &Child) -> Self {
        Self {
            id: c.id.into(),
            name: c.name.clone(),
        }
    }
}

/// What an item on the calendar is.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceKindName {
    /// One occurrence of a planned activity.
    Activity,
    /// A free day or holiday.
    FreeDay,
}

/// One item on a calendar.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OccurrenceView {
    /// The activity (absent for a free day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<Uuid>,
    /// What it is.
    pub kind: OccurrenceKindName,
    /// The title (a free day: its name).
    pub title: String,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// RFC 3339 in the school's zone, or the first date when `all_day`.
    pub start: String,
    /// RFC 3339 in the school's zone, or the last date (inclusive) when `all_day`.
    pub end: String,
    /// Whole days.
    pub all_day: bool,
    /// On a co-account's calendar: the child it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<ChildView>,
}

impl OccurrenceView {
    /// The view of `o` with times in `zone`.
    #[must_use]
    pub fn of(o: &Occurrence, zone: Tz) -> Self {
        let (start, end) = match o.days {
            Some((first, last)) => (first.to_string(), last.to_string()),
            None => (
                o.start.with_timezone(&zone).to_rfc3339(),
                o.end.with_timezone(&zone).to_rfc3339(),
            ),
        };
        Self {
            activity_id: o.activity_id.map(Into::into),
            kind: match o.kind {
                OccurrenceKind::Activity => OccurrenceKindName::Activity,
                OccurrenceKind::FreeDay => OccurrenceKindName::FreeDay,
            },
            title: o.title.clone(),
            description: o.description.clone(),
            location: o.location.clone(),
            start,
            end,
            all_day: o.all_day(),
            child: o.child.as_ref().map(ChildView::from),
        }
    }
}

/// A calendar from one date to another.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CalendarView {
    /// The items, by start.
    pub items: Vec<OccurrenceView>,
}

/// An activity as planned (what an edit form starts from).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ActivityView {
    /// Its id.
    pub id: Uuid,
    /// The planned activity, in the shape a change sends back.
    #[serde(flatten)]
    pub activity: ActivityRequest,
    /// Who planned it.
    pub planner: Uuid,
    /// How often it changed.
    pub sequence: u32,
}

impl ActivityView {
    /// The view of `a` with times in `zone`.
    #[must_use]
    pub fn of(a: &schoolbrug_calendar::Activity, zone: Tz) -> Self {
        let (start, end, all_day) = match a.when {
            When::Timed { start, end } => (
                start.with_timezone(&zone).to_rfc3339(),
                end.with_timezone(&zone).to_rfc3339(),
                false,
            ),
            When::AllDay { first, last } => (first.to_string(), last.to_string(), true),
        };
        Self {
            id: a.id.into(),
            activity: ActivityRequest {
                title: a.title.as_str().to_owned(),
                description: a.description.clone(),
                location: a.location.clone(),
                start,
                end,
                all_day,
                audience: a
                    .audience
                    .iter()
                    .map(|t| match t {
                        Target::School => serde_json::json!({ "school": true }),
                        Target::Group(g) => serde_json::json!({ "group": Uuid::from(*g) }),
                        Target::Role(r) => serde_json::json!({ "role": r.as_str() }),
                    })
                    .collect(),
                repeat: a.repeat.as_ref().map(|r| RepeatRequest {
                    every_weeks: r.every_weeks,
                    until: r.until,
                    except: r.except.clone(),
                    skip_free_days: r.skip_free_days,
                }),
            },
            planner: a.planner.into(),
            sequence: a.sequence,
        }
    }
}

/// A private feed, without its secret link.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedView {
    /// Its id.
    pub id: Uuid,
    /// For a co-account: the pupil whose calendar it shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<Uuid>,
    /// When it was made or last renewed.
    pub created_at: DateTime<Utc>,
    /// When a calendar app last fetched it (to the hour).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<&Feed> for FeedView {
    fn from(f: &Feed) -> Self {
        Self {
            id: f.id.into(),
            child: f.child.map(Into::into),
            created_at: f.created_at,
            last_used_at: f.last_used_at,
        }
    }
}

/// A new or renewed feed: the link is shown this once.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NewFeedView {
    /// The feed.
    pub id: Uuid,
    /// The secret link to give a calendar app.
    pub url: String,
}

/// An optional body of `POST /calendar/feeds`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFeedRequest {
    /// For a co-account: its pupil (the only child it may name).
    #[serde(default)]
    pub child: Option<Uuid>,
}

/// The id of something made.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedView {
    /// Its id.
    pub id: Uuid,
}

/// `?from=&to=` of `GET /calendar`.
#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// The first date (`YYYY-MM-DD`), default today.
    pub from: Option<String>,
    /// The last date (inclusive), default 30 days after `from`; at most 400 days later.
    pub to: Option<String>,
}

/// One period of free days, dates inclusive.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FreeDayPeriodView {
    /// The first free day, `YYYY-MM-DD`.
    #[schema(example = "2026-12-21")]
    pub from: NaiveDate,
    /// The last free day (inclusive), `YYYY-MM-DD`; not before `from`.
    #[schema(example = "2027-01-01")]
    pub to: NaiveDate,
    /// What the period is called: 1–100 characters (surrounding whitespace is ignored).
    #[schema(
        example = "Kerstvakantie",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[\s\S]{0,98}[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
}

/// The school's free days: weekends aside, the days that do not count for the 48-hour
/// rules.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FreeDaysView {
    /// The periods, by start date (at most 1000).
    #[schema(max_items = 1000)]
    pub periods: Vec<FreeDayPeriodView>,
}

/// A school year, dates inclusive.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolYearView {
    /// The first day, `YYYY-MM-DD`.
    #[schema(example = "2026-09-01")]
    pub starts_on: NaiveDate,
    /// The last day, `YYYY-MM-DD`; at most 400 days after the first.
    #[schema(example = "2027-08-31")]
    pub ends_on: NaiveDate,
}
