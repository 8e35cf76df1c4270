//! The admin's sign-in settings page: the school's identity provider entered, refused
//! field by field (a shared Microsoft issuer), kept without retyping its secret, never
//! shown back, removed; only an admin gets the page.

use axum::http::StatusCode;

use crate::support::{ENGLISH, PASSWORD, TestApp, body_text, form, location, page, page_in};

const TENANT_ISSUER: &str =
    "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";

#[tokio::test]
async fn an_admin_enters_the_schools_provider_on_the_page_and_the_secret_never_comes_back() {
    let app = TestApp::new().await;
    let admin = app.log_in("beheerder", PASSWORD).await;
    let html = body_text(
        app.send(page_in("/admin/sign-in", Some(&admin), ENGLISH))
            .await,
    )
    .await;
    assert!(
        html.contains("/auth/oidc/callback"),
        "the redirect URI: {html}"
    );
    assert!(!html.contains("provider-remove-submit"), "{html}");

    let response = app
        .send(form(
            "/admin/sign-in/oidc",
            Some(&admin),
            &[
                ("issuer", TENANT_ISSUER),
                ("client_id", "app-1"),
                ("client_secret", "very-secret-value"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/admin/sign-in?provider=saved");
    let html = body_text(
        app.send(page_in(
            "/admin/sign-in?provider=saved",
            Some(&admin),
            ENGLISH,
        ))
        .await,
    )
    .await;
    assert!(
        html.contains("The identity provider has been saved."),
        "{html}"
    );
    assert!(
        html.contains(TENANT_ISSUER) && html.contains("app-1"),
        "{html}"
    );
    assert!(!html.contains("very-secret-value"), "{html}");

    // A new client id without retyping the secret keeps the stored one.
    let response = app
        .send(form(
            "/admin/sign-in/oidc",
            Some(&admin),
            &[
                ("issuer", TENANT_ISSUER),
                ("client_id", "app-2"),
                ("client_secret", ""),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let login = body_text(app.send(page("/login", None)).await).await;
    assert!(login.contains("/auth/oidc/"), "the button: {login}");

    let response = app
        .send(form("/admin/sign-in/oidc/remove", Some(&admin), &[]))
        .await;
    assert_eq!(location(&response), "/admin/sign-in?provider=removed");
    let login = body_text(app.send(page("/login", None)).await).await;
    assert!(!login.contains("/auth/oidc/"), "no button: {login}");
}

#[tokio::test]
async fn a_shared_issuer_is_refused_on_the_page_with_the_reason_and_nothing_is_saved() {
    let app = TestApp::new().await;
    let admin = app.log_in("beheerder", PASSWORD).await;
    let mut request = form(
        "/admin/sign-in/oidc",
        Some(&admin),
        &[
            ("issuer", "https://login.microsoftonline.com/common/v2.0"),
            ("client_id", ""),
            ("client_secret", "s3cret"),
        ],
    );
    request
        .headers_mut()
        .insert("accept-language", ENGLISH.parse().unwrap());
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains(r#"id="issuer-error""#), "{html}");
    assert!(html.contains("not a shared one"), "{html}");
    assert!(html.contains(r#"id="client_id-error""#), "{html}");
    assert!(
        !html.contains("s3cret"),
        "the secret is not put back: {html}"
    );
    let login = body_text(app.send(page("/login", None)).await).await;
    assert!(!login.contains("/auth/oidc/"), "nothing saved: {login}");
}

#[tokio::test]
async fn only_an_admin_gets_the_sign_in_settings() {
    let app = TestApp::new().await;
    app.main_account("teacher", "els", "Els", "Maes").await;
    let els = app.log_in("els", PASSWORD).await;
    assert_eq!(
        app.send(page("/admin/sign-in", Some(&els))).await.status(),
        StatusCode::NOT_FOUND
    );
    let response = app
        .send(form(
            "/admin/sign-in/oidc",
            Some(&els),
            &[
                ("issuer", TENANT_ISSUER),
                ("client_id", "x"),
                ("client_secret", "y"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let login = body_text(app.send(page("/login", None)).await).await;
    assert!(!login.contains("/auth/oidc/"), "{login}");
}
