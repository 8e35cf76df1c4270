//! The JSON API under `/api/v1`.

use axum::Router;

use crate::state::AppState;

/// The API routes, to be nested under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
}
