//! The absences pages: the class register (`/absences/register`, choosing a class and a
//! half-day; `/absences/register/{class}/{date}/{half}`, the register itself), "Mijn
//! kinderen" for parents (`/children`) with the parents' note
//! (`/children/{pupil}/note`), the follow-up list (`/absences/follow-up`), the school's
//! codes and rules (`/absences/codes`), and a pupil's year for staff
//! (`/absences/pupils/{pupil}`). Who may see what is the domain's to decide: a page asks
//! the service and shows the 404 page for what it refuses. The lookups of the pages' texts
//! are in [`texts`].

mod children;
mod codes;
mod follow_up;
mod note;
mod overview;
mod register;
pub mod texts;

use axum::Router;
use axum::routing::get;
use chrono::NaiveDate;
use schoolbrug_attendance::{AbsenceSettings, Code, Official};

use crate::core::i18n::Lang;
use crate::core::state::AppState;
use crate::core::view::{Choice, WebUser};

/// The absences page routes, merged at the root.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/absences/register", get(register::choose))
        .route(
            "/absences/register/{class}/{date}/{half}",
            get(register::register_form).post(register::register),
        )
        .route("/absences/follow-up", get(follow_up::follow_up))
        .route(
            "/absences/codes",
            get(codes::codes_form).post(codes::save_codes),
        )
        .route(
            "/absences/administrators",
            axum::routing::post(codes::save_administrators),
        )
        .route("/absences/pupils/{pupil}", get(children::pupil))
        .route("/children", get(children::children))
        .route(
            "/children/{pupil}/note",
            get(note::note_form).post(note::hand_in),
        )
}

/// Whether the pages offer `user` what only absence administrators do (the codes page,
/// changing a confirmed half-day). This decides what is shown only: the service refuses
/// anyone else whatever the page shows.
fn administers(user: &WebUser, settings: &AbsenceSettings) -> bool {
    settings.administered_by(&user.actor)
}

/// A date as forms and paths write it, `YYYY-MM-DD`.
fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

/// `YYYY-MM-DD`.
fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The codes a half-day may be registered with: unknown first (the default), the official
/// codes, then the school's own; `selected` chosen. A code the school no longer has stays
/// offered when it is the one chosen, so the page shows what is registered.
fn code_choices(lang: Lang, settings: &AbsenceSettings, selected: &str) -> Vec<Choice> {
    let t = lang.texts();
    let mut choices = vec![Choice {
        value: Code::UNKNOWN.to_owned(),
        label: lang.absence_code_choice(Code::UNKNOWN, t.code_unknown),
        selected: selected == Code::UNKNOWN,
    }];
    choices.extend(Official::ALL.into_iter().map(|o| Choice {
        value: o.as_str().to_owned(),
        label: lang.absence_code_choice(o.as_str(), lang.official_meaning(o)),
        selected: selected == o.as_str(),
    }));
    choices.extend(settings.codes.iter().map(|c| Choice {
        value: c.code.as_str().to_owned(),
        label: lang.absence_code_choice(
            c.code.as_str(),
            &lang.absence_code_counts_as(&c.label, c.official),
        ),
        selected: selected == c.code.as_str(),
    }));
    if !choices.iter().any(|c| c.selected) {
        choices.push(Choice {
            value: selected.to_owned(),
            label: selected.to_owned(),
            selected: true,
        });
    }
    choices
}
