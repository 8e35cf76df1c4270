//! The layers around every route: CSRF protection for browser requests, security
//! headers, `Cache-Control: no-store`, body limit, timeout, request tracing.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::problem;
use crate::state::HttpConfig;

/// The content security policy of every page: our own resources only, no inline script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Wraps the router in the security layers.
pub fn layers(app: Router, config: &HttpConfig) -> Router {
    app.layer(CsrfLayer::new())
        .layer(middleware::from_fn(csrf_problem))
        .layer(middleware::from_fn(security_headers))
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    // Everything we answer may be personal; nothing is cached by browsers or proxies.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Gives the CSRF layer's bare 403 a problem+json body.
async fn csrf_problem(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::FORBIDDEN
        && response
            .extensions()
            .get::<tower_http::csrf::ProtectionError>()
            .is_some()
    {
        return problem(
            StatusCode::FORBIDDEN,
            "/problems/cross-site",
            "Cross-site request refused",
            "state-changing requests must come from this site".to_owned(),
        );
    }
    response
}
