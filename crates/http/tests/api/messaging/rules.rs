//! The rules of sending through the HTTP API: the 48-hour rules on school days (reply due,
//! short notice, free days), one copy per account and audiences kept apart, atomic
//! delivery, replies, and the misdirected report.

use axum::http::{StatusCode, header};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::support::{
    School, TestApp, body_json, call, folder, json_request, message, open, refused, send, sent,
};

/// Friday 4 September 2026, 15:00 in Brussels (CEST, UTC+2).
fn friday_15_brussels() -> DateTime<Utc> {
    "2026-09-04T13:00:00Z".parse().unwrap()
}

fn asking_a_reply(subject: &str, to: Value) -> Value {
    json!({ "subject": subject, "body": "Graag een antwoord.", "to": to, "reply_requested": true })
}

#[tokio::test]
async fn a_reply_asked_on_friday_at_15_in_brussels_is_due_on_tuesday_at_15() {
    let app = TestApp::new().await;
    app.clock.set(friday_15_brussels());
    let school = School::seed(&app).await;

    let id = sent(
        &app,
        &school.teacher.token,
        asking_a_reply("Toestemming", json!([{ "account": school.lotte.id }])),
    )
    .await;

    let awaiting = folder(&app, &school.lotte.token, "awaiting_reply").await;
    assert_eq!(awaiting.len(), 1);
    assert_eq!(awaiting[0]["id"], id.as_str());
    assert_eq!(awaiting[0]["reply_due_at"], "2026-09-08T13:00:00Z");
    let (_, view) = open(&app, &school.lotte.token, &id).await;
    assert_eq!(view["reply_requested"], true);
    assert_eq!(view["reply_due_at"], "2026-09-08T13:00:00Z");
}

#[tokio::test]
async fn a_free_monday_entered_by_the_admin_pushes_the_reply_due_time_to_wednesday() {
    let app = TestApp::new().await;
    app.clock.set(friday_15_brussels());
    let school = School::seed(&app).await;

    let (put, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/free-days",
        &school.admin,
        Some(json!({ "periods": [{ "from": "2026-09-07", "to": "2026-09-07", "name": "Pedagogische studiedag" }] })),
    )
    .await;
    let id = sent(
        &app,
        &school.teacher.token,
        asking_a_reply("Toestemming", json!([{ "account": school.lotte.id }])),
    )
    .await;

    assert_eq!(put, StatusCode::NO_CONTENT);
    let (_, view) = open(&app, &school.lotte.token, &id).await;
    assert_eq!(view["reply_due_at"], "2026-09-09T13:00:00Z");
}

#[tokio::test]
async fn a_deadline_under_48_school_hours_ahead_is_refused_unless_the_short_notice_is_acknowledged()
{
    let app = TestApp::new().await;
    app.clock.set(friday_15_brussels());
    let school = School::seed(&app).await;
    let to = json!([{ "account": school.lotte.id }]);
    let with_deadline = |deadline: &str, acknowledged: Option<bool>| {
        let mut body = message("Turnzak meebrengen", to.clone());
        body["action_deadline"] = json!(deadline);
        if let Some(ack) = acknowledged {
            body["acknowledge_short_notice"] = json!(ack);
        }
        body
    };

    // Monday 15:00 is only 24 school hours away: the weekend does not count.
    let (monday, problem) = send(
        &app,
        &school.teacher.token,
        with_deadline("2026-09-07T13:00:00Z", None),
    )
    .await;
    let (not_acknowledged, _) = send(
        &app,
        &school.teacher.token,
        with_deadline("2026-09-07T13:00:00Z", Some(false)),
    )
    .await;
    // Tuesday 13:00 in Brussels is 46 school hours away.
    let (tuesday_13, _) = send(
        &app,
        &school.teacher.token,
        with_deadline("2026-09-08T13:00:00+02:00", None),
    )
    .await;
    let (past, past_problem) = send(
        &app,
        &school.teacher.token,
        with_deadline("2026-09-04T12:00:00Z", Some(true)),
    )
    .await;

    assert_eq!(monday, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&problem),
        [("action_deadline".to_owned(), "short_notice".to_owned())]
    );
    assert_eq!(not_acknowledged, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(tuesday_13, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(past, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&past_problem),
        [("action_deadline".to_owned(), "in_the_past".to_owned())]
    );
    assert!(folder(&app, &school.lotte.token, "inbox").await.is_empty());

    let (acknowledged, _) = send(
        &app,
        &school.teacher.token,
        with_deadline("2026-09-07T13:00:00Z", Some(true)),
    )
    .await;
    // Tuesday 15:00 in Brussels is exactly 48 school hours away.
    let (tuesday_15, _) = send(
        &app,
        &school.teacher.token,
        with_deadline("2026-09-08T15:00:00+02:00", None),
    )
    .await;

    assert_eq!(acknowledged, StatusCode::CREATED);
    assert_eq!(tuesday_15, StatusCode::CREATED);
    let inbox = folder(&app, &school.lotte.token, "inbox").await;
    assert_eq!(inbox.len(), 2);
    let (_, view) = open(&app, &school.lotte.token, inbox[0]["id"].as_str().unwrap()).await;
    assert_eq!(view["action_deadline"], "2026-09-08T13:00:00Z");
}

#[tokio::test]
async fn a_delivery_that_fails_half_way_leaves_nothing_in_any_inbox_or_the_sent_folder() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let body = message(
        "Uitstap",
        json!([{ "group": school.class_3a, "audience": "both" }]),
    );
    app.messages.fail_next_delivery();

    let response = app
        .send(json_request(
            "POST",
            "/api/v1/messages",
            Some(&school.teacher.token),
            &body,
        ))
        .await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(body_json(response).await["type"], "/problems/unavailable");
    let everyone = [
        &school.lotte,
        &school.bert,
        &school.els,
        &school.koen,
        &school.ann,
    ];
    for person in everyone {
        assert!(
            folder(&app, &person.token, "inbox").await.is_empty(),
            "{} got a copy",
            person.name()
        );
    }
    assert!(folder(&app, &school.teacher.token, "sent").await.is_empty());
    // The same message goes through once the store is back, to every recipient once.
    let (status, answer) = send(&app, &school.teacher.token, body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(answer["recipients"], 5);
    for person in everyone {
        assert_eq!(folder(&app, &person.token, "inbox").await.len(), 1);
    }
}

#[tokio::test]
async fn a_teacher_writes_to_the_co_accounts_of_3a_each_parent_gets_one_copy_and_no_pupil_gets_any()
{
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    // Lotte's co-accounts are reached twice; each account still gets one copy.
    let (status, answer) = send(
        &app,
        &school.teacher.token,
        asking_a_reply(
            "Uitstap naar Brugge",
            json!([
                { "group": school.class_3a, "audience": "co_accounts" },
                { "co_accounts_of": school.lotte.id },
            ]),
        ),
    )
    .await;

    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(answer["recipients"], 3);
    let id = answer["id"].as_str().unwrap().to_owned();
    for parent in school.parents_of_3a() {
        let inbox = folder(&app, &parent.token, "inbox").await;
        assert_eq!(inbox.len(), 1, "{}", parent.name());
        assert_eq!(inbox[0]["id"], id.as_str());
        assert_eq!(inbox[0]["from"], "Jonas Vermeulen");
        assert_eq!(inbox[0]["read_at"], Value::Null);
        let awaiting = folder(&app, &parent.token, "awaiting_reply").await;
        assert_eq!(awaiting.len(), 1);
        assert_eq!(awaiting[0]["reply_due_at"], "2026-09-03T08:00:00Z");
    }
    for outsider in [&school.lotte, &school.bert, &school.noor, &school.rik] {
        assert!(
            folder(&app, &outsider.token, "inbox").await.is_empty(),
            "{} got a copy",
            outsider.name()
        );
    }
    let sent_folder = folder(&app, &school.teacher.token, "sent").await;
    assert_eq!(sent_folder.len(), 1);
    assert_eq!(sent_folder[0]["recipients"], 3);
    assert_eq!(sent_folder[0]["read"], 0);
    assert_eq!(sent_folder[0]["from"], "Jonas Vermeulen");
}

#[tokio::test]
async fn a_reply_goes_to_the_sender_and_leaves_the_awaiting_reply_folder() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        asking_a_reply(
            "Uitstap",
            json!([{ "group": school.class_3a, "audience": "co_accounts" }]),
        ),
    )
    .await;

    let (status, answer) = send(
        &app,
        &school.els.token,
        json!({ "subject": "Re: Uitstap", "body": "Lotte gaat mee.", "in_reply_to": id }),
    )
    .await;

    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["recipients"], 1);
    assert!(
        folder(&app, &school.els.token, "awaiting_reply")
            .await
            .is_empty()
    );
    assert_eq!(
        folder(&app, &school.koen.token, "awaiting_reply")
            .await
            .len(),
        1
    );
    let inbox = folder(&app, &school.teacher.token, "inbox").await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0]["from"], "Els Jacobs");
    let (_, reply) = open(
        &app,
        &school.teacher.token,
        inbox[0]["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(reply["in_reply_to"], id.as_str());
    assert_eq!(
        reply["recipients"],
        json!([{ "id": school.teacher.id, "name": "Jonas Vermeulen" }])
    );
}

#[tokio::test]
async fn a_misdirected_report_sends_the_sender_one_system_notice_naming_the_message_and_the_reporter()
 {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let id = sent(
        &app,
        &school.teacher.token,
        message(
            "Uitstap naar Brugge",
            json!([{ "group": school.class_3a, "audience": "co_accounts" }]),
        ),
    )
    .await;

    let (first, _) = call(
        &app,
        "POST",
        &format!("/api/v1/messages/{id}/misdirected"),
        &school.ann.token,
        None,
    )
    .await;
    let (again, _) = call(
        &app,
        "POST",
        &format!("/api/v1/messages/{id}/misdirected"),
        &school.ann.token,
        None,
    )
    .await;

    assert_eq!(first, StatusCode::ACCEPTED);
    assert_eq!(again, StatusCode::ACCEPTED);
    let inbox = folder(&app, &school.teacher.token, "inbox").await;
    assert_eq!(inbox.len(), 1, "one notice however often it is reported");
    let notice = &inbox[0];
    assert_eq!(notice["system"], true);
    assert_eq!(notice["from"], Value::Null);
    assert!(notice.get("from_deleted").is_none());
    assert!(
        notice["subject"]
            .as_str()
            .unwrap()
            .contains("Uitstap naar Brugge")
    );
    let (status, view) = open(&app, &school.teacher.token, notice["id"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["system"], true);
    assert_eq!(view["in_reply_to"], id.as_str());
    let body = view["body"].as_str().unwrap();
    assert!(
        body.contains("Ann Willems") && body.contains(&id) && body.contains("Uitstap naar Brugge"),
        "{body}"
    );
    // The reporter's copy stays where it was; the notice goes to nobody else.
    assert_eq!(folder(&app, &school.ann.token, "inbox").await.len(), 1);
    assert_eq!(folder(&app, &school.els.token, "inbox").await.len(), 1);
}

#[tokio::test]
async fn audiences_of_a_group_reach_pupils_or_co_accounts_or_both() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;

    let (_, pupils) = send(
        &app,
        &school.teacher.token,
        message(
            "Les",
            json!([{ "group": school.class_3a, "audience": "pupils" }]),
        ),
    )
    .await;
    let (_, both) = send(
        &app,
        &school.teacher.token,
        message(
            "Feest",
            json!([{ "group": school.class_3a, "audience": "both" }]),
        ),
    )
    .await;
    let (_, members) = send(
        &app,
        &school.teacher.token,
        message(
            "Klas",
            json!([{ "group": school.class_3a, "audience": "members" }]),
        ),
    )
    .await;

    assert_eq!(pupils["recipients"], 2);
    assert_eq!(both["recipients"], 5);
    assert_eq!(members["recipients"], 2);
    assert_eq!(folder(&app, &school.lotte.token, "inbox").await.len(), 3);
    assert_eq!(folder(&app, &school.els.token, "inbox").await.len(), 1);
    assert!(folder(&app, &school.noor.token, "inbox").await.is_empty());
}
