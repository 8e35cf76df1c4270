//! An activity on the calendar: what, when, for whom, and how it repeats.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, ActivityId, FieldError, GroupId, Role, SchoolId};
use serde::{Deserialize, Serialize};

/// The longest title, in characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// The longest description, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 10_000;
/// The longest location, in characters.
pub const LOCATION_MAX_CHARS: usize = 200;
/// The longest single occurrence, in days: a school trip abroad, not a school year.
const LONGEST_OCCURRENCE_DAYS: i64 = 31;
/// How far a repeat may run past its first occurrence: one school year and a bit.
const LONGEST_REPEAT_DAYS: i64 = 400;

/// An activity's title: not blank once trimmed, at most 200 characters, no control
/// characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Title(String);

impl Title {
    /// Checks and trims a title.
    ///
    /// # Errors
    /// `title` with `blank`, `too_long` or `control_character`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new("title", "blank", "the title is required"));
        }
        if trimmed.chars().count() > TITLE_MAX_CHARS {
            return Err(FieldError::new(
                "title",
                "too_long",
                "the title is at most 200 characters",
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FieldError::new(
                "title",
                "control_character",
                "the title holds a control character",
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The title.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// For whom an activity is: the whole school, a group or class, or everyone holding a
/// role. Co-accounts see what their child's audience sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    /// Everyone in the school.
    School,
    /// The members of a group or class (and the co-accounts of its pupils).
    Group(GroupId),
    /// Everyone holding the role (pupils: also their co-accounts).
    Role(Role),
}

/// When an activity takes place: between two instants, or on whole days (dates
/// inclusive, in the school's time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// From `start` to `end`.
    Timed {
        /// The start.
        start: DateTime<Utc>,
        /// The end, after the start.
        end: DateTime<Utc>,
    },
    /// From the first to the last date, inclusive.
    AllDay {
        /// The first day.
        first: NaiveDate,
        /// The last day, on or after the first.
        last: NaiveDate,
    },
}

impl When {
    /// The first occurrence's start and end as instants, whole days from the school's
    /// midnight to the midnight after the last day.
    #[must_use]
    pub fn instants(&self, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        match *self {
            When::Timed { start, end } => (start, end),
            When::AllDay { first, last } => (
                start_of_day(zone, first),
                start_of_day(zone, last + Duration::days(1)),
            ),
        }
    }

    /// Whether the activity lasts whole days.
    #[must_use]
    pub const fn is_all_day(&self) -> bool {
        matches!(self, When::AllDay { .. })
    }
}

/// The instant a local date starts: its midnight, or when the clocks skip midnight, the
/// first instant of the date.
#[must_use]
pub fn start_of_day(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    match zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        // A skipped midnight: the date starts an hour later at the latest.
        chrono::LocalResult::None => zone
            .from_local_datetime(&(midnight + Duration::hours(1)))
            .earliest()
            .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc)),
    }
}

/// How an activity repeats: every one or two weeks on the weekday of its first occurrence,
/// up to and including a date, except on some dates, and on free days only if the planner
/// did not ask to skip them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    /// 1 (weekly) or 2 (every two weeks).
    pub every_weeks: u8,
    /// The last date an occurrence may start on.
    pub until: NaiveDate,
    /// Dates without an occurrence (the exam week).
    pub except: Vec<NaiveDate>,
    /// Skip occurrences on the school's free days.
    pub skip_free_days: bool,
}

/// What a planner asks for, before it is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityDraft {
    /// The title, as typed.
    pub title: String,
    /// A description, if any.
    pub description: Option<String>,
    /// Where, if said.
    pub location: Option<String>,
    /// When (the first occurrence).
    pub when: When,
    /// For whom; at least one.
    pub audience: Vec<Target>,
    /// How it repeats, if it does.
    pub repeat: Option<Repeat>,
}

/// An activity as planned and stored. Built by [`Activity::plan`] and
/// [`Activity::replan`]; adapters rebuild it from their rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Its id.
    pub id: ActivityId,
    /// Its school.
    pub school: SchoolId,
    /// The title.
    pub title: Title,
    /// A description.
    pub description: Option<String>,
    /// Where.
    pub location: Option<String>,
    /// When its first occurrence is.
    pub when: When,
    /// For whom, sorted, each once.
    pub audience: Vec<Target>,
    /// How it repeats.
    pub repeat: Option<Repeat>,
    /// Who planned it.
    pub planner: AccountId,
    /// When it was planned.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// How often it changed (iCalendar `SEQUENCE`).
    pub sequence: u32,
    /// The start of its first occurrence (kept so that a store finds it by time).
    pub span_start: DateTime<Utc>,
    /// The end of its last occurrence.
    pub span_end: DateTime<Utc>,
}

impl Activity {
    /// Checks a draft and makes a new activity of it.
    ///
    /// # Errors
    /// Every refused field at once.
    pub fn plan(
        school: SchoolId,
        planner: AccountId,
        draft: ActivityDraft,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Self, Vec<FieldError>> {
        let checked = Checked::of(draft, zone)?;
        Ok(Self {
            id: ActivityId::new(),
            school,
            title: checked.title,
            description: checked.description,
            location: checked.location,
            when: checked.when,
            audience: checked.audience,
            repeat: checked.repeat,
            planner,
            created_at: now,
            updated_at: now,
            sequence: 0,
            span_start: checked.span.0,
            span_end: checked.span.1,
        })
    }

    /// This activity changed as `draft` says, one `SEQUENCE` further.
    ///
    /// # Errors
    /// Every refused field at once.
    pub fn replan(
        &self,
        draft: ActivityDraft,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Self, Vec<FieldError>> {
        let checked = Checked::of(draft, zone)?;
        Ok(Self {
            title: checked.title,
            description: checked.description,
            location: checked.location,
            when: checked.when,
            audience: checked.audience,
            repeat: checked.repeat,
            updated_at: now.max(self.updated_at),
            sequence: self.sequence.saturating_add(1),
            span_start: checked.span.0,
            span_end: checked.span.1,
            ..self.clone()
        })
    }

    /// The groups its audience names.
    #[must_use]
    pub fn groups(&self) -> Vec<GroupId> {
        self.audience
            .iter()
            .filter_map(|t| match t {
                Target::Group(g) => Some(*g),
                _ => None,
            })
            .collect()
    }
}

struct Checked {
    title: Title,
    description: Option<String>,
    location: Option<String>,
    when: When,
    audience: Vec<Target>,
    repeat: Option<Repeat>,
    span: (DateTime<Utc>, DateTime<Utc>),
}

impl Checked {
    fn of(draft: ActivityDraft, zone: Tz) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = Title::parse(&draft.title).map_err(|e| errors.push(e)).ok();
        let description = optional_text(
            draft.description,
            "description",
            DESCRIPTION_MAX_CHARS,
            true,
            &mut errors,
        );
        let location = optional_text(
            draft.location,
            "location",
            LOCATION_MAX_CHARS,
            false,
            &mut errors,
        );
        let (start, end) = draft.when.instants(zone);
        if end <= start && !draft.when.is_all_day() {
            errors.push(FieldError::new(
                "end",
                "before_start",
                "the end is not after the start",
            ));
        }
        if let When::AllDay { first, last } = draft.when
            && last < first
        {
            errors.push(FieldError::new(
                "end",
                "before_start",
                "the last day is before the first",
            ));
        }
        if end - start > Duration::days(LONGEST_OCCURRENCE_DAYS) {
            errors.push(FieldError::new(
                "end",
                "too_long",
                "an activity lasts at most 31 days; make it repeat instead",
            ));
        }
        let mut audience = draft.audience;
        audience.sort();
        audience.dedup();
        if audience.is_empty() {
            errors.push(FieldError::new(
                "audience",
                "required",
                "say for whom the activity is",
            ));
        }
        let first_day = start.with_timezone(&zone).date_naive();
        let mut span_end = end;
        let repeat = draft.repeat.map(|mut r| {
            if !matches!(r.every_weeks, 1 | 2) {
                errors.push(FieldError::new(
                    "repeat.every_weeks",
                    "unsupported",
                    "an activity repeats every 1 or 2 weeks",
                ));
            }
            if r.until < first_day {
                errors.push(FieldError::new(
                    "repeat.until",
                    "before_start",
                    "the repeat ends before the first occurrence",
                ));
            } else if (r.until - first_day).num_days() > LONGEST_REPEAT_DAYS {
                errors.push(FieldError::new(
                    "repeat.until",
                    "too_long",
                    "a repeat runs at most 400 days",
                ));
            }
            r.except.sort();
            r.except.dedup();
            if r.except.len() > 200 {
                errors.push(FieldError::new(
                    "repeat.except",
                    "too_many",
                    "at most 200 exceptions",
                ));
            }
            span_end =
                span_end.max(start_of_day(zone, r.until + Duration::days(1)) + (end - start));
            r
        });
        match title {
            Some(title) if errors.is_empty() => Ok(Self {
                title,
                description,
                location,
                when: draft.when,
                audience,
                repeat,
                span: (start, span_end),
            }),
            _ => Err(errors),
        }
    }
}

fn optional_text(
    raw: Option<String>,
    field: &str,
    max: usize,
    multiline: bool,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let text = raw?.trim().to_owned();
    if text.is_empty() {
        return None;
    }
    if text.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        errors.push(FieldError::new(
            field,
            "control_character",
            "holds a control character",
        ));
    }
    Some(text)
}
