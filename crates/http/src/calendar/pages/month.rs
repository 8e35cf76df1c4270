//! `GET /calendar?month=YYYY-MM`: a person's calendar for a month (by default this month
//! in the school's time zone), as a table of weeks from Monday to Sunday with each day's
//! items, and below it the same items as a list by day, which is what a phone shows (the
//! stylesheet hides the table on narrow screens). Free days are marked; a co-account's
//! items are labelled with its child; staff get a link to plan an activity and, on each
//! activity they may change (their own; an admin's: every one), a link to change it.

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike as _, Duration, Months, NaiveDate, Weekday};
use chrono_tz::Tz;
use schoolbrug_calendar::{CalendarError, Occurrence, OccurrenceKind};
use schoolbrug_kernel::ActivityId;
use serde::Deserialize;

use crate::calendar::texts::{WEEK, clock_time};
use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{Chrome, WebUser, render};

/// `?month=YYYY-MM`, and `cancelled=1` after an activity was cancelled.
#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
    cancelled: Option<String>,
}

/// One item as the page shows it.
#[derive(Clone, Debug)]
struct Item {
    title: String,
    /// Its hours or days, in full (the list).
    time: String,
    /// Its hours or days, in short (the table).
    short_time: String,
    location: Option<String>,
    description: Option<String>,
    /// On a co-account's calendar: "voor Lotte Janssens".
    child: Option<String>,
    free_day: bool,
    /// Where to change it, for whom may.
    edit: Option<String>,
}

/// A day of the table.
struct Day {
    number: u32,
    /// The day in full, for screen readers.
    label: String,
    class: String,
    today: bool,
    items: Vec<Item>,
}

/// A column heading of the table.
struct WeekdayHeading {
    name: &'static str,
    short: &'static str,
}

/// A day of the list.
struct AgendaDay {
    id: String,
    heading: String,
    items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "calendar/month.html", whitespace = "minimize")]
struct MonthPage {
    t: &'static Texts,
    page: Chrome,
    title: String,
    zone: String,
    previous: String,
    next: String,
    this_month: Option<String>,
    can_plan: bool,
    cancelled: bool,
    weekdays: Vec<WeekdayHeading>,
    weeks: Vec<Vec<Day>>,
    agenda: Vec<AgendaDay>,
}

/// The first day of `YYYY-MM`.
fn first_of(raw: &str) -> Option<NaiveDate> {
    let (year, month) = raw.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

fn ym(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

/// The first and last date an item covers, in the school's zone (one that ends at
/// midnight does not cover the day that starts then).
fn span(o: &Occurrence, zone: Tz) -> (NaiveDate, NaiveDate) {
    if let Some(days) = o.days {
        return days;
    }
    let first = o.start.with_timezone(&zone).date_naive();
    let last = (o.end - Duration::seconds(1))
        .with_timezone(&zone)
        .date_naive()
        .max(first);
    (first, last)
}

fn item(o: &Occurrence, zone: Tz, lang: Lang, editable: &BTreeSet<ActivityId>) -> Item {
    let t = lang.texts();
    let (first, last) = span(o, zone);
    let (time, short_time) = match o.days {
        Some(_) if first == last => (t.calendar_all_day.to_owned(), t.calendar_all_day.to_owned()),
        Some(_) => (
            lang.calendar_all_day_until(last),
            t.calendar_all_day.to_owned(),
        ),
        None => {
            let (start, end) = (o.start.with_timezone(&zone), o.end.with_timezone(&zone));
            if first == last {
                let hours = format!("{}–{}", clock_time(start), clock_time(end));
                (hours.clone(), hours)
            } else {
                (lang.calendar_time_until(start, end), clock_time(start))
            }
        }
    };
    let free_day = o.kind == OccurrenceKind::FreeDay;
    Item {
        title: o.title.clone(),
        time,
        short_time,
        location: o.location.clone(),
        description: o.description.clone(),
        child: o.child.as_ref().map(|c| lang.calendar_for_child(&c.name)),
        free_day,
        edit: o
            .activity_id
            .filter(|id| editable.contains(id))
            .map(|id| format!("/calendar/activities/{id}/edit")),
    }
}

/// The activities among `items` that `user` may change: every one for an admin, those
/// they planned for other staff, none for pupils and co-accounts (the domain decides
/// again when the change is sent).
fn editable(user: &WebUser, items: &[Occurrence]) -> BTreeSet<ActivityId> {
    items
        .iter()
        .filter(|o| {
            user.actor.is_admin()
                || (user.actor.is_staff() && o.planner == Some(user.actor.account))
        })
        .filter_map(|o| o.activity_id)
        .collect()
}

/// `GET /calendar`
pub async fn month(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<MonthQuery>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let (zone, today) = match (
        state.calendar.time_zone(&user.actor).await,
        state.calendar.today_for(&user.actor).await,
    ) {
        (Ok(zone), Ok(today)) => (zone, today),
        (Err(e), _) | (_, Err(e)) => return user.failure(e),
    };
    let this_month = today.with_day(1).unwrap_or(today);
    let first = match query.month.as_deref().filter(|m| !m.trim().is_empty()) {
        None => this_month,
        Some(raw) => match first_of(raw) {
            Some(first) => first,
            None => {
                return user.failure(CalendarError::invalid(
                    "month",
                    "invalid",
                    "a month as YYYY-MM",
                ));
            }
        },
    };
    let bounds = first.checked_add_months(Months::new(1)).and_then(|next| {
        Some((
            next,
            next.pred_opt()?,
            first.checked_sub_months(Months::new(1))?,
        ))
    });
    let Some((next, last, previous)) = bounds else {
        return user.failure(CalendarError::invalid("month", "invalid", "out of range"));
    };
    let grid_start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let grid_end = last + Duration::days(6 - i64::from(last.weekday().num_days_from_monday()));
    let occurrences = match state
        .calendar
        .occurrences(&user.actor, grid_start, grid_end)
        .await
    {
        Ok(items) => items,
        Err(e) => return user.failure(e),
    };
    let editable = editable(&user, &occurrences);
    let laid_out: Vec<((NaiveDate, NaiveDate), Item, bool)> = occurrences
        .iter()
        .map(|o| {
            (
                span(o, zone),
                item(o, zone, lang, &editable),
                o.kind == OccurrenceKind::FreeDay,
            )
        })
        .collect();

    let mut weeks = Vec::new();
    let mut date = grid_start;
    while date <= grid_end {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let on_day: Vec<&(_, Item, bool)> = laid_out
                .iter()
                .filter(|((from, to), _, _)| *from <= date && date <= *to)
                .collect();
            let free = on_day.iter().any(|(_, _, free)| *free);
            let mut class = vec!["day"];
            if date.month() != first.month() {
                class.push("other-month");
            }
            if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                class.push("weekend");
            }
            if free {
                class.push("free-day");
            }
            if date == today {
                class.push("today");
            }
            week.push(Day {
                number: date.day(),
                label: lang.calendar_day(date),
                class: class.join(" "),
                today: date == today,
                items: on_day.iter().map(|(_, item, _)| item.clone()).collect(),
            });
            date += Duration::days(1);
        }
        weeks.push(week);
    }

    // The list shows each item once, on its first day in the month.
    let mut by_day: BTreeMap<NaiveDate, Vec<Item>> = BTreeMap::new();
    for ((from, to), item, _) in laid_out {
        if to < first || from > last {
            continue;
        }
        by_day.entry(from.max(first)).or_default().push(item);
    }
    let agenda = by_day
        .into_iter()
        .map(|(date, items)| AgendaDay {
            id: format!("day-{}", date.format("%Y-%m-%d")),
            heading: lang.calendar_day(date),
            items,
        })
        .collect();

    let page = MonthPage {
        t,
        page: Chrome::signed_in(&user, t.calendar_title),
        title: lang.calendar_month_title(first),
        zone: zone.name().to_owned(),
        previous: ym(previous),
        next: ym(next),
        this_month: (first != this_month).then(|| ym(this_month)),
        can_plan: user.actor.is_staff(),
        cancelled: query.cancelled.is_some(),
        weekdays: WEEK
            .iter()
            .map(|d| WeekdayHeading {
                name: lang.weekday(*d),
                short: lang.weekday_short(*d),
            })
            .collect(),
        weeks,
        agenda,
    };
    render(lang, StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_month_is_read_as_year_dash_month() {
        assert_eq!(first_of("2026-09"), NaiveDate::from_ymd_opt(2026, 9, 1));
        for wrong in [
            "2026-13",
            "2026-9",
            "26-09",
            "2026",
            "september",
            "2026-09-01",
        ] {
            assert_eq!(first_of(wrong), None, "{wrong}");
        }
    }
}
