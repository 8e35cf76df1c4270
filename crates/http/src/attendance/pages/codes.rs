//! `GET/POST /absences/codes`: the school's own codes and its numbers (after how many
//! school days unknown becomes `B`, the parents' notes' limits, the follow-up thresholds),
//! for absence administrators; anyone else sees the 404 page. Without JavaScript, the form
//! holds every code as a row plus a few empty rows; a code is removed by ticking its box,
//! added by filling an empty row. Saving replaces the codes and the numbers; refused, the
//! rows come back (422) as posted with every reason. The page also links to the export of
//! the half-days (`GET /api/v1/absences/export.csv`, which takes the session cookie).

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_attendance::service::SettingsDraft;
use schoolbrug_attendance::{AbsenceSettings, AttendanceError, Official, SchoolYear};
use serde::Deserialize;

use super::{administers, ymd};
use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{Choice, Chrome, FormErrors, WebUser, render, see_other};

/// Empty rows offered after the school's codes.
const EMPTY_ROWS: usize = 3;
/// The most rows one form may carry (a guard on the posted indices).
const MAX_ROWS: usize = 200;

/// One row of the form: a code of the school's own.
#[derive(Clone, Debug, Default)]
struct Row {
    index: usize,
    code: String,
    label: String,
    official: String,
    remove: bool,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.code.trim().is_empty()
            && self.label.trim().is_empty()
            && self.official.trim().is_empty()
    }
}

/// A row as the template shows it.
struct RowView {
    index: usize,
    number: usize,
    code: String,
    label: String,
    officials: Vec<Choice>,
    remove: bool,
}

/// One of the school's numbers.
struct NumberField {
    id: &'static str,
    label: &'static str,
    hint: String,
    value: String,
}

#[derive(Template)]
#[template(path = "absences/codes.html", whitespace = "minimize")]
struct CodesPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    saved: bool,
    rows: Vec<RowView>,
    numbers: Vec<NumberField>,
    export_from: String,
    export_to: String,
    /// For a school administrator: the staff to choose the absence administrators from.
    administrators: Option<Vec<StaffChoice>>,
    administrators_saved: bool,
}

/// A staff member on the absence administrators' form.
struct StaffChoice {
    id: String,
    name: String,
    chosen: bool,
}

/// `?saved=1` after saving the codes, `?administrators=1` after naming administrators.
#[derive(Debug, Default, Deserialize)]
pub struct CodesQuery {
    saved: Option<String>,
    administrators: Option<String>,
}

/// The numbers' fields, in their order on the page, with their bounds.
const NUMBERS: [(&str, (u32, u32)); 5] = [
    (
        "unknown_becomes_b_after_days",
        AbsenceSettings::UNKNOWN_DAYS,
    ),
    ("note_max_days", AbsenceSettings::NOTE_DAYS),
    ("notes_per_year", AbsenceSettings::NOTES_PER_YEAR),
    ("guidance_threshold", AbsenceSettings::THRESHOLD),
    ("allowance_threshold", AbsenceSettings::THRESHOLD),
];

fn number_label(t: &'static Texts, id: &str) -> &'static str {
    match id {
        "unknown_becomes_b_after_days" => t.codes_unknown_days_label,
        "note_max_days" => t.codes_note_days_label,
        "notes_per_year" => t.codes_notes_per_year_label,
        "guidance_threshold" => t.codes_guidance_label,
        _ => t.codes_allowance_label,
    }
}

fn official_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    let mut choices = vec![Choice {
        value: String::new(),
        label: lang.texts().choose.to_owned(),
        selected: selected.trim().is_empty(),
    }];
    choices.extend(Official::ALL.into_iter().map(|o| Choice {
        value: o.as_str().to_owned(),
        label: lang.absence_code_choice(o.as_str(), lang.official_meaning(o)),
        selected: selected.trim() == o.as_str(),
    }));
    choices
}

async fn page(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    saved: (bool, bool),
    rows: Vec<Row>,
    numbers: &BTreeMap<&'static str, String>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    // Only a school administrator names the absence administrators.
    let administrators = if user.actor.is_admin() {
        match state.attendance.administrator_choices(&user.actor).await {
            Ok(choices) => Some(
                choices
                    .into_iter()
                    .map(|(id, name, chosen)| StaffChoice {
                        id: id.to_string(),
                        name,
                        chosen,
                    })
                    .collect(),
            ),
            Err(e) => return user.failure(e),
        }
    } else {
        None
    };
    let today = match state.attendance.today_for(&user.actor).await {
        Ok(today) => today,
        Err(e) => return user.failure(e),
    };
    let year = SchoolYear::of(today);
    let mut order: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            ["code", "label", "official"]
                .into_iter()
                .map(move |f| format!("{f}_{}", r.index))
        })
        .collect();
    order.extend(NUMBERS.iter().map(|(id, _)| (*id).to_owned()));
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    render(
        lang,
        status,
        &CodesPage {
            t,
            page: Chrome::signed_in(user, t.codes_title),
            errors: errors.in_order(&order),
            saved: saved.0,
            administrators,
            administrators_saved: saved.1,
            rows: rows
                .into_iter()
                .map(|r| RowView {
                    index: r.index,
                    number: r.index + 1,
                    officials: official_choices(lang, &r.official),
                    code: r.code,
                    label: r.label,
                    remove: r.remove,
                })
                .collect(),
            numbers: NUMBERS
                .iter()
                .map(|&(id, bounds)| NumberField {
                    id,
                    label: number_label(t, id),
                    hint: lang.codes_number_hint(bounds),
                    value: numbers.get(id).cloned().unwrap_or_default(),
                })
                .collect(),
            export_from: ymd(year.first_day),
            export_to: ymd(year.last_day),
        },
    )
}

fn with_empty_rows(mut rows: Vec<Row>) -> Vec<Row> {
    let start = rows.iter().map(|r| r.index + 1).max().unwrap_or(0);
    rows.extend((start..start + EMPTY_ROWS).map(|index| Row {
        index,
        ..Row::default()
    }));
    rows
}

/// `GET /absences/codes`
pub async fn codes_form(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<CodesQuery>,
) -> Response {
    let settings = match state.attendance.absence_settings(&user.actor).await {
        Ok(settings) => settings,
        Err(e) => return user.failure(e),
    };
    // Everyone may read the codes (parents read their labels), but this page is the
    // administrators' form; the service refuses anyone else's save.
    if !administers(&user, &settings) {
        return user.not_found();
    }
    let rows = settings
        .codes
        .iter()
        .enumerate()
        .map(|(index, c)| Row {
            index,
            code: c.code.as_str().to_owned(),
            label: c.label.clone(),
            official: c.official.as_str().to_owned(),
            remove: false,
        })
        .collect();
    let numbers = BTreeMap::from([
        (
            "unknown_becomes_b_after_days",
            settings.unknown_becomes_b_after_days.to_string(),
        ),
        ("note_max_days", settings.note_max_days.to_string()),
        ("notes_per_year", settings.notes_per_year.to_string()),
        (
            "guidance_threshold",
            settings.guidance_threshold.to_string(),
        ),
        (
            "allowance_threshold",
            settings.allowance_threshold.to_string(),
        ),
    ]);
    page(
        &state,
        &user,
        StatusCode::OK,
        FormErrors::none(),
        (query.saved.is_some(), query.administrators.is_some()),
        with_empty_rows(rows),
        &numbers,
    )
    .await
}

/// The rows as posted (`code_3`, `label_3`, `official_3`, `remove_3`), by index, and the
/// numbers by name.
fn read_form(pairs: Vec<(String, String)>) -> (Vec<Row>, BTreeMap<&'static str, String>) {
    let mut rows: BTreeMap<usize, Row> = BTreeMap::new();
    let mut numbers = BTreeMap::new();
    for (key, value) in pairs {
        if let Some((id, _)) = NUMBERS.iter().find(|(id, _)| *id == key) {
            numbers.insert(*id, value);
            continue;
        }
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
            "code" => row.code = value,
            "label" => row.label = value,
            "official" => row.official = value,
            "remove" => row.remove = true,
            _ => {}
        }
    }
    (rows.into_values().collect(), numbers)
}

/// `POST /absences/codes`: replaces the codes and the numbers; on success a 303 with a
/// confirmation, on a refusal the rows as posted with every reason (422).
pub async fn save_codes(
    State(state): State<AppState>,
    user: WebUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let (rows, numbers) = read_form(pairs);
    let mut errors = FormErrors::none();
    let mut draft = SettingsDraft::default();
    // The row each of the draft's codes came from, for the domain's `codes[i]`.
    let mut origin = Vec::new();
    for row in rows.iter().filter(|r| !r.remove && !r.is_blank()) {
        draft
            .codes
            .push((row.code.clone(), row.label.clone(), row.official.clone()));
        origin.push(row.index);
    }
    let mut number = |id: &str| -> Option<u32> {
        let raw = numbers.get(id).map_or("", |v| v.trim());
        if raw.is_empty() {
            return None;
        }
        match raw.parse::<u32>() {
            Ok(n) if raw.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                errors.add(id, lang.codes_field_message(id, "invalid"));
                None
            }
        }
    };
    draft.unknown_becomes_b_after_days = number("unknown_becomes_b_after_days");
    draft.note_max_days = number("note_max_days");
    draft.notes_per_year = number("notes_per_year");
    draft.guidance_threshold = number("guidance_threshold");
    draft.allowance_threshold = number("allowance_threshold");
    if errors.is_empty() {
        match state.attendance.change_settings(&user.actor, draft).await {
            Ok(()) => return see_other("/absences/codes?saved=1"),
            Err(AttendanceError::Invalid(fields)) => {
                for e in &fields {
                    errors.add(
                        &element_of(&e.field, &origin),
                        lang.codes_field_message(&e.field, &e.code),
                    );
                }
            }
            Err(e) => return user.failure(e),
        }
    } else {
        // A refused number stops the save; the page's own check is not the service's, so
        // make sure the service may be asked at all before showing the form again.
        match state.attendance.absence_settings(&user.actor).await {
            Ok(settings) if administers(&user, &settings) => {}
            Ok(_) => return user.not_found(),
            Err(e) => return user.failure(e),
        }
    }
    page(
        &state,
        &user,
        StatusCode::UNPROCESSABLE_ENTITY,
        errors,
        (false, false),
        rows,
        &numbers,
    )
    .await
}

/// The element of the domain's `codes[i].label`: `label_<row>` of the row code `i` came
/// from; a number's own name; `""`, the whole form, for anything else.
fn element_of(field: &str, origin: &[usize]) -> String {
    if NUMBERS.iter().any(|(id, _)| *id == field) {
        return field.to_owned();
    }
    let parsed = field.strip_prefix("codes[").and_then(|rest| {
        let (i, leaf) = rest.split_once("].")?;
        Some((i.parse::<usize>().ok()?, leaf))
    });
    match parsed {
        Some((i, leaf)) if matches!(leaf, "code" | "label" | "official") => origin
            .get(i)
            .map_or_else(String::new, |row| format!("{leaf}_{row}")),
        _ => String::new(),
    }
}

/// `POST /absences/administrators`: the school administrator's choice of absence
/// administrators (every ticked `administrator` field is one).
pub async fn save_administrators(
    State(state): State<AppState>,
    user: WebUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let mut chosen = Vec::new();
    for (name, value) in pairs {
        if name == "administrator" {
            // A value that is no id was not offered by the form: the page does not exist
            // for whoever sends it.
            match value.parse() {
                Ok(id) => chosen.push(id),
                Err(_) => return user.not_found(),
            }
        }
    }
    match state
        .attendance
        .set_administrators(&user.actor, chosen)
        .await
    {
        Ok(()) => see_other("/absences/codes?administrators=1"),
        Err(e) => user.failure(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_rows_and_numbers_are_read_apart() {
        let (rows, numbers) = read_form(vec![
            ("code_1".into(), "TL".into()),
            ("label_1".into(), "te laat".into()),
            ("official_1".into(), "B".into()),
            ("remove_0".into(), "on".into()),
            ("note_max_days".into(), "3".into()),
            ("code_999999".into(), "X".into()),
            ("something".into(), "else".into()),
        ]);
        assert_eq!(rows.len(), 2);
        assert!(rows[0].remove);
        assert_eq!(rows[1].code, "TL");
        assert_eq!(numbers.get("note_max_days").map(String::as_str), Some("3"));
    }

    #[test]
    fn a_domain_error_lands_on_the_row_it_came_from() {
        assert_eq!(element_of("codes[1].label", &[0, 4]), "label_4");
        assert_eq!(element_of("codes[2].code", &[0, 4]), "");
        assert_eq!(element_of("codes", &[0]), "");
        assert_eq!(element_of("note_max_days", &[]), "note_max_days");
    }
}
