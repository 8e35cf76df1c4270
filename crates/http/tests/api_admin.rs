//! School administration under `/api/v1/admin`: accounts, co-accounts, codes, erasure,
//! groups and the audit log; and that nobody but the school's admin reaches any of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api_common;
mod support;

use api_common::{
    admin, co_account, create_account, create_co_account, is_problem, me_status, pupil,
};
use axum::http::{StatusCode, header};
use serde_json::{Value, json};
use support::{PASSWORD, TestApp, body_json, empty_request, json_request};

async fn get_json(app: &TestApp, uri: &str, token: &str) -> (StatusCode, Value) {
    let response = app.send(empty_request("GET", uri, Some(token))).await;
    let status = response.status();
    (status, body_json(response).await)
}

async fn sign_in_status(app: &TestApp, school: &str, username: &str) -> StatusCode {
    app.send(json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": school, "username": username, "password": PASSWORD }),
    ))
    .await
    .status()
}

fn co_account_body(slot: Value, username: &str) -> Value {
    json!({
        "slot": slot,
        "relation": "father",
        "username": username,
        "first_name": "Piet",
        "last_name": "Peeters",
    })
}

#[tokio::test]
async fn an_admin_creates_an_account_and_gets_201_with_the_account_and_its_location() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({
                "username": "Lotte.Peeters",
                "first_name": "Lotte",
                "last_name": "Peeters",
                "roles": ["pupil"],
                "birth_date": "2012-03-14",
                "email": "lotte@example.org",
            }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let account = body_json(response).await;
    let id = account["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/admin/accounts/{id}"));
    assert_eq!(account["username"], "lotte.peeters");
    assert_eq!(account["kind"], "main");
    assert_eq!(account["roles"], json!(["pupil"]));
    assert_eq!(account["birth_date"], "2012-03-14");
    assert_eq!(account["email"], "lotte@example.org");
    assert_eq!(account["created_at"], "2026-09-01T08:00:00Z");
    assert!(account.get("pupil_id").is_none());
    let (status, read) = get_json(&app, &location, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["account"], account);
    assert_eq!(read["co_accounts"], json!([]));
}

#[tokio::test]
async fn a_taken_username_answers_409_with_code_username_taken() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    create_account(&app, &token, "jonas", &["teacher"]).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({ "username": "JONAS", "first_name": "J", "last_name": "D", "roles": ["teacher"] }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(is_problem(&response));
    assert_eq!(body_json(response).await["code"], "username_taken");
}

#[tokio::test]
async fn every_refused_field_of_a_new_account_is_named_in_one_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/admin/accounts",
            Some(&token),
            &json!({ "username": "a b", "first_name": " ", "last_name": "D", "roles": ["janitor"], "email": "geen-adres" }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = body_json(response).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in ["username", "first_name", "roles", "email"] {
        assert!(fields.contains(&field), "{field} missing in {problem}");
    }
}

#[tokio::test]
async fn accounts_are_listed_filtered_by_role_and_text_and_paged_with_a_cursor() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    for name in ["an", "bert", "cis"] {
        create_account(&app, &token, name, &["pupil"]).await;
    }
    create_account(&app, &token, "juf.mie", &["teacher"]).await;

    let (status, first) = get_json(&app, "/api/v1/admin/accounts?role=pupil&limit=2", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().unwrap();
    let (_, second) = get_json(
        &app,
        &format!("/api/v1/admin/accounts?role=pupil&limit=2&after={next}"),
        &token,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next"], Value::Null);
    let (_, teachers) = get_json(&app, "/api/v1/admin/accounts?q=MIE", &token).await;
    assert_eq!(teachers["items"].as_array().unwrap().len(), 1);
    assert_eq!(teachers["items"][0]["username"], "juf.mie");
    let (_, everyone) = get_json(&app, "/api/v1/admin/accounts", &token).await;
    assert_eq!(everyone["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn a_bad_role_limit_or_cursor_answers_422_on_each_field() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let (status, problem) = get_json(
        &app,
        "/api/v1/admin/accounts?role=janitor&limit=veel&after=%25%25%25",
        &token,
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["role", "limit", "after"]);
}

#[tokio::test]
async fn a_well_formed_cursor_that_is_not_an_id_answers_422_on_after() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    // base64url of "hello": a cursor in form, not one of this list.
    let (status, problem) = get_json(&app, "/api/v1/admin/accounts?after=aGVsbG8", &token).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "after");
}

#[tokio::test]
async fn a_pupil_is_read_with_its_co_accounts() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let id = lotte["id"].as_str().unwrap();
    create_co_account(&app, &token, id, 2, "els").await;
    create_co_account(&app, &token, id, 1, "piet").await;

    let (status, detail) = get_json(&app, &format!("/api/v1/admin/accounts/{id}"), &token).await;

    assert_eq!(status, StatusCode::OK);
    let co = detail["co_accounts"].as_array().unwrap();
    assert_eq!(co.len(), 2);
    assert_eq!(co[0]["username"], "piet");
    assert_eq!(co[0]["slot"], 1);
    assert_eq!(co[0]["kind"], "co");
    assert_eq!(co[0]["pupil_id"], id);
    assert_eq!(co[0]["relation"], "mother");
    assert_eq!(co[0]["roles"], json!([]));
    assert_eq!(co[1]["slot"], 2);
}

#[tokio::test]
async fn a_co_account_limited_in_time_shows_active_until() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let mut body = co_account_body(json!(3), "tutor");
    body["relation"] = json!("homework_tutor");
    body["active_until"] = json!("2027-06-30");

    let response = app
        .send(json_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/co-accounts",
                lotte["id"].as_str().unwrap()
            ),
            Some(&token),
            &body,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let co = body_json(response).await;
    assert_eq!(co["active_until"], "2027-06-30");
    assert_eq!(co["relation"], "homework_tutor");
}

#[tokio::test]
async fn a_seventh_slot_answers_422_and_a_taken_slot_409() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let uri = format!(
        "/api/v1/admin/accounts/{}/co-accounts",
        lotte["id"].as_str().unwrap()
    );
    create_co_account(&app, &token, lotte["id"].as_str().unwrap(), 1, "els").await;

    let seventh = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(7), "piet"),
        ))
        .await;
    let zero = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(0), "piet"),
        ))
        .await;
    let taken = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(1), "piet"),
        ))
        .await;

    assert_eq!(seventh.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = body_json(seventh).await;
    assert_eq!(problem["errors"][0]["field"], "slot");
    assert_eq!(problem["errors"][0]["code"], "out_of_range");
    assert_eq!(zero.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(taken).await["code"], "slot_taken");
}

#[tokio::test]
async fn a_co_account_with_a_taken_username_answers_409_username_taken() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let uri = format!(
        "/api/v1/admin/accounts/{}/co-accounts",
        lotte["id"].as_str().unwrap()
    );

    let response = app
        .send(json_request(
            "POST",
            &uri,
            Some(&token),
            &co_account_body(json!(1), "lotte"),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(response).await["code"], "username_taken");
}

#[tokio::test]
async fn an_unknown_relation_answers_422_unknown_relation() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let mut body = co_account_body(json!(1), "oom");
    body["relation"] = json!("uncle");

    let response = app
        .send(json_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/co-accounts",
                lotte["id"].as_str().unwrap()
            ),
            Some(&token),
            &body,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(response).await["errors"][0]["code"],
        "unknown_relation"
    );
}

#[tokio::test]
async fn a_co_account_for_a_teacher_answers_404() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let teacher = create_account(&app, &token, "juf.mie", &["teacher"]).await;

    let response = app
        .send(json_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/co-accounts",
                teacher["id"].as_str().unwrap()
            ),
            Some(&token),
            &co_account_body(json!(1), "piet"),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_pupil_a_teacher_and_a_co_account_get_404_from_every_admin_endpoint() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = pupil(&app, &admin_token, "lotte").await;
    let mother = co_account(&app, &admin_token, &lotte.id, 1, "els").await;
    let teacher = create_account(&app, &admin_token, "juf.mie", &["teacher", "counsellor"]).await;
    let teacher_token = api_common::activate(
        &app,
        &admin_token,
        teacher["id"].as_str().unwrap(),
        "juf.mie",
    )
    .await;
    let someone = &lotte.id;
    let calls: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/v1/admin/accounts".into(), None),
        ("GET", format!("/api/v1/admin/accounts/{someone}"), None),
        (
            "POST",
            "/api/v1/admin/accounts".into(),
            Some(
                json!({ "username": "x1", "first_name": "X", "last_name": "Y", "roles": ["admin"] }),
            ),
        ),
        (
            "POST",
            format!("/api/v1/admin/accounts/{someone}/co-accounts"),
            Some(co_account_body(json!(2), "x2")),
        ),
        (
            "POST",
            format!("/api/v1/admin/accounts/{someone}/reset-code"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/admin/co-accounts/{}/reset", mother.id),
            None,
        ),
        ("DELETE", format!("/api/v1/admin/accounts/{someone}"), None),
        (
            "POST",
            "/api/v1/admin/groups".into(),
            Some(json!({ "name": "3A", "kind": "class" })),
        ),
        ("GET", "/api/v1/admin/groups".into(), None),
        ("GET", "/api/v1/admin/audit".into(), None),
    ];

    for token in [&lotte.token, &mother.token, &teacher_token] {
        for (method, uri, body) in &calls {
            let request = match body {
                Some(body) => json_request(method, uri, Some(token), body),
                None => empty_request(method, uri, Some(token)),
            };
            let response = app.send(request).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {uri}");
            assert!(is_problem(&response));
        }
    }
    assert_eq!(me_status(&app, &mother.token).await, StatusCode::OK);
    let (_, detail) = get_json(
        &app,
        &format!("/api/v1/admin/accounts/{someone}"),
        &admin_token,
    )
    .await;
    assert_eq!(detail["co_accounts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn another_schools_account_is_not_found_for_every_admin_endpoint() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    app.create_school("atheneum", "admin2").await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let theirs = create_account(&app, &other_admin, "jonas", &["pupil"]).await;
    let id = theirs["id"].as_str().unwrap();
    let their_co = create_co_account(&app, &other_admin, id, 1, "mama.jonas").await;

    let read = app
        .send(empty_request(
            "GET",
            &format!("/api/v1/admin/accounts/{id}"),
            Some(&admin_token),
        ))
        .await;
    let code = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/reset-code"),
            Some(&admin_token),
        ))
        .await;
    let co = app
        .send(json_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/co-accounts"),
            Some(&admin_token),
            &co_account_body(json!(2), "papa.jonas"),
        ))
        .await;
    let reset = app
        .send(empty_request(
            "POST",
            &format!(
                "/api/v1/admin/co-accounts/{}/reset",
                their_co["id"].as_str().unwrap()
            ),
            Some(&admin_token),
        ))
        .await;
    let erase = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{id}"),
            Some(&admin_token),
        ))
        .await;

    for response in [read, code, co, reset, erase] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(is_problem(&response));
    }
    let (_, list) = get_json(&app, "/api/v1/admin/accounts?q=jonas", &admin_token).await;
    assert_eq!(list["items"], json!([]));
    let (status, _) = get_json(&app, &format!("/api/v1/admin/accounts/{id}"), &other_admin).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_account_id_answers_404_like_another_schools() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let response = app
        .send(empty_request(
            "GET",
            &format!("/api/v1/admin/accounts/{}", uuid::Uuid::now_v7()),
            Some(&token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(response).await["type"], "/problems/not-found");
}

#[tokio::test]
async fn erasing_a_pupil_answers_204_and_its_co_accounts_can_no_longer_sign_in() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = pupil(&app, &admin_token, "lotte").await;
    let mother = co_account(&app, &admin_token, &lotte.id, 1, "els").await;

    let response = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", lotte.id),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&app, &mother.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me_status(&app, &lotte.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "els").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "lotte").await,
        StatusCode::UNAUTHORIZED
    );
    for id in [&lotte.id, &mother.id] {
        let (status, _) =
            get_json(&app, &format!("/api/v1/admin/accounts/{id}"), &admin_token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, audit) = get_json(
        &app,
        &format!("/api/v1/admin/audit?account={}", mother.id),
        &admin_token,
    )
    .await;
    assert_eq!(audit["items"][0]["kind"], "account_erased");
}

#[tokio::test]
async fn a_co_account_is_reset_not_erased_and_an_admin_cannot_erase_themselves() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = create_account(&app, &admin_token, "lotte", &["pupil"]).await;
    let co = create_co_account(&app, &admin_token, lotte["id"].as_str().unwrap(), 1, "els").await;
    let me = body_json(
        app.send(empty_request("GET", "/api/v1/me", Some(&admin_token)))
            .await,
    )
    .await;

    let erase_co = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", co["id"].as_str().unwrap()),
            Some(&admin_token),
        ))
        .await;
    let erase_self = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", me["id"].as_str().unwrap()),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(erase_co.status(), StatusCode::NOT_FOUND);
    assert_eq!(erase_self.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(erase_self).await["errors"][0]["code"],
        "own_account"
    );
}

#[tokio::test]
async fn resetting_a_co_account_answers_201_with_a_code_that_sets_it_up_again() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = pupil(&app, &admin_token, "lotte").await;
    let mother = co_account(&app, &admin_token, &lotte.id, 1, "els").await;

    let response = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/co-accounts/{}/reset", mother.id),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let issued = body_json(response).await;
    assert_eq!(issued["expires_at"], "2026-09-08T08:00:00Z");
    let code = issued["code"].as_str().unwrap();
    assert_eq!(
        me_status(&app, &mother.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "els").await,
        StatusCode::UNAUTHORIZED
    );
    let again = api_common::reset_password(&app, "els", code, PASSWORD, PASSWORD).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        sign_in_status(&app, "sint-jan", "els").await,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn resetting_a_main_account_as_co_account_answers_404() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = create_account(&app, &admin_token, "lotte", &["pupil"]).await;

    let response = app
        .send(empty_request(
            "POST",
            &format!(
                "/api/v1/admin/co-accounts/{}/reset",
                lotte["id"].as_str().unwrap()
            ),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_reset_code_answers_201_with_the_code_and_its_expiry() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let jonas = create_account(&app, &token, "jonas", &["teacher"]).await;

    let response = app
        .send(empty_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/reset-code",
                jonas["id"].as_str().unwrap()
            ),
            Some(&token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let issued = body_json(response).await;
    assert_eq!(issued["code"].as_str().unwrap().len(), 19);
    assert_eq!(issued["expires_at"], "2026-09-08T08:00:00Z");
}

#[tokio::test]
async fn groups_are_created_listed_and_given_members() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let lotte = create_account(&app, &token, "lotte", &["pupil"]).await;
    let bert = create_account(&app, &token, "bert", &["pupil"]).await;

    let created = app
        .send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": "3A", "kind": "class" }),
        ))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let group = body_json(created).await;
    assert_eq!(group["name"], "3A");
    assert_eq!(group["kind"], "class");
    let id = group["id"].as_str().unwrap();

    let members = app
        .send(json_request(
            "PUT",
            &format!("/api/v1/admin/groups/{id}/members"),
            Some(&token),
            &json!({ "members": [lotte["id"], bert["id"]] }),
        ))
        .await;
    assert_eq!(members.status(), StatusCode::NO_CONTENT);

    let (status, list) = get_json(&app, "/api/v1/admin/groups", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!({ "items": [group], "next": null }));
}

#[tokio::test]
async fn a_taken_group_name_answers_409_and_an_unknown_kind_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let create = |name: &str, kind: &str| {
        json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": name, "kind": kind }),
        )
    };
    app.send(create("3A", "class")).await;

    let taken = app.send(create("3A", "group")).await;
    let unknown_kind = app.send(create("3B", "club")).await;

    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(taken).await["code"], "group_name_taken");
    assert_eq!(unknown_kind.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(unknown_kind).await["errors"][0]["field"], "kind");
}

#[tokio::test]
async fn members_of_another_school_or_an_unknown_group_answer_404() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    app.create_school("atheneum", "admin2").await;
    let other_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let theirs = create_account(&app, &other_admin, "jonas", &["pupil"]).await;
    let group = body_json(
        app.send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": "3A", "kind": "class" }),
        ))
        .await,
    )
    .await;

    let foreign_member = app
        .send(json_request(
            "PUT",
            &format!(
                "/api/v1/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            Some(&token),
            &json!({ "members": [theirs["id"]] }),
        ))
        .await;
    let foreign_group = app
        .send(json_request(
            "PUT",
            &format!(
                "/api/v1/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            Some(&other_admin),
            &json!({ "members": [theirs["id"]] }),
        ))
        .await;

    assert_eq!(foreign_member.status(), StatusCode::NOT_FOUND);
    assert_eq!(foreign_group.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn member_ids_that_are_not_uuids_answer_422_naming_the_element() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let group = body_json(
        app.send(json_request(
            "POST",
            "/api/v1/admin/groups",
            Some(&token),
            &json!({ "name": "3A", "kind": "class" }),
        ))
        .await,
    )
    .await;

    let response = app
        .send(json_request(
            "PUT",
            &format!(
                "/api/v1/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            Some(&token),
            &json!({ "members": [uuid::Uuid::now_v7(), "lotte"] }),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(response).await["errors"][0]["field"],
        "members[1]"
    );
}

#[tokio::test]
async fn the_audit_log_lists_security_events_newest_first_per_account_and_paged() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let jonas = create_account(&app, &token, "jonas", &["teacher"]).await;
    let id = jonas["id"].as_str().unwrap();
    app.send(json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": "sint-jan", "username": "jonas", "password": "fout fout fout fout" }),
    ))
    .await;
    api_common::issue_code(&app, &token, id).await;

    let (status, events) =
        get_json(&app, &format!("/api/v1/admin/audit?account={id}"), &token).await;

    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "reset_code_issued", "newest first: {kinds:?}");
    assert_eq!(kinds.last(), Some(&"account_created"), "{kinds:?}");
    assert!(kinds.contains(&"sign_in_failed"), "{kinds:?}");
    assert!(kinds.contains(&"reset_code_issued"), "{kinds:?}");
    let created = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "account_created")
        .unwrap();
    assert_eq!(created["account"], id);
    assert_eq!(created["username"], "jonas");
    assert!(created["actor"].is_string());
    assert!(created["at"].is_string());
    let (_, page) = get_json(&app, "/api/v1/admin/audit?limit=1", &token).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let next = page["next"].as_str().unwrap();
    let (status, _) = get_json(
        &app,
        &format!("/api/v1/admin/audit?limit=1&after={next}"),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_audit_filter_that_is_not_an_account_id_answers_422() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    let (status, problem) = get_json(&app, "/api/v1/admin/audit?account=lotte", &token).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "account");
}
