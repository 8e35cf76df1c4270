//! The second factor (TOTP) through the API: enrolment and confirmation, sign-in answering
//! `second_factor_required` and completed with `totp`, a replayed code refused, a recovery
//! code once, turning it off, the school's rule for staff (403 until enrolled), and an
//! admin's removal that stays in its school.

use axum::http::StatusCode;
use chrono::Duration;
use schoolbrug_accounts::model::TotpSecret;
use schoolbrug_kernel::Clock as _;
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, TestApp, admin, body_json, call, is_problem, json_request, main_account,
};

/// Starts and confirms an enrolment for `token`; the secret and the recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (TotpSecret, Vec<String>) {
    let (status, started) = call(app, "POST", "/api/v1/me/totp", token, None).await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    let secret = TotpSecret::from_base32(started["secret"].as_str().unwrap()).unwrap();
    assert!(
        started["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let code = secret.code_at(app.clock.now());
    let (status, confirmed) = call(
        app,
        "POST",
        "/api/v1/me/totp/confirm",
        token,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    let codes = confirmed["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

/// `POST /api/v1/session` for `username` of sint-jan, with `totp` if given.
async fn sign_in(app: &TestApp, username: &str, totp: Option<&str>) -> (StatusCode, Value) {
    let mut body = json!({ "school": "sint-jan", "username": username, "password": PASSWORD });
    if let Some(code) = totp {
        body["totp"] = json!(code);
    }
    let response = app
        .send(json_request("POST", "/api/v1/session", None, &body))
        .await;
    let status = response.status();
    (status, body_json(response).await)
}

/// The code of the next time step, after moving the clock there.
fn next_code(app: &TestApp, secret: &TotpSecret) -> String {
    app.clock.advance(Duration::seconds(30));
    secret.code_at(app.clock.now())
}

#[tokio::test]
async fn enrolment_answers_the_secret_and_confirmation_the_recovery_codes_once() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    let (_, codes) = enrol(&app, &els.token).await;
    assert_eq!(codes.len(), 10);
    let (status, standing) = call(&app, "GET", "/api/v1/me/totp", &els.token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(standing["active"], json!(true));
    assert_eq!(standing["recovery_codes_left"], json!(10));
    // Confirmed once: nothing is left to confirm, and no second enrolment starts.
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/me/totp/confirm",
        &els.token,
        Some(json!({ "code": "123456" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, problem) = call(&app, "POST", "/api/v1/me/totp", &els.token, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "second_factor_active");
}

#[tokio::test]
async fn a_wrong_first_code_answers_422_wrong_code() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let (status, _) = call(&app, "POST", "/api/v1/me/totp", &admin, None).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, problem) = call(
        &app,
        "POST",
        "/api/v1/me/totp/confirm",
        &admin,
        Some(json!({ "code": "12345x" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "code");
    assert_eq!(problem["errors"][0]["code"], "wrong_code");
}

#[tokio::test]
async fn sign_in_asks_for_the_code_then_takes_it_once() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    let (secret, _) = enrol(&app, &els.token).await;

    let (status, problem) = sign_in(&app, "els", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "second_factor_required");

    let code = next_code(&app, &secret);
    let (status, created) = sign_in(&app, "els", Some(&code)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(created["token"].is_string());

    let (status, problem) = sign_in(&app, "els", Some(&code)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "second_factor_invalid");
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    let (_, codes) = enrol(&app, &els.token).await;
    let (status, _) = sign_in(&app, "els", Some(&codes[0])).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, problem) = sign_in(&app, "els", Some(&codes[0])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "second_factor_invalid");
}

#[tokio::test]
async fn wrong_codes_are_throttled_with_retry_after() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    enrol(&app, &els.token).await;
    for _ in 0..5 {
        let (status, _) = sign_in(&app, "els", Some("000000")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let response = app
        .send(json_request(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "school": "sint-jan", "username": "els", "password": PASSWORD, "totp": "000000" }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn turning_it_off_takes_a_code() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    let (secret, _) = enrol(&app, &els.token).await;
    let (status, problem) = call(
        &app,
        "DELETE",
        "/api/v1/me/totp",
        &els.token,
        Some(json!({ "code": "000000" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "wrong_code");
    let code = next_code(&app, &secret);
    let (status, _) = call(
        &app,
        "DELETE",
        "/api/v1/me/totp",
        &els.token,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = sign_in(&app, "els", None).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn staff_without_a_second_factor_get_403_until_enrolled_when_the_school_requires_it() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    let lotte = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/sign-in/second-factor",
        &admin,
        Some(json!({ "required_for_staff": true })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let (status, problem) = call(&app, "GET", "/api/v1/messages", &els.token, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(problem["code"], "second_factor_enrolment_required");
    // The admin too, until enrolled.
    let (status, _) = call(&app, "GET", "/api/v1/admin/accounts", &admin, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Who they are and enrolling stay open; pupils are not concerned.
    let (status, _) = call(&app, "GET", "/api/v1/me", &els.token, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(&app, "GET", "/api/v1/messages", &lotte.token, None).await;
    assert_eq!(status, StatusCode::OK);

    enrol(&app, &els.token).await;
    let (status, _) = call(&app, "GET", "/api/v1/messages", &els.token, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_removes_a_lost_second_factor_but_not_in_another_school() {
    let app = TestApp::new().await;
    app.create_school("atheneum", "admin2").await;
    let admin = admin(&app).await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let els = main_account(&app, &admin, "sint-jan", ("Els", "Maes"), &["teacher"]).await;
    enrol(&app, &els.token).await;
    let uri = format!("/api/v1/admin/accounts/{}/totp", els.id);

    let (status, problem) = call(&app, "DELETE", &uri, &other_admin, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
    let (status, _) = sign_in(&app, "els", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _) = call(&app, "DELETE", &uri, &els.token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = call(&app, "DELETE", &uri, &admin, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = sign_in(&app, "els", None).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, events) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/audit?account={}", els.id),
        &admin,
        None,
    )
    .await;
    assert!(
        events["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "second_factor_removed"),
        "{events}"
    );
}

#[tokio::test]
async fn the_endpoints_need_a_session() {
    let app = TestApp::new().await;
    for (method, uri) in [
        ("GET", "/api/v1/me/totp"),
        ("POST", "/api/v1/me/totp"),
        ("GET", "/api/v1/admin/sign-in/second-factor"),
    ] {
        let response = app
            .send(crate::support::empty_request(method, uri, None))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {uri}"
        );
        assert!(is_problem(&response));
    }
}
