//! `/calendar/feeds`: the person's private link for calendar apps (a co-account's shows
//! its child's calendar). Making (`POST /calendar/feeds`) or renewing
//! (`POST /calendar/feeds/{id}/renew`) a link answers the page with the link shown this
//! once, in a read-only field, with how to add it to Outlook, Google and Apple; stopping
//! it (`POST /calendar/feeds/{id}/revoke`) sends the browser back with a notice. The forms
//! are checked against other sites as every page's are (the security layers).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_calendar::CalendarError;
use schoolbrug_calendar::error::conflicts::FEED_EXISTS;
use schoolbrug_kernel::FeedId;
use serde::Deserialize;

use crate::calendar::api::feeds::feed_url;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, WebUser, full_name, render, see_other};

/// One of the person's links, without its secret.
struct FeedRow {
    id: String,
    created: String,
    last_used: Option<String>,
}

/// A link made or renewed just now, shown this once.
struct NewLink {
    url: String,
    renewed: bool,
}

#[derive(Template)]
#[template(path = "calendar/feeds.html", whitespace = "minimize")]
struct FeedsPage {
    t: &'static Texts,
    page: Chrome,
    feeds: Vec<FeedRow>,
    new_link: Option<NewLink>,
    notice: Option<&'static str>,
    child_note: Option<String>,
}

/// `?stopped=1` after a link was stopped.
#[derive(Debug, Default, Deserialize)]
pub struct FeedsQuery {
    stopped: Option<String>,
}

async fn page(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    new_link: Option<NewLink>,
    notice: Option<&'static str>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let (feeds, zone) = match (
        state.calendar.feeds(&user.actor).await,
        state.calendar.time_zone(&user.actor).await,
    ) {
        (Ok(feeds), Ok(zone)) => (feeds, zone),
        (Err(e), _) | (_, Err(e)) => return user.failure(e),
    };
    let feeds = feeds
        .iter()
        .map(|f| FeedRow {
            id: f.id.to_string(),
            created: lang.date_time(f.created_at.with_timezone(&zone)),
            last_used: f
                .last_used_at
                .map(|at| lang.date_time(at.with_timezone(&zone))),
        })
        .collect();
    let child_note = user
        .me
        .pupil
        .as_ref()
        .map(|pupil| lang.feeds_for_child(&full_name(pupil)));
    render(
        lang,
        status,
        &FeedsPage {
            t,
            page: Chrome::signed_in(user, t.feeds_title),
            feeds,
            new_link,
            notice,
            child_note,
        },
    )
}

/// `GET /calendar/feeds`
pub async fn feeds(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<FeedsQuery>,
) -> Response {
    let notice = query
        .stopped
        .is_some()
        .then_some(user.lang.texts().feed_revoked_note);
    page(&state, &user, StatusCode::OK, None, notice).await
}

/// `POST /calendar/feeds`: makes the link and shows it once. Someone who has one already
/// is told to renew it (409).
pub async fn create_feed(State(state): State<AppState>, user: WebUser) -> Response {
    match state.calendar.create_feed(&user.actor, None).await {
        Ok((_, token)) => {
            let link = NewLink {
                url: feed_url(&state, &token),
                renewed: false,
            };
            page(&state, &user, StatusCode::OK, Some(link), None).await
        }
        Err(CalendarError::Conflict(c)) if c == FEED_EXISTS => {
            let notice = Some(user.lang.texts().feed_exists_note);
            page(&state, &user, StatusCode::CONFLICT, None, notice).await
        }
        Err(e) => user.failure(e),
    }
}

fn feed_id(raw: &str) -> Option<FeedId> {
    raw.trim().parse::<FeedId>().ok()
}

/// `POST /calendar/feeds/{id}/renew`: a new link, shown once; the old one stops working.
pub async fn renew_feed(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let Some(id) = feed_id(&raw) else {
        return user.not_found();
    };
    match state.calendar.renew_feed(&user.actor, id).await {
        Ok(token) => {
            let link = NewLink {
                url: feed_url(&state, &token),
                renewed: true,
            };
            page(&state, &user, StatusCode::OK, Some(link), None).await
        }
        Err(e) => user.failure(e),
    }
}

/// `POST /calendar/feeds/{id}/revoke`: the link answers 404 from now on.
pub async fn revoke_feed(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let Some(id) = feed_id(&raw) else {
        return user.not_found();
    };
    match state.calendar.revoke_feed(&user.actor, id).await {
        Ok(()) => see_other("/calendar/feeds?stopped=1"),
        Err(e) => user.failure(e),
    }
}
