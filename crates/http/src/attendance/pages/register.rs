//! The class register. `GET /absences/register`: the classes the person registers, each
//! with today's two halves one tap away, and a form (sent by GET, so it needs no script)
//! to open another date; chosen, the browser is sent to the register itself. Staff only;
//! a pupil or a parent sees the 404 page.
//!
//! `GET/POST /absences/register/{class}/{date}/{half}`: the class list, one fieldset per
//! pupil (absent or not, the code, a remark), in one column so that it works on a phone.
//! Saving posts the whole list once: the ticked pupils are absent, every other pupil is
//! present; then the browser is sent back to the page with a notice. A half-day an absence
//! administrator confirmed is shown as such, and to a teacher as text only: the service
//! keeps it as it is. Refused (not a school day, a date ahead, an unknown code…), the
//! list comes back (422) as posted with every reason. A class the person does not register
//! is the 404 page.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use schoolbrug_attendance::service::{AbsentPupil, ClassHalfDay};
use schoolbrug_attendance::{AbsenceSettings, AttendanceError, Code, Half};
use schoolbrug_kernel::{AccountId, GroupId};
use serde::Deserialize;

use super::{administers, code_choices, parse_date, ymd};
use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{Choice, Chrome, FormErrors, WebUser, render, see_other};

/// A class with the links to today's halves.
struct ClassLink {
    name: String,
    am: String,
    pm: String,
}

#[derive(Template)]
#[template(path = "absences/choose.html", whitespace = "minimize")]
struct ChoosePage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    today: String,
    classes: Vec<ClassLink>,
    class_choices: Vec<Choice>,
    date: String,
    half_choices: Vec<Choice>,
    administers: bool,
}

/// `?class=&date=&half=` of the form that opens another date.
#[derive(Debug, Default, Deserialize)]
pub struct ChooseQuery {
    class: Option<String>,
    date: Option<String>,
    half: Option<String>,
}

fn half_choices(lang: Lang, selected: Option<Half>) -> Vec<Choice> {
    Half::BOTH
        .into_iter()
        .map(|h| Choice {
            value: h.as_str().to_owned(),
            label: lang.absence_half(h).to_owned(),
            selected: selected == Some(h),
        })
        .collect()
}

fn register_path(class: GroupId, date: NaiveDate, half: Half) -> String {
    format!("/absences/register/{class}/{}/{half}", ymd(date))
}

/// `GET /absences/register`, and `?class=&date=&half=` to open a register.
pub async fn choose(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<ChooseQuery>,
) -> Response {
    if !user.actor.is_staff() {
        return user.not_found();
    }
    let lang = user.lang;
    let (classes, settings, today) = match (
        state.attendance.register_classes(&user.actor).await,
        state.attendance.absence_settings(&user.actor).await,
        state.attendance.today_for(&user.actor).await,
    ) {
        (Ok(classes), Ok(settings), Ok(today)) => (classes, settings, today),
        (Err(e), _, _) | (_, Err(e), _) => return user.failure(e),
        (_, _, Err(e)) => return user.failure(e),
    };
    let asked = query.class.is_some() || query.date.is_some() || query.half.is_some();
    let class = query
        .class
        .as_deref()
        .and_then(|raw| raw.trim().parse::<GroupId>().ok())
        .filter(|id| classes.iter().any(|(c, _)| c == id));
    let date = query.date.as_deref().and_then(parse_date);
    let half = query.half.as_deref().and_then(Half::parse);
    let mut errors = FormErrors::none();
    if asked {
        if let (Some(class), Some(date), Some(half)) = (class, date, half) {
            return see_other(&register_path(class, date, half));
        }
        if class.is_none() {
            errors.add("class", lang.register_field_message("class", "required"));
        }
        if date.is_none() {
            let code = if query.date.as_deref().is_none_or(|d| d.trim().is_empty()) {
                "required"
            } else {
                "invalid"
            };
            errors.add("date", lang.register_field_message("date", code));
        }
        if half.is_none() {
            errors.add("half", lang.register_field_message("half", "invalid"));
        }
    }
    let t = lang.texts();
    let mut class_choices = vec![Choice {
        value: String::new(),
        label: t.choose.to_owned(),
        selected: class.is_none(),
    }];
    class_choices.extend(classes.iter().map(|(id, name)| Choice {
        value: id.to_string(),
        label: name.clone(),
        selected: class == Some(*id),
    }));
    let links = classes
        .iter()
        .map(|(id, name)| ClassLink {
            name: name.clone(),
            am: register_path(*id, today, Half::Am),
            pm: register_path(*id, today, Half::Pm),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        lang,
        status,
        &ChoosePage {
            t,
            page: Chrome::signed_in(&user, t.register_choose_title),
            errors: errors.in_order(&["class", "date", "half"]),
            today: lang.register_today(today),
            classes: links,
            class_choices,
            date: query.date.filter(|_| asked).unwrap_or_else(|| ymd(today)),
            half_choices: half_choices(lang, half.or(Some(Half::Am))),
            administers: administers(&user, &settings),
        },
    )
}

/// One pupil of the register.
struct PupilRow {
    id: String,
    name: String,
    link: String,
    absent: bool,
    codes: Vec<Choice>,
    remark: String,
    confirmed: bool,
    /// Confirmed and shown to a teacher: text only, the service keeps it.
    locked: bool,
    /// The code and what it means, as the locked row shows it.
    current: String,
    note: bool,
}

#[derive(Template)]
#[template(path = "absences/register.html", whitespace = "minimize")]
struct RegisterPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    saved: bool,
    title: String,
    when: String,
    action: String,
    other_half: String,
    other_half_label: &'static str,
    absent_count: String,
    pupils: Vec<PupilRow>,
}

/// `?saved=1` after saving.
#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    saved: Option<String>,
}

/// A pupil's part of the posted form: ticked absent, the code, the remark.
#[derive(Clone, Debug, Default)]
struct Posted {
    absent: bool,
    code: String,
    remark: String,
}

/// The register's path, read; `None` is the 404 page.
fn path_of((class, date, half): &(String, String, String)) -> Option<(GroupId, NaiveDate, Half)> {
    Some((
        class.trim().parse().ok()?,
        parse_date(date)?,
        Half::parse(half)?,
    ))
}

/// The form as posted (`absent_<pupil>`, `code_<pupil>`, `remark_<pupil>`), by pupil.
fn posted_of(pairs: Vec<(String, String)>) -> HashMap<AccountId, Posted> {
    let mut posted: HashMap<AccountId, Posted> = HashMap::new();
    for (key, value) in pairs {
        let Some((field, id)) = key.split_once('_') else {
            continue;
        };
        let Ok(id) = id.parse::<AccountId>() else {
            continue;
        };
        let entry = posted.entry(id).or_default();
        match field {
            "absent" => entry.absent = true,
            "code" => entry.code = value,
            "remark" => entry.remark = value,
            _ => {}
        }
    }
    posted
}

#[allow(clippy::too_many_arguments, reason = "one page, drawn from its parts")]
fn show(
    user: &WebUser,
    status: StatusCode,
    (class, date, half): (GroupId, NaiveDate, Half),
    register: &ClassHalfDay,
    settings: &AbsenceSettings,
    posted: Option<&HashMap<AccountId, Posted>>,
    errors: FormErrors,
    saved: bool,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let may_change_confirmed = administers(user, settings);
    let mut order = Vec::new();
    let pupils: Vec<PupilRow> = register
        .class
        .pupils
        .iter()
        .map(|p| {
            let registration = register.registrations.iter().find(|r| r.pupil == p.id);
            let confirmed = registration.is_some_and(|r| r.confirmed);
            let locked = confirmed && !may_change_confirmed;
            let stored = Posted {
                absent: registration.is_some(),
                code: registration.map_or(Code::UNKNOWN.to_owned(), |r| r.code.as_str().to_owned()),
                remark: registration
                    .and_then(|r| r.remark.clone())
                    .unwrap_or_default(),
            };
            let shown = match posted {
                Some(posted) if !locked => posted.get(&p.id).cloned().unwrap_or_default(),
                _ => stored,
            };
            let code = if shown.code.trim().is_empty() {
                Code::UNKNOWN.to_owned()
            } else {
                shown.code.trim().to_owned()
            };
            for field in ["absent", "code", "remark"] {
                order.push(format!("{field}_{}", p.id));
            }
            PupilRow {
                id: p.id.to_string(),
                name: format!("{} {}", p.last_name, p.first_name),
                link: format!("/absences/pupils/{}", p.id),
                absent: shown.absent,
                current: registration.map_or_else(String::new, |r| {
                    lang.absence_code_choice(r.code.as_str(), &lang.code_meaning(&r.code, settings))
                }),
                codes: code_choices(lang, settings, &code),
                remark: shown.remark,
                confirmed,
                locked,
                note: registration.is_some_and(|r| r.note.is_some()),
            }
        })
        .collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let other = match half {
        Half::Am => Half::Pm,
        Half::Pm => Half::Am,
    };
    render(
        lang,
        status,
        &RegisterPage {
            t,
            page: Chrome::signed_in(user, &lang.register_title(&register.class.name)),
            errors: errors.in_order(&order),
            saved,
            title: lang.register_title(&register.class.name),
            when: lang.absence_half_day(date, half),
            action: register_path(class, date, half),
            other_half: register_path(class, date, other),
            other_half_label: lang.absence_half(other),
            absent_count: lang.register_absent_count(register.registrations.len(), pupils.len()),
            pupils,
        },
    )
}

/// The register of the half-day and the school's settings; the page to answer otherwise.
async fn read(
    state: &AppState,
    user: &WebUser,
    (class, date, half): (GroupId, NaiveDate, Half),
) -> Result<(ClassHalfDay, AbsenceSettings), Response> {
    match (
        state
            .attendance
            .class_half_day(&user.actor, class, date, half)
            .await,
        state.attendance.absence_settings(&user.actor).await,
    ) {
        (Ok(register), Ok(settings)) => Ok((register, settings)),
        (Err(e), _) | (_, Err(e)) => Err(user.failure(e)),
    }
}

/// `GET /absences/register/{class}/{date}/{half}`
pub async fn register_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(path): Path<(String, String, String)>,
    Query(query): Query<RegisterQuery>,
) -> Response {
    let Some(at) = path_of(&path) else {
        return user.not_found();
    };
    match read(&state, &user, at).await {
        Ok((register, settings)) => show(
            &user,
            StatusCode::OK,
            at,
            &register,
            &settings,
            None,
            FormErrors::none(),
            query.saved.is_some(),
        ),
        Err(response) => response,
    }
}

/// `POST /absences/register/{class}/{date}/{half}`
pub async fn register(
    State(state): State<AppState>,
    user: WebUser,
    Path(path): Path<(String, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let Some(at) = path_of(&path) else {
        return user.not_found();
    };
    let (class, date, half) = at;
    let posted = posted_of(pairs);
    // In the order of the class list, so the domain's `absent[i]` names a known pupil.
    let (register, settings) = match read(&state, &user, at).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let mut origin = Vec::new();
    let mut absent = Vec::new();
    for pupil in &register.class.pupils {
        let Some(p) = posted.get(&pupil.id).filter(|p| p.absent) else {
            continue;
        };
        origin.push(pupil.id);
        absent.push(AbsentPupil {
            pupil: pupil.id,
            code: Some(p.code.clone()).filter(|c| !c.trim().is_empty()),
            remark: Some(p.remark.clone()).filter(|r| !r.trim().is_empty()),
        });
    }
    let lang = user.lang;
    match state
        .attendance
        .register_class(&user.actor, class, date, half, absent)
        .await
    {
        Ok(_) => see_other(&format!("{}?saved=1", register_path(class, date, half))),
        Err(AttendanceError::Invalid(fields)) => {
            let mut errors = FormErrors::none();
            for e in &fields {
                errors.add(
                    &element_of(&e.field, &origin),
                    lang.register_field_message(&e.field, &e.code),
                );
            }
            show(
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                at,
                &register,
                &settings,
                Some(&posted),
                errors,
                false,
            )
        }
        Err(e) => user.failure(e),
    }
}

/// The element of the domain's `absent[i].code`: `code_<pupil>` of the pupil `i` was
/// (`""`, the whole form, for the date and anything else).
fn element_of(field: &str, origin: &[AccountId]) -> String {
    let parsed = field.strip_prefix("absent[").and_then(|rest| {
        let (i, leaf) = rest.split_once("].")?;
        Some((i.parse::<usize>().ok()?, leaf))
    });
    match parsed {
        Some((i, leaf)) => {
            let name = match leaf {
                "code" => "code",
                "remark" => "remark",
                _ => "absent",
            };
            origin
                .get(i)
                .map_or_else(String::new, |pupil| format!("{name}_{pupil}"))
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn posted_fields_are_read_by_pupil() {
        let lotte = AccountId::new();
        let noor = AccountId::new();
        let posted = posted_of(vec![
            (format!("absent_{lotte}"), "on".into()),
            (format!("code_{lotte}"), "Z".into()),
            (format!("code_{noor}"), "?".into()),
            ("absent_not-an-id".into(), "on".into()),
            ("something".into(), "else".into()),
        ]);
        assert_eq!(posted.len(), 2);
        assert!(posted[&lotte].absent);
        assert_eq!(posted[&lotte].code, "Z");
        assert!(!posted[&noor].absent);
    }

    #[test]
    fn a_domain_error_lands_on_the_pupil_it_came_from() {
        let lotte = AccountId::new();
        let noor = AccountId::new();
        assert_eq!(
            element_of("absent[1].code", &[lotte, noor]),
            format!("code_{noor}")
        );
        assert_eq!(
            element_of("absent[0].pupil", &[lotte]),
            format!("absent_{lotte}")
        );
        assert_eq!(element_of("absent[2].remark", &[lotte]), "");
        assert_eq!(element_of("date", &[lotte]), "");
    }
}
