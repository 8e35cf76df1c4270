//! Parents' notes: handed in by a child's co-account, at most three calendar days and
//! four a school year; they justify what was unexplained and spare the alert.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use super::{Absences, OtherSchool, TODAY, note, register};
use crate::support::{TestApp, call, json_request, pair, refused};

/// `GET /children/{lotte}/absences` as Els.
async fn lotte_s(app: &TestApp, a: &Absences) -> Value {
    let uri = format!("/api/v1/children/{}/absences", a.school.lotte.id);
    let (status, answer) = call(app, "GET", &uri, &a.school.els.token, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

#[tokio::test]
async fn a_parent_s_note_is_made_and_listed_with_the_notes_left() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let response = app
        .send(json_request(
            "POST",
            &format!("/api/v1/children/{}/absence-notes", s.lotte.id),
            Some(&s.els.token),
            &json!({ "from": TODAY, "to": "2026-09-02", "reason": "illness", "text": "Griep" }),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers()[header::LOCATION],
        format!("/api/v1/children/{}/absences", s.lotte.id).as_str()
    );
    let id = crate::support::body_json(response).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = lotte_s(&app, &a).await;
    assert_eq!(
        answer["notes"],
        json!([{ "id": id, "from": TODAY, "to": "2026-09-02", "text": "Griep" }])
    );
    assert_eq!(answer["notes_left"], 3);
    // Her other parent sees the same.
    let (_, answer) = call(
        &app,
        "GET",
        &format!("/api/v1/children/{}/absences", s.lotte.id),
        &s.koen.token,
        None,
    )
    .await;
    assert_eq!(answer["notes"][0]["id"], id.as_str());
}

#[tokio::test]
async fn a_note_justifies_what_was_unexplained_as_illness() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let (status, _) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        TODAY,
        "am",
        json!([{ "pupil": s.lotte.id }]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.alerts.sent().len(), 1);
    let (status, created) = note(&app, &s.els.token, &s.lotte.id, TODAY, TODAY).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let answer = lotte_s(&app, &a).await;
    let item = &answer["items"][0];
    assert_eq!(
        (item["code"].as_str(), item["official"].as_str()),
        (Some("Z"), Some("Z"))
    );
    assert_eq!(item["note"], created["id"]);
    assert_eq!(answer["totals"], json!({ "Z": 1 }));
}

#[tokio::test]
async fn no_alert_goes_out_for_a_half_day_a_note_covered_first() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let (status, created) = note(&app, &s.els.token, &s.lotte.id, TODAY, "2026-09-03").await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    for half in ["am", "pm"] {
        let (status, _) = register(
            &app,
            &s.teacher.token,
            &s.class_3a,
            TODAY,
            half,
            json!([{ "pupil": s.lotte.id }, { "pupil": s.bert.id, "code": "Z" }]),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert!(app.alerts.sent().is_empty());
    let (_, register) = call(
        &app,
        "GET",
        &format!("/api/v1/classes/{}/register/{TODAY}/pm", s.class_3a),
        &s.teacher.token,
        None,
    )
    .await;
    let lotte = &register["pupils"][1];
    assert_eq!(lotte["code"], "Z");
    assert_eq!(lotte["note"], created["id"]);
}

#[tokio::test]
async fn the_fifth_note_of_a_school_year_is_refused() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    for day in ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"] {
        let (status, answer) = note(&app, &s.els.token, &s.lotte.id, day, day).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    assert_eq!(lotte_s(&app, &a).await["notes_left"], 0);
    // Whichever parent hands it in.
    let (status, answer) = note(&app, &s.koen.token, &s.lotte.id, "2026-09-07", "2026-09-07").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("from", "quota_reached")]);
    assert_eq!(
        lotte_s(&app, &a).await["notes"].as_array().unwrap().len(),
        4
    );
    // Bert's parent still has all four.
    let (status, _) = note(&app, &s.ann.token, &s.bert.id, TODAY, TODAY).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_note_is_refused_field_by_field() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let lotte = &s.lotte.id;
    let (status, answer) = note(&app, &s.els.token, lotte, TODAY, "2026-09-04").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("to", "too_long")]);
    let (status, _) = note(&app, &s.els.token, lotte, TODAY, "2026-09-03").await;
    assert_eq!(status, StatusCode::CREATED);
    let uri = format!("/api/v1/children/{lotte}/absence-notes");
    for (body, expected) in [
        (
            json!({ "from": "2026-09-03", "to": "2026-09-03", "reason": "illness" }),
            vec![pair("from", "overlaps")],
        ),
        (
            json!({ "from": "2026-09-07", "to": "2026-09-07", "reason": "holiday" }),
            vec![pair("reason", "unsupported_reason")],
        ),
        (
            json!({ "from": "2026-09-07", "to": "2026-09-06", "reason": "illness" }),
            vec![pair("to", "before_from")],
        ),
        (
            json!({ "from": "2026-09-09", "to": "2026-09-09", "reason": "illness" }),
            vec![pair("to", "too_early")],
        ),
        (
            json!({ "from": "2026-09-07", "to": "2026-09-07", "reason": "illness", "text": "x".repeat(1001) }),
            vec![pair("text", "too_long")],
        ),
        (
            json!({ "from": "morgen", "to": "2026-09-07", "reason": "illness" }),
            vec![pair("from", "invalid")],
        ),
        (
            json!({ "from": "2026-09-07", "to": "2026-09-07" }),
            vec![pair("reason", "required")],
        ),
    ] {
        let (status, answer) = call(&app, "POST", &uri, &s.els.token, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(refused(&answer), expected, "{body}");
    }
}

#[tokio::test]
async fn only_a_parent_hands_in_a_note_and_only_for_its_own_child() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let other = OtherSchool::seed(&app).await;
    for (token, pupil) in [
        (&s.els.token, &s.bert.id),
        (&s.rik.token, &s.lotte.id),
        (&other.eva.token, &s.lotte.id),
        (&s.els.token, &other.mila.id),
    ] {
        let (status, answer) = note(&app, token, pupil, TODAY, TODAY).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    }
    for token in [&s.lotte.token, &s.teacher.token, &s.admin] {
        let (status, answer) = note(&app, token, &s.lotte.id, TODAY, TODAY).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert_eq!(answer["code"], "forbidden");
    }
    assert_eq!(lotte_s(&app, &a).await["notes"], json!([]));
}
