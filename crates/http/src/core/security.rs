//! The layers around every route: CSRF protection for browser requests, security
//! headers (HSTS behind TLS), `Cache-Control: no-store`, body limit, timeout, request
//! tracing, and the trusted proxies for [`crate::core::auth::ClientAddr`].

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::core::error::problem;
use crate::core::request_log::RequestFailures;
use crate::core::state::HttpConfig;

/// The content security policy of every page: our own resources only, no inline script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Wraps the router in the security layers (listed from the innermost out).
pub fn layers(app: Router, config: &HttpConfig) -> Router {
    app.layer(CsrfLayer::new())
        .layer(middleware::from_fn(csrf_problem))
        .layer(middleware::from_fn(bearer_requests_skip_csrf))
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(middleware::from_fn(bare_errors_as_problems))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(
            config.secure_cookies,
            strict_transport_security,
        ))
        .layer(TraceLayer::new_for_http().on_failure(RequestFailures::default()))
        .layer(axum::Extension(config.trusted_proxies.clone()))
}

/// `Strict-Transport-Security` for a year, subdomains included, on every answer of a server
/// behind TLS (`--secure-cookies`): a browser that came once never again tries plain http,
/// where the session cookie could be read or a downgrade forced. Not on plain http, where
/// it would lock a developer's browser out of `localhost`.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

async fn strict_transport_security(
    axum::extract::State(secure): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if secure {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}

/// docs/api.md: only requests authenticated by the cookie are CSRF-checked. A request that
/// carries a bearer token and no session cookie cannot ride on a browser's ambient
/// credentials, so its fetch metadata is dropped before the CSRF layer looks.
async fn bearer_requests_skip_csrf(mut request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    // Either name counts: a request carrying any session cookie stays CSRF-checked.
    let jar = axum_extra::extract::CookieJar::from_headers(request.headers());
    let cookie = jar.get(crate::core::auth::SESSION_COOKIE).is_some()
        || jar.get(crate::core::auth::SECURE_SESSION_COOKIE).is_some();
    if bearer && !cookie {
        request.headers_mut().remove("sec-fetch-site");
        request.headers_mut().remove(header::ORIGIN);
    }
    next.run(request).await
}

/// The body-limit and timeout layers answer with a bare status; give those answers the
/// same problem+json body as every other error.
async fn bare_errors_as_problems(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "/problems/payload-too-large",
            "Request body too large",
            "the request body is larger than this server accepts".to_owned(),
        ),
        StatusCode::SERVICE_UNAVAILABLE
            if response.headers().get(header::CONTENT_TYPE).is_none() =>
        {
            let mut answer = problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "/problems/unavailable",
                "Service unavailable",
                "the request took too long; try again shortly".to_owned(),
            );
            answer
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            answer
        }
        _ => response,
    }
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
