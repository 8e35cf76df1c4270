//! Schoolbrug's HTTP adapter: the JSON API under `/api/v1` and the server-rendered web
//! pages, over the domain services. It turns a session into an `Actor` and domain errors
//! into answers; every rule lives in the domain.
//!
//! One folder per module: [`core`] (what every module shares), [`accounts`],
//! [`messaging`], [`calendar`] and [`attendance`], each with its API handlers, its JSON
//! shapes, its pages and its texts.

pub mod accounts;
pub mod attendance;
pub mod calendar;
pub mod core;
pub mod messaging;
pub mod start;

use axum::Router;

pub use crate::core::auth::{Authenticated, ClientAddr, SECURE_SESSION_COOKIE, SESSION_COOKIE};
pub use crate::core::error::ApiError;
pub use crate::core::state::{AppServices, AppState, HttpConfig, Readiness, SetupGate};

/// The whole application: API, pages, health checks, behind the security layers.
pub fn router(state: AppState) -> Router {
    let api = accounts::api_routes()
        .merge(messaging::api_routes())
        .merge(calendar::api_routes())
        .merge(attendance::api_routes())
        .merge(start::api::routes());
    let pages = accounts::page_routes()
        .merge(messaging::page_routes())
        .merge(calendar::page_routes())
        .merge(attendance::page_routes());
    core::app(api, pages, state)
}
