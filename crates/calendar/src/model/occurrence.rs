//! Occurrences: an activity's repeats laid out on dates, and the free days beside them,
//! as a calendar shows them.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::{ActivityId, FreeDays};

use super::{Activity, Child, When};

/// What an occurrence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OccurrenceKind {
    /// One occurrence of a planned activity.
    Activity,
    /// A free day or holiday of the school.
    FreeDay,
}

/// One entry on a calendar: an activity on one date (or dates), or a free-day period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The activity, for an activity.
    pub activity_id: Option<ActivityId>,
    /// What it is.
    pub kind: OccurrenceKind,
    /// The title (a free day: the period's name).
    pub title: String,
    /// The description, if any.
    pub description: Option<String>,
    /// Where, if said.
    pub location: Option<String>,
    /// The start.
    pub start: DateTime<Utc>,
    /// The end (whole days: the midnight after the last day).
    pub end: DateTime<Utc>,
    /// For whole days, the first and last date (inclusive).
    pub days: Option<(NaiveDate, NaiveDate)>,
    /// For a co-account, the child it is shown for.
    pub child: Option<Child>,
    /// Who planned the activity (free days: no one), so a page can offer its planner the
    /// change.
    pub planner: Option<schoolbrug_kernel::AccountId>,
    /// When the activity last changed (free days: never).
    pub updated_at: Option<DateTime<Utc>>,
}

impl Occurrence {
    /// Whether it lasts whole days.
    #[must_use]
    pub const fn all_day(&self) -> bool {
        self.days.is_some()
    }
}

/// The starts of every occurrence of `activity`, before exceptions: the first, and with a
/// repeat every one or two weeks at the same local time up to its `until` date (RFC 5545
/// `FREQ=WEEKLY;INTERVAL=n;UNTIL=…`, laid out by the `rrule` crate).
#[must_use]
pub fn recurrence(activity: &Activity, zone: Tz) -> Vec<DateTime<Utc>> {
    let (start, _) = activity.when.instants(zone);
    let Some(repeat) = &activity.repeat else {
        return vec![start];
    };
    let rrule_zone = rrule::Tz::Tz(zone);
    let dt_start = start.with_timezone(&rrule_zone);
    let until = super::activity::start_of_day(zone, repeat.until + Duration::days(1))
        - Duration::seconds(1);
    let rule = rrule::RRule::new(rrule::Frequency::Weekly)
        .interval(u16::from(repeat.every_weeks))
        .until(until.with_timezone(&rrule::Tz::UTC));
    match rule.build(dt_start) {
        // A repeat runs at most 400 days: at most 58 weekly occurrences.
        Ok(set) => set
            .all(128)
            .dates
            .into_iter()
            .map(|d| d.with_timezone(&Utc))
            .collect(),
        Err(e) => {
            tracing::warn!(activity = %activity.id, error = %e, "a repeat could not be laid out");
            vec![start]
        }
    }
}

/// The occurrences of `activity` that overlap `[from, to)`: its repeats without the
/// excepted dates, and without free days when the planner asked to skip them.
#[must_use]
pub fn expand(
    activity: &Activity,
    zone: Tz,
    free_days: &FreeDays,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    child: Option<&super::Child>,
) -> Vec<Occurrence> {
    let (first_start, first_end) = activity.when.instants(zone);
    let length = first_end - first_start;
    let all_day_length = match activity.when {
        When::AllDay { first, last } => Some(last - first),
        When::Timed { .. } => None,
    };
    recurrence(activity, zone)
        .into_iter()
        .filter(|start| {
            let date = start.with_timezone(&zone).date_naive();
            match &activity.repeat {
                Some(r) => {
                    !(r.except.contains(&date) || (r.skip_free_days && free_days.contains(date)))
                }
                None => true,
            }
        })
        .filter_map(|start| {
            let (start, end, days) = match all_day_length {
                Some(days) => {
                    let first = start.with_timezone(&zone).date_naive();
                    let last = first + days;
                    let (s, e) = When::AllDay { first, last }.instants(zone);
                    (s, e, Some((first, last)))
                }
                None => (start, start + length, None),
            };
            (start < to && end > from).then(|| Occurrence {
                activity_id: Some(activity.id),
                kind: OccurrenceKind::Activity,
                title: activity.title.as_str().to_owned(),
                description: activity.description.clone(),
                location: activity.location.clone(),
                start,
                end,
                days,
                child: child.cloned(),
                planner: Some(activity.planner),
                updated_at: Some(activity.updated_at),
            })
        })
        .collect()
}

/// The free-day periods that overlap `[from, to)`, as whole-day occurrences.
#[must_use]
pub fn free_day_occurrences(
    free_days: &FreeDays,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Occurrence> {
    free_days
        .periods()
        .iter()
        .filter_map(|p| {
            let (start, end) = When::AllDay {
                first: p.from,
                last: p.to,
            }
            .instants(zone);
            (start < to && end > from).then(|| Occurrence {
                activity_id: None,
                kind: OccurrenceKind::FreeDay,
                title: p.name.clone(),
                description: None,
                location: None,
                start,
                end,
                days: Some((p.from, p.to)),
                child: None,
                planner: None,
                updated_at: None,
            })
        })
        .collect()
}
