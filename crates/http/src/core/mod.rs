//! What every module of the adapter shares: the state, the session extractor, the one
//! error table of the API ([`error`]) and the one of the pages ([`view::failure`]), the
//! security layers, the health checks, the page layout and view helpers, the language
//! extractor and the loading of the Fluent texts ([`i18n`]), the request extractors, the
//! paging of lists, and the OpenAPI description merged from every module's.

pub mod assets;
pub mod auth;
pub mod dto;
pub mod error;
pub mod extract;
pub mod health;
pub mod i18n;
pub mod openapi;
pub mod paging;
pub mod proxies;
pub(crate) mod reference;
pub(crate) mod request_log;
pub mod security;
pub mod state;
pub mod view;

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use error::ApiError;
use i18n::Lang;
use state::AppState;

/// The whole application from the modules' routers: `api` is nested under `/api/v1`,
/// `pages` merged at the root, both given their fallbacks here, once; then the health
/// checks, the API reference page, and the security layers around everything.
pub fn app(api: Router<AppState>, pages: Router<AppState>, state: AppState) -> Router {
    let config = state.config.clone();
    let api = Router::new()
        .route("/openapi.json", get(openapi::openapi_json))
        .merge(api)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .fallback(|| async { ApiError::NoRoute });
    let pages = pages
        .route(assets::STYLESHEET_PATH, get(assets::stylesheet))
        .fallback(fallback);
    let app = Router::new()
        .merge(health::routes())
        .nest("/api/v1", api)
        .route("/api/docs", get(reference::reference))
        .merge(pages)
        .with_state(state);
    security::layers(app, &config)
}

/// Unknown paths: the 404 page, or a problem+json 404 under `/api/`.
async fn fallback(lang: Lang, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::NotFound.into_response()
    } else {
        view::not_found(lang, None)
    }
}
