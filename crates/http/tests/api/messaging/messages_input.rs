//! Bad input to the message endpoints: every refusal is a problem (400 or 422 with the
//! field, 404 for a bad id), never a 500, and nothing is delivered.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use schoolbrug_kernel::Cursor;
use serde_json::json;

use crate::support::{
    School, TestApp, body_json, call, class, folder, message, pair, refused, send, sent,
};

#[tokio::test]
async fn a_blank_subject_is_refused_on_subject() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (status, problem) = send(
        &app,
        &school.teacher.token,
        message("   ", json!([{ "account": school.lotte.id }])),
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["type"], "/problems/validation");
    assert_eq!(refused(&problem), [pair("subject", "blank")]);
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());
}

#[tokio::test]
async fn a_message_without_recipients_is_refused_on_to() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (empty, empty_problem) =
        send(&app, &school.teacher.token, message("Uitstap", json!([]))).await;
    let (missing, missing_problem) = send(
        &app,
        &school.teacher.token,
        json!({ "subject": "Uitstap", "body": "" }),
    )
    .await;
    // A group without pupils reaches nobody.
    let empty_group = class(&app, &school.admin, "4B", &[]).await;
    let (nobody, nobody_problem) = send(
        &app,
        &school.teacher.token,
        message(
            "Uitstap",
            json!([{ "group": empty_group, "audience": "both" }]),
        ),
    )
    .await;

    assert_eq!(empty, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&empty_problem), [pair("to", "required")]);
    assert_eq!(missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&missing_problem), [pair("to", "required")]);
    assert_eq!(nobody, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&nobody_problem), [pair("to", "no_recipients")]);
}

#[tokio::test]
async fn an_unknown_group_or_account_is_refused_on_its_entry() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let unknown = uuid::Uuid::now_v7();

    let (status, problem) = send(
        &app,
        &school.teacher.token,
        message(
            "Uitstap",
            json!([
                { "account": school.lotte.id },
                { "group": unknown, "audience": "pupils" },
                { "account": unknown },
                { "co_accounts_of": school.els.id },
            ]),
        ),
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [
            pair("to[1]", "unknown_group"),
            pair("to[2]", "unknown_recipient"),
            pair("to[3]", "unknown_recipient"),
        ]
    );
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());
}

#[tokio::test]
async fn a_body_over_100_kb_reaches_the_domain_and_is_refused_on_body() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let to = json!([{ "account": school.lotte.id }]);
    let mut at_limit = message("Lang", to.clone());
    at_limit["body"] = json!("a".repeat(100 * 1024));
    let mut too_large = message("Te lang", to);
    too_large["body"] = json!("a".repeat(150 * 1024));

    let (accepted, _) = send(&app, &school.teacher.token, at_limit).await;
    let (status, problem) = send(&app, &school.teacher.token, too_large).await;

    assert_eq!(accepted, StatusCode::CREATED);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&problem), [pair("body", "too_large")]);
    assert_eq!(folder(&app, &school.lotte.token, "inbox").await.len(), 1);
}

#[tokio::test]
async fn a_recipient_of_an_unknown_shape_is_refused_on_its_entry_with_the_other_refused_fields() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (status, problem) = send(
        &app,
        &school.teacher.token,
        json!({
            "subject": "",
            "body": "",
            "to": [
                { "account": school.lotte.id },
                { "account": school.lotte.id, "role": "teacher" },
                { "pupil": school.lotte.id },
                "3A",
                { "group": school.class_3a, "audience": "parents" },
                { "role": "janitor" },
                { "account": "lotte" },
            ],
        }),
    )
    .await;
    let (not_a_list, not_a_list_problem) = send(
        &app,
        &school.teacher.token,
        json!({ "subject": "Uitstap", "body": "", "to": "iedereen" }),
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [
            pair("subject", "blank"),
            pair("to[1]", "invalid_recipient"),
            pair("to[2]", "invalid_recipient"),
            pair("to[3]", "invalid_recipient"),
            pair("to[4].audience", "unknown_audience"),
            pair("to[5].role", "unknown_role"),
            pair("to[6].account", "invalid"),
        ]
    );
    assert_eq!(not_a_list, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&not_a_list_problem), [pair("to", "invalid_type")]);
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());
}

#[tokio::test]
async fn wrong_types_and_broken_json_answer_422_with_the_field_or_400() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let mut bad_deadline = message("Uitstap", json!([{ "account": school.lotte.id }]));
    bad_deadline["action_deadline"] = json!("volgende week");
    let mut bad_reply_flag = message("Uitstap", json!([{ "account": school.lotte.id }]));
    bad_reply_flag["reply_requested"] = json!("ja");

    let (deadline, deadline_problem) = send(&app, &school.teacher.token, bad_deadline).await;
    let (flag, flag_problem) = send(&app, &school.teacher.token, bad_reply_flag).await;
    let broken = app
        .send(
            Request::builder()
                .method("POST")
                .uri("/api/v1/messages")
                .header(header::CONTENT_TYPE, "application/json")
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", school.teacher.token),
                )
                .body(Body::from(r#"{"subject": "Uitstap", "to": ["#))
                .unwrap(),
        )
        .await;

    assert_eq!(deadline, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(deadline_problem["errors"][0]["field"], "action_deadline");
    assert_eq!(flag, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(flag_problem["errors"][0]["field"], "reply_requested");
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body_json(broken).await["type"], "/problems/bad-request");
}

#[tokio::test]
async fn pupils_and_co_accounts_write_only_to_staff_and_never_mark_urgent() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (to_pupil, to_pupil_problem) = send(
        &app,
        &school.lotte.token,
        message("Hoi", json!([{ "account": school.bert.id }])),
    )
    .await;
    let (to_group, to_group_problem) = send(
        &app,
        &school.els.token,
        message(
            "Hoi",
            json!([{ "group": school.class_3a, "audience": "co_accounts" }]),
        ),
    )
    .await;
    let mut urgent = message("Dringend", json!([{ "account": school.teacher.id }]));
    urgent["urgent"] = json!(true);
    let (urgent_status, urgent_problem) = send(&app, &school.els.token, urgent).await;

    assert_eq!(to_pupil, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&to_pupil_problem), [pair("to[0]", "not_allowed")]);
    assert_eq!(to_group, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&to_group_problem), [pair("to[0]", "not_allowed")]);
    assert_eq!(urgent_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&urgent_problem), [pair("urgent", "staff_only")]);
    assert!(folder(&app, &school.bert.token, "inbox").await.is_empty());
    assert!(
        folder(&app, &school.teacher.token, "inbox")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_malformed_cursor_a_bad_limit_an_unknown_folder_or_a_long_query_answer_422_on_the_parameter()
 {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let not_our_key = Cursor::after_key("2026-09-01|lotte");
    let long_query = "a".repeat(201);

    let cases = [
        (
            "/api/v1/messages?after=%25%25%25".to_owned(),
            "after",
            "malformed_cursor",
        ),
        (
            format!("/api/v1/messages?after={}", not_our_key.as_str()),
            "after",
            "malformed_cursor",
        ),
        ("/api/v1/messages?limit=veel".to_owned(), "limit", "invalid"),
        (
            "/api/v1/messages?folder=archive".to_owned(),
            "folder",
            "unknown_folder",
        ),
        (format!("/api/v1/messages?q={long_query}"), "q", "too_long"),
    ];

    for (uri, field, code) in cases {
        let (status, problem) = call(&app, "GET", &uri, &school.teacher.token, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(refused(&problem), [pair(field, code)], "{uri}");
    }
}

#[tokio::test]
async fn a_folder_pages_newest_first_with_a_cursor_and_searches_subject_and_body() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let to = json!([{ "account": school.lotte.id }]);
    let first = sent(&app, &school.teacher.token, message("Eerste", to.clone())).await;
    let second = sent(&app, &school.teacher.token, message("Tweede", to.clone())).await;
    let mut with_body = message("Derde", to);
    with_body["body"] = json!("Vergeet de zwemzak niet.");
    let third = sent(&app, &school.teacher.token, with_body).await;

    let (_, page_one) = call(
        &app,
        "GET",
        "/api/v1/messages?folder=inbox&limit=2",
        &school.lotte.token,
        None,
    )
    .await;
    let next = page_one["next"].as_str().unwrap();
    let (_, page_two) = call(
        &app,
        "GET",
        &format!("/api/v1/messages?limit=2&after={next}"),
        &school.lotte.token,
        None,
    )
    .await;
    let (_, found) = call(
        &app,
        "GET",
        "/api/v1/messages?q=ZWEMZAK",
        &school.lotte.token,
        None,
    )
    .await;

    let ids = |page: &serde_json::Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&page_one), [third.clone(), second]);
    assert_eq!(ids(&page_two), [first]);
    assert_eq!(page_two["next"], serde_json::Value::Null);
    assert_eq!(ids(&found), [third]);
}

#[tokio::test]
async fn an_id_that_is_not_a_uuid_answers_404_and_no_session_answers_401() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (bad_id, problem) = call(
        &app,
        "GET",
        "/api/v1/messages/lotte",
        &school.teacher.token,
        None,
    )
    .await;
    let (bad_receipts, _) = call(
        &app,
        "GET",
        "/api/v1/messages/1/receipts",
        &school.teacher.token,
        None,
    )
    .await;
    let anonymous = app
        .send(crate::support::empty_request(
            "GET",
            "/api/v1/messages",
            None,
        ))
        .await;

    assert_eq!(bad_id, StatusCode::NOT_FOUND);
    assert_eq!(problem["type"], "/problems/not-found");
    assert_eq!(bad_receipts, StatusCode::NOT_FOUND);
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
