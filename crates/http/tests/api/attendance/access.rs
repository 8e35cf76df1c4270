//! Every attendance endpoint wants a session: without one it answers 401, whatever the
//! path names.

use axum::http::StatusCode;
use serde_json::json;

use super::TODAY;
use crate::support::{TestApp, body_json, empty_request, is_problem, json_request};

#[tokio::test]
async fn every_endpoint_answers_401_without_a_session() {
    let app = TestApp::new().await;
    let id = uuid::Uuid::now_v7();
    let with_body = [
        (
            "PUT",
            "/api/v1/admin/absence-codes".to_owned(),
            json!({ "codes": [], "unknown_becomes_b_after_days": 3 }),
        ),
        (
            "PUT",
            "/api/v1/admin/absence-administrators".to_owned(),
            json!({ "accounts": [] }),
        ),
        (
            "PUT",
            format!("/api/v1/classes/{id}/register/{TODAY}/am"),
            json!({ "absent": [] }),
        ),
        (
            "PUT",
            format!("/api/v1/absences/{id}/{TODAY}/pm"),
            json!({ "code": "Z" }),
        ),
        (
            "POST",
            format!("/api/v1/children/{id}/absence-notes"),
            json!({ "from": TODAY, "to": TODAY, "reason": "illness" }),
        ),
    ];
    for (method, uri, body) in with_body {
        let response = app.send(json_request(method, &uri, None, &body)).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {uri}"
        );
        assert!(is_problem(&response));
    }
    let without_body = [
        ("GET", "/api/v1/absence-codes".to_owned()),
        ("GET", "/api/v1/admin/absence-administrators".to_owned()),
        ("GET", "/api/v1/classes".to_owned()),
        ("GET", format!("/api/v1/classes/{id}/register/{TODAY}/am")),
        ("DELETE", format!("/api/v1/absences/{id}/{TODAY}/am")),
        ("GET", "/api/v1/absences?from=2026-09-01".to_owned()),
        ("GET", format!("/api/v1/absences/{id}/changes")),
        ("GET", "/api/v1/absences/follow-up?threshold=5".to_owned()),
        ("GET", "/api/v1/absences/export.csv".to_owned()),
        ("GET", "/api/v1/children".to_owned()),
        ("GET", format!("/api/v1/children/{id}/absences")),
    ];
    for (method, uri) in without_body {
        let response = app.send(empty_request(method, &uri, None)).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {uri}"
        );
        assert_eq!(body_json(response).await["status"], 401);
    }
    let response = app
        .send(empty_request(
            "GET",
            "/api/v1/children",
            Some("not-a-token"),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
