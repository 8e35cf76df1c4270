//! Co-accounts under `/api/v1/admin/accounts/{id}/co-accounts`: reading a pupil with
//! them, their slots, usernames and relations, and who may have one.

use axum::http::StatusCode;
use serde_json::json;

use super::co_account_body;
use crate::support::{
    TestApp, admin, body_json, call, create_account, create_co_account, json_request,
};

#[tokio::test]
async fn a_pupil_is_read_with_its_co_accounts() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let id = lotte["id"].as_str().unwrap();
    create_co_account(&app, &token, id, 2, "els").await;
    create_co_account(&app, &token, id, 1, "piet").await;

    let (status, detail) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/accounts/{id}"),
        &token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let co = detail["co_accounts"].as_array().unwrap();
    assert_eq!(co.len(), 2);
    assert_eq!(co[0]["username"], "piet");
    assert_eq!(co[0]["slot"], 1);
    assert_eq!(co[0]["kind"], "co");
    assert_eq!(co[0]["pupil_id"], id);
    assert_eq!(co[0]["relation"], "mother");
    assert_eq!(co[0]["roles"], json!([]));
    assert_eq!(co[1]["slot"], 2);
}

#[tokio::test]
async fn a_co_account_limited_in_time_shows_active_until() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let mut body = co_account_body(json!(3), "tutor");
    body["relation"] = json!("homework_tutor");
    body["active_until"] = json!("2027-06-30");

    let response = app
        .send(json_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/co-accounts",
                lotte["id"].as_str().unwrap()
            ),
            Some(&token),
            &body,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let co = body_json(response).await;
    assert_eq!(co["active_until"], "2027-06-30");
    assert_eq!(co["relation"], "homework_tutor");
}

#[tokio::test]
async fn a_seventh_slot_answers_422_and_a_taken_slot_409() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let uri = format!(
        "/api/v1/admin/accounts/{}/co-accounts",
        lotte["id"].as_str().unwrap()
    );
    create_co_account(&app, &token, lotte["id"].as_str().unwrap(), 1, "els").await;

    let seventh = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(7), "piet"),
        ))
        .await;
    let zero = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(0), "piet"),
        ))
        .await;
    let taken = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(1), "piet"),
        ))
        .await;

    assert_eq!(seventh.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = body_json(seventh).await;
    assert_eq!(problem["errors"][0]["field"], "slot");
    assert_eq!(problem["errors"][0]["code"], "out_of_range");
    assert_eq!(zero.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(taken).await["code"], "slot_taken");
}

#[tokio::test]
async fn a_co_account_with_a_taken_username_answers_409_username_taken() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let uri = format!(
        "/api/v1/admin/accounts/{}/co-accounts",
        lotte["id"].as_str().unwrap()
    );

    let response = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(1), "lotte"),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(response).await["code"], "username_taken");
}

#[tokio::test]
async fn an_unknown_relation_answers_422_unknown_relation() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let mut body = co_account_body(json!(1), "oom");
    body["relation"] = json!("uncle");

    let response = app
        .send(json_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/co-accounts",
                lotte["id"].as_str().unwrap()
            ),
            Some(&token),
            &body,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(response).await["errors"][0]["code"],
        "unknown_relation"
    );
}

#[tokio::test]
async fn a_co_account_for_a_teacher_answers_404() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let teacher = create_account(&app, &token, "juf.mie", &["teacher"]).await;

    let response = app
        .send(json_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/co-accounts",
                teacher["id"].as_str().unwrap()
            ),
            Some(&token),
            &co_account_body(json!(1), "piet"),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
