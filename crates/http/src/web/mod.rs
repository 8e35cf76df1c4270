//! The server-rendered web pages (Dutch by default, English when the browser asks).

use axum::Router;

use crate::state::AppState;

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
