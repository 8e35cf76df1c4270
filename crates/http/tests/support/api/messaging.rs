//! Messages through the API: the seeded school (a teacher, pupils in class 3A and outside
//! it, their co-accounts, each person with a distinct first and last name so that a test
//! can look for a name anywhere in an answer), groups, and short helpers for the message
//! endpoints.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Person, admin, body_json, call, co_account, json_request, main_account};
use crate::support::app::TestApp;

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
    let id = body_json(created).await["id"].as_str().unwrap().to_owned();
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
        let admin = admin(app).await;
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
        let els = co_account(app, &admin, &lotte.id, 1, ("Els", "Jacobs")).await;
        let koen = co_account(app, &admin, &lotte.id, 2, ("Koen", "Mertens")).await;
        let ann = co_account(app, &admin, &bert.id, 1, ("Ann", "Willems")).await;
        let rik = co_account(app, &admin, &noor.id, 1, ("Rik", "Goossens")).await;
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
