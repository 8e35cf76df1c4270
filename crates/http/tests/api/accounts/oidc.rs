//! Signing in with the school's identity provider: `PUT /api/v1/admin/sign-in/oidc`,
//! `PUT /api/v1/admin/accounts/{id}/external-id`, and the round trip through
//! `/auth/oidc/{school}/start` and `/auth/oidc/callback` (on the fake provider, which
//! vouches for subject `S` when given the code `sub:S`).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{
    TestApp, admin, body_text, call, co_account, is_problem, json_request, main_account, me_status,
    pair, refused,
};

fn provider() -> Value {
    json!({
        "issuer": "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
        "client_id": "client-1",
        "client_secret": "s3cret",
    })
}

async fn with_provider(app: &TestApp, admin: &str) {
    let (status, _) = call(
        app,
        "PUT",
        "/api/v1/admin/sign-in/oidc",
        admin,
        Some(provider()),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

fn set_cookies(response: &axum::http::Response<Body>) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Starts a sign-in: the state (from the provider URL) and the state cookie.
async fn start(app: &TestApp) -> (String, String) {
    let response = app.send(get("/auth/oidc/sint-jan/start", None)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let state = location
        .split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let cookie = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("schoolbrug_oidc_state="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    (state, cookie)
}

#[tokio::test]
async fn an_admin_sets_the_provider_and_never_reads_the_secret_back() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let (status, body) = call(&app, "GET", "/api/v1/admin/sign-in/oidc", &admin, None).await;
    assert_eq!((status, body), (StatusCode::OK, Value::Null));
    with_provider(&app, &admin).await;
    let (status, body) = call(&app, "GET", "/api/v1/admin/sign-in/oidc", &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["client_id"], "client-1");
    assert_eq!(body["client_secret_set"], true);
    assert!(!body.to_string().contains("s3cret"));
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/sign-in/oidc",
        &admin,
        Some(Value::Null),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = call(&app, "GET", "/api/v1/admin/sign-in/oidc", &admin, None).await;
    assert_eq!(body, Value::Null);
}

#[tokio::test]
async fn a_shared_issuer_is_refused_with_422_multi_tenant_issuer() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    for issuer in [
        "https://login.microsoftonline.com/common/v2.0",
        "https://login.microsoftonline.com/organizations/v2.0",
        "https://login.microsoftonline.com/consumers/v2.0",
        "https://login.microsoftonline.com/{tenantid}/v2.0",
    ] {
        let mut body = provider();
        body["issuer"] = json!(issuer);
        let response = app
            .send(json_request(
                "PUT",
                "/api/v1/admin/sign-in/oidc",
                Some(&admin),
                &body,
            ))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{issuer}"
        );
        assert!(is_problem(&response));
        let problem: Value = serde_json::from_str(&body_text(response).await).unwrap();
        assert_eq!(
            refused(&problem),
            vec![pair("issuer", "multi_tenant_issuer")]
        );
    }
}

#[tokio::test]
async fn only_an_admin_manages_the_provider_and_links() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    with_provider(&app, &admin).await;
    let teacher = main_account(&app, &admin, "sint-jan", ("Els", "Claes"), &["teacher"]).await;
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/sign-in/oidc",
        &teacher.token,
        Some(Value::Null),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let uri = format!("/api/v1/admin/accounts/{}/external-id", teacher.id);
    let (status, _) = call(
        &app,
        "PUT",
        &uri,
        &teacher.token,
        Some(json!({"subject": "x"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = call(&app, "GET", "/api/v1/admin/sign-in/oidc", &admin, None).await;
    assert_eq!(body["client_id"], "client-1");
}

#[tokio::test]
async fn a_subject_links_one_account_and_never_a_co_account() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    with_provider(&app, &admin).await;
    let pupil = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let other = main_account(&app, &admin, "sint-jan", ("Jonas", "Peeters"), &["pupil"]).await;
    let mother = co_account(&app, &admin, &pupil.id, 1, ("An", "Peeters")).await;
    let link = |id: &str| format!("/api/v1/admin/accounts/{id}/external-id");
    let (status, _) = call(
        &app,
        "PUT",
        &link(&pupil.id),
        &admin,
        Some(json!({"subject": "sub-lotte"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = call(&app, "GET", &link(&pupil.id), &admin, None).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"subject": "sub-lotte"}))
    );
    let (status, _) = call(
        &app,
        "PUT",
        &link(&other.id),
        &admin,
        Some(json!({"subject": "sub-lotte"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, problem) = call(
        &app,
        "PUT",
        &link(&mother.id),
        &admin,
        Some(json!({"subject": "sub-mama"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&problem), vec![pair("subject", "co_account")]);
    let (status, _) = call(&app, "PUT", &link(&pupil.id), &admin, Some(Value::Null)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = call(&app, "GET", &link(&pupil.id), &admin, None).await;
    assert_eq!(body, Value::Null);
}

#[tokio::test]
async fn a_linked_pupil_signs_in_through_the_provider_and_gets_a_session() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    with_provider(&app, &admin).await;
    let pupil = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let uri = format!("/api/v1/admin/accounts/{}/external-id", pupil.id);
    call(
        &app,
        "PUT",
        &uri,
        &admin,
        Some(json!({"subject": "sub-lotte"})),
    )
    .await;

    let login = app.send(get("/login?school=sint-jan", None)).await;
    let html = body_text(login).await;
    assert!(html.contains("/auth/oidc/sint-jan/start"), "{html}");

    let (state, cookie) = start(&app).await;
    let response = app
        .send(get(
            &format!("/auth/oidc/callback?state={state}&code=sub:sub-lotte"),
            Some(&cookie),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let session = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("schoolbrug_session="))
        .unwrap();
    let token = session
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("schoolbrug_session=");
    assert_eq!(me_status(&app, token).await, StatusCode::OK);

    // The same answer again: refused.
    let again = app
        .send(get(
            &format!("/auth/oidc/callback?state={state}&code=sub:sub-lotte"),
            Some(&cookie),
        ))
        .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(
        !set_cookies(&again)
            .iter()
            .any(|c| c.starts_with("schoolbrug_session="))
    );
}

#[tokio::test]
async fn an_unknown_subject_gets_a_page_that_says_so_and_no_session() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    with_provider(&app, &admin).await;
    let (state, cookie) = start(&app).await;
    let response = app
        .send(get(
            &format!("/auth/oidc/callback?state={state}&code=sub:stranger"),
            Some(&cookie),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        !set_cookies(&response)
            .iter()
            .any(|c| c.starts_with("schoolbrug_session="))
    );
    let html = body_text(response).await;
    assert!(html.contains("Geen account gekoppeld"), "{html}");
}

#[tokio::test]
async fn an_answer_without_the_browsers_state_cookie_is_refused() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    with_provider(&app, &admin).await;
    let pupil = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let uri = format!("/api/v1/admin/accounts/{}/external-id", pupil.id);
    call(
        &app,
        "PUT",
        &uri,
        &admin,
        Some(json!({"subject": "sub-lotte"})),
    )
    .await;
    let (state, _) = start(&app).await;
    for cookie in [None, Some("schoolbrug_oidc_state=other")] {
        let response = app
            .send(get(
                &format!("/auth/oidc/callback?state={state}&code=sub:sub-lotte"),
                cookie,
            ))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(
            !set_cookies(&response)
                .iter()
                .any(|c| c.starts_with("schoolbrug_session="))
        );
    }
    let response = app
        .send(get("/auth/oidc/callback?error=access_denied", None))
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_school_without_a_provider_shows_no_button_and_has_no_start() {
    let app = TestApp::new().await;
    let html = body_text(app.send(get("/login?school=sint-jan", None)).await).await;
    assert!(!html.contains("/auth/oidc/"), "{html}");
    let response = app.send(get("/auth/oidc/sint-jan/start", None)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn linking_from_the_password_page_goes_on_through_a_page_not_a_redirect_the_form_policy_stops()
 {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    with_provider(&app, &admin).await;
    let response = app
        .send(
            Request::post("/auth/oidc/link")
                .header(header::COOKIE, format!("schoolbrug_session={admin}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    // A redirect answering a form would be checked against `form-action 'self'`.
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(header::LOCATION).is_none());
    let cookie = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("schoolbrug_oidc_state="))
        .unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let html = body_text(response).await;
    assert!(html.contains(r#"http-equiv="refresh""#), "{html}");
    assert!(html.contains(r#"id="oidc-continue""#), "{html}");
    let state = html
        .split("state=")
        .nth(1)
        .unwrap()
        .split(['&', '"'])
        .next()
        .unwrap()
        .to_owned();

    let response = app
        .send(get(
            &format!("/auth/oidc/callback?state={state}&code=sub:sub-admin"),
            Some(&format!("{cookie}; schoolbrug_session={admin}")),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("Account gekoppeld"), "{html}");
}

#[tokio::test]
async fn the_password_page_offers_linking_only_when_the_school_has_a_provider_and_never_to_a_co_account()
 {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let password_page = |token: String| {
        let app = &app;
        async move {
            let response = app
                .send(get(
                    "/password",
                    Some(&format!("schoolbrug_session={token}")),
                ))
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            body_text(response).await
        }
    };
    let html = password_page(admin.clone()).await;
    assert!(!html.contains("oidc-link-submit"), "{html}");

    with_provider(&app, &admin).await;
    let html = password_page(admin.clone()).await;
    assert!(html.contains("oidc-link-submit"), "{html}");

    let pupil = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let mother = co_account(&app, &admin, &pupil.id, 1, ("An", "Peeters")).await;
    let html = password_page(mother.token.clone()).await;
    assert!(!html.contains("oidc-link-submit"), "{html}");
}
