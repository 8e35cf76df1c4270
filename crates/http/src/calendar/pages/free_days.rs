//! `GET/POST /admin/free-days`: the school's free days and holidays (admins; anyone else
//! sees the 404 page). Without JavaScript, the form holds every period as a row plus a
//! few empty rows; a row is removed by ticking its box, added by filling an empty one.
//! Saving replaces the whole list; the domain refuses a period whose last day is before
//! its first.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use schoolbrug_calendar::CalendarError;
use schoolbrug_kernel::FreeDayPeriod;
use serde::Deserialize;

use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{AdminUser, Chrome, FormErrors, WebUser, render, see_other};

/// Empty rows offered after the existing periods.
const EMPTY_ROWS: usize = 3;
/// The most rows one form may carry (a guard on the posted indices).
const MAX_ROWS: usize = 500;

/// One row of the form.
#[derive(Clone, Debug, Default)]
struct Row {
    index: usize,
    from: String,
    to: String,
    name: String,
    remove: bool,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.from.trim().is_empty() && self.to.trim().is_empty() && self.name.trim().is_empty()
    }
}

#[derive(Template)]
#[template(path = "admin/free_days.html", whitespace = "minimize")]
struct FreeDaysPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    saved: bool,
    rows: Vec<Row>,
}

/// `?saved=1` after saving.
#[derive(Debug, Default, Deserialize)]
pub struct FreeDaysQuery {
    saved: Option<String>,
}

fn page(
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    saved: bool,
    rows: Vec<Row>,
) -> Response {
    let t = user.lang.texts();
    let order: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            ["from", "to", "name"]
                .into_iter()
                .map(move |f| format!("{f}_{}", r.index))
        })
        .collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    render(
        user.lang,
        status,
        &FreeDaysPage {
            t,
            page: Chrome::signed_in(user, t.free_days_title),
            errors: errors.in_order(&order),
            saved,
            rows,
        },
    )
}

fn with_empty_rows(mut rows: Vec<Row>) -> Vec<Row> {
    let start = rows.len();
    rows.extend((start..start + EMPTY_ROWS).map(|index| Row {
        index,
        ..Row::default()
    }));
    rows
}

/// `GET /admin/free-days`
pub async fn free_days_form(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Query(query): Query<FreeDaysQuery>,
) -> Response {
    let periods = match state.calendar.free_days(&user.actor).await {
        Ok(periods) => periods,
        Err(e) => return user.failure(e),
    };
    let rows = periods
        .into_iter()
        .enumerate()
        .map(|(index, p)| Row {
            index,
            from: p.from.format("%Y-%m-%d").to_string(),
            to: p.to.format("%Y-%m-%d").to_string(),
            name: p.name,
            remove: false,
        })
        .collect();
    page(
        &user,
        StatusCode::OK,
        FormErrors::none(),
        query.saved.is_some(),
        with_empty_rows(rows),
    )
}

/// The rows as posted (`from_3`, `to_3`, `name_3`, `remove_3`), by index.
fn rows_of(pairs: Vec<(String, String)>) -> Vec<Row> {
    let mut rows: BTreeMap<usize, Row> = BTreeMap::new();
    for (key, value) in pairs {
        let Some((field, index)) = key.rsplit_once('_') else {
            continue;
        };
        let Some(index) = index.parse::<usize>().ok().filter(|i| *i < MAX_ROWS) else {
            continue;
        };
        let row = rows.entry(index).or_insert_with(|| Row {
            index,
            ..Row::default()
        });
        match field {
            "from" => row.from = value,
            "to" => row.to = value,
            "name" => row.name = value,
            "remove" => row.remove = true,
            _ => {}
        }
    }
    rows.into_values().collect()
}

fn date(
    lang: Lang,
    errors: &mut FormErrors,
    value: &str,
    field: &str,
    index: usize,
) -> Option<NaiveDate> {
    let value = value.trim();
    let code = if value.is_empty() {
        "required"
    } else if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Some(date);
    } else {
        "invalid"
    };
    errors.add(
        &format!("{field}_{index}"),
        lang.messaging_field_message(&format!("periods[{index}].{field}"), code),
    );
    None
}

/// `POST /admin/free-days`: replaces the periods; on success a 303 with a confirmation,
/// on a refusal the rows as posted with every reason (422).
pub async fn save_free_days(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let rows = rows_of(pairs);
    let mut errors = FormErrors::none();
    // The periods to save, each with the row it came from (for the domain's errors).
    let mut periods = Vec::new();
    let mut origin = Vec::new();
    for row in rows.iter().filter(|r| !r.remove && !r.is_blank()) {
        let from = date(lang, &mut errors, &row.from, "from", row.index);
        let to = date(lang, &mut errors, &row.to, "to", row.index);
        if let (Some(from), Some(to)) = (from, to) {
            periods.push(FreeDayPeriod {
                from,
                to,
                name: row.name.clone(),
            });
            origin.push(row.index);
        }
    }
    if errors.is_empty() {
        match state.calendar.replace_free_days(&user.actor, periods).await {
            Ok(()) => return see_other("/admin/free-days?saved=1"),
            Err(CalendarError::Invalid(fields)) => {
                for e in &fields {
                    errors.add(
                        &element_of(&e.field, &origin),
                        lang.messaging_field_message(&e.field, &e.code),
                    );
                }
            }
            Err(e) => return user.failure(e),
        }
    } else {
        // The dates are ours to read; report the domain's checks of the rest with them.
        for (period, index) in periods.iter().zip(&origin) {
            if period.to < period.from {
                errors.add(
                    &format!("to_{index}"),
                    lang.messaging_field_message("periods[0].to", "before_from"),
                );
            }
        }
        for row in rows.iter().filter(|r| !r.remove && !r.is_blank()) {
            if row.name.trim().is_empty() {
                errors.add(
                    &format!("name_{}", row.index),
                    lang.messaging_field_message("periods[0].name", "blank"),
                );
            }
        }
    }
    page(&user, StatusCode::UNPROCESSABLE_ENTITY, errors, false, rows)
}

/// The element of the domain's `periods[i].to`: `to_<row>` of the row period `i` came
/// from (`""`, the whole form, for anything else).
fn element_of(field: &str, origin: &[usize]) -> String {
    let parsed = field.strip_prefix("periods[").and_then(|rest| {
        let (i, leaf) = rest.split_once("].")?;
        Some((i.parse::<usize>().ok()?, leaf))
    });
    match parsed {
        Some((i, leaf)) if matches!(leaf, "from" | "to" | "name") => origin
            .get(i)
            .map_or_else(String::new, |row| format!("{leaf}_{row}")),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_rows_are_read_by_index() {
        let rows = rows_of(vec![
            ("from_1".into(), "2026-12-21".into()),
            ("name_1".into(), "Kerstvakantie".into()),
            ("to_1".into(), "2027-01-01".into()),
            ("remove_0".into(), "on".into()),
            ("from_999999".into(), "2026-01-01".into()),
            ("something".into(), "else".into()),
        ]);
        assert_eq!(rows.len(), 2);
        assert!(rows[0].remove);
        assert_eq!(rows[1].index, 1);
        assert_eq!(rows[1].name, "Kerstvakantie");
    }

    #[test]
    fn a_domain_error_lands_on_the_row_it_came_from() {
        assert_eq!(element_of("periods[1].to", &[0, 4]), "to_4");
        assert_eq!(element_of("periods[2].to", &[0, 4]), "");
        assert_eq!(element_of("periods", &[0]), "");
    }
}
