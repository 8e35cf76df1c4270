//! Signing in and out on the pages: the login page in the browser's language, the
//! session cookie, throttling, the start page, and a co-account's start page.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{
    PASSWORD, TestApp, body_text, cookie_value, form, location, page, page_in, session_set_cookie,
    session_token, set_cookie_named,
};

// ---------------------------------------------------------------------------------------
// Signing in and out

#[tokio::test]
async fn the_login_page_is_dutch_by_default() {
    let app = TestApp::new().await;
    let response = app.send(page("/login", None)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "nl");
    let html = body_text(response).await;
    assert!(html.contains(r#"<html lang="nl">"#));
    assert!(html.contains("Gebruikersnaam"));
    assert!(html.contains(r#"id="username""#));
    assert!(html.contains(r#"id="password""#));
    assert!(html.contains(r#"id="login-submit""#));
}

#[tokio::test]
async fn the_login_page_is_english_when_the_browser_prefers_english() {
    let app = TestApp::new().await;
    let response = app
        .send(page_in("/login", None, "en-GB,en;q=0.9,nl;q=0.8"))
        .await;
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
    let html = body_text(response).await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Username"));
    assert!(!html.contains("Gebruikersnaam"));
}

#[tokio::test]
async fn the_school_field_shows_only_when_there_are_several_schools() {
    let app = TestApp::new().await;
    let html = body_text(app.send(page("/login", None)).await).await;
    assert!(!html.contains(r#"id="school""#));

    app.create_school("sint-maria", "beheer2").await;
    let html = body_text(app.send(page("/login", None)).await).await;
    assert!(html.contains(r#"id="school""#));
}

#[tokio::test]
async fn a_wrong_password_shows_the_same_message_as_an_unknown_user() {
    let app = TestApp::new().await;
    let wrong_password = app
        .send(form(
            "/login",
            None,
            &[
                ("username", "beheerder"),
                ("password", "niet het wachtwoord"),
            ],
        ))
        .await;
    let unknown_user = app
        .send(form(
            "/login",
            None,
            &[("username", "niemand"), ("password", "niet het wachtwoord")],
        ))
        .await;
    assert_eq!(wrong_password.status(), unknown_user.status());
    assert!(session_set_cookie(&wrong_password).is_none());
    let a = body_text(wrong_password).await;
    let b = body_text(unknown_user).await;
    let message = "De gebruikersnaam of het wachtwoord is onjuist.";
    assert!(a.contains(message));
    assert!(b.contains(message));
    // The username is filled in again; the password never is.
    assert!(a.contains(r#"value="beheerder""#));
    assert!(!a.contains("niet het wachtwoord"));
}

#[tokio::test]
async fn too_many_wrong_passwords_answer_429_with_the_wait_time() {
    let app = TestApp::new().await;
    let mut last = None;
    for _ in 0..8 {
        last = Some(
            app.send(form(
                "/login",
                None,
                &[("username", "beheerder"), ("password", "fout fout fout")],
            ))
            .await,
        );
    }
    let response = last.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let html = body_text(response).await;
    assert!(html.contains("Probeer het opnieuw over"), "{html}");
}

#[tokio::test]
async fn logging_in_sets_an_http_only_same_site_lax_cookie_and_the_start_page_shows_the_name() {
    let app = TestApp::new().await;
    let response = app
        .send(form(
            "/login",
            None,
            &[("username", "beheerder"), ("password", PASSWORD)],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let set_cookie = session_set_cookie(&response).unwrap();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    let token = session_token(&response).unwrap();

    let start = app.send(page("/", Some(&token))).await;
    assert_eq!(start.status(), StatusCode::OK);
    let html = body_text(start).await;
    assert!(html.contains("Greet Beheer"));
    assert!(html.contains("School sint-jan"));
    assert!(html.contains("Beheerder"));
    assert!(html.contains(r#"href="/admin/accounts""#));
    assert!(html.contains(r#"href="/password""#));
    assert!(html.contains(r#"id="logout-submit""#));
}

#[tokio::test]
async fn the_start_page_sends_a_stranger_to_the_login_page() {
    let app = TestApp::new().await;
    let response = app.send(page("/", None)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login");
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server() {
    let app = TestApp::new().await;
    let token = app.log_in("beheerder", PASSWORD).await;

    let response = app.send(form("/logout", Some(&token), &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?logged_out=1");
    let removal = session_set_cookie(&response).unwrap();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(
        response.headers()["clear-site-data"],
        r#""cache", "storage""#
    );

    // The browser forgot the cookie, but even a copy of it opens nothing any more.
    let again = app.send(page("/", Some(&token))).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&again), "/login");

    let note = body_text(app.send(page("/login?logged_out=1", None)).await).await;
    assert!(note.contains("U bent afgemeld."));
}

#[tokio::test]
async fn behind_tls_logging_out_reads_and_removes_the_host_prefixed_cookie() {
    let app = TestApp::behind_tls().await;
    let signed_in = app
        .send(form(
            "/login",
            None,
            &[("username", "beheerder"), ("password", PASSWORD)],
        ))
        .await;
    let set = signed_in
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("__Host-schoolbrug_session="))
        .unwrap();
    assert!(set.contains("Secure"), "{set}");
    let pair = set.split(';').next().unwrap().to_owned();
    let with_cookie = |method: &str, uri: &str| {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, pair.clone())
            .header("sec-fetch-site", "same-origin")
            .body(Body::empty())
            .unwrap()
    };

    let start = app.send(with_cookie("GET", "/")).await;
    let response = app.send(with_cookie("POST", "/logout")).await;
    let again = app.send(with_cookie("GET", "/")).await;

    assert_eq!(start.status(), StatusCode::OK);
    assert_eq!(location(&response), "/login?logged_out=1");
    assert_eq!(
        response.headers()["clear-site-data"],
        r#""cache", "storage""#
    );
    let removal = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        removal.starts_with("__Host-schoolbrug_session=;"),
        "{removal}"
    );
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(location(&again), "/login");
}

// ---------------------------------------------------------------------------------------
// Co-accounts

#[tokio::test]
async fn a_co_accounts_start_page_shows_its_child() {
    let app = TestApp::new().await;
    let lotte = app
        .main_account("pupil", "lotte.peeters", "Lotte", "Peeters")
        .await;
    app.co_account(lotte, "mother", "an.janssens", "An", "Janssens")
        .await;

    let token = app.log_in("an.janssens", PASSWORD).await;
    let html = body_text(app.send(page("/", Some(&token))).await).await;
    assert!(
        html.contains("Uw kind: <strong>Lotte Peeters</strong>"),
        "{html}"
    );
    assert!(html.contains("Moeder"));
    assert!(!html.contains(r#"href="/admin/accounts""#));
}

// ---------------------------------------------------------------------------------------
// Known devices

/// The login form posted with the device cookie (and no session).
fn login_with_device(password: &str, device: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if let Some(device) = device {
        builder = builder.header(header::COOKIE, format!("schoolbrug_device={device}"));
    }
    let password: String = url::form_urlencoded::byte_serialize(password.as_bytes()).collect();
    builder
        .body(Body::from(format!(
            "username=beheerder&password={password}"
        )))
        .unwrap()
}

#[tokio::test]
async fn the_browser_that_signed_in_before_gets_in_while_strangers_are_throttled() {
    let app = TestApp::new().await;
    let first = app.send(login_with_device(PASSWORD, None)).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let device = cookie_value(&first, "schoolbrug_device").expect("a device cookie");
    let set = set_cookie_named(&first, "schoolbrug_device").unwrap();
    assert!(
        set.contains("SameSite=Strict") && set.contains("HttpOnly"),
        "{set}"
    );
    for _ in 0..5 {
        let failed = app
            .send(login_with_device("verkeerd wachtwoord hier", None))
            .await;
        assert_eq!(failed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let stranger = app.send(login_with_device(PASSWORD, None)).await;
    assert_eq!(stranger.status(), StatusCode::TOO_MANY_REQUESTS);

    let owner = app.send(login_with_device(PASSWORD, Some(&device))).await;

    assert_eq!(owner.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&owner), "/");
    assert!(session_token(&owner).is_some());
}

// ---------------------------------------------------------------------------------------
// Load shedding

/// A real hasher whose verifications are refused as busy while told to.
struct SheddingVerifications {
    inner: std::sync::Arc<dyn schoolbrug_accounts::ports::PasswordHasher>,
    busy: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl schoolbrug_accounts::ports::PasswordHasher for SheddingVerifications {
    async fn hash(
        &self,
        password: &str,
    ) -> Result<schoolbrug_accounts::model::PasswordHash, schoolbrug_accounts::ports::HashError>
    {
        self.inner.hash(password).await
    }

    async fn verify(
        &self,
        password: &str,
        hash: &schoolbrug_accounts::model::PasswordHash,
    ) -> Result<schoolbrug_accounts::ports::Verification, schoolbrug_accounts::ports::HashError>
    {
        if self.busy.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(schoolbrug_accounts::ports::HashError::Busy {
                retry_after_secs: 2,
            });
        }
        self.inner.verify(password, hash).await
    }

    async fn verify_nothing(
        &self,
        password: &str,
    ) -> Result<(), schoolbrug_accounts::ports::HashError> {
        self.inner.verify_nothing(password).await
    }
}

#[tokio::test]
async fn a_shed_sign_in_says_the_server_is_busy_not_that_the_user_failed() {
    let hasher = std::sync::Arc::new(SheddingVerifications {
        inner: crate::support::fast_hasher(),
        busy: std::sync::atomic::AtomicBool::new(false),
    });
    let app = TestApp::with_hasher(hasher.clone()).await;
    hasher.busy.store(true, std::sync::atomic::Ordering::SeqCst);

    let response = app
        .send(form(
            "/login",
            None,
            &[("username", "beheerder"), ("password", PASSWORD)],
        ))
        .await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "2");
    let html = body_text(response).await;
    assert!(html.contains("te veel mensen tegelijk aan"), "{html}");
    assert!(!html.contains("Te veel mislukte pogingen"), "{html}");
}
