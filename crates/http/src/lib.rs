//! Schoolbrug's HTTP adapter: the JSON API under `/api/v1` and the server-rendered web
//! pages, over the domain services. It turns a session into an `Actor` and domain errors
//! into answers; every rule lives in the domain.

pub mod api;
pub mod auth;
pub mod confirmation;
pub mod error;
pub mod health;
pub mod security;
pub mod state;
pub mod web;

use axum::Router;

pub use auth::{Authenticated, ClientAddr, SESSION_COOKIE};
pub use error::ApiError;
pub use state::{AppServices, AppState, HttpConfig, Readiness, SetupGate};

/// The whole application: API, pages, health checks, behind the security layers.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let app = Router::new()
        .merge(health::routes())
        .nest("/api/v1", api::routes())
        .route("/api/docs", axum::routing::get(api::reference::reference))
        .merge(web::routes())
        .with_state(state);
    security::layers(app, &config)
}
