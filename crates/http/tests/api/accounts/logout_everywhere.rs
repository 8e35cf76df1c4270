//! `DELETE /api/v1/me/sessions`: signing out everywhere ends every session of the account,
//! the one used included, and no session of another account.

use axum::http::StatusCode;

use crate::support::{
    TestApp, admin, empty_request, is_problem, main_account, me_status, set_cookie_named,
};

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account_and_no_other() {
    let app = TestApp::new().await;
    let phone = admin(&app).await;
    let laptop = admin(&app).await;
    let teacher = main_account(&app, &phone, "sint-jan", ("Els", "Claes"), &["teacher"]).await;

    let response = app
        .send(empty_request("DELETE", "/api/v1/me/sessions", Some(&phone)))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        response.headers()["clear-site-data"],
        r#""cache", "cookies", "storage""#
    );
    let cookie = set_cookie_named(&response, "schoolbrug_session").unwrap();
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    assert_eq!(me_status(&app, &phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_status(&app, &laptop).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_status(&app, &teacher.token).await, StatusCode::OK);
}

#[tokio::test]
async fn signing_out_everywhere_without_a_session_answers_401_problem() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    app.send(empty_request("DELETE", "/api/v1/me/sessions", Some(&token)))
        .await;

    for token in [None, Some(token.as_str())] {
        let response = app
            .send(empty_request("DELETE", "/api/v1/me/sessions", token))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(is_problem(&response));
    }
}
