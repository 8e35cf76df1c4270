//! Groups and their members, and the audit log of security events.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{
    PASSWORD, TestApp, admin, body_json, call, create_account, issue_code, json_request,
};

#[tokio::test]
async fn groups_are_created_listed_and_given_members() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let bert = create_account(&app, &token, "bert", &["pupil"]).await;

    let created = app
        .send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": "3A", "kind": "class" }),
        ))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let group = body_json(created).await;
    assert_eq!(group["name"], "3A");
    assert_eq!(group["kind"], "class");
    let id = group["id"].as_str().unwrap();

    let members = app
        .send(json_request(
            "PUT",
            &format!("/api/v1/admin/groups/{id}/members"),
            Some(&token),
            &json!({ "members": [lotte["id"], bert["id"]] }),
        ))
        .await;
    assert_eq!(members.status(), StatusCode::NO_CONTENT);

    let (status, list) = call(&app, "GET", "/api/v1/admin/groups", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!({ "items": [group], "next": null }));
}

#[tokio::test]
async fn a_taken_group_name_answers_409_and_an_unknown_kind_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let create = |name: &str, kind: &str| {
        json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": name, "kind": kind }),
        )
    };
    app.send(create("3A", "class")).await;

    let taken = app.send(create("3A", "group")).await;
    let unknown_kind = app.send(create("3B", "club")).await;

    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(taken).await["code"], "group_name_taken");
    assert_eq!(unknown_kind.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(unknown_kind).await["errors"][0]["field"], "kind");
}

#[tokio::test]
async fn members_of_another_school_or_an_unknown_group_answer_404() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    app.create_school("atheneum", "admin2").await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let theirs = create_account(&app, &other_admin, "jonas", &["pupil"]).await;
    let group = body_json(
        app.send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": "3A", "kind": "class" }),
        ))
        .await,
    )
    .await;

    let foreign_member = app
        .send(json_request(
            "PUT",
            &format!(
                "/api/v1/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            Some(&token),
            &json!({ "members": [theirs["id"]] }),
        ))
        .await;
    let foreign_group = app
        .send(json_request(
            "PUT",
            &format!(
                "/api/v1/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            Some(&other_admin),
            &json!({ "members": [theirs["id"]] }),
        ))
        .await;

    assert_eq!(foreign_member.status(), StatusCode::NOT_FOUND);
    assert_eq!(foreign_group.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn member_ids_that_are_not_uuids_answer_422_naming_the_element() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let group = body_json(
        app.send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": "3A", "kind": "class" }),
        ))
        .await,
    )
    .await;

    let response = app
        .send(json_request(
            "PUT",
            &format!(
                "/api/v1/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            Some(&token),
            &json!({ "members": [uuid::Uuid::now_v7(), "lotte"] }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(response).await["errors"][0]["field"],
        "members[1]"
    );
}

#[tokio::test]
async fn the_audit_log_lists_security_events_newest_first_per_account_and_paged() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let jonas = create_account(&app, &token, "jonas", &["teacher"]).await;
    let id = jonas["id"].as_str().unwrap();
    app.send(json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": "sint-jan", "username": "jonas", "password": "fout fout fout fout" }),
    ))
    .await;
    issue_code(&app, &token, id).await;

    let (status, events) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/audit?account={id}"),
        &token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "reset_code_issued", "newest first: {kinds:?}");
    assert_eq!(kinds.last(), Some(&"account_created"), "{kinds:?}");
    assert!(kinds.contains(&"sign_in_failed"), "{kinds:?}");
    assert!(kinds.contains(&"reset_code_issued"), "{kinds:?}");
    let created = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "account_created")
        .unwrap();
    assert_eq!(created["account"], id);
    assert_eq!(created["username"], "jonas");
    assert!(created["actor"].is_string());
    assert!(created["at"].is_string());
    let (_, page) = call(&app, "GET", "/api/v1/admin/audit?limit=1", &token, None).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let next = page["next"].as_str().unwrap();
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/audit?limit=1&after={next}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_audit_filter_that_is_not_an_account_id_answers_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let (status, problem) = call(
        &app,
        "GET",
        "/api/v1/admin/audit?account=lotte",
        &token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "account");
}
