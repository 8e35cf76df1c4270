//! The activity form that planning (`plan.rs`) and changing (`edit.rs`) share: its values
//! as typed, reading it into the domain's draft (dates, hours in the school's time zone,
//! the audience, the repeat), and showing it again with every reason it was refused.
//!
//! Hours are entered in the school's time zone. An hour the clocks skip (the spring
//! change) is refused on its field; an hour that occurs twice (the autumn change) means
//! its first occurrence, as the compose form's deadline does.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use schoolbrug_calendar::{Activity, ActivityDraft, Repeat, Target, When};
use schoolbrug_kernel::{ActivityId, FieldError, GroupId, Role};

use crate::calendar::texts::clock_time;
use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{Choice, Chrome, FormErrors, WebUser, render};

/// The form's elements, in page order (the error summary follows it).
const FIELDS: &[&str] = &[
    "title",
    "description",
    "location",
    "date",
    "start_time",
    "end_time",
    "all_day",
    "last_date",
    "audience",
    "repeat",
    "repeat_until",
    "repeat_except",
    "skip_free_days",
];

/// The form's values as typed (or as the activity is, when changing it), kept whole so a
/// refused form is shown again without losing anything.
#[derive(Clone, Debug, Default)]
pub(super) struct ActivityForm {
    pub title: String,
    pub description: String,
    pub location: String,
    /// The day, or the first of whole days (`YYYY-MM-DD`).
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub all_day: bool,
    /// The last day, when the activity lasts more than one day.
    pub last_date: String,
    /// `school`, `role:<role>`, `group:<id>`, once per ticked box.
    pub audience: Vec<String>,
    /// `""` (no repeat), `1` or `2` (weeks).
    pub repeat: String,
    pub repeat_until: String,
    pub repeat_except: String,
    pub skip_free_days: bool,
}

impl ActivityForm {
    /// An empty form for a new activity on `date`.
    pub fn new(date: NaiveDate) -> Self {
        Self {
            date: date.format("%Y-%m-%d").to_string(),
            skip_free_days: true,
            ..Self::default()
        }
    }

    /// The form as posted (a ticked audience box sends its name once per box; an
    /// unticked checkbox sends nothing).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => form.title = value,
                "description" => form.description = value,
                "location" => form.location = value,
                "date" => form.date = value,
                "start_time" => form.start_time = value,
                "end_time" => form.end_time = value,
                "all_day" => form.all_day = true,
                "last_date" => form.last_date = value,
                "audience"
                    if form.audience.len() < MAX_AUDIENCE && !form.audience.contains(&value) =>
                {
                    form.audience.push(value);
                }
                "repeat" => form.repeat = value,
                "repeat_until" => form.repeat_until = value,
                "repeat_except" => form.repeat_except = value,
                "skip_free_days" => form.skip_free_days = true,
                _ => {}
            }
        }
        form
    }

    /// The form showing `activity` as planned, hours in `zone`.
    pub fn of(activity: &Activity, zone: Tz) -> Self {
        let ymd = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut form = Self {
            title: activity.title.as_str().to_owned(),
            description: activity.description.clone().unwrap_or_default(),
            location: activity.location.clone().unwrap_or_default(),
            audience: activity.audience.iter().map(audience_value).collect(),
            skip_free_days: true,
            ..Self::default()
        };
        match activity.when {
            When::Timed { start, end } => {
                let (start, end) = (start.with_timezone(&zone), end.with_timezone(&zone));
                form.date = ymd(start.date_naive());
                form.start_time = clock_time(start);
                form.end_time = clock_time(end);
                if end.date_naive() != start.date_naive() {
                    form.last_date = ymd(end.date_naive());
                }
            }
            When::AllDay { first, last } => {
                form.all_day = true;
                form.date = ymd(first);
                if last != first {
                    form.last_date = ymd(last);
                }
            }
        }
        if let Some(repeat) = &activity.repeat {
            form.repeat = repeat.every_weeks.to_string();
            form.repeat_until = ymd(repeat.until);
            form.repeat_except = repeat
                .except
                .iter()
                .map(|d| ymd(*d))
                .collect::<Vec<_>>()
                .join(", ");
            form.skip_free_days = repeat.skip_free_days;
        }
        form
    }

    /// The domain's draft, or every reason the form is refused: what the page reads
    /// itself (dates, hours, the audience's values, the repeat), and for the rest the
    /// domain's own checks of an activity, so that every field's reason shows at once.
    pub fn checked(&self, user: &WebUser, zone: Tz) -> Result<ActivityDraft, FormErrors> {
        let lang = user.lang;
        let mut errors = FormErrors::none();
        let mut refuse = |element: &str, code: &str| {
            errors.add(element, lang.calendar_field_message(element, code));
        };
        let date = date_field(&self.date, true, "date", &mut refuse);
        let last = date_field(&self.last_date, false, "last_date", &mut refuse);
        if let (Some(first), Some(last)) = (date, last)
            && last < first
        {
            refuse("last_date", "before_start");
        }
        let when = if self.all_day {
            date.map(|first| When::AllDay {
                first,
                last: last.unwrap_or(first),
            })
        } else {
            let start_time = time_field(&self.start_time, "start_time", &mut refuse);
            let end_time = time_field(&self.end_time, "end_time", &mut refuse);
            let start = date
                .zip(start_time)
                .and_then(|(d, t)| local(zone, d, t, "start_time", &mut refuse));
            let end = last
                .or(date)
                .zip(end_time)
                .and_then(|(d, t)| local(zone, d, t, "end_time", &mut refuse));
            start
                .zip(end)
                .map(|(start, end)| When::Timed { start, end })
        };
        let mut audience = Vec::new();
        for value in &self.audience {
            match audience_target(value) {
                Some(target) => audience.push(target),
                None => refuse("audience", "invalid"),
            }
        }
        let repeat = match self.repeat.trim() {
            "" | "none" => None,
            every @ ("1" | "2") => {
                let until = date_field(&self.repeat_until, true, "repeat_until", &mut refuse);
                let mut except = Vec::new();
                let mut except_ok = true;
                for raw in self
                    .repeat_except
                    .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                    .filter(|s| !s.is_empty())
                {
                    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
                        Ok(d) => except.push(d),
                        Err(_) => except_ok = false,
                    }
                }
                if !except_ok {
                    refuse("repeat_except", "invalid");
                }
                until.map(|until| Repeat {
                    every_weeks: if every == "2" { 2 } else { 1 },
                    until,
                    except,
                    skip_free_days: self.skip_free_days,
                })
            }
            _ => {
                refuse("repeat", "unsupported");
                None
            }
        };
        let draft = |when: When, repeat: Option<Repeat>| ActivityDraft {
            title: self.title.clone(),
            description: Some(self.description.clone()),
            location: Some(self.location.clone()),
            when,
            audience: audience.clone(),
            repeat,
        };
        let Some(when) = when.filter(|_| errors.is_empty()) else {
            // Also the domain's reasons for the fields the page could read: a placeholder
            // stands in for the dates it could not, whose reasons it gave itself.
            let placeholder = when.is_none();
            let probe = draft(
                when.unwrap_or(When::AllDay {
                    first: NaiveDate::default(),
                    last: NaiveDate::default(),
                }),
                if placeholder { None } else { repeat },
            );
            let read_audience = !errors.has("audience");
            if let Err(fields) = Activity::plan(
                user.actor.school,
                user.actor.account,
                probe,
                zone,
                DateTime::<Utc>::UNIX_EPOCH,
            ) {
                let fields: Vec<FieldError> = fields
                    .into_iter()
                    .filter(|e| {
                        let dated = matches!(e.field.as_str(), "start" | "end" | "repeat.until");
                        !(placeholder && dated)
                            && (read_audience || !e.field.starts_with("audience"))
                    })
                    .collect();
                self.add_domain_errors(lang, &fields, &mut errors);
            }
            return Err(errors);
        };
        Ok(draft(when, repeat))
    }

    /// Adds the domain's refusals, each on the element of the form it concerns.
    pub fn add_domain_errors(&self, lang: Lang, fields: &[FieldError], errors: &mut FormErrors) {
        for e in fields {
            let element = self.element_of(&e.field, &e.code);
            errors.add(element, lang.calendar_field_message(element, &e.code));
        }
    }

    /// The element of the domain's field (`""`, the whole form, for one it does not know).
    fn element_of(&self, field: &str, code: &str) -> &'static str {
        match field {
            "title" => "title",
            "description" => "description",
            "location" => "location",
            "start" if self.all_day => "date",
            "start" => "start_time",
            "end" if self.all_day || code == "too_long" => "last_date",
            "end" => "end_time",
            "repeat.every_weeks" => "repeat",
            "repeat.until" => "repeat_until",
            "repeat.except" => "repeat_except",
            f if f.starts_with("audience") => "audience",
            _ => "",
        }
    }
}

/// The most audience boxes one form may tick (a guard on what is posted).
const MAX_AUDIENCE: usize = 200;

/// An audience entry as the form sends it.
fn audience_value(target: &Target) -> String {
    match target {
        Target::School => "school".to_owned(),
        Target::Role(role) => format!("role:{}", role.as_str()),
        Target::Group(group) => format!("group:{group}"),
    }
}

/// The audience entry a box's value names.
fn audience_target(value: &str) -> Option<Target> {
    let value = value.trim();
    if value == "school" {
        return Some(Target::School);
    }
    if let Some(role) = value.strip_prefix("role:") {
        return Role::parse(role).map(Target::Role);
    }
    value
        .strip_prefix("group:")
        .and_then(|g| g.parse::<GroupId>().ok())
        .map(Target::Group)
}

fn date_field(
    raw: &str,
    required: bool,
    element: &str,
    refuse: &mut impl FnMut(&str, &str),
) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        if required {
            refuse(element, "required");
        }
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| refuse(element, "invalid"))
        .ok()
}

fn time_field(raw: &str, element: &str, refuse: &mut impl FnMut(&str, &str)) -> Option<NaiveTime> {
    let raw = raw.trim();
    if raw.is_empty() {
        refuse(element, "required");
        return None;
    }
    let time = ["%H:%M", "%H:%M:%S", "%H.%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(raw, f).ok());
    if time.is_none() {
        refuse(element, "invalid");
    }
    time
}

/// A date and hour in the school's zone as an instant: the earlier of an hour that occurs
/// twice; an hour the clocks skip is refused.
fn local(
    zone: Tz,
    date: NaiveDate,
    time: NaiveTime,
    element: &str,
    refuse: &mut impl FnMut(&str, &str),
) -> Option<DateTime<Utc>> {
    let at = zone
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|at| at.with_timezone(&Utc));
    if at.is_none() {
        refuse(element, "nonexistent");
    }
    at
}

/// The month an activity's first occurrence is in, `YYYY-MM`, for the calendar to show
/// after saving.
pub(super) fn month_of(when: &When, zone: Tz) -> String {
    let first = match when {
        When::Timed { start, .. } => start.with_timezone(&zone).date_naive(),
        When::AllDay { first, .. } => *first,
    };
    first.format("%Y-%m").to_string()
}

/// A checkbox of the audience.
struct Check {
    id: String,
    value: String,
    label: String,
    checked: bool,
}

/// What the form is for.
#[derive(Clone, Copy, Debug)]
pub(super) enum Purpose {
    /// Planning a new activity.
    Plan,
    /// Changing the activity.
    Change(ActivityId),
}

#[derive(Template)]
#[template(path = "calendar/activity.html", whitespace = "minimize")]
struct ActivityPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    heading: &'static str,
    action: String,
    submit: &'static str,
    cancel_action: Option<String>,
    back: String,
    form: ActivityForm,
    is_admin: bool,
    school: Option<Check>,
    roles: Vec<Check>,
    groups: Vec<Check>,
    /// Audience entries the boxes do not offer (a group gone since), kept as they are.
    kept: Vec<String>,
    repeats: Vec<Choice>,
    time_hint: String,
}

/// The school's groups the form offers, by name: every group for an admin; for other
/// staff the groups of their address book (the domain refuses those they are not in).
async fn groups(state: &AppState, user: &WebUser) -> Result<Vec<(String, String)>, Response> {
    let mut groups: Vec<(String, String)> = if user.actor.is_admin() {
        state
            .accounts
            .groups(&user.actor)
            .await
            .map_err(|e| user.failure(e))?
            .into_iter()
            .map(|g| (g.id.to_string(), g.name.as_str().to_owned()))
            .collect()
    } else {
        state
            .messaging
            .address_book(&user.actor)
            .await
            .map_err(|e| user.failure(e))?
            .groups
            .into_iter()
            .map(|g| (g.id.to_string(), g.name))
            .collect()
    };
    groups.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    Ok(groups)
}

/// The form page, with `errors` beside their fields and in the summary.
pub(super) async fn show(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    form: ActivityForm,
    purpose: Purpose,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let zone = match state.calendar.time_zone(&user.actor).await {
        Ok(zone) => zone,
        Err(e) => return user.failure(e),
    };
    let groups = match groups(state, user).await {
        Ok(groups) => groups,
        Err(response) => return response,
    };
    let is_admin = user.actor.is_admin();
    let check = |id: String, value: String, label: String| Check {
        checked: form.audience.contains(&value),
        id,
        value,
        label,
    };
    let school = is_admin.then(|| {
        check(
            "audience-school".to_owned(),
            "school".to_owned(),
            t.activity_audience_school.to_owned(),
        )
    });
    let roles: Vec<Check> = if is_admin {
        Role::ALL
            .iter()
            .map(|r| {
                check(
                    format!("audience-role-{}", r.as_str()),
                    format!("role:{}", r.as_str()),
                    lang.role(*r).to_owned(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let groups: Vec<Check> = groups
        .into_iter()
        .map(|(id, name)| check(format!("audience-group-{id}"), format!("group:{id}"), name))
        .collect();
    let offered = |v: &String| {
        school
            .iter()
            .chain(&roles)
            .chain(&groups)
            .any(|c| &c.value == v)
    };
    let kept = form
        .audience
        .iter()
        .filter(|v| !offered(v) && audience_target(v).is_some())
        .cloned()
        .collect();
    let repeats = [
        ("", t.activity_repeat_none),
        ("1", t.activity_repeat_weekly),
        ("2", t.activity_repeat_biweekly),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: form.repeat.trim() == value,
    })
    .collect();
    let back = match NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d") {
        Ok(date) => format!("/calendar?month={}", date.format("%Y-%m")),
        Err(_) => "/calendar".to_owned(),
    };
    let (heading, action, submit, cancel_action) = match purpose {
        Purpose::Plan => (
            t.plan_title,
            "/calendar/plan".to_owned(),
            t.plan_submit,
            None,
        ),
        Purpose::Change(id) => (
            t.edit_activity_title,
            format!("/calendar/activities/{id}/edit"),
            t.edit_submit,
            Some(format!("/calendar/activities/{id}/cancel")),
        ),
    };
    render(
        lang,
        status,
        &ActivityPage {
            t,
            page: Chrome::signed_in(user, heading),
            errors: errors.in_order(FIELDS),
            heading,
            action,
            submit,
            cancel_action,
            back,
            form,
            is_admin,
            school,
            roles,
            groups,
            kept,
            repeats,
            time_hint: lang.activity_time_hint(zone),
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn audience_values_read_back_as_the_targets_they_came_from() {
        let group = GroupId::new();
        for target in [
            Target::School,
            Target::Role(Role::Teacher),
            Target::Group(group),
        ] {
            assert_eq!(audience_target(&audience_value(&target)), Some(target));
        }
        assert_eq!(audience_target("role:janitor"), None);
        assert_eq!(audience_target("group:3A"), None);
        assert_eq!(audience_target("everyone"), None);
    }

    #[test]
    fn an_hour_the_clocks_skip_is_refused_and_a_doubled_one_is_the_first() {
        let zone = chrono_tz::Europe::Brussels;
        let mut refused = Vec::new();
        let mut refuse = |element: &str, code: &str| refused.push(format!("{element}:{code}"));
        let spring = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        let skipped = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        assert_eq!(
            local(zone, spring, skipped, "start_time", &mut refuse),
            None
        );
        let autumn = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let twice = local(zone, autumn, skipped, "end_time", &mut refuse).unwrap();
        assert_eq!(twice.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert_eq!(refused, ["start_time:nonexistent"]);
    }
}
