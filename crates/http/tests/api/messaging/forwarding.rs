//! Forwarding by e-mail through the HTTP API: the forward-address confirmation mail (and
//! what happens when the mail server does not take it), the school's quiet hours and the
//! admin's mail queue.

use axum::http::{StatusCode, header};
use schoolbrug_kernel::Cursor;
use schoolbrug_messaging::mailer::MailError;
use schoolbrug_messaging::{Forwarder, ForwarderSettings};
use serde_json::{Value, json};

use crate::support::{
    PUBLIC_URL, Person, School, TestApp, body_json, call, confirmation_token, json_request,
    message, pair, refused, sent,
};

const SETTINGS: &str = "/api/v1/me/notification-settings";
const CONFIRM: &str = "/api/v1/me/forward-email/confirm";
const QUIET: &str = "/api/v1/admin/quiet-hours";
const OUTBOX: &str = "/api/v1/admin/outbox";

fn forward_to(address: Option<&str>) -> Value {
    json!({ "forward_email": address, "forward_messages": true, "notify_news": false, "push": false })
}

async fn save(app: &TestApp, person: &Person, address: Option<&str>) -> StatusCode {
    call(
        app,
        "PUT",
        SETTINGS,
        &person.token,
        Some(forward_to(address)),
    )
    .await
    .0
}

async fn settings(app: &TestApp, person: &Person) -> Value {
    let (status, read) = call(app, "GET", SETTINGS, &person.token, None).await;
    assert_eq!(status, StatusCode::OK);
    read
}

async fn confirm(app: &TestApp, person: &Person, token: &str) -> StatusCode {
    call(
        app,
        "POST",
        CONFIRM,
        &person.token,
        Some(json!({ "token": token })),
    )
    .await
    .0
}

/// Els forwards her messages to `address`, confirmed through the mailed link.
async fn confirmed_forwarding(app: &TestApp, els: &Person, address: &str) {
    assert_eq!(save(app, els, Some(address)).await, StatusCode::NO_CONTENT);
    let mail = app.mailer.sent_to(address).pop().unwrap();
    assert_eq!(
        confirm(app, els, &confirmation_token(&mail)).await,
        StatusCode::NO_CONTENT
    );
}

/// The teacher writes to Lotte's co-accounts (Els and Koen); returns the message id.
async fn teacher_writes_to_lottes_parents(app: &TestApp, school: &School, subject: &str) -> String {
    sent(
        app,
        &school.teacher.token,
        message(subject, json!([{ "co_accounts_of": school.lotte.id }])),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// The confirmation mail

#[tokio::test]
async fn a_new_forward_address_gets_exactly_one_confirmation_mail_whose_token_confirms_it() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let saved = save(&app, &school.els, Some("els@example.org")).await;

    assert_eq!(saved, StatusCode::NO_CONTENT);
    let mails = app.mailer.sent();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, "els@example.org");
    assert!(mail.message_id.starts_with("confirm-"));
    assert!(mail.message_id.ends_with("@schoolbrug"));
    assert!(mail.subject.contains("Bevestig") && mail.subject.contains("Confirm"));
    assert!(mail.text.contains("School sint-jan"));
    let token = confirmation_token(mail);
    let link = format!("{PUBLIC_URL}/settings/notifications/confirm?token={token}");
    assert!(mail.text.contains(&link));
    assert!(mail.html.contains(&format!("href=\"{link}\"")));
    assert_eq!(
        settings(&app, &school.els).await["forward_email_confirmed"],
        false
    );

    assert_eq!(
        confirm(&app, &school.els, &token).await,
        StatusCode::NO_CONTENT
    );

    let read = settings(&app, &school.els).await;
    assert_eq!(read["forward_email"], "els@example.org");
    assert_eq!(read["forward_email_confirmed"], true);
}

#[tokio::test]
async fn saving_a_confirmed_address_or_no_address_sends_no_mail() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    confirmed_forwarding(&app, &school.els, "els@example.org").await;

    let again = call(
        &app,
        "PUT",
        SETTINGS,
        &school.els.token,
        Some(json!({ "forward_email": "els@example.org", "forward_messages": false, "notify_news": true, "push": false })),
    )
    .await
    .0;
    let none = save(&app, &school.koen, None).await;

    assert_eq!(again, StatusCode::NO_CONTENT);
    assert_eq!(none, StatusCode::NO_CONTENT);
    assert_eq!(app.mailer.sent().len(), 1);
    assert_eq!(
        settings(&app, &school.els).await["forward_email_confirmed"],
        true
    );
}

#[tokio::test]
async fn saving_an_unconfirmed_address_again_sends_a_fresh_mail_and_only_its_token_works() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    assert_eq!(
        save(&app, &school.els, Some("els@example.org")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        save(&app, &school.els, Some(" Els@Example.org ")).await,
        StatusCode::NO_CONTENT
    );

    let mails = app.mailer.sent();
    assert_eq!(mails.len(), 2);
    assert_ne!(mails[0].message_id, mails[1].message_id);
    let (first, second) = (confirmation_token(&mails[0]), confirmation_token(&mails[1]));
    assert_ne!(first, second);
    assert_eq!(
        confirm(&app, &school.els, &first).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        confirm(&app, &school.els, &second).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        settings(&app, &school.els).await["forward_email_confirmed"],
        true
    );
}

#[tokio::test]
async fn a_failing_mailer_answers_503_with_retry_after_and_the_address_stays_unconfirmed() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    app.mailer
        .fail_with(Some(MailError::Temporary("connection refused".into())));

    let response = app
        .send(json_request(
            "PUT",
            SETTINGS,
            Some(&school.els.token),
            &forward_to(Some("els@example.org")),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let problem = body_json(response).await;
    assert_eq!(problem["type"], "/problems/mail-unavailable");
    assert_eq!(problem["status"], 503);
    assert!(app.mailer.sent().is_empty());
    let read = settings(&app, &school.els).await;
    assert_eq!(read["forward_email"], "els@example.org");
    assert_eq!(read["forward_email_confirmed"], false);

    // Once the mail server is back, saving again sends the confirmation.
    app.mailer.fail_with(None);
    assert_eq!(
        save(&app, &school.els, Some("els@example.org")).await,
        StatusCode::NO_CONTENT
    );
    let mails = app.mailer.sent_to("els@example.org");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        confirm(&app, &school.els, &confirmation_token(&mails[0])).await,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_permanently_refused_confirmation_mail_also_answers_503_and_confirms_nothing() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    app.mailer.fail_with(Some(MailError::Permanent(
        "550 5.1.1 mailbox unavailable".into(),
    )));

    let status = save(&app, &school.els, Some("niemand@example.org")).await;

    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        settings(&app, &school.els).await["forward_email_confirmed"],
        false
    );
}

#[tokio::test]
async fn a_refused_address_sends_no_mail() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (status, problem) = call(
        &app,
        "PUT",
        SETTINGS,
        &school.els.token,
        Some(forward_to(Some("geen adres"))),
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&problem), [pair("forward_email", "invalid")]);
    assert!(app.mailer.sent().is_empty());
}

// ---------------------------------------------------------------------------------------
// Quiet hours

#[tokio::test]
async fn an_admin_sets_reads_and_removes_the_quiet_hours() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let evenings =
        json!({ "start": "20:00", "end": "07:00", "weekends": true, "free_days": false });

    let (none_status, none) = call(&app, "GET", QUIET, &school.admin, None).await;
    let (set, _) = call(&app, "PUT", QUIET, &school.admin, Some(evenings.clone())).await;
    let (read_status, read) = call(&app, "GET", QUIET, &school.admin, None).await;
    let (removed, _) = call(&app, "PUT", QUIET, &school.admin, Some(Value::Null)).await;
    let (_, after_removal) = call(&app, "GET", QUIET, &school.admin, None).await;

    assert_eq!(none_status, StatusCode::OK);
    assert_eq!(none, Value::Null);
    assert_eq!(set, StatusCode::NO_CONTENT);
    assert_eq!(read_status, StatusCode::OK);
    assert_eq!(read, evenings);
    assert_eq!(removed, StatusCode::NO_CONTENT);
    assert_eq!(after_removal, Value::Null);
}

#[tokio::test]
async fn the_quiet_hours_answer_null_as_json_when_there_are_none() {
    let app = TestApp::new().await;
    let admin = app
        .sign_in("sint-jan", "beheerder", crate::support::PASSWORD)
        .await;

    let response = app
        .send(crate::support::empty_request("GET", QUIET, Some(&admin)))
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(crate::support::body_text(response).await, "null");
}

#[tokio::test]
async fn a_bad_quiet_hours_time_is_refused_on_its_field_and_nothing_changes() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let kept = json!({ "start": "21:30", "end": "06:45", "weekends": false, "free_days": true });
    call(&app, "PUT", QUIET, &school.admin, Some(kept.clone())).await;
    let attempt = |start: &str, end: &str| json!({ "start": start, "end": end, "weekends": true, "free_days": true });

    let mut answers = Vec::new();
    for body in [
        attempt("25:00", "07:00"),
        attempt("20:00", "7u"),
        attempt("8:00", "20:00:00"),
        attempt("20:00", "20:00"),
        json!({ "start": "20:00", "end": "07:00", "free_days": true }),
        json!({ "start": 2000, "end": "07:00", "weekends": true, "free_days": true }),
    ] {
        let (status, problem) = call(&app, "PUT", QUIET, &school.admin, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        answers.push(refused(&problem));
    }

    assert_eq!(answers[0], [pair("start", "invalid")]);
    assert_eq!(answers[1], [pair("end", "invalid")]);
    assert_eq!(
        answers[2],
        [pair("start", "invalid"), pair("end", "invalid")]
    );
    assert_eq!(answers[3], [pair("end", "same_as_start")]);
    assert_eq!(answers[4], [pair("weekends", "required")]);
    assert_eq!(answers[5], [pair("start", "invalid_type")]);
    let (_, read) = call(&app, "GET", QUIET, &school.admin, None).await;
    assert_eq!(read, kept);
}

// ---------------------------------------------------------------------------------------
// The mail queue

#[tokio::test]
async fn the_outbox_shows_a_waiting_row_after_a_delivery_to_a_confirmed_forwarding_parent() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    confirmed_forwarding(&app, &school.els, "els@example.org").await;

    teacher_writes_to_lottes_parents(&app, &school, "Uitstap naar Brugge").await;

    let (status, waiting) = call(&app, "GET", OUTBOX, &school.admin, None).await;
    assert_eq!(status, StatusCode::OK);
    let items = waiting["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{waiting}");
    let row = &items[0];
    assert_eq!(row["to"], "els@example.org");
    assert_eq!(row["subject"], "Uitstap naar Brugge");
    assert_eq!(row["status"], "waiting");
    assert_eq!(row["attempts"], 0);
    assert!(row["id"].as_str().unwrap().parse::<uuid::Uuid>().is_ok());
    assert!(row["next_attempt_at"].is_string());
    assert!(row.get("last_error").is_none());
    assert!(row.get("finished_at").is_none());
    assert_eq!(waiting["next"], Value::Null);
    let (_, explicit) = call(
        &app,
        "GET",
        &format!("{OUTBOX}?status=waiting"),
        &school.admin,
        None,
    )
    .await;
    assert_eq!(explicit, waiting);
    for status in ["sent", "failed"] {
        let (_, other) = call(
            &app,
            "GET",
            &format!("{OUTBOX}?status={status}"),
            &school.admin,
            None,
        )
        .await;
        assert_eq!(other, json!({ "items": [], "next": null }), "{status}");
    }
}

#[tokio::test]
async fn the_outbox_pages_newest_first() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    confirmed_forwarding(&app, &school.els, "els@example.org").await;
    teacher_writes_to_lottes_parents(&app, &school, "Eerste").await;
    teacher_writes_to_lottes_parents(&app, &school, "Tweede").await;

    let (_, first) = call(
        &app,
        "GET",
        &format!("{OUTBOX}?limit=1"),
        &school.admin,
        None,
    )
    .await;
    let next = first["next"].as_str().unwrap().to_owned();
    let (_, second) = call(
        &app,
        "GET",
        &format!("{OUTBOX}?limit=1&after={next}"),
        &school.admin,
        None,
    )
    .await;

    assert_eq!(first["items"][0]["subject"], "Tweede");
    assert_eq!(second["items"][0]["subject"], "Eerste");
    assert_eq!(second["next"], Value::Null);
}

#[tokio::test]
async fn a_forward_refused_for_good_shows_the_mail_servers_answer_in_the_failed_list() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    confirmed_forwarding(&app, &school.els, "els@example.org").await;
    teacher_writes_to_lottes_parents(&app, &school, "Uitstap naar Brugge").await;
    app.mailer.fail_with(Some(MailError::Permanent(
        "550 5.1.1 <els@example.org>: mailbox unavailable".into(),
    )));
    let forwarder = Forwarder::new(
        app.messages.clone(),
        app.messages.clone(),
        app.mailer.clone(),
        app.clock.clone(),
        ForwarderSettings::new(PUBLIC_URL),
    );

    assert_eq!(forwarder.run_once().await.unwrap().failed, 1);

    let (_, failed) = call(
        &app,
        "GET",
        &format!("{OUTBOX}?status=failed"),
        &school.admin,
        None,
    )
    .await;
    let row = &failed["items"][0];
    assert_eq!(row["status"], "failed");
    assert_eq!(row["attempts"], 1);
    assert!(
        row["last_error"]
            .as_str()
            .unwrap()
            .contains("550 5.1.1 <els@example.org>: mailbox unavailable")
    );
    assert!(row["finished_at"].is_string());
    assert!(row.get("next_attempt_at").is_none());
    let (_, waiting) = call(&app, "GET", OUTBOX, &school.admin, None).await;
    assert_eq!(waiting["items"], json!([]));
}

#[tokio::test]
async fn the_outbox_refuses_an_unknown_status_a_bad_limit_and_a_foreign_cursor() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let foreign = Cursor::after_key("2026-09-01|not-an-outbox-id");

    let (status, problem) = call(
        &app,
        "GET",
        &format!("{OUTBOX}?status=queued&limit=veel&after=%25%25"),
        &school.admin,
        None,
    )
    .await;
    let (cursor_status, cursor_problem) = call(
        &app,
        "GET",
        &format!("{OUTBOX}?after={}", foreign.as_str()),
        &school.admin,
        None,
    )
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [
            pair("status", "unknown_status"),
            pair("limit", "invalid"),
            pair("after", "malformed_cursor")
        ]
    );
    assert_eq!(cursor_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&cursor_problem),
        [pair("after", "malformed_cursor")]
    );
}

// ---------------------------------------------------------------------------------------
// Only admins

#[tokio::test]
async fn pupils_teachers_and_parents_get_404_on_the_quiet_hours_and_the_outbox() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let evenings = json!({ "start": "20:00", "end": "07:00", "weekends": true, "free_days": true });

    for person in [&school.teacher, &school.lotte, &school.els] {
        let token = &person.token;
        let (read, read_problem) = call(&app, "GET", QUIET, token, None).await;
        let (set, _) = call(&app, "PUT", QUIET, token, Some(evenings.clone())).await;
        let (remove, _) = call(&app, "PUT", QUIET, token, Some(Value::Null)).await;
        let (queue, queue_problem) = call(&app, "GET", OUTBOX, token, None).await;
        let (failed, _) = call(&app, "GET", &format!("{OUTBOX}?status=failed"), token, None).await;

        for status in [read, set, remove, queue, failed] {
            assert_eq!(status, StatusCode::NOT_FOUND, "{}", person.username);
        }
        assert_eq!(read_problem["type"], "/problems/not-found");
        assert_eq!(queue_problem["detail"], "no such resource");
    }
    let (_, read) = call(&app, "GET", QUIET, &school.admin, None).await;
    assert_eq!(read, Value::Null);
}

#[tokio::test]
async fn the_admin_endpoints_need_a_session() {
    let app = TestApp::new().await;

    for (method, uri) in [("GET", QUIET), ("PUT", QUIET), ("GET", OUTBOX)] {
        let response = app
            .send(json_request(method, uri, None, &Value::Null))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {uri}"
        );
    }
}

#[tokio::test]
async fn the_description_names_the_fields_of_quiet_hours_and_the_mail_queue() {
    let app = TestApp::new().await;

    let response = app
        .send(crate::support::empty_request(
            "GET",
            "/api/v1/openapi.json",
            None,
        ))
        .await;
    let doc = body_json(response).await;

    let schemas = &doc["components"]["schemas"];
    let quiet = schemas["QuietHoursView"]["properties"].as_object().unwrap();
    for field in ["start", "end", "weekends", "free_days"] {
        assert!(quiet.contains_key(field), "QuietHoursView lacks {field}");
    }
    let row = schemas["OutboxRowView"]["properties"].as_object().unwrap();
    for field in [
        "id",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
    ] {
        assert!(row.contains_key(field), "OutboxRowView lacks {field}");
    }
    let list = schemas["OutboxList"]["properties"].as_object().unwrap();
    assert!(list.contains_key("items") && list.contains_key("next"));
    let settings_put = &doc["paths"][SETTINGS]["put"]["responses"];
    assert!(settings_put["503"]["content"]["application/problem+json"].is_object());
}
