//! The calendar's pages: the month with its list by day (`/calendar`), planning, changing
//! and cancelling an activity (staff), the links for calendar apps (`/calendar/feeds`),
//! the school's free days (`/admin/free-days`, for admins), and the private feeds' links
//! (`/calendar/feed/{token}.ics`), which a calendar app fetches without a session.

mod activity_form;
mod edit;
pub(crate) mod feed;
mod feeds;
mod free_days;
mod month;
mod plan;

use axum::Router;
use axum::routing::{get, post};

use crate::core::state::AppState;

/// The calendar page routes, merged at the root.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar", get(month::month))
        .route("/calendar/plan", get(plan::plan_form).post(plan::plan))
        .route(
            "/calendar/activities/{id}/edit",
            get(edit::edit_form).post(edit::edit),
        )
        .route("/calendar/activities/{id}/cancel", post(edit::cancel))
        .route(
            "/calendar/feeds",
            get(feeds::feeds).post(feeds::create_feed),
        )
        .route("/calendar/feeds/{id}/renew", post(feeds::renew_feed))
        .route("/calendar/feeds/{id}/revoke", post(feeds::revoke_feed))
        .route("/calendar/feed/{file}", get(feed::feed))
        .route(
            "/admin/free-days",
            get(free_days::free_days_form).post(free_days::save_free_days),
        )
}
