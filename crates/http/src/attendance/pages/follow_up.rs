//! `GET /absences/follow-up`: the pupils whose problematic half-days this school year
//! reached the school's guidance threshold, most first, with their class, the number, the
//! first and every date, and a mark on those whose school allowance is at risk; each name
//! opens the pupil's year. Counsellors and absence administrators; anyone else sees the
//! 404 page (the service refuses them).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::administers;
use super::overview::pupil_name;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, WebUser, render};

/// A line of the list.
struct Line {
    id: String,
    name: String,
    link: String,
    class: String,
    count: usize,
    since: String,
    dates: Vec<String>,
    at_risk: bool,
}

#[derive(Template)]
#[template(path = "absences/follow_up.html", whitespace = "minimize")]
struct FollowUpPage {
    t: &'static Texts,
    page: Chrome,
    intro: String,
    lines: Vec<Line>,
    administers: bool,
}

/// `GET /absences/follow-up`
pub async fn follow_up(State(state): State<AppState>, user: WebUser) -> Response {
    let lang = user.lang;
    let lines = match state.attendance.follow_up(&user.actor, None).await {
        Ok(lines) => lines,
        Err(e) => return user.failure(e),
    };
    let settings = match state.attendance.absence_settings(&user.actor).await {
        Ok(settings) => settings,
        Err(e) => return user.failure(e),
    };
    let lines = lines
        .iter()
        .map(|line| Line {
            id: line.pupil.id.to_string(),
            name: pupil_name(&line.pupil),
            link: format!("/absences/pupils/{}", line.pupil.id),
            class: line.pupil.class.clone().unwrap_or_default(),
            count: line.half_days.len(),
            since: line
                .half_days
                .first()
                .map(|hd| lang.date(hd.date))
                .unwrap_or_default(),
            dates: line
                .half_days
                .iter()
                .map(|hd| lang.absence_dated_half_day(hd.date, hd.half))
                .collect(),
            at_risk: line.allowance_at_risk,
        })
        .collect();
    let t = lang.texts();
    render(
        lang,
        StatusCode::OK,
        &FollowUpPage {
            t,
            page: Chrome::signed_in(&user, t.follow_up_title),
            intro: lang.follow_up_intro(&settings),
            lines,
            administers: administers(&user, &settings),
        },
    )
}
