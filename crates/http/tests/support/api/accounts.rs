//! Accounts made through the admin API itself, as the API tests seed them: created,
//! given the password [`PASSWORD`] with a one-time code, and signed in as a [`Person`];
//! and signing in through the API.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};

use super::{body_json, empty_request, json_request};
use crate::support::app::{PASSWORD, TestApp};

impl TestApp {
    /// Signs in through the API and returns the bearer token.
    pub async fn sign_in(&self, school: &str, username: &str, password: &str) -> String {
        let response = self
            .send(json_request(
                "POST",
                "/api/v1/session",
                None,
                &json!({ "school": school, "username": username, "password": password }),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        body_json(response).await["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// An account made through the API, signed in.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub token: String,
}

impl Person {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Signs the admin of `sint-jan` in through the API; returns the bearer token.
pub async fn admin(app: &TestApp) -> String {
    app.sign_in("sint-jan", "beheerder", PASSWORD).await
}

/// `POST /api/v1/session`; returns the status only.
pub async fn sign_in_status(
    app: &TestApp,
    school: &str,
    username: &str,
    password: &str,
) -> StatusCode {
    app.send(json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": school, "username": username, "password": password }),
    ))
    .await
    .status()
}

/// `GET /api/v1/me` with a bearer token; returns the status.
pub async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    app.send(empty_request("GET", "/api/v1/me", Some(token)))
        .await
        .status()
}

/// POSTs `body` as `admin`, which must answer 201; returns the answer.
async fn created(app: &TestApp, admin: &str, uri: &str, body: &Value) -> Value {
    let response = app.send(json_request("POST", uri, Some(admin), body)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "POST {uri}");
    body_json(response).await
}

/// Creates a main account Lotte Peeters, born 14 March 2012, through
/// `POST /api/v1/admin/accounts`; returns its JSON.
pub async fn create_account(app: &TestApp, admin: &str, username: &str, roles: &[&str]) -> Value {
    created(
        app,
        admin,
        "/api/v1/admin/accounts",
        &json!({
            "username": username,
            "first_name": "Lotte",
            "last_name": "Peeters",
            "roles": roles,
            "birth_date": "2012-03-14",
        }),
    )
    .await
}

/// Adds a co-account Els Janssens (the mother) through the API; returns its JSON.
pub async fn create_co_account(
    app: &TestApp,
    admin: &str,
    pupil: &str,
    slot: i64,
    username: &str,
) -> Value {
    created(
        app,
        admin,
        &format!("/api/v1/admin/accounts/{pupil}/co-accounts"),
        &json!({
            "slot": slot,
            "relation": "mother",
            "username": username,
            "first_name": "Els",
            "last_name": "Janssens",
        }),
    )
    .await
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

/// Sets a password with a code through `POST /api/v1/password-reset`.
pub async fn reset_password(
    app: &TestApp,
    school: &str,
    username: &str,
    code: &str,
    new: &str,
    repeat: &str,
) -> Response<Body> {
    app.send(json_request(
        "POST",
        "/api/v1/password-reset",
        None,
        &json!({
            "school": school,
            "username": username,
            "code": code,
            "new": new,
            "repeat": repeat,
        }),
    ))
    .await
}

/// Gives an account of `school` the password [`PASSWORD`] through the API and signs it
/// in; returns the bearer token.
pub async fn activate(
    app: &TestApp,
    admin: &str,
    school: &str,
    id: &str,
    username: &str,
) -> String {
    let code = issue_code(app, admin, id).await;
    let response = reset_password(app, school, username, &code, PASSWORD, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    app.sign_in(school, username, PASSWORD).await
}

/// A main account of `school` (username: the first name in lower case), created by its
/// `admin` through the API and signed in; a pupil is born on 14 March 2012.
pub async fn main_account(
    app: &TestApp,
    admin: &str,
    school: &str,
    (first, last): (&str, &str),
    roles: &[&str],
) -> Person {
    let username = first.to_lowercase();
    let mut body =
        json!({ "username": username, "first_name": first, "last_name": last, "roles": roles });
    if roles == ["pupil"] {
        body["birth_date"] = json!("2012-03-14");
    }
    let account = created(app, admin, "/api/v1/admin/accounts", &body).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, school, &id, &username).await;
    Person {
        id,
        username,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        token,
    }
}

/// A co-account (the mother; username: the first name in lower case) of the pupil with
/// id `pupil` of `sint-jan` in `slot`, created by `admin` through the API and signed in.
pub async fn co_account(
    app: &TestApp,
    admin: &str,
    pupil: &str,
    slot: u8,
    (first, last): (&str, &str),
) -> Person {
    let username = first.to_lowercase();
    let account = created(
        app,
        admin,
        &format!("/api/v1/admin/accounts/{pupil}/co-accounts"),
        &json!({ "slot": slot, "relation": "mother", "username": username, "first_name": first, "last_name": last }),
    )
    .await;
    let id = account["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, "sint-jan", &id, &username).await;
    Person {
        id,
        username,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        token,
    }
}
