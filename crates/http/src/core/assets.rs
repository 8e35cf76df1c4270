//! The stylesheet, compiled into the binary. It holds nothing personal, so unlike every
//! other answer it may be cached (a day, so a new release shows within one).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// Where the stylesheet is served; `templates/base.html` links it.
pub const STYLESHEET_PATH: &str = "/static/schoolbrug.css";

const STYLESHEET: &str = include_str!("../../static/schoolbrug.css");

/// `GET /static/schoolbrug.css`
pub async fn stylesheet() -> Response {
    let mut response = STYLESHEET.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}
