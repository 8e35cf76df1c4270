//! Known devices through the API: a sign-in answers a device token (in the body and as the
//! device cookie); with it the right password gets in while the account is throttled for
//! unknown devices; logging out everywhere forgets it.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, TestApp, body_json, cookie_value, empty_request, is_problem, json_request,
    set_cookie_named,
};

const WRONG: &str = "verkeerd wachtwoord hier";

fn sign_in(password: &str, device: Option<&str>) -> Request<Body> {
    let mut body = json!({ "school": "sint-jan", "username": "beheerder", "password": password });
    if let Some(device) = device {
        body["device"] = json!(device);
    }
    json_request("POST", "/api/v1/session", None, &body)
}

/// Throttles `beheerder` for unknown devices: five wrong passwords, then the right one
/// answers 429.
async fn throttle(app: &TestApp) {
    for _ in 0..5 {
        let response = app.send(sign_in(WRONG, None)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = app.send(sign_in(PASSWORD, None)).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(is_problem(&response));
}

async fn device_of_sign_in(app: &TestApp) -> String {
    let response = app.send(sign_in(PASSWORD, None)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body_json(response).await["device"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_sign_in_answers_a_device_token_in_the_body_and_as_a_strict_cookie() {
    let app = TestApp::new().await;

    let response = app.send(sign_in(PASSWORD, None)).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = set_cookie_named(&response, "schoolbrug_device").unwrap();
    let value = cookie_value(&response, "schoolbrug_device").unwrap();
    let body: Value = body_json(response).await;
    assert_eq!(body["device"].as_str().unwrap(), value);
    assert!(value.len() >= 43, "256 bits: {value}");
    assert_ne!(body["device"], body["token"]);
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(cookie.contains("Max-Age=15552000"), "180 days: {cookie}");
}

#[tokio::test]
async fn the_right_password_with_a_known_device_gets_in_while_the_account_is_throttled() {
    let app = TestApp::new().await;
    let device = device_of_sign_in(&app).await;
    throttle(&app).await;

    let response = app.send(sign_in(PASSWORD, Some(&device))).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(body_json(response).await["device"], json!(device));
    // A made-up token is an unknown device: still throttled.
    let response = app
        .send(sign_in(PASSWORD, Some("bm90LWEtcmVhbC1kZXZpY2UtdG9rZW4")))
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_device_cookie_vouches_like_the_field() {
    let app = TestApp::new().await;
    let device = device_of_sign_in(&app).await;
    throttle(&app).await;

    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, format!("schoolbrug_device={device}"))
        .body(Body::from(
            json!({ "school": "sint-jan", "username": "beheerder", "password": PASSWORD })
                .to_string(),
        ))
        .unwrap();
    let response = app.send(request).await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn wrong_passwords_from_a_known_device_do_not_throttle_the_account() {
    let app = TestApp::new().await;
    let device = device_of_sign_in(&app).await;
    for _ in 0..5 {
        let response = app.send(sign_in(WRONG, Some(&device))).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = app.send(sign_in(PASSWORD, None)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn behind_tls_the_device_cookie_is_host_prefixed_and_secure() {
    let app = TestApp::behind_tls().await;

    let response = app.send(sign_in(PASSWORD, None)).await;

    let cookie = set_cookie_named(&response, "__Host-schoolbrug_device").unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(!cookie.to_lowercase().contains("domain="), "{cookie}");
    assert!(set_cookie_named(&response, "schoolbrug_device").is_none());
}

#[tokio::test]
async fn logging_out_everywhere_forgets_the_device() {
    let app = TestApp::new().await;
    let response = app.send(sign_in(PASSWORD, None)).await;
    let body = body_json(response).await;
    let (token, device) = (
        body["token"].as_str().unwrap().to_owned(),
        body["device"].as_str().unwrap().to_owned(),
    );
    let response = app
        .send(empty_request("DELETE", "/api/v1/me/sessions", Some(&token)))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    throttle(&app).await;

    let response = app.send(sign_in(PASSWORD, Some(&device))).await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_plain_logout_keeps_the_device() {
    let app = TestApp::new().await;
    let response = app.send(sign_in(PASSWORD, None)).await;
    let body = body_json(response).await;
    let (token, device) = (
        body["token"].as_str().unwrap().to_owned(),
        body["device"].as_str().unwrap().to_owned(),
    );
    let response = app
        .send(empty_request("DELETE", "/api/v1/session", Some(&token)))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie_named(&response, "schoolbrug_device").is_none());
    throttle(&app).await;

    let response = app.send(sign_in(PASSWORD, Some(&device))).await;

    assert_eq!(response.status(), StatusCode::CREATED);
}
