//! Nobody but the school's own admin reaches an admin endpoint: pupils, teachers and
//! co-accounts get 404, and so does another school's account.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::co_account_body;
use crate::support::{
    PASSWORD, TestApp, activate, admin, body_json, call, co_account, create_account,
    create_co_account, empty_request, is_problem, json_request, main_account, me_status,
};

#[tokio::test]
async fn a_pupil_a_teacher_and_a_co_account_get_404_from_every_admin_endpoint() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = main_account(
        &app,
        &admin_token,
        "sint-jan",
        ("Lotte", "Peeters"),
        &["pupil"],
    )
    .await;
    let mother = co_account(&app, &admin_token, &lotte.id, 1, ("Els", "Janssens")).await;
    let teacher = create_account(&app, &admin_token, "juf.mie", &["teacher", "counsellor"]).await;
    let teacher_token = activate(
        &app,
        &admin_token,
        "sint-jan",
        teacher["id"].as_str().unwrap(),
        "juf.mie",
    )
    .await;
    let someone = &lotte.id;
    let calls: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/v1/admin/accounts".into(), None),
        ("GET", format!("/api/v1/admin/accounts/{someone}"), None),
        (
            "POST",
            "/api/v1/admin/accounts".into(),
            Some(
                json!({ "username": "x1", "first_name": "X", "last_name": "Y", "roles": ["admin"] }),
            ),
        ),
        (
            "POST",
            format!("/api/v1/admin/accounts/{someone}/co-accounts"),
            Some(co_account_body(json!(2), "x2")),
        ),
        (
            "POST",
            format!("/api/v1/admin/accounts/{someone}/reset-code"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/admin/co-accounts/{}/reset", mother.id),
            None,
        ),
        ("DELETE", format!("/api/v1/admin/accounts/{someone}"), None),
        (
            "POST",
            "/api/v1/admin/groups".into(),
            Some(json!({ "name": "3A", "kind": "class" })),
        ),
        ("GET", "/api/v1/admin/groups".into(), None),
        ("GET", "/api/v1/admin/audit".into(), None),
    ];

    for token in [&lotte.token, &mother.token, &teacher_token] {
        for (method, uri, body) in &calls {
            let request = match body {
                Some(body) => json_request(method, uri, Some(token), body),
                None => empty_request(method, uri, Some(token)),
            };
            let response = app.send(request).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {uri}");
            assert!(is_problem(&response));
        }
    }
    assert_eq!(me_status(&app, &mother.token).await, StatusCode::OK);
    let (_, detail) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/accounts/{someone}"),
        &admin_token,
        None,
    )
    .await;
    assert_eq!(detail["co_accounts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn another_schools_account_is_not_found_for_every_admin_endpoint() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    app.create_school("atheneum", "admin2").await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let theirs = create_account(&app, &other_admin, "jonas", &["pupil"]).await;
    let id = theirs["id"].as_str().unwrap();
    let their_co = create_co_account(&app, &other_admin, id, 1, "mama.jonas").await;

    let read = app
        .send(empty_request(
            "GET",
            &format!("/api/v1/admin/accounts/{id}"),
            Some(&admin_token),
        ))
        .await;
    let code = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/reset-code"),
            Some(&admin_token),
        ))
        .await;
    let co = app
        .send(json_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/co-accounts"),
            Some(&admin_token),
            &co_account_body(json!(2), "papa.jonas"),
        ))
        .await;
    let reset = app
        .send(empty_request(
            "POST",
            &format!(
                "/api/v1/admin/co-accounts/{}/reset",
                their_co["id"].as_str().unwrap()
            ),
            Some(&admin_token),
        ))
        .await;
    let erase = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{id}"),
            Some(&admin_token),
        ))
        .await;

    for response in [read, code, co, reset, erase] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(is_problem(&response));
    }
    let (_, list) = call(
        &app,
        "GET",
        "/api/v1/admin/accounts?q=jonas",
        &admin_token,
        None,
    )
    .await;
    assert_eq!(list["items"], json!([]));
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/accounts/{id}"),
        &other_admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_account_id_answers_404_like_another_schools() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(empty_request(
            "GET",
            &format!("/api/v1/admin/accounts/{}", uuid::Uuid::now_v7()),
            Some(&token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(response).await["type"], "/problems/not-found");
}
