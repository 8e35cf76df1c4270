//! Robust input: whatever a client sends, the API answers a problem+json with a 4xx —
//! never a plain-text rejection, never a 500.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::support::{
    TestApp, admin, body_json, create_account, empty_request, is_problem, json_request,
};

fn raw(
    method: &str,
    uri: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: &str,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn malformed_json_answers_400_problem() {
    let app = TestApp::new().await;

    let response = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/json"),
            r#"{"username": "beheerder", "password": "#,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(is_problem(&response));
    assert_eq!(body_json(response).await["type"], "/problems/bad-request");
}

#[tokio::test]
async fn an_empty_body_and_trailing_garbage_answer_400() {
    let app = TestApp::new().await;

    let empty = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/json"),
            "",
        ))
        .await;
    let trailing = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/json"),
            r#"{"username": "a", "password": "b"} {"#,
        ))
        .await;

    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    assert!(is_problem(&empty));
    assert_eq!(trailing.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_missing_field_answers_422_naming_it() {
    let app = TestApp::new().await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "username": "beheerder" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(is_problem(&response));
    let problem = body_json(response).await;
    assert_eq!(problem["errors"][0]["field"], "password");
    assert_eq!(problem["errors"][0]["code"], "required");
}

#[tokio::test]
async fn a_value_of_the_wrong_type_answers_422_naming_the_field() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({ "username": "x", "first_name": "X", "last_name": "Y", "roles": "admin" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = body_json(response).await;
    assert_eq!(problem["errors"][0]["field"], "roles");
    assert_eq!(problem["errors"][0]["code"], "invalid_type");
    assert!(
        !problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line")
    );
}

#[tokio::test]
async fn a_date_in_the_wrong_form_answers_422_naming_the_field() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({ "username": "x1", "first_name": "X", "last_name": "Y", "roles": ["pupil"], "birth_date": "14/03/2012" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(response).await["errors"][0]["field"],
        "birth_date"
    );
}

#[tokio::test]
async fn a_slot_that_is_not_a_number_answers_422_on_slot() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let pupil = create_account(&app, &token, "lotte", &["pupil"]).await;

    let response = app
        .send(json_request(
            "POST",
            &format!("/api/v1/admin/accounts/{}/co-accounts", pupil["id"].as_str().unwrap()),
            Some(&token),
            &json!({ "slot": "1", "relation": "mother", "username": "els", "first_name": "E", "last_name": "J" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(response).await["errors"][0]["field"], "slot");
}

#[tokio::test]
async fn a_body_that_is_not_an_object_answers_422() {
    let app = TestApp::new().await;

    let response = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/json"),
            "[1, 2]",
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(is_problem(&response));
}

#[tokio::test]
async fn a_body_without_a_json_content_type_answers_415_problem() {
    let app = TestApp::new().await;
    let body = json!({ "username": "beheerder", "password": "x" }).to_string();

    let missing = app
        .send(raw("POST", "/api/v1/session", None, None, &body))
        .await;
    let form = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/x-www-form-urlencoded"),
            "username=beheerder&password=x",
        ))
        .await;

    assert_eq!(missing.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(is_problem(&missing));
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(is_problem(&form));
}

#[tokio::test]
async fn a_json_content_type_with_a_charset_is_accepted() {
    let app = TestApp::new().await;
    let body =
        json!({ "school": "sint-jan", "username": "beheerder", "password": crate::support::PASSWORD })
            .to_string();

    let response = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/json; charset=utf-8"),
            &body,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_path_id_that_is_not_a_uuid_answers_404_problem() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    for (method, uri) in [
        ("GET", "/api/v1/admin/accounts/lotte"),
        ("DELETE", "/api/v1/admin/accounts/12"),
        ("POST", "/api/v1/admin/accounts/not-a-uuid/reset-code"),
        ("POST", "/api/v1/admin/co-accounts/%00/reset"),
    ] {
        let response = app.send(empty_request(method, uri, Some(&token))).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {uri}");
        assert!(is_problem(&response));
        assert_eq!(body_json(response).await["type"], "/problems/not-found");
    }
}

#[tokio::test]
async fn a_query_string_that_cannot_be_read_answers_400_problem() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(empty_request(
            "GET",
            "/api/v1/admin/accounts?limit=1&limit=2",
            Some(&token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(is_problem(&response));
}

#[tokio::test]
async fn an_unknown_endpoint_answers_404_and_a_wrong_method_405_both_problems() {
    let app = TestApp::new().await;

    let unknown = app
        .send(empty_request("GET", "/api/v1/nothing-here", None))
        .await;
    let wrong_method = app
        .send(empty_request("PATCH", "/api/v1/session", None))
        .await;

    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(is_problem(&unknown));
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(is_problem(&wrong_method));
}

#[tokio::test]
async fn an_unauthenticated_request_with_a_bad_body_answers_401_before_reading_it() {
    let app = TestApp::new().await;

    let response = app
        .send(raw(
            "PUT",
            "/api/v1/me/password",
            None,
            Some("application/json"),
            "{",
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn no_hostile_body_makes_any_endpoint_answer_500() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let id = uuid::Uuid::now_v7();
    let endpoints = [
        ("POST", "/api/v1/session".to_owned()),
        ("POST", "/api/v1/password-reset".to_owned()),
        ("PUT", "/api/v1/me/password".to_owned()),
        ("POST", "/api/v1/me/terms".to_owned()),
        ("POST", "/api/v1/admin/accounts".to_owned()),
        ("POST", format!("/api/v1/admin/accounts/{id}/co-accounts")),
        ("POST", "/api/v1/admin/groups".to_owned()),
        ("PUT", format!("/api/v1/admin/groups/{id}/members")),
    ];
    let long = "x".repeat(10_000);
    let bodies = [
        "".to_owned(),
        "null".to_owned(),
        "{}".to_owned(),
        "[]".to_owned(),
        "\"text\"".to_owned(),
        "{\"username\": null, \"password\": 5}".to_owned(),
        "{\"slot\": 99999999999999999999999}".to_owned(),
        "{\"members\": {\"a\": 1}}".to_owned(),
        format!("{{\"username\": \"{long}\", \"password\": \"{long}\", \"school\": \"{long}\", \"code\": \"{long}\", \"new\": \"{long}\", \"repeat\": \"{long}\", \"current\": \"{long}\", \"version\": \"{long}\", \"name\": \"{long}\", \"kind\": \"{long}\", \"first_name\": \"{long}\", \"last_name\": \"{long}\", \"roles\": [\"{long}\"], \"relation\": \"{long}\", \"slot\": -1, \"members\": []}}"),
        "{\"username\": \"\\u0000\", \"password\": \"\\ud800\"}".to_owned(),
        "\u{feff}{}".to_owned(),
        "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]}".to_owned(),
    ];

    for (method, uri) in &endpoints {
        for body in &bodies {
            let response = app
                .send(raw(
                    method,
                    uri,
                    Some(&token),
                    Some("application/json"),
                    body,
                ))
                .await;
            let status = response.status();
            assert!(
                status.is_client_error() || status.is_success(),
                "{method} {uri} with {body:.60} answered {status}"
            );
            if status.is_client_error() {
                assert!(
                    is_problem(&response),
                    "{method} {uri} with {body:.60}: not a problem"
                );
            }
        }
    }
}

/// A body over the limit answers a 413 problem, whether it turns out too large while
/// being read or announces its size in `Content-Length` (refused before reading).
#[tokio::test]
async fn a_body_over_the_limit_answers_413() {
    let app = TestApp::new().await;
    let huge = format!(
        "{{\"username\": \"{}\", \"password\": \"x\"}}",
        "x".repeat(2 * 1024 * 1024)
    );

    let streamed = app
        .send(raw(
            "POST",
            "/api/v1/session",
            None,
            Some("application/json"),
            &huge,
        ))
        .await;
    let mut announced = raw(
        "POST",
        "/api/v1/session",
        None,
        Some("application/json"),
        &huge,
    );
    announced
        .headers_mut()
        .insert(header::CONTENT_LENGTH, huge.len().into());
    let announced = app.send(announced).await;

    assert_eq!(streamed.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_problem(&streamed));
    assert_eq!(announced.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(is_problem(&announced));
    assert_eq!(announced.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn a_wrong_method_answers_405_with_the_allowed_ones() {
    let app = TestApp::new().await;

    let response = app
        .send(empty_request("PATCH", "/api/v1/session", None))
        .await;

    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[header::ALLOW], "POST,DELETE");
}
