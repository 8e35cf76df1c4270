//! Driving the JSON API: requests with a bearer token, reading its answers, problems and
//! OpenAPI description; the accounts and the school the API tests seed through it.

pub mod accounts;
pub mod messaging;

pub use accounts::*;
pub use messaging::*;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use serde_json::Value;

use super::app::{TestApp, body_bytes};

/// A request with a JSON body, and a bearer token if given.
pub fn json_request(method: &str, uri: &str, bearer: Option<&str>, body: &Value) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = bearer {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

/// A request without a body, with a bearer token if given.
pub fn empty_request(method: &str, uri: &str, bearer: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = bearer {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::empty()).unwrap()
}

/// A request with a bearer token; returns the status and the body as JSON.
pub async fn call(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let request = match body {
        Some(body) => json_request(method, uri, Some(token), &body),
        None => empty_request(method, uri, Some(token)),
    };
    let response = app.send(request).await;
    let status = response.status();
    (status, body_json(response).await)
}

/// A body as JSON (`null` when empty, e.g. a 204).
pub async fn body_json(response: Response<Body>) -> Value {
    let bytes = body_bytes(response).await;
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
}

/// Whether a response is an RFC 9457 problem.
pub fn is_problem(response: &Response<Body>) -> bool {
    response
        .headers()
        .get("content-type")
        .is_some_and(|v| v == "application/problem+json")
}

/// The fields and codes of a 422 answer.
pub fn refused(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {problem}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A refused field and its code, as [`refused`] lists them.
pub fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

/// `GET /api/v1/openapi.json`, which must answer 200 with JSON.
pub async fn description(app: &TestApp) -> Value {
    let response = app
        .send(empty_request("GET", "/api/v1/openapi.json", None))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    body_json(response).await
}
