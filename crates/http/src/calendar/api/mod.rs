//! The calendar JSON API under `/api/v1`: thin handlers that turn requests into domain
//! calls and domain answers into JSON. Every rule lives in the domain.
//!
//! * [`occurrences`]: a person's calendar between two dates;
//! * [`activities`]: planning, changing and cancelling activities;
//! * [`school_year`]: the school year (admin), the feeds' window;
//! * [`free_days`]: the school's free days (admin), which the 48-hour rules count;
//! * [`feeds`]: private iCalendar feeds (made, listed, renewed, revoked); the feeds'
//!   links themselves are answered by `pages::feed`.

pub(crate) mod activities;
pub(crate) mod feeds;
pub(crate) mod free_days;
pub(crate) mod occurrences;
pub(crate) mod school_year;

use axum::Router;
use axum::routing::{get, post, put};

use crate::core::state::AppState;

/// The calendar API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/free-days",
            get(free_days::free_days).put(free_days::replace_free_days),
        )
        .route(
            "/admin/school-year",
            get(school_year::school_year).put(school_year::set_school_year),
        )
        .route("/calendar", get(occurrences::calendar))
        .route("/calendar/activities", post(activities::plan))
        .route(
            "/calendar/activities/{id}",
            put(activities::change)
                .get(activities::activity)
                .delete(activities::cancel),
        )
        .route(
            "/calendar/feeds",
            get(feeds::feeds).post(feeds::create_feed),
        )
        .route(
            "/calendar/feeds/{id}",
            axum::routing::delete(feeds::revoke_feed),
        )
        .route("/calendar/feeds/{id}/renew", post(feeds::renew_feed))
}
