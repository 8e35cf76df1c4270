//! News through the API: every answer of `/api/v1/news` (200, 201, 204, 403, 404, 422),
//! who sees which item (another class, another pupil's co-account, another school), the
//! co-account's `child`, read state per person, and the author's or an admin's edits.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{PASSWORD, School, TestApp, call, class, pair, refused};

/// `POST /api/v1/news`.
async fn publish(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    call(app, "POST", "/api/v1/news", token, Some(body)).await
}

/// Publishes an item that must be accepted; returns its id.
async fn published(app: &TestApp, token: &str, body: Value) -> String {
    let (status, answer) = publish(app, token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["id"].as_str().unwrap().to_owned()
}

fn item(title: &str, audience: Value) -> Value {
    json!({ "title": title, "body": "Breng sportkledij mee.", "audience": audience })
}

/// The ids of the caller's news list, in order.
async fn listed(app: &TestApp, token: &str) -> Vec<String> {
    let (status, list) = call(app, "GET", "/api/v1/news", token, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn open(app: &TestApp, token: &str, id: &str) -> (StatusCode, Value) {
    call(app, "GET", &format!("/api/v1/news/{id}"), token, None).await
}

/// Class 3B with Noor and the teacher.
async fn class_3b(app: &TestApp, school: &School) -> String {
    class(app, &school.admin, "3B", &[&school.noor, &school.teacher]).await
}

#[tokio::test]
async fn a_teacher_publishes_to_their_class_and_its_pupils_and_co_accounts_read_it() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let class_3b = class_3b(&app, &school).await;
    let (status, answer) = publish(
        &app,
        &school.teacher.token,
        json!({
            "title": "  Zwemmen  ",
            "body": "Vergeet je badmuts niet.",
            "audience": [{ "group": class_3b }],
            "pinned": true,
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = answer["id"].as_str().unwrap().to_owned();

    // Noor (3B) and her co-account Rik see it; 3A's pupils and parents do not.
    assert_eq!(
        listed(&app, &school.noor.token).await,
        std::slice::from_ref(&id)
    );
    let (status, list) = call(&app, "GET", "/api/v1/news", &school.rik.token, None).await;
    assert_eq!(status, StatusCode::OK);
    let seen = &list["items"][0];
    assert_eq!(seen["title"], "Zwemmen");
    assert_eq!(seen["body"], "Vergeet je badmuts niet.");
    assert_eq!(seen["author"], "Jonas Vermeulen");
    assert_eq!(seen["pinned"], true);
    assert_eq!(seen["read"], false);
    assert_eq!(
        seen["child"],
        json!({ "id": school.noor.id, "name": "Noor Maes" })
    );
    assert!(seen.get("until").is_none());
    assert!(seen["published_at"].is_string());
    for other in [&school.lotte, &school.els, &school.bert, &school.ann] {
        assert!(listed(&app, &other.token).await.is_empty());
        assert_eq!(open(&app, &other.token, &id).await.0, StatusCode::NOT_FOUND);
    }

    // Opening marks it read for Rik only.
    let (status, opened) = open(&app, &school.rik.token, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(opened["read"], true);
    let (_, rik) = call(&app, "GET", "/api/v1/news", &school.rik.token, None).await;
    assert_eq!(rik["items"][0]["read"], true);
    let (_, noor) = call(&app, "GET", "/api/v1/news", &school.noor.token, None).await;
    assert_eq!(noor["items"][0]["read"], false);
    assert!(noor["items"][0].get("child").is_none());
}

#[tokio::test]
async fn pupils_and_co_accounts_get_403_when_they_publish() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    for who in [&school.lotte, &school.els] {
        let (status, problem) = publish(
            &app,
            &who.token,
            item("Feest", json!([{ "group": school.class_3a }])),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
        assert_eq!(problem["type"], "/problems/forbidden");
    }
    assert!(listed(&app, &school.admin).await.is_empty());
}

#[tokio::test]
async fn a_blank_title_and_bad_audiences_answer_422_field_by_field() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let (status, problem) = publish(
        &app,
        &school.admin,
        json!({ "title": "   ", "body": "", "audience": [{ "school": true }] }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&problem), [pair("title", "blank")]);

    let (status, problem) = publish(
        &app,
        &school.admin,
        json!({ "title": " ", "audience": [{ "school": false }, { "group": "3A" }, { "role": "janitor" }] }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [
            pair("title", "blank"),
            pair("audience[0]", "invalid_audience"),
            pair("audience[1].group", "invalid"),
            pair("audience[2].role", "unknown_role"),
        ]
    );

    // A teacher: not the school, not a role, not a class they are not in.
    let (status, problem) = publish(
        &app,
        &school.teacher.token,
        json!({
            "title": "Toets",
            "audience": [{ "school": true }, { "role": "pupil" }, { "group": school.class_3a }],
            "publish_at": "2030-01-02T08:00:00Z",
            "until": "2030-01-01T08:00:00Z",
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [
            pair("audience[0]", "admin_only"),
            pair("audience[1]", "admin_only"),
            pair("audience[2]", "not_a_member"),
            pair("until", "before_publish_at"),
        ]
    );
    let (status, problem) = publish(
        &app,
        &school.admin,
        json!({ "title": "Leeg", "audience": [] }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&problem), [pair("audience", "required")]);
}

#[tokio::test]
async fn an_admin_reaches_the_school_or_a_role() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let all = published(
        &app,
        &school.admin,
        item("Iedereen", json!([{ "school": true }])),
    )
    .await;
    let staff = published(
        &app,
        &school.admin,
        item("Personeel", json!([{ "role": "teacher" }])),
    )
    .await;
    assert_eq!(
        listed(&app, &school.teacher.token).await,
        [staff.clone(), all.clone()]
    );
    assert_eq!(
        listed(&app, &school.lotte.token).await,
        std::slice::from_ref(&all)
    );
    assert_eq!(listed(&app, &school.ann.token).await, [all]);
    assert_eq!(
        open(&app, &school.lotte.token, &staff).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_the_author_or_an_admin_edits_or_withdraws_others_get_404() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let class_3b = class_3b(&app, &school).await;
    let id = published(
        &app,
        &school.teacher.token,
        item("Toets", json!([{ "group": class_3b }])),
    )
    .await;
    let colleague = crate::support::main_account(
        &app,
        &school.admin,
        "sint-jan",
        ("An", "Collega"),
        &["teacher"],
    )
    .await;
    let uri = format!("/api/v1/news/{id}");
    let change = item("Toets verplaatst", json!([{ "group": class_3b }]));
    for who in [&colleague, &school.noor, &school.rik] {
        let (put, _) = call(&app, "PUT", &uri, &who.token, Some(change.clone())).await;
        let (delete, _) = call(&app, "DELETE", &uri, &who.token, None).await;
        assert_eq!(
            (put, delete),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
        );
    }
    let (put, _) = call(&app, "PUT", &uri, &school.teacher.token, Some(change)).await;
    assert_eq!(put, StatusCode::NO_CONTENT);
    let (_, seen) = open(&app, &school.noor.token, &id).await;
    assert_eq!(seen["title"], "Toets verplaatst");
    let (put, problem) = call(
        &app,
        "PUT",
        &uri,
        &school.teacher.token,
        Some(json!({ "title": "", "audience": [{ "group": class_3b }] })),
    )
    .await;
    assert_eq!(put, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&problem), [pair("title", "blank")]);
    let (delete, _) = call(&app, "DELETE", &uri, &school.admin, None).await;
    assert_eq!(delete, StatusCode::NO_CONTENT);
    assert_eq!(
        open(&app, &school.noor.token, &id).await.0,
        StatusCode::NOT_FOUND
    );
    let (again, _) = call(&app, "DELETE", &uri, &school.teacher.token, None).await;
    assert_eq!(again, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_school_never_sees_nor_changes_an_item() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = published(
        &app,
        &school.admin,
        item("Iedereen", json!([{ "school": true }])),
    )
    .await;
    app.create_school("atheneum", "admin2").await;
    let other = app.sign_in("atheneum", "admin2", PASSWORD).await;
    assert!(listed(&app, &other).await.is_empty());
    let uri = format!("/api/v1/news/{id}");
    assert_eq!(open(&app, &other, &id).await.0, StatusCode::NOT_FOUND);
    let (put, _) = call(
        &app,
        "PUT",
        &uri,
        &other,
        Some(item("Gekaapt", json!([{ "school": true }]))),
    )
    .await;
    let (delete, _) = call(&app, "DELETE", &uri, &other, None).await;
    assert_eq!(
        (put, delete),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
    );
    let (_, seen) = open(&app, &school.lotte.token, &id).await;
    assert_eq!(seen["title"], "Iedereen");
}

#[tokio::test]
async fn an_unknown_or_malformed_id_answers_404() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        open(&app, &school.admin, &unknown).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        open(&app, &school.admin, "x").await.0,
        StatusCode::NOT_FOUND
    );
    let (unauthenticated, _) = call(&app, "GET", "/api/v1/news", "nope", None).await;
    assert_eq!(unauthenticated, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn until_is_shown_and_an_expired_or_future_item_is_not() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let later = published(
        &app,
        &school.admin,
        json!({ "title": "Later", "audience": [{ "school": true }], "publish_at": "2099-01-01T08:00:00Z" }),
    )
    .await;
    let until = published(
        &app,
        &school.admin,
        json!({ "title": "Nu", "audience": [{ "school": true }], "until": "2099-01-01T08:00:00Z" }),
    )
    .await;
    assert_eq!(
        listed(&app, &school.lotte.token).await,
        std::slice::from_ref(&until)
    );
    assert_eq!(
        open(&app, &school.lotte.token, &later).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, seen) = open(&app, &school.lotte.token, &until).await;
    assert_eq!(seen["until"], "2099-01-01T08:00:00Z");
    // The author sees both.
    assert_eq!(listed(&app, &school.admin).await.len(), 2);
}
