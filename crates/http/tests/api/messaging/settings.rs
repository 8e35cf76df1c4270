//! The school's free days (admin), notification settings with the forward-address
//! confirmation, the trash, the unread count and the address book, through the HTTP API.

use axum::http::StatusCode;
use chrono::Duration;
use schoolbrug_accounts::model::SessionToken;
use schoolbrug_messaging::SettingsChange;
use serde_json::{Value, json};

use crate::support::{PASSWORD, School, TestApp, call, folder, message, open, pair, refused, sent};

#[tokio::test]
async fn an_admin_replaces_the_free_days_and_reads_them_back_by_start_date() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let christmas = json!({ "from": "2026-12-21", "to": "2027-01-01", "name": "Kerstvakantie" });
    let autumn = json!({ "from": "2026-11-02", "to": "2026-11-06", "name": "Herfstvakantie" });
    let study_day =
        json!({ "from": "2026-10-07", "to": "2026-10-07", "name": "Pedagogische studiedag" });

    let (empty_status, empty) =
        call(&app, "GET", "/api/v1/admin/free-days", &school.admin, None).await;
    let (first, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({ "periods": [christmas, autumn] })),
    )
    .await;
    let (second, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({ "periods": [christmas, study_day] })),
    )
    .await;
    let (status, read) = call(&app, "GET", "/api/v1/admin/free-days", &school.admin, None).await;

    assert_eq!(empty_status, StatusCode::OK);
    assert_eq!(empty, json!({ "periods": [] }));
    assert_eq!(first, StatusCode::NO_CONTENT);
    assert_eq!(second, StatusCode::NO_CONTENT);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read, json!({ "periods": [study_day, christmas] }));
}

#[tokio::test]
async fn a_period_ending_before_it_starts_a_blank_name_or_a_bad_date_is_refused_and_nothing_changes()
 {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let kept = json!({ "from": "2026-12-21", "to": "2027-01-01", "name": "Kerstvakantie" });
    call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({ "periods": [kept] })),
    )
    .await;

    let (backwards, backwards_problem) = call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({ "periods": [
            { "from": "2026-11-02", "to": "2026-11-06", "name": "Herfstvakantie" },
            { "from": "2026-11-06", "to": "2026-11-02", "name": "Omgekeerd" },
            { "from": "2027-02-15", "to": "2027-02-19", "name": "  " },
        ] })),
    )
    .await;
    let (bad_date, bad_date_problem) = call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({ "periods": [{ "from": "2 november", "to": "2026-11-06", "name": "Herfstvakantie" }] })),
    )
    .await;
    let (missing, missing_problem) = call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({})),
    )
    .await;

    assert_eq!(backwards, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&backwards_problem),
        [
            pair("periods[1].to", "before_from"),
            pair("periods[2].name", "blank")
        ]
    );
    assert_eq!(bad_date, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_date_problem["errors"][0]["field"], "periods[0].from");
    assert_eq!(missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&missing_problem), [pair("periods", "required")]);
    let (_, read) = call(&app, "GET", "/api/v1/admin/free-days", &school.admin, None).await;
    assert_eq!(read, json!({ "periods": [kept] }));
}

#[tokio::test]
async fn nobody_but_an_admin_reads_or_replaces_the_free_days() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let periods = json!({ "periods": [{ "from": "2026-11-02", "to": "2026-11-06", "name": "Herfstvakantie" }] });

    for token in [
        &school.teacher.token,
        &school.lotte.token,
        &school.els.token,
    ] {
        let (read, problem) = call(&app, "GET", "/api/v1/admin/free-days", token, None).await;
        let (replace, _) = call(
            &app,
            "PUT",
            "/api/v1/admin/free-days",
            token,
            Some(periods.clone()),
        )
        .await;
        assert_eq!(read, StatusCode::NOT_FOUND);
        assert_eq!(problem["type"], "/problems/not-found");
        assert_eq!(replace, StatusCode::NOT_FOUND);
    }
    let (_, read) = call(&app, "GET", "/api/v1/admin/free-days", &school.admin, None).await;
    assert_eq!(read, json!({ "periods": [] }));
}

#[tokio::test]
async fn notification_settings_start_off_and_a_new_address_stays_unconfirmed() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let token = &school.els.token;

    let (status, defaults) =
        call(&app, "GET", "/api/v1/me/notification-settings", token, None).await;
    let (saved, _) = call(
        &app,
        "PUT",
        "/api/v1/me/notification-settings",
        token,
        Some(json!({ "forward_email": "els@example.org", "forward_messages": true, "notify_news": true, "push": false })),
    )
    .await;
    let (_, read) = call(&app, "GET", "/api/v1/me/notification-settings", token, None).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        defaults,
        json!({ "forward_email": null, "forward_messages": false, "notify_news": false, "push": false, "forward_email_confirmed": false })
    );
    assert_eq!(saved, StatusCode::NO_CONTENT);
    assert_eq!(
        read,
        json!({ "forward_email": "els@example.org", "forward_messages": true, "notify_news": true, "push": false, "forward_email_confirmed": false })
    );
    // Settings are per account: the other co-account of the same pupil is untouched.
    let (_, koen) = call(
        &app,
        "GET",
        "/api/v1/me/notification-settings",
        &school.koen.token,
        None,
    )
    .await;
    assert_eq!(koen["forward_email"], Value::Null);
}

#[tokio::test]
async fn a_bad_address_or_a_missing_flag_is_refused_on_its_field() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (bad, bad_problem) = call(
        &app,
        "PUT",
        "/api/v1/me/notification-settings",
        &school.els.token,
        Some(json!({ "forward_email": "geen adres", "forward_messages": true, "notify_news": false, "push": false })),
    )
    .await;
    let (missing, missing_problem) = call(
        &app,
        "PUT",
        "/api/v1/me/notification-settings",
        &school.els.token,
        Some(json!({ "forward_email": null, "notify_news": false, "push": false })),
    )
    .await;

    assert_eq!(bad, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&bad_problem), [pair("forward_email", "invalid")]);
    assert_eq!(missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&missing_problem),
        [pair("forward_messages", "required")]
    );
}

#[tokio::test]
async fn a_forward_address_listing_a_second_mailbox_is_refused_with_422_and_sends_nothing() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (status, problem) = call(
        &app,
        "PUT",
        "/api/v1/me/notification-settings",
        &school.els.token,
        Some(json!({ "forward_email": "a@b.c,victim@evil.example", "forward_messages": true, "notify_news": false, "push": false })),
    )
    .await;
    let (_, read) = call(
        &app,
        "GET",
        "/api/v1/me/notification-settings",
        &school.els.token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [pair("forward_email", "not_one_address")]
    );
    assert_eq!(read["forward_email"], Value::Null);
    assert!(app.mailer.sent().is_empty(), "no confirmation mail is sent");
}

#[tokio::test]
async fn the_mailed_token_confirms_the_address_once_and_an_unknown_or_expired_token_answers_400() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let actor = app
        .accounts
        .authenticate(&SessionToken::from_client(&school.els.token))
        .await
        .unwrap();
    // The mail with the token comes with the forwarding issue; the service hands it out.
    let change = || SettingsChange {
        forward_email: Some("els@example.org".into()),
        forward_messages: true,
        notify_news: false,
        push: false,
    };
    let token = app
        .messaging
        .change_settings(&actor, change())
        .await
        .unwrap()
        .unwrap();
    let confirm = |t: String| json!({ "token": t });

    let (unknown, problem) = call(
        &app,
        "POST",
        "/api/v1/me/forward-email/confirm",
        &school.els.token,
        Some(confirm("verzonnen".into())),
    )
    .await;
    let (by_other, _) = call(
        &app,
        "POST",
        "/api/v1/me/forward-email/confirm",
        &school.koen.token,
        Some(confirm(token.expose().to_owned())),
    )
    .await;
    let (confirmed, _) = call(
        &app,
        "POST",
        "/api/v1/me/forward-email/confirm",
        &school.els.token,
        Some(confirm(token.expose().to_owned())),
    )
    .await;
    let (again, _) = call(
        &app,
        "POST",
        "/api/v1/me/forward-email/confirm",
        &school.els.token,
        Some(confirm(token.expose().to_owned())),
    )
    .await;

    assert_eq!(unknown, StatusCode::BAD_REQUEST);
    assert_eq!(problem["type"], "/problems/invalid-token");
    assert_eq!(by_other, StatusCode::BAD_REQUEST);
    assert_eq!(confirmed, StatusCode::NO_CONTENT);
    assert_eq!(again, StatusCode::BAD_REQUEST);
    let (_, read) = call(
        &app,
        "GET",
        "/api/v1/me/notification-settings",
        &school.els.token,
        None,
    )
    .await;
    assert_eq!(read["forward_email_confirmed"], true);

    // A token past its week is refused.
    let expiring = app
        .messaging
        .change_settings(
            &actor,
            SettingsChange {
                forward_email: Some("els.nieuw@example.org".into()),
                ..change()
            },
        )
        .await
        .unwrap()
        .unwrap();
    app.clock.advance(Duration::days(8));
    let fresh = app
        .sign_in("sint-jan", &school.els.username, PASSWORD)
        .await;
    let (expired, expired_problem) = call(
        &app,
        "POST",
        "/api/v1/me/forward-email/confirm",
        &fresh,
        Some(confirm(expiring.expose().to_owned())),
    )
    .await;
    assert_eq!(expired, StatusCode::BAD_REQUEST);
    assert_eq!(expired_problem["type"], "/problems/invalid-token");
    let (_, read) = call(
        &app,
        "GET",
        "/api/v1/me/notification-settings",
        &fresh,
        None,
    )
    .await;
    assert_eq!(read["forward_email"], "els.nieuw@example.org");
    assert_eq!(read["forward_email_confirmed"], false);
}

#[tokio::test]
async fn a_recipient_moves_its_copy_to_the_trash_and_back_and_the_unread_count_follows() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Rapport",
            json!([{ "account": school.lotte.id }, { "account": school.bert.id }]),
        ),
    )
    .await;
    let unread = |token: String| {
        let app = &app;
        async move {
            call(app, "GET", "/api/v1/messages/unread-count", &token, None)
                .await
                .1
        }
    };
    assert_eq!(
        unread(school.lotte.token.clone()).await,
        json!({ "unread": 1 })
    );

    let (trashed, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/messages/{id}"),
        &school.lotte.token,
        None,
    )
    .await;

    assert_eq!(trashed, StatusCode::NO_CONTENT);
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());
    assert_eq!(folder(&app, &school.lotte.token, "trash").await.len(), 1);
    assert_eq!(
        unread(school.lotte.token.clone()).await,
        json!({ "unread": 0 })
    );
    assert_eq!(
        folder(&app, &school.bert.token, "inbox").await.len(),
        1,
        "other copies stay"
    );
    assert_eq!(folder(&app, &school.teacher.token, "sent").await.len(), 1);
    // A trashed copy can still be opened by its recipient.
    assert_eq!(open(&app, &school.lotte.token, &id).await.0, StatusCode::OK);

    let (by_sender, _) = call(
        &app,
        "POST",
        &format!("/api/v1/messages/{id}/restore"),
        &school.teacher.token,
        None,
    )
    .await;
    let (restored, _) = call(
        &app,
        "POST",
        &format!("/api/v1/messages/{id}/restore"),
        &school.lotte.token,
        None,
    )
    .await;

    assert_eq!(by_sender, StatusCode::NOT_FOUND);
    assert_eq!(restored, StatusCode::NO_CONTENT);
    assert_eq!(folder(&app, &school.lotte.token, "inbox").await.len(), 1);
    assert!(folder(&app, &school.lotte.token, "trash").await.is_empty());
}

#[tokio::test]
async fn staff_see_pupils_and_groups_in_the_address_book_and_others_see_only_staff() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (status, teachers_book) = call(
        &app,
        "GET",
        "/api/v1/messages/address-book",
        &school.teacher.token,
        None,
    )
    .await;
    let (_, parents_book) = call(
        &app,
        "GET",
        "/api/v1/messages/address-book",
        &school.els.token,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(&teachers_book["staff"]),
        ["Greet Beheer", "Jonas Vermeulen"]
    );
    assert_eq!(
        names(&teachers_book["pupils"]),
        ["Bert Claes", "Lotte Peeters", "Noor Maes"]
    );
    assert_eq!(
        teachers_book["groups"],
        json!([{ "id": school.class_3a, "name": "3A" }])
    );
    assert_eq!(teachers_book["staff"][1]["id"], school.teacher.id.as_str());
    assert_eq!(
        names(&parents_book["staff"]),
        ["Greet Beheer", "Jonas Vermeulen"]
    );
    assert_eq!(parents_book["pupils"], json!([]));
    assert_eq!(parents_book["groups"], json!([]));
    let text = parents_book.to_string();
    for co in [&school.koen, &school.ann, &school.rik] {
        assert!(!text.contains(&co.id));
    }
}

#[tokio::test]
async fn a_message_body_is_rendered_as_safe_html_with_clickable_links() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let mut body = message("Uitstap", json!([{ "account": school.lotte.id }]));
    body["body"] = json!("<script>alert(1)</script>\nZie https://school.be/uitstap.");
    let id = sent(&app, &school.teacher.token, body).await;

    let (_, view) = open(&app, &school.lotte.token, &id).await;

    assert_eq!(
        view["body"],
        "<script>alert(1)</script>\nZie https://school.be/uitstap."
    );
    assert_eq!(
        view["body_html"],
        "&lt;script&gt;alert(1)&lt;/script&gt;<br>\nZie <a href=\"https://school.be/uitstap\" rel=\"noopener noreferrer nofollow\">https://school.be/uitstap</a>."
    );
}
