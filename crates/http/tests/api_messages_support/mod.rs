//! Seeding for the `api_messages*` tests, through the admin API itself: a teacher, pupils
//! in class 3A and outside it, their co-accounts, each person with a distinct first and
//! last name so that a test can look for a name anywhere in an answer; and short helpers
//! for the message endpoints.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, body_bytes, empty_request, json_request};

/// A signed-in account.
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

async fn activate(app: &TestApp, admin: &str, school: &str, id: &str, username: &str) -> String {
    let code = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/reset-code"),
            Some(admin),
        ))
        .await;
    assert_eq!(code.status(), StatusCode::CREATED);
    let code = json_of(code).await["code"].as_str().unwrap().to_owned();
    let reset = app
        .send(json_request(
            "POST",
            "/api/v1/password-reset",
            None,
            &json!({ "school": school, "username": username, "code": code, "new": PASSWORD, "repeat": PASSWORD }),
        ))
        .await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    app.sign_in(school, username, PASSWORD).await
}

/// A main account of `school`, created by its `admin` and signed in.
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
    let created = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(admin),
            &body,
        ))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = json_of(created).await["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, school, &id, &username).await;
    Person {
        id,
        username,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        token,
    }
}

/// A co-account of `pupil` in `slot`, created by `admin` and signed in.
pub async fn co_account(
    app: &TestApp,
    admin: &str,
    pupil: &Person,
    slot: u8,
    (first, last): (&str, &str),
) -> Person {
    let username = first.to_lowercase();
    let created = app
        .send(json_request(
            "POST",
            &format!("/api/v1/admin/accounts/{}/co-accounts", pupil.id),
            Some(admin),
            &json!({ "slot": slot, "relation": "guardian", "username": username, "first_name": first, "last_name": last }),
        ))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = json_of(created).await["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, "sint-jan", &id, &username).await;
    Person {
        id,
        username,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        token,
    }
}

/// A class with these members; returns its id.
pub async fn class(app: &TestApp, admin: &str, name: &str, members: &[&Person]) -> String {
    let created = app
        .send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(admin),
            &json!({ "name": name, "kind": "class" }),
        ))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = json_of(created).await["id"].as_str().unwrap().to_owned();
    let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
    let set = app
        .send(json_request(
            "PUT",
            &format!("/api/v1/admin/groups/{id}/members"),
            Some(admin),
            &json!({ "members": ids }),
        ))
        .await;
    assert_eq!(set.status(), StatusCode::NO_CONTENT);
    id
}

/// Sint-Jan with a teacher, class 3A (Lotte with two co-accounts, Bert with one) and Noor
/// outside 3A with one co-account.
pub struct School {
    pub admin: String,
    pub teacher: Person,
    pub lotte: Person,
    pub bert: Person,
    pub noor: Person,
    /// Lotte's co-accounts.
    pub els: Person,
    pub koen: Person,
    /// Bert's co-account.
    pub ann: Person,
    /// Noor's co-account.
    pub rik: Person,
    pub class_3a: String,
}

impl School {
    pub async fn seed(app: &TestApp) -> Self {
        let admin = app.sign_in("sint-jan", "beheerder", PASSWORD).await;
        let teacher = main_account(
            app,
            &admin,
            "sint-jan",
            ("Jonas", "Vermeulen"),
            &["teacher"],
        )
        .await;
        let lotte = main_account(app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
        let bert = main_account(app, &admin, "sint-jan", ("Bert", "Claes"), &["pupil"]).await;
        let noor = main_account(app, &admin, "sint-jan", ("Noor", "Maes"), &["pupil"]).await;
        let els = co_account(app, &admin, &lotte, 1, ("Els", "Jacobs")).await;
        let koen = co_account(app, &admin, &lotte, 2, ("Koen", "Mertens")).await;
        let ann = co_account(app, &admin, &bert, 1, ("Ann", "Willems")).await;
        let rik = co_account(app, &admin, &noor, 1, ("Rik", "Goossens")).await;
        let class_3a = class(app, &admin, "3A", &[&lotte, &bert]).await;
        Self {
            admin,
            teacher,
            lotte,
            bert,
            noor,
            els,
            koen,
            ann,
            rik,
            class_3a,
        }
    }

    /// Every co-account of 3A's pupils.
    pub fn parents_of_3a(&self) -> [&Person; 3] {
        [&self.els, &self.koen, &self.ann]
    }
}

/// A body as JSON (`null` when empty, e.g. a 204).
pub async fn json_of(response: Response<Body>) -> Value {
    let bytes = body_bytes(response).await;
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
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
    (status, json_of(response).await)
}

/// `POST /api/v1/messages`.
pub async fn send(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    call(app, "POST", "/api/v1/messages", token, Some(body)).await
}

/// Sends a message that must be accepted; returns its id.
pub async fn sent(app: &TestApp, token: &str, body: Value) -> String {
    let (status, answer) = send(app, token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["id"].as_str().unwrap().to_owned()
}

/// A plain message to these recipients.
pub fn message(subject: &str, to: Value) -> Value {
    json!({ "subject": subject, "body": "Beste ouders,\nTot morgen.", "to": to, "reply_requested": false })
}

/// The items of the first page of a folder.
pub async fn folder(app: &TestApp, token: &str, folder: &str) -> Vec<Value> {
    let (status, page) = call(
        app,
        "GET",
        &format!("/api/v1/messages?folder={folder}"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().clone()
}

/// `GET /api/v1/messages/{id}`.
pub async fn open(app: &TestApp, token: &str, id: &str) -> (StatusCode, Value) {
    call(app, "GET", &format!("/api/v1/messages/{id}"), token, None).await
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
