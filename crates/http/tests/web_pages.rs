//! The server-rendered pages, driven as a browser would: forms posted from our own pages
//! (`Sec-Fetch-Site: same-origin`), the session in the `schoolbrug_session` cookie.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use schoolbrug_http::SESSION_COOKIE;
use support::{PASSWORD, TestApp, body_text};
use url::form_urlencoded;

// ---------------------------------------------------------------------------------------
// Helpers

/// A GET as a browser sends it, with the session cookie if given.
fn page(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method("GET").uri(uri);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    builder.body(Body::empty()).unwrap()
}

/// A GET with an `Accept-Language` header.
fn page_in(uri: &str, accept_language: &str) -> Request<Body> {
    Request::builder()
        .method("GET")
        .uri(uri)
        .header(header::ACCEPT_LANGUAGE, accept_language)
        .body(Body::empty())
        .unwrap()
}

/// A form POST from one of our own pages.
fn form(uri: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    form_from(uri, cookie, fields, "same-origin")
}

/// A form POST with the given `Sec-Fetch-Site`.
fn form_from(
    uri: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    sec_fetch_site: &str,
) -> Request<Body> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let mut builder = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", sec_fetch_site);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, format!("{SESSION_COOKIE}={cookie}"));
    }
    builder.body(Body::from(body)).unwrap()
}

/// The `Set-Cookie` header for the session cookie, if the response has one.
fn session_set_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{SESSION_COOKIE}=")))
        .map(str::to_owned)
}

/// The session token a response sets.
fn session_token(response: &Response<Body>) -> Option<String> {
    session_set_cookie(response).map(|c| {
        c.split(';')
            .next()
            .unwrap()
            .trim_start_matches(&format!("{SESSION_COOKIE}="))
            .to_owned()
    })
}

/// Where a redirect points.
fn location(response: &Response<Body>) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

/// Signs in through the login page and returns the session cookie's value.
async fn log_in(app: &TestApp, username: &str, password: &str) -> String {
    let response = app
        .send(form(
            "/login",
            None,
            &[("username", username), ("password", password)],
        ))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "login of {username}"
    );
    assert_eq!(location(&response), "/");
    session_token(&response).expect("a session cookie")
}

/// The text between `<code class="one-time-code" id="one-time-code">` and `</code>`.
fn one_time_code(html: &str) -> String {
    let start = html
        .find(r#"id="one-time-code">"#)
        .expect("a one-time code on the page")
        + r#"id="one-time-code">"#.len();
    let end = start + html[start..].find("</code>").unwrap();
    html[start..end].to_owned()
}

/// The id in `/admin/accounts/{id}?…`.
fn account_id_in(path: &str) -> String {
    path.trim_start_matches("/admin/accounts/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

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
    let response = app.send(page_in("/login", "en-GB,en;q=0.9,nl;q=0.8")).await;
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
    let token = log_in(&app, "beheerder", PASSWORD).await;

    let response = app.send(form("/logout", Some(&token), &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?logged_out=1");
    let removal = session_set_cookie(&response).unwrap();
    assert!(removal.contains("Max-Age=0"), "{removal}");

    // The browser forgot the cookie, but even a copy of it opens nothing any more.
    let again = app.send(page("/", Some(&token))).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&again), "/login");

    let note = body_text(app.send(page("/login?logged_out=1", None)).await).await;
    assert!(note.contains("U bent afgemeld."));
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

    let token = log_in(&app, "an.janssens", PASSWORD).await;
    let html = body_text(app.send(page("/", Some(&token))).await).await;
    assert!(
        html.contains("Uw kind: <strong>Lotte Peeters</strong>"),
        "{html}"
    );
    assert!(html.contains("Moeder"));
    assert!(!html.contains(r#"href="/admin/accounts""#));
}

// ---------------------------------------------------------------------------------------
// Passwords

#[tokio::test]
async fn a_weak_new_password_is_refused_with_its_reason() {
    let app = TestApp::new().await;
    let token = log_in(&app, "beheerder", PASSWORD).await;
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
    let token = log_in(&app, "beheerder", PASSWORD).await;
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
    let token = log_in(&app, "beheerder", PASSWORD).await;
    let other = log_in(&app, "beheerder", PASSWORD).await;
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
    log_in(&app, "beheerder", new).await;
}

#[tokio::test]
async fn password_reasons_are_english_for_an_english_browser() {
    let app = TestApp::new().await;
    let token = log_in(&app, "beheerder", PASSWORD).await;
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
    let token = log_in(&app, "beheerder", PASSWORD).await;
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
    log_in(&app, "beheerder", PASSWORD).await;
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
// Administration

#[tokio::test]
async fn an_admin_creates_a_pupil_adds_a_co_account_and_the_parent_sets_a_password_with_the_code() {
    let app = TestApp::new().await;
    let admin = log_in(&app, "beheerder", PASSWORD).await;

    // A pupil.
    let created = app
        .send(form(
            "/admin/accounts/new",
            Some(&admin),
            &[
                ("username", "lotte.peeters"),
                ("first_name", "Lotte"),
                ("last_name", "Peeters"),
                ("role_pupil", "on"),
                ("birth_date", "2012-03-14"),
            ],
        ))
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let pupil_page = location(&created).to_owned();
    assert!(pupil_page.ends_with("?created=1"), "{pupil_page}");
    let pupil_id = account_id_in(&pupil_page);
    let html = body_text(app.send(page(&pupil_page, Some(&admin))).await).await;
    assert!(html.contains("Lotte Peeters"));
    assert!(html.contains("14 maart 2012"));

    // A co-account.
    let added = app
        .send(form(
            &format!("/admin/accounts/{pupil_id}/co-accounts"),
            Some(&admin),
            &[
                ("slot", "1"),
                ("relation", "mother"),
                ("username", "an.janssens"),
                ("first_name", "An"),
                ("last_name", "Janssens"),
                ("email", ""),
                ("active_until", ""),
            ],
        ))
        .await;
    assert_eq!(
        added.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(added).await
    );
    let html = body_text(
        app.send(page(&format!("/admin/accounts/{pupil_id}"), Some(&admin)))
            .await,
    )
    .await;
    assert!(html.contains("an.janssens"));
    assert!(html.contains("Moeder"));
    let co_id = html
        .split(r#"action="/admin/co-accounts/"#)
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();

    // Its one-time code, shown once on the page that answers the POST.
    let issued = app
        .send(form(
            &format!("/admin/accounts/{co_id}/reset-code"),
            Some(&admin),
            &[],
        ))
        .await;
    assert_eq!(issued.status(), StatusCode::OK);
    assert!(!issued.headers().contains_key(header::LOCATION));
    assert_eq!(issued.headers()[header::CACHE_CONTROL], "no-store");
    let html = body_text(issued).await;
    let code = one_time_code(&html);
    assert_eq!(code.len(), 19, "{code}");
    assert_eq!(html.matches(&code).count(), 1);
    let again = body_text(
        app.send(page(&format!("/admin/accounts/{pupil_id}"), Some(&admin)))
            .await,
    )
    .await;
    assert!(!again.contains(&code));

    // The parent sets a password with it and signs in.
    let new = "paars konijn springt over de maan";
    let reset = app
        .send(form(
            "/password/reset",
            None,
            &[
                ("username", "an.janssens"),
                ("code", &code.to_lowercase()),
                ("new", new),
                ("repeat", new),
            ],
        ))
        .await;
    assert_eq!(
        reset.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(reset).await
    );
    assert_eq!(location(&reset), "/login?password_set=1");
    let parent = log_in(&app, "an.janssens", new).await;
    let html = body_text(app.send(page("/", Some(&parent))).await).await;
    assert!(html.contains("Uw kind: <strong>Lotte Peeters</strong>"));

    // The code worked once.
    let twice = app
        .send(form(
            "/password/reset",
            None,
            &[
                ("username", "an.janssens"),
                ("code", &code),
                ("new", new),
                ("repeat", new),
            ],
        ))
        .await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_refused_new_account_shows_every_reason_and_keeps_the_values() {
    let app = TestApp::new().await;
    let admin = log_in(&app, "beheerder", PASSWORD).await;
    let response = app
        .send(form(
            "/admin/accounts/new",
            Some(&admin),
            &[
                ("username", "x"),
                ("first_name", "Lotte"),
                ("last_name", ""),
                ("role_pupil", "on"),
                ("role_teacher", "on"),
                ("email", "geen-adres"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains(r##"<a href="#username">"##));
    assert!(html.contains(r##"<a href="#last_name">"##));
    assert!(html.contains(r##"<a href="#roles">"##));
    assert!(html.contains(r##"<a href="#email">"##));
    assert!(html.contains(r#"value="Lotte""#));
    assert!(html.contains(r#"value="geen-adres""#));
}

#[tokio::test]
async fn erasing_needs_the_confirmation_box() {
    let app = TestApp::new().await;
    let admin = log_in(&app, "beheerder", PASSWORD).await;
    let lotte = app
        .main_account("pupil", "lotte.peeters", "Lotte", "Peeters")
        .await;
    app.co_account(lotte, "mother", "an.janssens", "An", "Janssens")
        .await;

    let unconfirmed = app
        .send(form(
            &format!("/admin/accounts/{lotte}/erase"),
            Some(&admin),
            &[],
        ))
        .await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(unconfirmed).await.contains("Vink het vakje aan"));
    log_in(&app, "an.janssens", PASSWORD).await;

    let erased = app
        .send(form(
            &format!("/admin/accounts/{lotte}/erase"),
            Some(&admin),
            &[("confirm", "yes")],
        ))
        .await;
    assert_eq!(erased.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&erased), "/admin/accounts?erased=2");
    let gone = app
        .send(page(&format!("/admin/accounts/{lotte}"), Some(&admin)))
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn resetting_a_co_account_shows_a_new_code_once() {
    let app = TestApp::new().await;
    let admin = log_in(&app, "beheerder", PASSWORD).await;
    let lotte = app
        .main_account("pupil", "lotte.peeters", "Lotte", "Peeters")
        .await;
    app.co_account(lotte, "mother", "an.janssens", "An", "Janssens")
        .await;
    let parent = log_in(&app, "an.janssens", PASSWORD).await;
    let html = body_text(
        app.send(page(&format!("/admin/accounts/{lotte}"), Some(&admin)))
            .await,
    )
    .await;
    let co_id = html
        .split(r#"action="/admin/co-accounts/"#)
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();

    let response = app
        .send(form(
            &format!("/admin/co-accounts/{co_id}/reset"),
            Some(&admin),
            &[("confirm", "yes")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("Het co-account is gereset"));
    assert_eq!(one_time_code(&html).len(), 19);
    // The old password and sessions are gone.
    assert_eq!(
        app.send(page("/", Some(&parent))).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_account_list_filters_by_role_and_text_and_pages_on() {
    let app = TestApp::new().await;
    let admin = log_in(&app, "beheerder", PASSWORD).await;
    app.main_account("pupil", "lotte.peeters", "Lotte", "Peeters")
        .await;
    app.main_account("pupil", "tom.maes", "Tom", "Maes").await;

    let html = body_text(
        app.send(page("/admin/accounts?role=pupil", Some(&admin)))
            .await,
    )
    .await;
    assert!(html.contains("lotte.peeters"));
    assert!(html.contains("tom.maes"));
    assert!(!html.contains(">beheerder<"));

    let html = body_text(app.send(page("/admin/accounts?q=peet", Some(&admin))).await).await;
    assert!(html.contains("lotte.peeters"));
    assert!(!html.contains("tom.maes"));

    let bad = app
        .send(page("/admin/accounts?after=%25%25", Some(&admin)))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_pupil_gets_404_on_the_administration_pages() {
    let app = TestApp::new().await;
    app.main_account("pupil", "lotte.peeters", "Lotte", "Peeters")
        .await;
    let token = log_in(&app, "lotte.peeters", PASSWORD).await;
    for path in ["/admin/accounts", "/admin/accounts/new", "/admin"] {
        let response = app.send(page(path, Some(&token))).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(body_text(response).await.contains("Pagina niet gevonden"));
    }
    let response = app
        .send(form(
            "/admin/accounts/new",
            Some(&token),
            &[("username", "x")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn user_supplied_names_are_html_escaped() {
    let app = TestApp::new().await;
    let admin = log_in(&app, "beheerder", PASSWORD).await;
    app.main_account(
        "pupil",
        "kwaad",
        "<script>alert(1)</script>",
        "\"><img src=x>",
    )
    .await;

    let list = body_text(app.send(page("/admin/accounts", Some(&admin))).await).await;
    assert!(!list.contains("<script>alert(1)"));
    assert!(!list.contains("<img src=x>"));
    assert!(list.contains("&#60;script&#62;") || list.contains("&lt;script&gt;"));

    let own = log_in(&app, "kwaad", PASSWORD).await;
    let start = body_text(app.send(page("/", Some(&own))).await).await;
    assert!(!start.contains("<script>alert(1)"));
}

#[tokio::test]
async fn every_page_links_the_stylesheet_and_no_inline_style_or_script() {
    let app = TestApp::new().await;
    let html = body_text(app.send(page("/login", None)).await).await;
    assert!(html.contains(r#"<link rel="stylesheet" href="/static/schoolbrug.css">"#));
    assert!(!html.contains("<script"));
    assert!(!html.contains("style="));
    let css = app.send(page("/static/schoolbrug.css", None)).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(
        css.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
}

#[tokio::test]
async fn an_unknown_page_answers_the_404_page() {
    let app = TestApp::new().await;
    let response = app.send(page_in("/nergens", "en")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body_text(response).await.contains("Page not found"));
}
