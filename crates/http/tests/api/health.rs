//! `/healthz` and `/readyz`, and the headers every answer carries.

use axum::http::StatusCode;

use crate::support::{TestApp, empty_request};

#[tokio::test]
async fn healthz_answers_ok_with_security_headers() {
    let app = TestApp::new().await;
    let response = app.send(empty_request("GET", "/healthz", None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.contains_key("content-security-policy"));
    assert!(headers.contains_key("referrer-policy"));
    assert_eq!(headers["cache-control"], "no-store");
}

#[tokio::test]
async fn readyz_answers_ok_when_the_database_answers() {
    let app = TestApp::new().await;
    let response = app.send(empty_request("GET", "/readyz", None)).await;
    assert_eq!(response.status(), StatusCode::OK);
}
