//! `PUT /api/v1/me/password` and `POST /api/v1/password-reset`: changing a password,
//! setting one with a one-time code issued by the school through the API.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, TestApp, admin, body_json, create_account, is_problem, issue_code, json_request,
    main_account, me_status, refused, reset_password, sign_in_status,
};

const NEW_PASSWORD: &str = "groene giraf eet zeven zure appels";

async fn change(
    app: &TestApp,
    token: &str,
    current: &str,
    new: &str,
    repeat: &str,
) -> axum::http::Response<axum::body::Body> {
    app.send(json_request(
        "PUT",
        "/api/v1/me/password",
        Some(token),
        &json!({ "current": current, "new": new, "repeat": repeat }),
    ))
    .await
}

fn has(problem: &Value, field: &str, code: &str) -> bool {
    refused(problem)
        .iter()
        .any(|(f, c)| f == field && c == code)
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_but_keeps_the_current_one() {
    let app = TestApp::new().await;
    let current = admin(&app).await;
    let other = admin(&app).await;

    let response = change(&app, &current, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, &current).await, StatusCode::OK);
    assert_eq!(me_status(&app, &other).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        sign_in_status(&app, "sint-jan", "beheerder", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "beheerder", NEW_PASSWORD).await,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_wrong_current_password_answers_401_and_the_session_stays() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = change(
        &app,
        &token,
        "niet mijn wachtwoord",
        NEW_PASSWORD,
        NEW_PASSWORD,
    )
    .await;

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(is_problem(&response));
    assert_eq!(body_json(response).await["code"], "wrong_current_password");
    assert_eq!(me_status(&app, &token).await, StatusCode::OK);
    assert_eq!(
        sign_in_status(&app, "sint-jan", "beheerder", PASSWORD).await,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn changing_the_password_without_a_session_answers_401() {
    let app = TestApp::new().await;

    let response = app
        .send(json_request(
            "PUT",
            "/api/v1/me/password",
            None,
            &json!({ "current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_too_short_new_password_answers_422_too_short() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = change(&app, &token, PASSWORD, "kort", "kort").await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(is_problem(&response));
    assert!(has(&body_json(response).await, "new", "too_short"));
}

#[tokio::test]
async fn a_repetition_that_differs_answers_422_mismatch_on_repeat() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = change(
        &app,
        &token,
        PASSWORD,
        NEW_PASSWORD,
        "groene giraf eet zeven zure peren",
    )
    .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&body_json(response).await, "repeat", "mismatch"));
}

#[tokio::test]
async fn the_current_password_as_new_one_answers_422_same_as_current() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = change(&app, &token, PASSWORD, PASSWORD, PASSWORD).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused(&body_json(response).await)
            .iter()
            .any(|(_, c)| c == "same_as_current")
    );
}

#[tokio::test]
async fn a_password_built_on_the_pupils_name_and_birth_date_answers_422_contains_personal_info() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let lotte = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;

    let response = change(
        &app,
        &lotte.token,
        PASSWORD,
        "LottePeeters2012!",
        "LottePeeters2012!",
    )
    .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(
        &body_json(response).await,
        "new",
        "contains_personal_info"
    ));
    assert_eq!(me_status(&app, &lotte.token).await, StatusCode::OK);
}

#[tokio::test]
async fn a_code_issued_by_the_admin_sets_the_password_once_and_then_answers_400() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let account = create_account(&app, &admin, "jonas", &["teacher"]).await;
    let code = issue_code(&app, &admin, account["id"].as_str().unwrap()).await;

    let first = reset_password(&app, "sint-jan", "jonas", &code, NEW_PASSWORD, NEW_PASSWORD).await;
    let reused = reset_password(&app, "sint-jan", "jonas", &code, PASSWORD, PASSWORD).await;

    assert_eq!(first.status(), StatusCode::NO_CONTENT);
    assert_eq!(reused.status(), StatusCode::BAD_REQUEST);
    assert!(is_problem(&reused));
    assert_eq!(body_json(reused).await["type"], "/problems/invalid-code");
    assert_eq!(
        sign_in_status(&app, "sint-jan", "jonas", NEW_PASSWORD).await,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn the_code_may_be_typed_in_lower_case_without_dashes() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let account = create_account(&app, &admin, "jonas", &["teacher"]).await;
    let code = issue_code(&app, &admin, account["id"].as_str().unwrap()).await;

    let response = reset_password(
        &app,
        "sint-jan",
        "jonas",
        &code.replace('-', "").to_lowercase(),
        NEW_PASSWORD,
        NEW_PASSWORD,
    )
    .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_unknown_user_a_wrong_code_and_an_expired_code_get_one_identical_400() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let account = create_account(&app, &admin, "jonas", &["teacher"]).await;
    let code = issue_code(&app, &admin, account["id"].as_str().unwrap()).await;

    let unknown = reset_password(
        &app,
        "sint-jan",
        "niemand",
        &code,
        NEW_PASSWORD,
        NEW_PASSWORD,
    )
    .await;
    let wrong = reset_password(
        &app,
        "sint-jan",
        "jonas",
        "AAAA-BBBB-CCCC-DDDD",
        NEW_PASSWORD,
        NEW_PASSWORD,
    )
    .await;
    app.clock.advance(chrono::Duration::days(8));
    let expired =
        reset_password(&app, "sint-jan", "jonas", &code, NEW_PASSWORD, NEW_PASSWORD).await;

    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(expired.status(), StatusCode::BAD_REQUEST);
    let unknown = crate::support::body_bytes(unknown).await;
    assert_eq!(unknown, crate::support::body_bytes(wrong).await);
    assert_eq!(unknown, crate::support::body_bytes(expired).await);
}

#[tokio::test]
async fn a_refused_password_answers_422_and_leaves_the_code_valid() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let account = create_account(&app, &admin, "lotte", &["pupil"]).await;
    let code = issue_code(&app, &admin, account["id"].as_str().unwrap()).await;

    let refused = reset_password(
        &app,
        "sint-jan",
        "lotte",
        &code,
        "LottePeeters2012!",
        "LottePeeters2012!",
    )
    .await;
    let accepted =
        reset_password(&app, "sint-jan", "lotte", &code, NEW_PASSWORD, NEW_PASSWORD).await;

    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(
        &body_json(refused).await,
        "new",
        "contains_personal_info"
    ));
    assert_eq!(accepted.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn repeated_wrong_codes_answer_429_with_retry_after() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let account = create_account(&app, &admin, "jonas", &["teacher"]).await;
    let code = issue_code(&app, &admin, account["id"].as_str().unwrap()).await;
    for _ in 0..5 {
        let wrong = reset_password(
            &app,
            "sint-jan",
            "jonas",
            "AAAA-BBBB-CCCC-DDDD",
            NEW_PASSWORD,
            NEW_PASSWORD,
        )
        .await;
        assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    }

    let throttled =
        reset_password(&app, "sint-jan", "jonas", &code, NEW_PASSWORD, NEW_PASSWORD).await;

    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(is_problem(&throttled));
    let retry_after: i64 = throttled.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    app.clock.advance(chrono::Duration::seconds(retry_after));
    let later = reset_password(&app, "sint-jan", "jonas", &code, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(later.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn setting_a_password_with_a_code_ends_every_session_of_the_account() {
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
    let code = issue_code(&app, &admin_token, &lotte.id).await;

    let response =
        reset_password(&app, "sint-jan", "lotte", &code, NEW_PASSWORD, NEW_PASSWORD).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&app, &lotte.token).await,
        StatusCode::UNAUTHORIZED
    );
}
