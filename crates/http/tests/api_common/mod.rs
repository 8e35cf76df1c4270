//! Helpers shared by the `api_*` tests: accounts made and activated through the API
//! itself (create, issue a one-time code, set the password with it, sign in).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, body_json, empty_request, json_request};

/// An account made through the API, with a signed-in session.
pub struct Member {
    pub id: String,
    pub username: String,
    pub token: String,
}

/// Signs the admin of `sint-jan` in.
pub async fn admin(app: &TestApp) -> String {
    app.sign_in("sint-jan", "beheerder", PASSWORD).await
}

/// Creates a main account through `POST /api/v1/admin/accounts`; returns its JSON.
pub async fn create_account(app: &TestApp, admin: &str, username: &str, roles: &[&str]) -> Value {
    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(admin),
            &json!({
                "username": username,
                "first_name": "Lotte",
                "last_name": "Peeters",
                "roles": roles,
                "birth_date": "2012-03-14",
            }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body_json(response).await
}

/// Adds a co-account through the API; returns its JSON.
pub async fn create_co_account(
    app: &TestApp,
    admin: &str,
    pupil: &str,
    slot: i64,
    username: &str,
) -> Value {
    let response = app
        .send(json_request(
            "POST",
            &format!("/api/v1/admin/accounts/{pupil}/co-accounts"),
            Some(admin),
            &json!({
                "slot": slot,
                "relation": "mother",
                "username": username,
                "first_name": "Els",
                "last_name": "Janssens",
            }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body_json(response).await
}

/// Issues a one-time code through `POST /api/v1/admin/accounts/{id}/reset-code`.
pub async fn issue_code(app: &TestApp, admin: &str, id: &str) -> String {
    let response = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/reset-code"),
            Some(admin),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body_json(response).await["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Sets a password with a code through `POST /api/v1/password-reset`; returns the status.
pub async fn reset_password(
    app: &TestApp,
    username: &str,
    code: &str,
    new: &str,
    repeat: &str,
) -> axum::http::Response<axum::body::Body> {
    app.send(json_request(
        "POST",
        "/api/v1/password-reset",
        None,
        &json!({
            "school": "sint-jan",
            "username": username,
            "code": code,
            "new": new,
            "repeat": repeat,
        }),
    ))
    .await
}

/// Gives an account the password [`PASSWORD`] through the API and signs it in.
pub async fn activate(app: &TestApp, admin: &str, id: &str, username: &str) -> String {
    let code = issue_code(app, admin, id).await;
    let response = reset_password(app, username, &code, PASSWORD, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    app.sign_in("sint-jan", username, PASSWORD).await
}

/// A pupil of `sint-jan`, signed in.
pub async fn pupil(app: &TestApp, admin: &str, username: &str) -> Member {
    let account = create_account(app, admin, username, &["pupil"]).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, &id, username).await;
    Member {
        id,
        username: username.to_owned(),
        token,
    }
}

/// A co-account of `pupil` in `slot`, signed in.
pub async fn co_account(
    app: &TestApp,
    admin: &str,
    pupil: &str,
    slot: i64,
    username: &str,
) -> Member {
    let account = create_co_account(app, admin, pupil, slot, username).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, &id, username).await;
    Member {
        id,
        username: username.to_owned(),
        token,
    }
}

/// `GET /api/v1/me` with a bearer token; returns the status.
pub async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    app.send(empty_request("GET", "/api/v1/me", Some(token)))
        .await
        .status()
}

/// Whether a response is an RFC 9457 problem.
pub fn is_problem(response: &axum::http::Response<axum::body::Body>) -> bool {
    response
        .headers()
        .get("content-type")
        .is_some_and(|v| v == "application/problem+json")
}
