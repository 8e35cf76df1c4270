//! Privacy of messages through the HTTP API: each test tries to break a rule of
//! docs/domain.md "Privacy" — a co-account never reads its pupil's inbox nor the reverse, a
//! blind copy never learns the other recipients, receipts are the sender's alone, no
//! message crosses schools, and erasure keeps what others received.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, Person, School, TestApp, call, folder, main_account, message, open, refused, send,
    sent,
};

/// Asserts that nothing of `person` (id, username, full name, last name) appears anywhere
/// in `answer`.
fn assert_nothing_of(answer: &Value, person: &Person) {
    let text = answer.to_string();
    for needle in [
        &person.id,
        &person.username,
        &person.name(),
        &person.last_name,
    ] {
        assert!(
            !text.contains(needle.as_str()),
            "{needle} ({}) leaked into {text}",
            person.name()
        );
    }
}

#[tokio::test]
async fn a_co_account_cannot_open_its_pupils_message_by_id() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message("Rapport", json!([{ "account": school.lotte.id }])),
    )
    .await;

    let (status, _) = open(&app, &school.els.token, &id).await;
    let (receipts, _) = call(
        &app,
        "GET",
        &format!("/api/v1/messages/{id}/receipts"),
        &school.els.token,
        None,
    )
    .await;
    let (misdirected, _) = call(
        &app,
        "POST",
        &format!("/api/v1/messages/{id}/misdirected"),
        &school.els.token,
        None,
    )
    .await;
    let (trash, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/messages/{id}"),
        &school.els.token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(receipts, StatusCode::NOT_FOUND);
    assert_eq!(misdirected, StatusCode::NOT_FOUND);
    assert_eq!(trash, StatusCode::NOT_FOUND);
    assert!(folder(&app, &school.els.token, "inbox").await.is_empty());
    assert!(folder(&app, &school.els.token, "trash").await.is_empty());
    // The co-account's attempts did not touch the pupil's copy.
    let (_, lotte_view) = open(&app, &school.lotte.token, &id).await;
    assert_eq!(lotte_view["mine"], "received");
    assert!(
        folder(&app, &school.teacher.token, "inbox")
            .await
            .is_empty(),
        "no misdirected notice was sent"
    );
}

#[tokio::test]
async fn a_pupil_cannot_open_a_message_sent_to_its_co_accounts() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Oudercontact",
            json!([{ "co_accounts_of": school.lotte.id }]),
        ),
    )
    .await;

    let (status, problem) = open(&app, &school.lotte.token, &id).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(problem["type"], "/problems/not-found");
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());
    assert_eq!(open(&app, &school.els.token, &id).await.0, StatusCode::OK);
    assert_eq!(open(&app, &school.koen.token, &id).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_blind_copy_sees_only_itself_and_the_group_label_when_reading_and_listing() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Uitstap",
            json!([{ "group": school.class_3a, "audience": "both" }]),
        ),
    )
    .await;

    let (status, view) = open(&app, &school.koen.token, &id).await;
    let inbox = folder(&app, &school.koen.token, "inbox").await;
    let (receipts, _) = call(
        &app,
        "GET",
        &format!("/api/v1/messages/{id}/receipts"),
        &school.koen.token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["mine"], "received");
    assert_eq!(view["from"], "Jonas Vermeulen");
    assert_eq!(
        view["recipients"],
        json!([{ "id": school.koen.id, "name": "Koen Mertens" }])
    );
    assert_eq!(
        view["groups"],
        json!([{
            "label_nl": "leerlingen en co-accounts van 3A",
            "label_en": "pupils and co-accounts of 3A",
            "kind": "group",
            "name": "3A",
            "audience": "both",
        }])
    );
    assert!(view.get("recipient_count").is_none() && view.get("read_count").is_none());
    for other in [&school.lotte, &school.bert, &school.els, &school.ann] {
        assert_nothing_of(&view, other);
        assert_nothing_of(&Value::Array(inbox.clone()), other);
    }
    assert_eq!(receipts, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn named_recipients_see_each_other_but_never_the_blind_copies_and_blind_copies_never_see_them()
 {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Toneel",
            json!([
                { "account": school.lotte.id },
                { "account": school.bert.id },
                { "group": school.class_3a, "audience": "co_accounts" },
            ]),
        ),
    )
    .await;

    let (_, lotte_view) = open(&app, &school.lotte.token, &id).await;
    let (_, els_view) = open(&app, &school.els.token, &id).await;

    let named: Vec<&str> = lotte_view["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(named.len(), 2);
    assert!(named.contains(&school.lotte.id.as_str()) && named.contains(&school.bert.id.as_str()));
    assert_eq!(lotte_view["groups"][0]["label_en"], "co-accounts of 3A");
    for parent in school.parents_of_3a() {
        assert_nothing_of(&lotte_view, parent);
    }
    assert_eq!(
        els_view["recipients"],
        json!([{ "id": school.els.id, "name": "Els Jacobs" }])
    );
    for other in [&school.lotte, &school.bert, &school.koen, &school.ann] {
        assert_nothing_of(&els_view, other);
    }
}

#[tokio::test]
async fn read_receipts_are_refused_to_a_recipient_an_admin_and_another_teacher() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let colleague = main_account(
        &app,
        &school.admin,
        "sint-jan",
        ("Sofie", "Dubois"),
        &["teacher", "admin"],
    )
    .await;
    let id = sent(
        &app,
        &school.teacher.token,
        message("Rapport", json!([{ "role": "pupil" }])),
    )
    .await;
    let uri = format!("/api/v1/messages/{id}/receipts");

    let (by_recipient, _) = call(&app, "GET", &uri, &school.lotte.token, None).await;
    let (by_admin, _) = call(&app, "GET", &uri, &school.admin, None).await;
    let (by_colleague, _) = call(&app, "GET", &uri, &colleague.token, None).await;
    let (by_sender, receipts) = call(&app, "GET", &uri, &school.teacher.token, None).await;

    assert_eq!(by_recipient, StatusCode::NOT_FOUND);
    assert_eq!(by_admin, StatusCode::NOT_FOUND);
    assert_eq!(by_colleague, StatusCode::NOT_FOUND);
    assert_eq!(by_sender, StatusCode::OK);
    let names: Vec<&str> = receipts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bert Claes", "Lotte Peeters", "Noor Maes"]);
    assert_eq!(receipts["items"][0]["recipient"], school.bert.id.as_str());
    assert_eq!(receipts["items"][0]["read_at"], Value::Null);
    assert_eq!(receipts["next"], Value::Null);
    // Paging goes through every receipt once, and only for the sender.
    let (_, first) = call(
        &app,
        "GET",
        &format!("{uri}?limit=2"),
        &school.teacher.token,
        None,
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().unwrap();
    let (_, second) = call(
        &app,
        "GET",
        &format!("{uri}?limit=2&after={next}"),
        &school.teacher.token,
        None,
    )
    .await;
    assert_eq!(second["items"][0]["name"], "Noor Maes");
    assert_eq!(second["next"], Value::Null);
    let (by_recipient_paged, _) = call(
        &app,
        "GET",
        &format!("{uri}?limit=2&after={next}"),
        &school.lotte.token,
        None,
    )
    .await;
    assert_eq!(by_recipient_paged, StatusCode::NOT_FOUND);
    // A cursor that is not ours, or one of another list (a message id), is a 422 on `after`.
    for after in ["%%%", "MDE5OGUwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAx"] {
        let (status, problem) = call(
            &app,
            "GET",
            &format!("{uri}?after={after}"),
            &school.teacher.token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{after}");
        assert_eq!(problem["errors"][0]["field"], "after", "{after}");
        assert_eq!(problem["errors"][0]["code"], "malformed_cursor", "{after}");
    }
    // Nor may they open it: neither received nor sent it.
    assert_eq!(
        open(&app, &school.admin, &id).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        open(&app, &colleague.token, &id).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_schools_account_is_an_unknown_recipient_and_nothing_is_delivered() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    app.create_school("atheneum", "admin2").await;
    let their_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let finn = main_account(
        &app,
        &their_admin,
        "atheneum",
        ("Finn", "Wouters"),
        &["pupil"],
    )
    .await;

    let (status, problem) = send(
        &app,
        &school.teacher.token,
        message("Uitstap", json!([{ "account": school.lotte.id }, { "account": finn.id }, { "co_accounts_of": finn.id }])),
    )
    .await;
    let (group_status, group_problem) = send(
        &app,
        &their_admin,
        message(
            "Uitstap",
            json!([{ "group": school.class_3a, "audience": "both" }]),
        ),
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [
            ("to[1]".to_owned(), "unknown_recipient".to_owned()),
            ("to[2]".to_owned(), "unknown_recipient".to_owned()),
        ]
    );
    assert_eq!(group_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&group_problem),
        [("to[0]".to_owned(), "unknown_group".to_owned())]
    );
    assert!(folder(&app, &finn.token, "inbox").await.is_empty());
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());
    assert!(folder(&app, &school.teacher.token, "sent").await.is_empty());
    assert!(folder(&app, &their_admin, "sent").await.is_empty());
    for parent in school.parents_of_3a() {
        assert!(folder(&app, &parent.token, "inbox").await.is_empty());
    }
}

#[tokio::test]
async fn a_message_opened_across_schools_by_id_is_not_found() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    app.create_school("atheneum", "admin2").await;
    let their_admin = app.sign_in("atheneum", "admin2", PASSWORD).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message("Rapport", json!([{ "account": school.lotte.id }])),
    )
    .await;

    let (status, _) = open(&app, &their_admin, &id).await;
    let (receipts, _) = call(
        &app,
        "GET",
        &format!("/api/v1/messages/{id}/receipts"),
        &their_admin,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(receipts, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn after_a_pupil_is_erased_its_co_accounts_are_signed_out_and_the_others_keep_the_message_with_its_sender()
 {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Uitstap",
            json!([{ "group": school.class_3a, "audience": "co_accounts" }]),
        ),
    )
    .await;

    let (erased, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/admin/accounts/{}", school.lotte.id),
        &school.admin,
        None,
    )
    .await;

    assert_eq!(erased, StatusCode::NO_CONTENT);
    for gone in [&school.els, &school.koen, &school.lotte] {
        assert_eq!(
            open(&app, &gone.token, &id).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            call(&app, "GET", "/api/v1/messages", &gone.token, None)
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
    }
    let inbox = folder(&app, &school.ann.token, "inbox").await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0]["id"], id.as_str());
    assert_eq!(inbox[0]["from"], "Jonas Vermeulen");
    assert!(inbox[0].get("from_deleted").is_none());
    let (status, view) = open(&app, &school.ann.token, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["from"], "Jonas Vermeulen");
    let (_, receipts) = call(
        &app,
        "GET",
        &format!("/api/v1/messages/{id}/receipts"),
        &school.teacher.token,
        None,
    )
    .await;
    assert_eq!(receipts["items"].as_array().unwrap().len(), 1);
    assert_eq!(receipts["items"][0]["name"], "Ann Willems");
}

#[tokio::test]
async fn a_message_whose_sender_was_erased_shows_from_null_and_from_deleted() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.lotte.token,
        message(
            "Vraag over huiswerk",
            json!([{ "account": school.teacher.id }]),
        ),
    )
    .await;

    let (erased, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/admin/accounts/{}", school.lotte.id),
        &school.admin,
        None,
    )
    .await;

    assert_eq!(erased, StatusCode::NO_CONTENT);
    let inbox = folder(&app, &school.teacher.token, "inbox").await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0]["from"], Value::Null);
    assert_eq!(inbox[0]["from_deleted"], true);
    assert!(inbox[0].get("system").is_none());
    let (status, view) = open(&app, &school.teacher.token, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["from"], Value::Null);
    assert_eq!(view["from_deleted"], true);
    assert_eq!(view["subject"], "Vraag over huiswerk");
    assert_nothing_of(&view, &school.lotte);
}
