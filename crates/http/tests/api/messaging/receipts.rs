//! Read receipts through the HTTP API: set exactly once, by the recipient opening its own
//! copy — never by the sender opening it, an admin asking for receipts, or a listing.

use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{Value, json};

use crate::support::{School, TestApp, call, folder, message, open, sent};

/// Every receipt of message `id` (one page: these messages have few recipients).
async fn receipts(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, page) = call(
        app,
        "GET",
        &format!("/api/v1/messages/{id}/receipts"),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["next"], Value::Null);
    page["items"].clone()
}

async fn unread(app: &TestApp, token: &str) -> u64 {
    let (status, count) = call(app, "GET", "/api/v1/messages/unread-count", token, None).await;
    assert_eq!(status, StatusCode::OK);
    count["unread"].as_u64().unwrap()
}

#[tokio::test]
async fn opening_a_message_sets_the_receipt_once_and_opening_it_again_keeps_the_first_time() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message("Rapport", json!([{ "account": school.lotte.id }])),
    )
    .await;
    // Sessions end after 30 idle minutes: the clock moves less than that between uses.
    app.clock.advance(Duration::minutes(10));

    let (status, first) = open(&app, &school.lotte.token, &id).await;
    app.clock.advance(Duration::minutes(15));
    let (_, second) = open(&app, &school.lotte.token, &id).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["read_at"], "2026-09-01T08:10:00Z");
    assert_eq!(second["read_at"], "2026-09-01T08:10:00Z");
    let receipts = receipts(&app, &school.teacher.token, &id).await;
    assert_eq!(
        receipts,
        json!([{ "recipient": school.lotte.id, "name": "Lotte Peeters", "read_at": "2026-09-01T08:10:00Z" }])
    );
    let inbox = folder(&app, &school.lotte.token, "inbox").await;
    assert_eq!(inbox[0]["read_at"], "2026-09-01T08:10:00Z");
    assert_eq!(unread(&app, &school.lotte.token).await, 0);
    let sent_folder = folder(&app, &school.teacher.token, "sent").await;
    assert_eq!(sent_folder[0]["recipients"], 1);
    assert_eq!(sent_folder[0]["read"], 1);
}

#[tokio::test]
async fn the_sender_opening_an_admin_asking_and_listings_never_set_a_receipt() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Rapport",
            json!([{ "account": school.lotte.id }, { "co_accounts_of": school.lotte.id }]),
        ),
    )
    .await;
    app.clock.advance(Duration::minutes(10));

    let (sender_status, sender_view) = open(&app, &school.teacher.token, &id).await;
    let (admin_status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/messages/{id}/receipts"),
        &school.admin,
        None,
    )
    .await;
    let (admin_open, _) = open(&app, &school.admin, &id).await;
    let listed = folder(&app, &school.lotte.token, "inbox").await;
    folder(&app, &school.lotte.token, "awaiting_reply").await;
    folder(&app, &school.els.token, "inbox").await;
    call(
        &app,
        "GET",
        "/api/v1/messages?folder=inbox&q=Rapport",
        &school.lotte.token,
        None,
    )
    .await;

    assert_eq!(sender_status, StatusCode::OK);
    assert_eq!(sender_view["mine"], "sent");
    assert!(sender_view.get("read_at").is_none());
    assert_eq!(sender_view["recipient_count"], 3);
    assert_eq!(sender_view["read_count"], 0);
    assert_eq!(admin_status, StatusCode::NOT_FOUND);
    assert_eq!(admin_open, StatusCode::NOT_FOUND);
    assert_eq!(listed[0]["read_at"], Value::Null);
    let receipts = receipts(&app, &school.teacher.token, &id).await;
    assert_eq!(receipts.as_array().unwrap().len(), 3);
    assert!(
        receipts
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["read_at"].is_null()),
        "{receipts}"
    );
    assert_eq!(unread(&app, &school.lotte.token).await, 1);
    assert_eq!(unread(&app, &school.els.token).await, 1);
}

#[tokio::test]
async fn one_recipient_opening_sets_only_its_own_receipt() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Uitstap",
            json!([{ "group": school.class_3a, "audience": "co_accounts" }]),
        ),
    )
    .await;
    app.clock.advance(Duration::minutes(5));

    open(&app, &school.ann.token, &id).await;

    let receipts = receipts(&app, &school.teacher.token, &id).await;
    let read: Vec<(&str, &Value)> = receipts
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), &r["read_at"]))
        .collect();
    assert_eq!(
        read,
        [
            ("Ann Willems", &json!("2026-09-01T08:05:00Z")),
            ("Els Jacobs", &Value::Null),
            ("Koen Mertens", &Value::Null),
        ]
    );
    let (_, sender_view) = open(&app, &school.teacher.token, &id).await;
    assert_eq!(sender_view["read_count"], 1);
    assert_eq!(sender_view["recipient_count"], 3);
    assert_eq!(sender_view["recipients"], json!([]));
    assert_eq!(sender_view["groups"][0]["label_nl"], "co-accounts van 3A");
}
