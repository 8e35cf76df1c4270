//! The password pages: changing one's password (and every refusal, in the browser's
//! language), setting one with a one-time code, and logging out everywhere.

use axum::http::{StatusCode, header};

use crate::support::{
    PASSWORD, TestApp, body_text, form, form_from, location, page, session_set_cookie,
};

// ---------------------------------------------------------------------------------------
// Passwords

#[tokio::test]
async fn a_weak_new_password_is_refused_with_its_reason() {
    let app = TestApp::new().await;
    let token = app.log_in("beheerder", PASSWORD).await;
    let response = app
        .send(form(
            "/password",
            Some(&token),
            &[
                ("current", PASSWORD),
                ("new", "wachtwoord"),
                ("repeat", "wachtwoord2"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Er is een probleem"));
    assert!(html.contains("Het wachtwoord moet minstens 12 tekens lang zijn."));
    assert!(html.contains("Dit wachtwoord wordt veel gebruikt"));
    assert!(html.contains("De twee nieuwe wachtwoorden zijn niet gelijk."));
    assert!(html.contains(r##"<a href="#new">"##));
    assert!(html.contains(r##"<a href="#repeat">"##));
    assert!(html.contains(r#"id="current""#));
    assert!(html.contains(r#"id="password-submit""#));
}

#[tokio::test]
async fn a_wrong_current_password_is_refused() {
    let app = TestApp::new().await;
    let token = app.log_in("beheerder", PASSWORD).await;
    let response = app
        .send(form(
            "/password",
            Some(&token),
            &[
                ("current", "niet mijn wachtwoord"),
                ("new", "groene kikker zwemt naar huis"),
                ("repeat", "groene kikker zwemt naar huis"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body_text(response)
            .await
            .contains("Het huidige wachtwoord is onjuist.")
    );
}

#[tokio::test]
async fn a_good_new_password_is_set_and_other_sessions_end() {
    let app = TestApp::new().await;
    let token = app.log_in("beheerder", PASSWORD).await;
    let other = app.log_in("beheerder", PASSWORD).await;
    let new = "groene kikker zwemt naar huis";

    let response = app
        .send(form(
            "/password",
            Some(&token),
            &[("current", PASSWORD), ("new", new), ("repeat", new)],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/password?changed=1");
    let html = body_text(app.send(page("/password?changed=1", Some(&token))).await).await;
    assert!(html.contains("Uw wachtwoord is gewijzigd."));

    let other_session = app.send(page("/", Some(&other))).await;
    assert_eq!(other_session.status(), StatusCode::SEE_OTHER);
    app.log_in("beheerder", new).await;
}

#[tokio::test]
async fn password_reasons_are_english_for_an_english_browser() {
    let app = TestApp::new().await;
    let token = app.log_in("beheerder", PASSWORD).await;
    let mut request = form(
        "/password",
        Some(&token),
        &[("current", PASSWORD), ("new", "kort"), ("repeat", "kort")],
    );
    request
        .headers_mut()
        .insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
    let html = body_text(app.send(request).await).await;
    assert!(html.contains("There is a problem"));
    assert!(html.contains("The password must be at least 12 characters long."));
}

#[tokio::test]
async fn a_cross_site_post_to_the_password_page_is_refused() {
    let app = TestApp::new().await;
    let token = app.log_in("beheerder", PASSWORD).await;
    let new = "groene kikker zwemt naar huis";
    let response = app
        .send(form_from(
            "/password",
            Some(&token),
            &[("current", PASSWORD), ("new", new), ("repeat", new)],
            "cross-site",
        ))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Nothing changed: the old password still signs in.
    app.log_in("beheerder", PASSWORD).await;
}

#[tokio::test]
async fn a_wrong_code_on_the_reset_page_is_refused_with_one_message() {
    let app = TestApp::new().await;
    let response = app
        .send(form(
            "/password/reset",
            None,
            &[
                ("username", "beheerder"),
                ("code", "AAAA-BBBB-CCCC-DDDD"),
                ("new", "groene kikker zwemt naar huis"),
                ("repeat", "groene kikker zwemt naar huis"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Deze gebruikersnaam en code horen niet bij elkaar"));
    assert!(html.contains(r#"value="AAAA-BBBB-CCCC-DDDD""#));
    assert!(!html.contains("groene kikker"));
}

// ---------------------------------------------------------------------------------------
// Log out everywhere

#[tokio::test]
async fn the_button_on_the_password_page_logs_out_everywhere_and_no_one_else() {
    let app = TestApp::new().await;
    app.main_account("teacher", "els", "Els", "Claes").await;
    let token = app.log_in("beheerder", PASSWORD).await;
    let other = app.log_in("beheerder", PASSWORD).await;
    let teacher = app.log_in("els", PASSWORD).await;
    let html = body_text(app.send(page("/password", Some(&token))).await).await;
    assert!(html.contains(r#"action="/logout/everywhere""#));
    assert!(html.contains("Overal afmelden"));

    let response = app
        .send(form("/logout/everywhere", Some(&token), &[]))
        .await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?logged_out=1");
    let removal = session_set_cookie(&response).unwrap();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(
        response.headers()["clear-site-data"],
        r#""cache", "cookies", "storage""#
    );
    for ended in [&token, &other] {
        let again = app.send(page("/", Some(ended))).await;
        assert_eq!(location(&again), "/login");
    }
    assert_eq!(
        app.send(page("/", Some(&teacher))).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logging_out_everywhere_without_a_session_sends_to_the_login_page() {
    let app = TestApp::new().await;
    let response = app.send(form("/logout/everywhere", None, &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login");
}
