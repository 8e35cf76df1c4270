//! The attendance module's part of the adapter: its JSON API ([`api`], shapes in [`dto`],
//! description in [`AttendanceApi`]), its pages ([`pages`]: the class register, "Mijn
//! kinderen" and the parents' note, the follow-up list, the codes, a pupil's year, with
//! the lookups of their texts) and how its errors are classed ([`errors`]).

pub mod api;
pub mod dto;
pub mod errors;
pub mod pages;

use axum::Router;
use utoipa::OpenApi;

use crate::core::state::AppState;
use api::{absences, children, register, reports, settings};

/// The attendance API routes, relative to `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    api::routes()
}

/// The attendance pages, merged at the root.
pub fn page_routes() -> Router<AppState> {
    pages::routes()
}

/// The OpenAPI description of the attendance API; `core::openapi` merges it into the one
/// served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(paths(
    settings::codes,
    settings::change_codes,
    settings::administrators,
    settings::set_administrators,
    register::classes,
    register::register,
    register::write_register,
    absences::set_absence,
    absences::clear_absence,
    absences::absences,
    absences::changes,
    children::children,
    children::absences,
    children::hand_in_note,
    reports::follow_up,
    reports::export,
))]
pub struct AttendanceApi;
