//! The class register and one pupil's half-day: who registers which class, what a
//! register writes, the alerts it raises, and what is refused.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Absences, SATURDAY, TODAY, register, set_absence};
use crate::support::{TestApp, call, pair, refused};

/// The register of 3A this morning as `token` sees it.
async fn register_3a(app: &TestApp, a: &Absences, token: &str) -> Value {
    let (status, answer) = call(
        app,
        "GET",
        &format!("/api/v1/classes/{}/register/{TODAY}/am", a.school.class_3a),
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

#[tokio::test]
async fn each_teacher_registers_the_classes_it_is_in_and_administrators_every_class() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let names = |items: Vec<Value>| -> Vec<String> {
        items
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let classes = super::items(&app, &s.teacher.token, "/api/v1/classes").await;
    assert_eq!(classes[0]["id"], s.class_3a.as_str());
    assert_eq!(names(classes), ["3A"]);
    assert_eq!(
        names(super::items(&app, &a.sofie.token, "/api/v1/classes").await),
        ["3B"]
    );
    assert_eq!(
        names(super::items(&app, &s.admin, "/api/v1/classes").await),
        ["3A", "3B"]
    );
    for token in [&s.lotte.token, &s.els.token, &a.hilde.token] {
        assert!(
            super::items(&app, token, "/api/v1/classes")
                .await
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_register_marks_the_absent_and_every_other_pupil_present() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let answer = register_3a(&app, &a, &s.teacher.token).await;
    assert_eq!(answer["class"], json!({ "id": s.class_3a, "name": "3A" }));
    assert_eq!(
        (answer["date"].as_str(), answer["half"].as_str()),
        (Some(TODAY), Some("am"))
    );
    let pupils = answer["pupils"].as_array().unwrap();
    // By last name: Claes, Peeters.
    assert_eq!(pupils.len(), 2);
    assert_eq!(pupils[0]["pupil_id"], s.bert.id.as_str());
    assert_eq!(pupils[1]["first_name"], "Lotte");
    assert_eq!(pupils[1]["last_name"], "Peeters");
    for p in pupils {
        assert_eq!(p["code"], Value::Null);
        assert_eq!(p["official"], Value::Null);
        assert_eq!(p["confirmed"], false);
    }

    let (status, answer) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        TODAY,
        "am",
        json!([{ "pupil": s.lotte.id }, { "pupil": s.bert.id, "code": "Z", "remark": "Bij de dokter" }]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({ "absent": 2 }));
    let pupils = register_3a(&app, &a, &s.teacher.token).await["pupils"].clone();
    assert_eq!(pupils[0]["code"], "Z");
    assert_eq!(pupils[0]["official"], "Z");
    assert_eq!(pupils[0]["remark"], "Bij de dokter");
    assert_eq!(pupils[1]["code"], "?");
    assert_eq!(pupils[1]["official"], Value::Null);
    assert_eq!(pupils[1]["note"], Value::Null);

    // Bert came after all.
    let (_, answer) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        TODAY,
        "am",
        json!([{ "pupil": s.lotte.id, "code": "?" }]),
    )
    .await;
    assert_eq!(answer, json!({ "absent": 1 }));
    let pupils = register_3a(&app, &a, &s.teacher.token).await["pupils"].clone();
    assert_eq!(pupils[0]["code"], Value::Null);
    assert_eq!(pupils[1]["code"], "?");
}

#[tokio::test]
async fn an_unexplained_half_day_alerts_the_parents_once_however_often_it_is_registered() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let lotte_absent = json!([{ "pupil": s.lotte.id }]);
    for _ in 0..2 {
        let (status, answer) = register(
            &app,
            &s.teacher.token,
            &s.class_3a,
            TODAY,
            "am",
            lotte_absent.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    // Justified and then unknown again: still the one alert.
    set_absence(&app, &s.teacher.token, &s.lotte.id, TODAY, "am", "Z").await;
    set_absence(&app, &s.teacher.token, &s.lotte.id, TODAY, "am", "?").await;
    let sent = app.alerts.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0.pupil.to_string(), s.lotte.id);
    assert_eq!(sent[0].0.date.to_string(), TODAY);
    assert!(sent[0].1.subject.starts_with("Lotte is afwezig"));
    // The afternoon is another half-day, and Z alerts no one.
    set_absence(&app, &s.teacher.token, &s.bert.id, TODAY, "pm", "Z").await;
    let (status, _) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        TODAY,
        "pm",
        lotte_absent,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.alerts.sent().len(), 2);
}

#[tokio::test]
async fn a_teacher_of_another_class_pupils_and_parents_find_no_register() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let uri = format!("/api/v1/classes/{}/register/{TODAY}/am", s.class_3a);
    for token in [&a.sofie.token, &s.lotte.token, &s.els.token, &a.hilde.token] {
        let (status, _) = call(&app, "GET", &uri, token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = register(
            &app,
            token,
            &s.class_3a,
            TODAY,
            "am",
            json!([{ "pupil": s.lotte.id }]),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Nor one pupil's half-day of that class.
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/absences/{}/{TODAY}/am", s.lotte.id),
        &a.sofie.token,
        Some(json!({ "code": "Z" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(app.alerts.sent().is_empty());
    // An administrator registers every class.
    let (status, _) = register(&app, &s.admin, &a.class_3b, TODAY, "am", json!([])).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_path_that_names_nothing_answers_404() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let unknown = uuid::Uuid::now_v7();
    for uri in [
        format!("/api/v1/classes/{unknown}/register/{TODAY}/am"),
        format!("/api/v1/classes/not-a-uuid/register/{TODAY}/am"),
        format!("/api/v1/classes/{}/register/2026-02-30/am", s.class_3a),
        format!("/api/v1/classes/{}/register/01-09-2026/am", s.class_3a),
        format!("/api/v1/classes/{}/register/{TODAY}/noon", s.class_3a),
        format!("/api/v1/classes/{}/register/{TODAY}/AM", s.class_3a),
    ] {
        let (status, answer) = call(&app, "GET", &uri, &s.admin, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer["detail"], "no such resource", "{uri}");
        let (status, _) = call(&app, "PUT", &uri, &s.admin, Some(json!({ "absent": [] }))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    for uri in [
        format!("/api/v1/absences/{unknown}/{TODAY}/am"),
        format!("/api/v1/absences/not-a-uuid/{TODAY}/am"),
        format!("/api/v1/absences/{}/2026-9-1x/am", s.lotte.id),
        format!("/api/v1/absences/{}/{TODAY}/evening", s.lotte.id),
    ] {
        let (status, _) = call(&app, "PUT", &uri, &s.admin, Some(json!({ "code": "Z" }))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        let (status, _) = call(&app, "DELETE", &uri, &s.admin, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn a_register_is_refused_field_by_field() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let (status, answer) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        SATURDAY,
        "am",
        json!([
            { "pupil": s.lotte.id, "code": "XYZ" },
            { "pupil": s.noor.id },
            { "pupil": s.lotte.id },
            { "pupil": s.bert.id, "remark": "x".repeat(501) },
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![
            pair("date", "not_a_school_day"),
            pair("absent[0].code", "unknown_code"),
            pair("absent[1].pupil", "not_in_class"),
            pair("absent[2].pupil", "duplicate"),
            pair("absent[3].remark", "too_long"),
        ]
    );
    // A teacher registers no day ahead; an administrator may (a planned absence).
    let (status, answer) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        "2026-09-02",
        "am",
        json!([]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("date", "in_the_future")]);
    let (status, _) = register(&app, &s.admin, &s.class_3a, "2026-09-02", "am", json!([])).await;
    assert_eq!(status, StatusCode::OK);
    // The shape is checked before anything else.
    let (status, answer) = register(
        &app,
        &s.teacher.token,
        &s.class_3a,
        TODAY,
        "am",
        json!([{ "pupil": "lotte" }]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer)[0].0, "absent[0].pupil");
    let (status, answer) = call(
        &app,
        "PUT",
        &format!("/api/v1/classes/{}/register/{TODAY}/am", s.class_3a),
        &s.teacher.token,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("absent", "required")]);
    assert!(app.alerts.sent().is_empty());
}

#[tokio::test]
async fn a_teacher_changes_no_half_day_an_administrator_confirmed() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let uri = format!("/api/v1/absences/{}/{TODAY}/am", s.lotte.id);
    set_absence(&app, &s.admin, &s.lotte.id, TODAY, "am", "R").await;
    let pupils = register_3a(&app, &a, &s.teacher.token).await["pupils"].clone();
    assert_eq!(
        (pupils[1]["code"].as_str(), pupils[1]["confirmed"].as_bool()),
        (Some("R"), Some(true))
    );

    let (status, answer) = call(
        &app,
        "PUT",
        &uri,
        &s.teacher.token,
        Some(json!({ "code": "?" })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(answer["code"], "forbidden");
    let (status, answer) = call(&app, "DELETE", &uri, &s.teacher.token, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(answer["code"], "forbidden");
    // The class register leaves it as it is.
    let (status, _) = register(&app, &s.teacher.token, &s.class_3a, TODAY, "am", json!([])).await;
    assert_eq!(status, StatusCode::OK);
    let pupils = register_3a(&app, &a, &s.teacher.token).await["pupils"].clone();
    assert_eq!(pupils[1]["code"], "R");

    // The administrator clears it; the teacher may write it then.
    let (status, _) = call(&app, "DELETE", &uri, &s.admin, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &app,
        "PUT",
        &uri,
        &s.teacher.token,
        Some(json!({ "code": "Z", "remark": "Griep" })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let pupils = register_3a(&app, &a, &s.teacher.token).await["pupils"].clone();
    assert_eq!(pupils[1]["remark"], "Griep");
    assert_eq!(pupils[1]["confirmed"], false);
    let (status, _) = call(&app, "DELETE", &uri, &s.teacher.token, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let pupils = register_3a(&app, &a, &s.teacher.token).await["pupils"].clone();
    assert_eq!(pupils[1]["code"], Value::Null);
}

#[tokio::test]
async fn one_half_day_is_refused_field_by_field() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let lotte = &s.lotte.id;
    for (uri, body, expected) in [
        (
            format!("/api/v1/absences/{lotte}/{TODAY}/am"),
            json!({ "code": "Q" }),
            vec![pair("code", "unknown_code")],
        ),
        (
            format!("/api/v1/absences/{lotte}/{SATURDAY}/pm"),
            json!({ "code": "Z" }),
            vec![pair("date", "not_a_school_day")],
        ),
        (
            format!("/api/v1/absences/{lotte}/{TODAY}/am"),
            json!({ "remark": "ziek" }),
            vec![pair("code", "required")],
        ),
        (
            format!("/api/v1/absences/{lotte}/{TODAY}/am"),
            json!({ "code": "Z", "remark": "een\u{7}bel" }),
            vec![pair("remark", "control_characters")],
        ),
    ] {
        let (status, answer) = call(&app, "PUT", &uri, &s.teacher.token, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(refused(&answer), expected, "{uri}");
    }
    let (status, answer) = call(
        &app,
        "DELETE",
        &format!("/api/v1/absences/{lotte}/{SATURDAY}/am"),
        &s.teacher.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("date", "not_a_school_day")]);
}
