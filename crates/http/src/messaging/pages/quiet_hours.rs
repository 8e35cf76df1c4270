//! `GET/POST /admin/quiet-hours`: the school's quiet hours (admins; anyone else sees the
//! 404 page). Either no quiet hours, or a daily window (start and end as `HH:MM`, wrapping
//! midnight when the end is earlier) with weekends and free days quiet all day or not.
//! Forwards by e-mail of messages sent in quiet time wait until it ends.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_messaging::{MessagingError, QuietHours};
use serde::Deserialize;

use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{AdminUser, Chrome, FormErrors, WebUser, render, see_other};
use crate::messaging::api::quiet_hours::parse_time;

/// What the form shows when a school has no quiet hours yet.
const PROPOSED_START: &str = "20:00";
const PROPOSED_END: &str = "07:00";

#[derive(Template)]
#[template(path = "admin/quiet_hours.html", whitespace = "minimize")]
struct QuietHoursPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    saved: bool,
    zone: String,
    form: QuietHoursForm,
}

/// The form: `mode` is `none` or `on`; a checkbox left unticked is absent.
#[derive(Debug, Default, Deserialize)]
pub struct QuietHoursForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    weekends: Option<String>,
    free_days: Option<String>,
}

impl QuietHoursForm {
    fn is_off(&self) -> bool {
        self.mode == "none"
    }
}

/// `?saved=1` after saving.
#[derive(Debug, Default, Deserialize)]
pub struct QuietHoursQuery {
    saved: Option<String>,
}

fn page(
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    saved: bool,
    form: QuietHoursForm,
) -> Response {
    let t = user.lang.texts();
    render(
        user.lang,
        status,
        &QuietHoursPage {
            t,
            page: Chrome::signed_in(user, t.quiet_hours_title),
            errors: errors.in_order(&["start", "end"]),
            saved,
            zone: user.me.school.time_zone.name().to_owned(),
            form,
        },
    )
}

/// `GET /admin/quiet-hours`
pub async fn quiet_hours_form(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Query(query): Query<QuietHoursQuery>,
) -> Response {
    let quiet = match state.messaging.quiet_hours(&user.actor).await {
        Ok(quiet) => quiet,
        Err(e) => return user.failure(e),
    };
    let form = match quiet {
        Some(q) => QuietHoursForm {
            mode: "on".to_owned(),
            start: q.start.format("%H:%M").to_string(),
            end: q.end.format("%H:%M").to_string(),
            weekends: q.weekends.then(|| "on".to_owned()),
            free_days: q.free_days.then(|| "on".to_owned()),
        },
        None => QuietHoursForm {
            mode: "none".to_owned(),
            start: PROPOSED_START.to_owned(),
            end: PROPOSED_END.to_owned(),
            weekends: Some("on".to_owned()),
            free_days: Some("on".to_owned()),
        },
    };
    page(
        &user,
        StatusCode::OK,
        FormErrors::none(),
        query.saved.is_some(),
        form,
    )
}

/// `POST /admin/quiet-hours`: saves; on success a 303 with a confirmation, on a refusal
/// the form as posted with every reason (422).
pub async fn save_quiet_hours(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Form(form): Form<QuietHoursForm>,
) -> Response {
    let lang = user.lang;
    let mut errors = FormErrors::none();
    let quiet = if form.is_off() {
        None
    } else {
        let mut time = |field: &str, raw: &str| {
            let parsed = if raw.trim().is_empty() {
                Err(("required", field))
            } else {
                parse_time(field, raw).map_err(|_| ("invalid", field))
            };
            parsed
                .map_err(|(code, field)| {
                    errors.add(field, lang.messaging_field_message(field, code));
                })
                .ok()
        };
        let start = time("start", &form.start);
        let end = time("end", &form.end);
        match (start, end) {
            (Some(start), Some(end)) => Some(QuietHours {
                start,
                end,
                weekends: form.weekends.is_some(),
                free_days: form.free_days.is_some(),
            }),
            _ => return page(&user, StatusCode::UNPROCESSABLE_ENTITY, errors, false, form),
        }
    };
    match state.messaging.set_quiet_hours(&user.actor, quiet).await {
        Ok(()) => see_other("/admin/quiet-hours?saved=1"),
        Err(MessagingError::Invalid(fields)) => {
            for e in &fields {
                let target = if e.field == "start" || e.field == "end" {
                    e.field.as_str()
                } else {
                    ""
                };
                errors.add(target, lang.messaging_field_message(&e.field, &e.code));
            }
            page(&user, StatusCode::UNPROCESSABLE_ENTITY, errors, false, form)
        }
        Err(e) => user.failure(e),
    }
}
