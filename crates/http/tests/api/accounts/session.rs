//! `POST/DELETE /api/v1/session`, `GET /api/v1/me`, `POST /api/v1/me/terms`: signing in
//! and out, timeouts, throttling, cookies and the CSRF rule for cookie sessions.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Duration;
use serde_json::json;

use crate::support::{
    PASSWORD, TestApp, admin, body_bytes, body_json, co_account, empty_request, is_problem,
    json_request, main_account, me_status, set_cookie_named,
};

fn sign_in_request(school: &str, username: &str, password: &str) -> Request<Body> {
    json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": school, "username": username, "password": password }),
    )
}

fn with_cookie(
    method: &str,
    uri: &str,
    token: &str,
    site: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "schoolbrug.example")
        .header(header::COOKIE, format!("schoolbrug_session={token}"));
    if let Some(site) = site {
        builder = builder.header("sec-fetch-site", site);
    }
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

#[tokio::test]
async fn signing_in_answers_201_with_the_token_the_account_and_a_session_cookie() {
    let app = TestApp::new().await;

    let response = app
        .send(sign_in_request("sint-jan", "beheerder", PASSWORD))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = set_cookie_named(&response, "schoolbrug_session").unwrap();
    let body = body_json(response).await;
    let token = body["token"].as_str().unwrap();
    assert!(cookie.starts_with(&format!("schoolbrug_session={token}")));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(cookie.contains("Path=/"));
    assert!(cookie.contains("Max-Age=43200"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "not behind TLS in tests: {cookie}"
    );
    let account = &body["account"];
    assert_eq!(account["username"], "beheerder");
    assert_eq!(account["school"], "sint-jan");
    assert_eq!(account["school_name"], "School sint-jan");
    assert_eq!(account["first_name"], "Greet");
    assert_eq!(account["last_name"], "Beheer");
    assert_eq!(account["kind"], "main");
    assert_eq!(account["roles"], json!(["admin"]));
    assert_eq!(account["terms_accepted"], false);
    assert!(account.get("pupil").is_none());
    assert!(account.get("slot").is_none());
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_byte_identical_401_answers() {
    let app = TestApp::new().await;

    let unknown = app
        .send(sign_in_request("sint-jan", "niemand", PASSWORD))
        .await;
    let wrong = app
        .send(sign_in_request(
            "sint-jan",
            "beheerder",
            "verkeerd wachtwoord hier",
        ))
        .await;

    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(is_problem(&unknown) && is_problem(&wrong));
    assert_eq!(body_bytes(unknown).await, body_bytes(wrong).await);
}

#[tokio::test]
async fn an_unknown_school_gets_the_same_401_as_a_wrong_password() {
    let app = TestApp::new().await;

    let unknown_school = app
        .send(sign_in_request("geen-school", "beheerder", PASSWORD))
        .await;
    let wrong = app
        .send(sign_in_request(
            "sint-jan",
            "beheerder",
            "verkeerd wachtwoord hier",
        ))
        .await;

    assert_eq!(unknown_school.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body_bytes(unknown_school).await, body_bytes(wrong).await);
}

#[tokio::test]
async fn repeated_failed_sign_ins_answer_429_with_retry_after_until_the_delay_has_passed() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        let response = app
            .send(sign_in_request(
                "sint-jan",
                "beheerder",
                "verkeerd wachtwoord hier",
            ))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    let throttled = app
        .send(sign_in_request("sint-jan", "beheerder", PASSWORD))
        .await;

    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(is_problem(&throttled));
    let retry_after: i64 = throttled.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    app.clock.advance(Duration::seconds(retry_after));
    let after_the_delay = app
        .send(sign_in_request("sint-jan", "beheerder", PASSWORD))
        .await;
    assert_eq!(after_the_delay.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn signing_in_without_a_school_is_refused_422_once_several_schools_exist() {
    let app = TestApp::new().await;
    app.create_school("atheneum", "admin2").await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "username": "beheerder", "password": PASSWORD }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(response).await["errors"][0]["field"], "school");
}

#[tokio::test]
async fn signing_in_without_a_school_works_while_the_installation_serves_one() {
    let app = TestApp::new().await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "username": "beheerder", "password": PASSWORD }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn signing_out_answers_204_removes_the_cookie_and_kills_the_token() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(empty_request("DELETE", "/api/v1/session", Some(&token)))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("schoolbrug_session=;") || cookie.starts_with("schoolbrug_session=\"\""),
        "{cookie}"
    );
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    assert_eq!(me_status(&app, &token).await, StatusCode::UNAUTHORIZED);
    let again = app
        .send(empty_request("DELETE", "/api/v1/session", Some(&token)))
        .await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_out_ends_only_that_session() {
    let app = TestApp::new().await;
    let phone = admin(&app).await;
    let laptop = admin(&app).await;

    app.send(empty_request("DELETE", "/api/v1/session", Some(&phone)))
        .await;

    assert_eq!(me_status(&app, &phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_status(&app, &laptop).await, StatusCode::OK);
}

#[tokio::test]
async fn a_session_unused_for_31_minutes_has_ended() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(me_status(&app, &token).await, StatusCode::OK);

    app.clock.advance(Duration::minutes(31));

    let response = app
        .send(empty_request("GET", "/api/v1/me", Some(&token)))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(is_problem(&response));
}

#[tokio::test]
async fn a_session_in_constant_use_ends_twelve_hours_after_sign_in() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    for _ in 0..35 {
        app.clock.advance(Duration::minutes(20));
        assert_eq!(me_status(&app, &token).await, StatusCode::OK);
    }

    app.clock.advance(Duration::minutes(20));

    assert_eq!(me_status(&app, &token).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn me_without_a_session_answers_401_problem() {
    let app = TestApp::new().await;

    let none = app.send(empty_request("GET", "/api/v1/me", None)).await;
    let garbage = app
        .send(empty_request("GET", "/api/v1/me", Some("not-a-token")))
        .await;

    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert!(is_problem(&none));
    assert_eq!(garbage.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn me_answers_the_account_with_the_cookie_as_with_the_bearer_token() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(with_cookie("GET", "/api/v1/me", &token, None, None))
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let me = body_json(response).await;
    assert_eq!(me["username"], "beheerder");
    assert_eq!(me["kind"], "main");
    assert!(me["id"].as_str().unwrap().parse::<uuid::Uuid>().is_ok());
}

#[tokio::test]
async fn accepting_the_current_terms_answers_204_and_me_then_shows_them_accepted() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let version = body_json(
        app.send(empty_request("GET", "/api/v1/me", Some(&token)))
            .await,
    )
    .await["terms_version"]
        .as_str()
        .unwrap()
        .to_owned();

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/me/terms",
            Some(&token),
            &json!({ "version": version }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me = body_json(
        app.send(empty_request("GET", "/api/v1/me", Some(&token)))
            .await,
    )
    .await;
    assert_eq!(me["terms_accepted"], true);
}

#[tokio::test]
async fn accepting_an_older_version_of_the_terms_does_not_count_as_accepting_the_current_one() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/me/terms",
            Some(&token),
            &json!({ "version": "2019-01" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me = body_json(
        app.send(empty_request("GET", "/api/v1/me", Some(&token)))
            .await,
    )
    .await;
    assert_eq!(me["terms_accepted"], false);
}

#[tokio::test]
async fn accepting_a_blank_terms_version_answers_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/me/terms",
            Some(&token),
            &json!({ "version": "  " }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(response).await["errors"][0]["field"], "version");
}

#[tokio::test]
async fn a_co_accounts_me_shows_its_pupil_slot_and_relation() {
    let app = TestApp::new().await;
    let admin = admin(&app).await;
    let lotte = main_account(&app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let mother = co_account(&app, &admin, &lotte.id, 2, ("Els", "Janssens")).await;

    let response = app
        .send(empty_request("GET", "/api/v1/me", Some(&mother.token)))
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let me = body_json(response).await;
    assert_eq!(me["id"], mother.id);
    assert_eq!(me["kind"], "co");
    assert_eq!(me["roles"], json!([]));
    assert_eq!(me["slot"], 2);
    assert_eq!(me["relation"], "mother");
    assert_eq!(
        me["pupil"],
        json!({ "id": lotte.id, "first_name": "Lotte", "last_name": "Peeters" })
    );
}

#[tokio::test]
async fn authenticated_answers_are_never_cached() {
    let app = TestApp::new().await;
    let sign_in = app
        .send(sign_in_request("sint-jan", "beheerder", PASSWORD))
        .await;
    assert_eq!(sign_in.headers()[header::CACHE_CONTROL], "no-store");
    let token = body_json(sign_in).await["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let me = app
        .send(empty_request("GET", "/api/v1/me", Some(&token)))
        .await;
    let accounts = app
        .send(empty_request("GET", "/api/v1/admin/accounts", Some(&token)))
        .await;

    assert_eq!(me.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(accounts.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn a_cookie_authenticated_post_from_another_site_is_refused_403_problem() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(with_cookie(
            "POST",
            "/api/v1/me/terms",
            &token,
            Some("cross-site"),
            Some(&json!({ "version": "2026-09" })),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(is_problem(&response));
    assert_eq!(body_json(response).await["type"], "/problems/cross-site");
}

#[tokio::test]
async fn a_cookie_authenticated_sign_out_from_another_site_is_refused_and_the_session_lives() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(with_cookie(
            "DELETE",
            "/api/v1/session",
            &token,
            Some("cross-site"),
            None,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(me_status(&app, &token).await, StatusCode::OK);
}

#[tokio::test]
async fn a_cookie_authenticated_post_from_the_same_origin_passes() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(with_cookie(
            "POST",
            "/api/v1/me/terms",
            &token,
            Some("same-origin"),
            Some(&json!({ "version": "2026-09" })),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_bearer_post_without_a_cookie_or_fetch_metadata_passes_the_csrf_check() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/me/terms",
            Some(&token),
            &json!({ "version": "2026-09" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

/// docs/api.md: bearer requests are not affected by the CSRF rule (they carry no ambient
/// browser credential).
#[tokio::test]
async fn a_bearer_post_marked_cross_site_is_not_affected_by_the_csrf_rule() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/me/terms")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(json!({ "version": "2026-09" }).to_string()))
        .unwrap();

    let response = app.send(request).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

// ---------------------------------------------------------------------------------------
// Behind TLS (`--secure-cookies`): HSTS, the `__Host-` cookie, and Clear-Site-Data

#[tokio::test]
async fn behind_tls_every_answer_carries_hsts_and_plain_http_none() {
    let tls = TestApp::behind_tls().await;
    let plain = TestApp::new().await;

    for (app, expected) in [
        (&tls, Some("max-age=31536000; includeSubDomains")),
        (&plain, None),
    ] {
        for request in [
            sign_in_request("sint-jan", "beheerder", PASSWORD),
            empty_request("GET", "/api/v1/me", None),
            empty_request("GET", "/no/such/page", None),
        ] {
            let response = app.send(request).await;
            let hsts = response
                .headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(hsts.as_deref(), expected, "{}", response.status());
        }
    }
}

#[tokio::test]
async fn behind_tls_the_session_cookie_is_host_prefixed_secure_and_only_that_name_is_read() {
    let app = TestApp::behind_tls().await;

    let response = app
        .send(sign_in_request("sint-jan", "beheerder", PASSWORD))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = set_cookie_named(&response, "__Host-schoolbrug_session").unwrap();
    let token = body_json(response).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with(&format!("__Host-schoolbrug_session={token}")),
        "{cookie}"
    );
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.to_lowercase().contains("domain="), "{cookie}");

    let me = |name: &str| {
        Request::builder()
            .uri("/api/v1/me")
            .header(header::COOKIE, format!("{name}={token}"))
            .body(Body::empty())
            .unwrap()
    };
    let prefixed = app.send(me("__Host-schoolbrug_session")).await;
    let plain_name = app.send(me("schoolbrug_session")).await;
    assert_eq!(prefixed.status(), StatusCode::OK);
    assert_eq!(plain_name.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_out_through_the_api_tells_the_browser_to_clear_the_site_data() {
    for app in [TestApp::new().await, TestApp::behind_tls().await] {
        let token = admin(&app).await;

        let response = app
            .send(empty_request("DELETE", "/api/v1/session", Some(&token)))
            .await;

        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        // Not the cookies: the device cookie stays for the owner's next sign-in.
        assert_eq!(
            response.headers()["clear-site-data"],
            r#""cache", "storage""#
        );
    }
}
