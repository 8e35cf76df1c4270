//! `GET/POST /children/{pupil}/note`: a parent hands in a note for a short illness of its
//! child (the first and last day, and a text if it likes). Handed in, the browser is sent
//! to "Mijn kinderen" with a notice; refused (too many days, the year's notes used, a day
//! another note covers…), the form comes back (422) as typed with every reason beside its
//! field, in the school's numbers. Anyone but a parent of the pupil sees the 404 page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_attendance::service::ILLNESS;
use schoolbrug_attendance::{AbsenceSettings, AttendanceError, Pupil};
use schoolbrug_kernel::AccountId;
use serde::Deserialize;

use super::overview::pupil_name;
use super::{parse_date, ymd};
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, FormErrors, WebUser, render, see_other};

/// The form's fields, in their order on the page.
const FIELDS: [&str; 3] = ["from", "to", "text"];

#[derive(Template)]
#[template(path = "absences/note.html", whitespace = "minimize")]
struct NotePage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    action: String,
    child: String,
    rules: String,
    notes_left: String,
    from: String,
    to: String,
    text: String,
}

/// The note as posted.
#[derive(Debug, Default, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    text: String,
}

/// The child, when `raw` names one of the parent's children; the page to answer
/// otherwise.
async fn child_of(state: &AppState, user: &WebUser, raw: &str) -> Result<Pupil, Response> {
    let Ok(id) = raw.trim().parse::<AccountId>() else {
        return Err(user.not_found());
    };
    let children = state
        .attendance
        .children(&user.actor)
        .await
        .map_err(|e| user.failure(e))?;
    children
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| user.not_found())
}

async fn show(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    child: &Pupil,
    form: NoteForm,
    errors: FormErrors,
    settings: &AbsenceSettings,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let absences = match state
        .attendance
        .child_absences(&user.actor, child.id, None, None)
        .await
    {
        Ok(absences) => absences,
        Err(e) => return user.failure(e),
    };
    render(
        lang,
        status,
        &NotePage {
            t,
            page: Chrome::signed_in(user, t.note_title),
            errors: errors.in_order(&FIELDS),
            action: format!("/children/{}/note", child.id),
            child: lang.note_for(&pupil_name(child)),
            rules: lang.note_rules(settings),
            notes_left: lang.notes_left(absences.notes_left),
            from: form.from,
            to: form.to,
            text: form.text,
        },
    )
}

/// `GET /children/{pupil}/note`: the form, both days today.
pub async fn note_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let child = match child_of(&state, &user, &raw).await {
        Ok(child) => child,
        Err(response) => return response,
    };
    let (settings, today) = match (
        state.attendance.absence_settings(&user.actor).await,
        state.attendance.today_for(&user.actor).await,
    ) {
        (Ok(settings), Ok(today)) => (settings, today),
        (Err(e), _) => return user.failure(e),
        (_, Err(e)) => return user.failure(e),
    };
    let form = NoteForm {
        from: ymd(today),
        to: ymd(today),
        text: String::new(),
    };
    show(
        &state,
        &user,
        StatusCode::OK,
        &child,
        form,
        FormErrors::none(),
        &settings,
    )
    .await
}

/// `POST /children/{pupil}/note`
pub async fn hand_in(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
    Form(form): Form<NoteForm>,
) -> Response {
    let child = match child_of(&state, &user, &raw).await {
        Ok(child) => child,
        Err(response) => return response,
    };
    let settings = match state.attendance.absence_settings(&user.actor).await {
        Ok(settings) => settings,
        Err(e) => return user.failure(e),
    };
    let lang = user.lang;
    let mut errors = FormErrors::none();
    let mut date = |field: &str, raw: &str| {
        let code = if raw.trim().is_empty() {
            "required"
        } else if let Some(date) = parse_date(raw) {
            return Some(date);
        } else {
            "invalid"
        };
        errors.add(field, lang.note_field_message(field, code, &settings));
        None
    };
    let from = date("from", &form.from);
    let to = date("to", &form.to);
    if let (Some(from), Some(to)) = (from, to) {
        let text = Some(form.text.clone()).filter(|t| !t.trim().is_empty());
        match state
            .attendance
            .hand_in_note(&user.actor, child.id, from, to, ILLNESS, text)
            .await
        {
            Ok(_) => return see_other("/children?note=1"),
            Err(AttendanceError::Invalid(fields)) => {
                for e in &fields {
                    let target = if FIELDS.contains(&e.field.as_str()) {
                        e.field.as_str()
                    } else {
                        ""
                    };
                    errors.add(
                        target,
                        lang.note_field_message(&e.field, &e.code, &settings),
                    );
                }
            }
            Err(e) => return user.failure(e),
        }
    }
    show(
        &state,
        &user,
        StatusCode::UNPROCESSABLE_ENTITY,
        &child,
        form,
        errors,
        &settings,
    )
    .await
}
