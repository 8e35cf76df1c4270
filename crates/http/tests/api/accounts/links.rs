//! Links between co-accounts under `/api/v1/me/links` and
//! `/api/v1/admin/accounts/{id}/links`: one parent reaches both children with one
//! sign-in; and the privacy attacks on it (another school, a main account, the same
//! pupil, guessing passwords, another parent's link).

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, Person, TestApp, admin, body_json, call, co_account, empty_request, json_request,
    main_account,
};

/// Lotte and Wout, each with their father's co-account, and the admin's token.
struct Family {
    admin: String,
    lotte: Person,
    wout: Person,
    papa_lotte: Person,
    papa_wout: Person,
}

async fn family(app: &TestApp) -> Family {
    let admin = admin(app).await;
    let lotte = main_account(app, &admin, "sint-jan", ("Lotte", "Peeters"), &["pupil"]).await;
    let wout = main_account(app, &admin, "sint-jan", ("Wout", "Peeters"), &["pupil"]).await;
    let papa_lotte = co_account(app, &admin, &lotte.id, 1, ("Jef", "Peeters")).await;
    let papa_wout = co_account(app, &admin, &wout.id, 1, ("Pieter", "Peeters")).await;
    Family {
        admin,
        lotte,
        wout,
        papa_lotte,
        papa_wout,
    }
}

async fn link(app: &TestApp, token: &str, body: &Value) -> (StatusCode, Value) {
    call(app, "POST", "/api/v1/me/links", token, Some(body.clone())).await
}

/// The ids of a list: `{items}` or a bare array of pupils (`/children`).
fn ids(list: &Value) -> Vec<String> {
    list.get("items")
        .unwrap_or(list)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i.get("id")
                .unwrap_or(&i["pupil_id"])
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_father_links_his_second_co_account_and_sees_both_children() {
    let app = TestApp::new().await;
    let f = family(&app).await;
    let (_, children) = call(&app, "GET", "/api/v1/children", &f.papa_lotte.token, None).await;
    assert_eq!(ids(&children), vec![f.lotte.id.clone()]);

    let (status, answer) = link(
        &app,
        &f.papa_lotte.token,
        &json!({ "school": "sint-jan", "username": "pieter", "password": PASSWORD }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer, json!({ "id": f.papa_wout.id }));

    let (status, links) = call(&app, "GET", "/api/v1/me/links", &f.papa_lotte.token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        links,
        json!({ "items": [{
            "id": f.papa_wout.id,
            "first_name": "Pieter",
            "last_name": "Peeters",
            "pupil": f.wout.id,
            "pupil_name": "Wout Peeters",
        }] })
    );
    // Both directions, and both children in "Mijn kinderen" from either sign-in.
    for (token, own) in [
        (&f.papa_lotte.token, &f.lotte),
        (&f.papa_wout.token, &f.wout),
    ] {
        let (_, children) = call(&app, "GET", "/api/v1/children", token, None).await;
        let found = ids(&children);
        assert_eq!(found.len(), 2, "{children}");
        assert!(found.contains(&f.lotte.id) && found.contains(&f.wout.id));
        assert!(found.contains(&own.id));
        let other = if own.id == f.lotte.id {
            &f.wout
        } else {
            &f.lotte
        };
        let (status, _) = call(
            &app,
            "GET",
            &format!("/api/v1/children/{}/absences", other.id),
            token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }

    // Linking again is fine; unlinking ends it, once.
    let (status, _) = link(
        &app,
        &f.papa_lotte.token,
        &json!({ "username": "pieter", "password": PASSWORD }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let uri = format!("/api/v1/me/links/{}", f.papa_lotte.id);
    let response = app
        .send(empty_request("DELETE", &uri, Some(&f.papa_wout.token)))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .send(empty_request("DELETE", &uri, Some(&f.papa_wout.token)))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (_, children) = call(&app, "GET", "/api/v1/children", &f.papa_lotte.token, None).await;
    assert_eq!(ids(&children), vec![f.lotte.id.clone()]);
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/children/{}/absences", f.wout.id),
        &f.papa_lotte.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_password_a_pupil_an_admin_itself_the_same_pupil_and_another_school_answer_one_identical_401()
 {
    let app = TestApp::new().await;
    let f = family(&app).await;
    let mama_lotte = co_account(&app, &f.admin, &f.lotte.id, 2, ("An", "Peeters")).await;
    app.create_school("atheneum", "admin2").await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let noor = main_account(&app, &other_admin, "atheneum", ("Noor", "Maes"), &["pupil"]).await;
    let (status, papa_noor) = call(
        &app,
        "POST",
        &format!("/api/v1/admin/accounts/{}/co-accounts", noor.id),
        &other_admin,
        Some(json!({ "slot": 1, "relation": "father", "username": "papa.noor", "first_name": "Piet", "last_name": "Maes" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    crate::support::activate(
        &app,
        &other_admin,
        "atheneum",
        papa_noor["id"].as_str().unwrap(),
        "papa.noor",
    )
    .await;

    let mut answers = Vec::new();
    for body in [
        json!({ "username": "pieter", "password": "verkeerd wachtwoord van iemand" }),
        json!({ "username": "niemand", "password": PASSWORD }),
        json!({ "username": "lotte", "password": PASSWORD }),
        json!({ "username": "beheerder", "password": PASSWORD }),
        json!({ "username": "jef", "password": PASSWORD }),
        json!({ "username": "an", "password": PASSWORD }),
        json!({ "school": "atheneum", "username": "papa.noor", "password": PASSWORD }),
        json!({ "username": "papa.noor", "password": PASSWORD }),
    ] {
        let response = app
            .send(json_request(
                "POST",
                "/api/v1/me/links",
                Some(&f.papa_lotte.token),
                &body,
            ))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{body}");
        answers.push(body_json(response).await);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    let (_, links) = call(&app, "GET", "/api/v1/me/links", &f.papa_lotte.token, None).await;
    assert_eq!(links, json!({ "items": [] }));
    let _ = mama_lotte;
}

#[tokio::test]
async fn guessing_through_the_link_endpoint_is_throttled_with_sign_in_s_count() {
    let app = TestApp::new().await;
    let f = family(&app).await;
    for i in 0..5 {
        let (status, _) = link(
            &app,
            &f.papa_lotte.token,
            &json!({ "username": "pieter", "password": format!("verkeerd wachtwoord {i}") }),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let response = app
        .send(json_request(
            "POST",
            "/api/v1/me/links",
            Some(&f.papa_lotte.token),
            &json!({ "username": "pieter", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    // Sign-in shares the count: the right password waits there too.
    let response = app
        .send(json_request(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "school": "sint-jan", "username": "pieter", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // An overlong username is refused before it is counted.
    let (status, _) = link(
        &app,
        &f.papa_lotte.token,
        &json!({ "username": "x".repeat(65), "password": PASSWORD }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_a_co_account_links_and_a_main_account_has_no_links() {
    let app = TestApp::new().await;
    let f = family(&app).await;
    let (status, _) = link(
        &app,
        &f.admin,
        &json!({ "username": "pieter", "password": PASSWORD }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, links) = call(&app, "GET", "/api/v1/me/links", &f.lotte.token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(links, json!({ "items": [] }));
    let response = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/me/links/{}", f.papa_wout.id),
            Some(&f.lotte.token),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_links_and_unlinks_and_nobody_else_nor_another_school() {
    let app = TestApp::new().await;
    let f = family(&app).await;
    let links_uri = format!("/api/v1/admin/accounts/{}/links", f.papa_lotte.id);
    let body = json!({ "other": f.papa_wout.id });
    for token in [&f.papa_lotte.token, &f.lotte.token] {
        let (status, _) = call(&app, "POST", &links_uri, token, Some(body.clone())).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    app.create_school("atheneum", "admin2").await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let (status, _) = call(&app, "POST", &links_uri, &other_admin, Some(body.clone())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Not a co-account, or the same pupil's: 404 as well.
    let (status, _) = call(
        &app,
        "POST",
        &links_uri,
        &f.admin,
        Some(json!({ "other": f.wout.id })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let response = app
        .send(json_request("POST", &links_uri, Some(&f.admin), &body))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, links) = call(&app, "GET", "/api/v1/me/links", &f.papa_wout.token, None).await;
    assert_eq!(ids(&links), vec![f.papa_lotte.id.clone()]);

    let unlink_uri = format!(
        "/api/v1/admin/accounts/{}/links/{}",
        f.papa_wout.id, f.papa_lotte.id
    );
    for token in [&other_admin, &f.papa_wout.token] {
        let response = app
            .send(empty_request("DELETE", &unlink_uri, Some(token)))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    let response = app
        .send(empty_request("DELETE", &unlink_uri, Some(&f.admin)))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .send(empty_request("DELETE", &unlink_uri, Some(&f.admin)))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (_, links) = call(&app, "GET", "/api/v1/me/links", &f.papa_wout.token, None).await;
    assert_eq!(links, json!({ "items": [] }));
}
