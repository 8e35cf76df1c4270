//! The second factor on the pages: enrolling shows a QR code, the link and the key, the
//! first code shows the recovery codes once, sign-in asks for the code in a second step
//! (with the password again), a replayed code is refused, staff of a school that requires
//! it are sent to enrol, and an admin removes a lost one.

use axum::http::StatusCode;
use chrono::Duration;
use schoolbrug_accounts::model::TotpSecret;
use schoolbrug_kernel::Clock as _;

use crate::support::{
    ENGLISH, PASSWORD, TestApp, body_text, form, location, page, page_in, session_token,
};

/// The key the enrolment page shows (`<code id="totp-key">…</code>`).
fn key_of(html: &str) -> TotpSecret {
    let start = html.find(r#"id="totp-key">"#).expect("the key") + r#"id="totp-key">"#.len();
    let end = start + html[start..].find('<').unwrap();
    TotpSecret::from_base32(&html[start..end]).unwrap()
}

/// Enrols the account signed in with `cookie` through the pages; the secret and the page
/// that shows the recovery codes.
async fn enrol(app: &TestApp, cookie: &str) -> (TotpSecret, String) {
    let response = app
        .send(form("/settings/second-factor/start", Some(cookie), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/settings/second-factor");
    let html = body_text(
        app.send(page("/settings/second-factor", Some(cookie)))
            .await,
    )
    .await;
    assert!(
        html.contains(r#"src="data:image/svg+xml;base64,"#),
        "{html}"
    );
    assert!(html.contains(r#"href="otpauth://totp/"#));
    let secret = key_of(&html);
    let code = secret.code_at(app.clock.now());
    let response = app
        .send(form(
            "/settings/second-factor/confirm",
            Some(cookie),
            &[("code", &code)],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    (secret, body_text(response).await)
}

async fn log_in_with(
    app: &TestApp,
    username: &str,
    totp: &str,
) -> axum::http::Response<axum::body::Body> {
    app.send(form(
        "/login",
        None,
        &[
            ("username", username),
            ("password", PASSWORD),
            ("totp", totp),
        ],
    ))
    .await
}

#[tokio::test]
async fn enrolling_shows_a_qr_code_and_then_the_recovery_codes_once() {
    let app = TestApp::new().await;
    app.main_account("teacher", "els", "Els", "Maes").await;
    let cookie = app.log_in("els", PASSWORD).await;
    let (_, html) = enrol(&app, &cookie).await;
    assert!(html.contains(r#"id="recovery-codes""#));
    assert_eq!(html.matches(r#"class="one-time-code""#).count(), 10);
    let again = body_text(
        app.send(page("/settings/second-factor", Some(&cookie)))
            .await,
    )
    .await;
    assert!(!again.contains(r#"id="recovery-codes""#));
    assert!(again.contains(r#"id="second-factor-on""#));
}

#[tokio::test]
async fn a_wrong_first_code_is_refused_on_the_page() {
    let app = TestApp::new().await;
    let cookie = app.log_in("beheerder", PASSWORD).await;
    app.send(form("/settings/second-factor/start", Some(&cookie), &[]))
        .await;
    let response = app
        .send(form(
            "/settings/second-factor/confirm",
            Some(&cookie),
            &[("code", "000000")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Deze code klopt niet."));
    // The enrolment is still shown, to try again.
    assert!(html.contains(r#"id="totp-key""#));
}

#[tokio::test]
async fn sign_in_asks_for_the_code_in_a_second_step_and_refuses_a_replay() {
    let app = TestApp::new().await;
    app.main_account("teacher", "els", "Els", "Maes").await;
    let cookie = app.log_in("els", PASSWORD).await;
    let (secret, _) = enrol(&app, &cookie).await;

    let response = app
        .send(form(
            "/login",
            None,
            &[("username", "els"), ("password", PASSWORD)],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(session_token(&response).is_none());
    let html = body_text(response).await;
    assert!(html.contains(r#"id="totp""#));
    assert!(html.contains(r#"value="els""#));
    // The password is asked again, never kept in the page.
    assert!(!html.contains(PASSWORD));

    app.clock.advance(Duration::seconds(30));
    let code = secret.code_at(app.clock.now());
    let response = log_in_with(&app, "els", &code).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(session_token(&response).is_some());

    let response = log_in_with(&app, "els", &code).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(session_token(&response).is_none());
    assert!(
        body_text(response)
            .await
            .contains("Deze code klopt niet, of werd al gebruikt.")
    );
}

#[tokio::test]
async fn turning_it_off_on_the_page_takes_a_code() {
    let app = TestApp::new().await;
    app.main_account("teacher", "els", "Els", "Maes").await;
    let cookie = app.log_in("els", PASSWORD).await;
    let (_, html) = enrol(&app, &cookie).await;
    let start = html.find(r#"class="one-time-code">"#).unwrap() + r#"class="one-time-code">"#.len();
    let recovery = &html[start..start + html[start..].find('<').unwrap()];
    let response = app
        .send(form(
            "/settings/second-factor/disable",
            Some(&cookie),
            &[("code", recovery)],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/settings/second-factor?disabled=1");
    app.log_in("els", PASSWORD).await;
}

#[tokio::test]
async fn staff_of_a_school_that_requires_it_are_sent_to_enrol_and_pupils_are_not() {
    let app = TestApp::new().await;
    app.main_account("teacher", "els", "Els", "Maes").await;
    app.main_account("pupil", "lotte", "Lotte", "Peeters").await;
    let admin = app.log_in("beheerder", PASSWORD).await;
    let response = app
        .send(form(
            "/admin/sign-in",
            Some(&admin),
            &[("required_for_staff", "on")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/admin/sign-in?saved=1");

    let els = app.log_in("els", PASSWORD).await;
    let response = app.send(page("/", Some(&els))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/settings/second-factor");
    let html = body_text(
        app.send(page_in("/settings/second-factor", Some(&els), ENGLISH))
            .await,
    )
    .await;
    assert!(html.contains("Your school requires a second factor for staff."));

    let lotte = app.log_in("lotte", PASSWORD).await;
    assert_eq!(
        app.send(page("/", Some(&lotte))).await.status(),
        StatusCode::OK
    );

    enrol(&app, &els).await;
    assert_eq!(
        app.send(page("/", Some(&els))).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_admin_removes_a_lost_second_factor_on_the_account_page() {
    let app = TestApp::new().await;
    let id = app.main_account("teacher", "els", "Els", "Maes").await;
    let els = app.log_in("els", PASSWORD).await;
    enrol(&app, &els).await;
    let admin = app.log_in("beheerder", PASSWORD).await;
    let account_page = body_text(
        app.send(page(&format!("/admin/accounts/{id}"), Some(&admin)))
            .await,
    )
    .await;
    assert!(account_page.contains(&format!(
        r#"action="/admin/accounts/{id}/second-factor/remove""#
    )));
    let response = app
        .send(form(
            &format!("/admin/accounts/{id}/second-factor/remove"),
            Some(&admin),
            &[],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("/admin/accounts/{id}?second_factor_removed=1")
    );
    app.log_in("els", PASSWORD).await;
    // A teacher cannot.
    let response = app
        .send(form(
            &format!("/admin/accounts/{id}/second-factor/remove"),
            Some(&els),
            &[],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
