//! The administration pages: creating accounts and co-accounts, one-time codes, erasing,
//! the account list; and what every page has in common (escaping, the stylesheet, the 404
//! page).

use axum::http::{StatusCode, header};

use crate::support::{PASSWORD, TestApp, body_text, form, location, page, page_in};

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
// Administration

#[tokio::test]
async fn an_admin_creates_a_pupil_adds_a_co_account_and_the_parent_sets_a_password_with_the_code() {
    let app = TestApp::new().await;
    let admin = app.log_in("beheerder", PASSWORD).await;

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
    let parent = app.log_in("an.janssens", new).await;
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
    let admin = app.log_in("beheerder", PASSWORD).await;
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
    let admin = app.log_in("beheerder", PASSWORD).await;
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
    app.log_in("an.janssens", PASSWORD).await;

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
    let admin = app.log_in("beheerder", PASSWORD).await;
    let lotte = app
        .main_account("pupil", "lotte.peeters", "Lotte", "Peeters")
        .await;
    app.co_account(lotte, "mother", "an.janssens", "An", "Janssens")
        .await;
    let parent = app.log_in("an.janssens", PASSWORD).await;
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
    let admin = app.log_in("beheerder", PASSWORD).await;
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
    let token = app.log_in("lotte.peeters", PASSWORD).await;
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
    let admin = app.log_in("beheerder", PASSWORD).await;
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

    let own = app.log_in("kwaad", PASSWORD).await;
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
    let response = app.send(page_in("/nergens", None, "en")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body_text(response).await.contains("Page not found"));
}
