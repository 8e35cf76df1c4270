//! The calendar module's part of the adapter: its JSON API ([`api`], shapes in [`dto`],
//! description in [`CalendarApi`]), the private feeds' `.ics` links, its pages
//! ([`pages`]: the month and the agenda, planning an activity, the feeds, the free
//! days), the lookups of
//! its texts ([`texts`]) and how its errors are classed ([`errors`]).

pub mod api;
pub mod dto;
pub mod errors;
pub mod pages;
pub mod texts;

use axum::Router;
use utoipa::OpenApi;

use crate::core::state::AppState;
use api::{activities, feeds, free_days, occurrences, school_year};

/// The calendar API routes, relative to `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    api::routes()
}

/// The calendar page routes and the feeds' links, merged at the root.
pub fn page_routes() -> Router<AppState> {
    pages::routes()
}

/// The OpenAPI description of the calendar API; `core::openapi` merges it into the one
/// served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(paths(
    occurrences::calendar,
    activities::plan,
    activities::activity,
    activities::change,
    activities::cancel,
    feeds::feeds,
    feeds::create_feed,
    feeds::renew_feed,
    feeds::revoke_feed,
    free_days::free_days,
    free_days::replace_free_days,
    school_year::school_year,
    school_year::set_school_year,
))]
pub struct CalendarApi;
