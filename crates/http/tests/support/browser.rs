//! Driving the pages as a browser would: GETs and form POSTs carrying the session cookie,
//! forms posted from our own pages (`Sec-Fetch-Site: same-origin`), signing in through the
//! login page, and reading the cookie and redirect a response sets.

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use schoolbrug_http::SESSION_COOKIE;
use url::form_urlencoded;

use super::app::TestApp;

/// The `Accept-Language` an English browser sends.
pub const ENGLISH: &str = "en-GB,en;q=0.9";

/// A GET as a browser sends it, with the session cookie if given.
pub fn page(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method("GET").uri(uri);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    builder.body(Body::empty()).unwrap()
}

/// A GET with an `Accept-Language` header (e.g. [`ENGLISH`]), with the session cookie if
/// given.
pub fn page_in(uri: &str, cookie: Option<&str>, accept_language: &str) -> Request<Body> {
    let mut request = page(uri, cookie);
    request.headers_mut().insert(
        header::ACCEPT_LANGUAGE,
        header::HeaderValue::from_str(accept_language).unwrap(),
    );
    request
}

/// A form POST from one of our own pages (a name may repeat, as a multi-select sends it).
pub fn form(uri: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    form_from(uri, cookie, fields, "same-origin")
}

/// A form POST with the given `Sec-Fetch-Site`.
pub fn form_from(
    uri: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    sec_fetch_site: &str,
) -> Request<Body> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let mut builder = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", sec_fetch_site);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    builder.body(Body::from(body)).unwrap()
}

/// The `Set-Cookie` header for the session cookie, if the response has one.
pub fn session_set_cookie(response: &Response<Body>) -> Option<String> {
    let prefix = format!("{SESSION_COOKIE}=");
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&prefix))
        .map(str::to_owned)
}

/// The value of the session cookie a response sets, if it sets one.
pub fn session_token(response: &Response<Body>) -> Option<String> {
    let prefix = format!("{SESSION_COOKIE}=");
    session_set_cookie(response).and_then(|cookie| {
        cookie
            .strip_prefix(&prefix)
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    })
}

/// Where a redirect points.
pub fn location(response: &Response<Body>) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

impl TestApp {
    /// Signs `username` of the only school in through the login page and returns the
    /// session cookie's value.
    pub async fn log_in(&self, username: &str, password: &str) -> String {
        let response = self
            .send(form(
                "/login",
                None,
                &[("username", username), ("password", password)],
            ))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "login of {username}"
        );
        assert_eq!(location(&response), "/");
        session_token(&response).expect("a session cookie")
    }
}
