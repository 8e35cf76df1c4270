//! Main accounts under `/api/v1/admin/accounts`: creating them (and every refusal),
//! listing, filtering and paging them.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{TestApp, admin, body_json, call, create_account, is_problem, json_request};

#[tokio::test]
async fn an_admin_creates_an_account_and_gets_201_with_the_account_and_its_location() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({
                "username": "Lotte.Peeters",
                "first_name": "Lotte",
                "last_name": "Peeters",
                "roles": ["pupil"],
                "birth_date": "2012-03-14",
                "email": "lotte@example.org",
            }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let account = body_json(response).await;
    let id = account["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/admin/accounts/{id}"));
    assert_eq!(account["username"], "lotte.peeters");
    assert_eq!(account["kind"], "main");
    assert_eq!(account["roles"], json!(["pupil"]));
    assert_eq!(account["birth_date"], "2012-03-14");
    assert_eq!(account["email"], "lotte@example.org");
    assert_eq!(account["created_at"], "2026-09-01T08:00:00Z");
    assert!(account.get("pupil_id").is_none());
    let (status, read) = call(&app, "GET", &location, &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["account"], account);
    assert_eq!(read["co_accounts"], json!([]));
}

#[tokio::test]
async fn a_taken_username_answers_409_with_code_username_taken() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    create_account(&app, &token, "jonas", &["teacher"]).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({ "username": "JONAS", "first_name": "J", "last_name": "D", "roles": ["teacher"] }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(is_problem(&response));
    assert_eq!(body_json(response).await["code"], "username_taken");
}

#[tokio::test]
async fn every_refused_field_of_a_new_account_is_named_in_one_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({ "username": "a b", "first_name": " ", "last_name": "D", "roles": ["janitor"], "email": "geen-adres" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = body_json(response).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in ["username", "first_name", "roles", "email"] {
        assert!(fields.contains(&field), "{field} missing in {problem}");
    }
}

#[tokio::test]
async fn accounts_are_listed_filtered_by_role_and_text_and_paged_with_a_cursor() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    for name in ["an", "bert", "cis"] {
        create_account(&app, &token, name, &["pupil"]).await;
    }
    create_account(&app, &token, "juf.mie", &["teacher"]).await;

    let (status, first) = call(
        &app,
        "GET",
        "/api/v1/admin/accounts?role=pupil&limit=2",
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().unwrap();
    let (_, second) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/accounts?role=pupil&limit=2&after={next}"),
        &token,
        None,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next"], Value::Null);
    let (_, teachers) = call(&app, "GET", "/api/v1/admin/accounts?q=MIE", &token, None).await;
    assert_eq!(teachers["items"].as_array().unwrap().len(), 1);
    assert_eq!(teachers["items"][0]["username"], "juf.mie");
    let (_, everyone) = call(&app, "GET", "/api/v1/admin/accounts", &token, None).await;
    assert_eq!(everyone["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn a_bad_role_limit_or_cursor_answers_422_on_each_field() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let (status, problem) = call(
        &app,
        "GET",
        "/api/v1/admin/accounts?role=janitor&limit=veel&after=%25%25%25",
        &token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["role", "limit", "after"]);
}

#[tokio::test]
async fn a_well_formed_cursor_that_is_not_an_id_answers_422_on_after() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    // base64url of "hello": a cursor in form, not one of this list.
    let (status, problem) = call(
        &app,
        "GET",
        "/api/v1/admin/accounts?after=aGVsbG8",
        &token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "after");
}
