//! `GET /children`: "Mijn kinderen", a co-account's children (its pupil) each with the
//! year overview of its absences, the notes handed in and the link to hand in another;
//! anyone else sees the 404 page. `GET /absences/pupils/{pupil}`: the same overview of one
//! pupil for whom the service lets read it (staff, the pupil itself, its parents).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_kernel::AccountId;
use serde::Deserialize;

use super::overview::Overview;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, WebUser, render};

#[derive(Template)]
#[template(path = "absences/children.html", whitespace = "minimize")]
struct ChildrenPage {
    t: &'static Texts,
    page: Chrome,
    note_saved: bool,
    children: Vec<Overview>,
}

#[derive(Template)]
#[template(path = "absences/pupil.html", whitespace = "minimize")]
struct PupilPage {
    t: &'static Texts,
    page: Chrome,
    overview: Overview,
}

/// `?note=1` after a parents' note was handed in.
#[derive(Debug, Default, Deserialize)]
pub struct ChildrenQuery {
    note: Option<String>,
}

/// The overviews of `pupils`, in their order.
async fn overviews(
    state: &AppState,
    user: &WebUser,
    pupils: &[AccountId],
    parent: bool,
) -> Result<Vec<Overview>, Response> {
    let attendance = &state.attendance;
    let settings = attendance
        .absence_settings(&user.actor)
        .await
        .map_err(|e| user.failure(e))?;
    let (today, zone) = match (
        state.attendance.today_for(&user.actor).await,
        state.attendance.time_zone(&user.actor).await,
    ) {
        (Ok(today), Ok(zone)) => (today, zone),
        (Err(e), _) | (_, Err(e)) => return Err(user.failure(e)),
    };
    let mut found = Vec::with_capacity(pupils.len());
    for pupil in pupils {
        let absences = attendance
            .child_absences(&user.actor, *pupil, None, None)
            .await
            .map_err(|e| user.failure(e))?;
        found.push(Overview::build(
            user.lang, &absences, &settings, today, zone, parent,
        ));
    }
    Ok(found)
}

/// `GET /children`
pub async fn children(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<ChildrenQuery>,
) -> Response {
    if user.actor.pupil_of_co_account().is_none() {
        return user.not_found();
    }
    let children = match state.attendance.children(&user.actor).await {
        Ok(children) => children,
        Err(e) => return user.failure(e),
    };
    let ids: Vec<AccountId> = children.iter().map(|c| c.id).collect();
    let children = match overviews(&state, &user, &ids, true).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let t = user.lang.texts();
    render(
        user.lang,
        StatusCode::OK,
        &ChildrenPage {
            t,
            page: Chrome::signed_in(&user, t.children_title),
            note_saved: query.note.is_some(),
            children,
        },
    )
}

/// `GET /absences/pupils/{pupil}`
pub async fn pupil(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let Ok(pupil) = raw.trim().parse::<AccountId>() else {
        return user.not_found();
    };
    let parent = user.actor.pupil_of_co_account().is_some();
    let overview = match overviews(&state, &user, &[pupil], parent).await {
        Ok(mut found) => match found.pop() {
            Some(overview) => overview,
            None => return user.not_found(),
        },
        Err(response) => return response,
    };
    let t = user.lang.texts();
    render(
        user.lang,
        StatusCode::OK,
        &PupilPage {
            t,
            page: Chrome::signed_in(&user, &overview.name),
            overview,
        },
    )
}
