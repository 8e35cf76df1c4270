//! Who reads which absences: staff their pupils, a pupil its own, a parent its children;
//! each rule tried from the wrong account, another class and another school.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Absences, OtherSchool, TODAY, items, set_absence};
use crate::support::{TestApp, call, pair, refused};

/// Lotte unknown this morning, Bert `B` this afternoon, Noor ill this morning, all
/// registered by the admin.
async fn registered(app: &TestApp) -> Absences {
    let a = Absences::seed(app).await;
    let s = &a.school;
    set_absence(app, &s.admin, &s.lotte.id, TODAY, "am", "?").await;
    set_absence(app, &s.admin, &s.bert.id, TODAY, "pm", "B").await;
    set_absence(app, &s.admin, &s.noor.id, TODAY, "am", "Z").await;
    a
}

/// The pupils of the items, in order.
fn pupils(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["pupil"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_person_reads_the_absences_of_its_own_pupils_only() {
    let app = TestApp::new().await;
    let a = registered(&app).await;
    let s = &a.school;
    let mut everyone = vec![s.lotte.id.clone(), s.bert.id.clone(), s.noor.id.clone()];
    everyone.sort();
    let mut class_3a = vec![s.lotte.id.clone(), s.bert.id.clone()];
    class_3a.sort();
    for (token, expected) in [
        (&s.admin, everyone.clone()),
        (&a.hilde.token, everyone),
        (&s.teacher.token, class_3a),
        (&a.sofie.token, vec![s.noor.id.clone()]),
        (&s.lotte.token, vec![s.lotte.id.clone()]),
        (&s.els.token, vec![s.lotte.id.clone()]),
        (&s.ann.token, vec![s.bert.id.clone()]),
    ] {
        assert_eq!(
            pupils(&items(&app, token, "/api/v1/absences").await),
            expected
        );
    }
    let lotte = items(&app, &s.els.token, "/api/v1/absences").await;
    assert_eq!(
        lotte[0],
        json!({ "pupil": s.lotte.id, "date": TODAY, "half": "am", "code": "?", "official": null,
                "confirmed": true })
    );
    let bert = items(
        &app,
        &s.teacher.token,
        &format!(
            "/api/v1/absences?pupil={}&from={TODAY}&to={TODAY}",
            s.bert.id
        ),
    )
    .await;
    assert_eq!(
        (bert[0]["half"].as_str(), bert[0]["official"].as_str()),
        (Some("pm"), Some("B"))
    );
    // Another period holds nothing.
    assert!(
        items(
            &app,
            &s.admin,
            "/api/v1/absences?from=2026-09-02&to=2026-09-30"
        )
        .await
        .is_empty()
    );
}

#[tokio::test]
async fn a_pupil_a_parent_or_a_teacher_asking_for_someone_else_s_absences_finds_nothing() {
    let app = TestApp::new().await;
    let a = registered(&app).await;
    let s = &a.school;
    let other = OtherSchool::seed(&app).await;
    for (token, pupil) in [
        // A classmate.
        (&s.lotte.token, &s.bert.id),
        // Another pupil's child.
        (&s.els.token, &s.bert.id),
        (&s.rik.token, &s.lotte.id),
        // A teacher of another class.
        (&a.sofie.token, &s.lotte.id),
        // Another school: its parent, its admin.
        (&other.eva.token, &s.lotte.id),
        (&other.admin, &s.lotte.id),
        // From here to there.
        (&s.admin, &other.mila.id),
    ] {
        for uri in [
            format!("/api/v1/absences?pupil={pupil}"),
            format!("/api/v1/children/{pupil}/absences"),
        ] {
            let (status, answer) = call(&app, "GET", &uri, token, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {answer}");
            assert_eq!(answer["detail"], "no such resource");
        }
    }
    assert!(
        items(&app, &other.eva.token, "/api/v1/absences")
            .await
            .is_empty()
    );
    assert!(
        items(&app, &other.admin, "/api/v1/absences")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_bad_query_value_is_named() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let paths = [
        "/api/v1/absences".to_owned(),
        format!("/api/v1/children/{}/absences", s.lotte.id),
        "/api/v1/absences/export.csv".to_owned(),
    ];
    for path in &paths {
        for (query, expected) in [
            ("from=gisteren", vec![pair("from", "invalid")]),
            (
                "from=&to=2026-9-30x",
                vec![pair("from", "invalid"), pair("to", "invalid")],
            ),
            (
                "from=2026-09-10&to=2026-09-01",
                vec![pair("to", "before_from")],
            ),
            (
                "from=2026-09-01&to=2027-12-31",
                vec![pair("to", "too_long")],
            ),
        ] {
            let uri = format!("{path}?{query}");
            let (status, answer) = call(&app, "GET", &uri, &s.admin, None).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
            assert_eq!(refused(&answer), expected, "{uri}");
        }
    }
    let (status, answer) = call(&app, "GET", "/api/v1/absences?pupil=lotte", &s.admin, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("pupil", "invalid")]);
}

#[tokio::test]
async fn counsellors_and_administrators_read_who_changed_a_half_day() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    set_absence(&app, &s.teacher.token, &s.lotte.id, TODAY, "am", "?").await;
    app.clock.advance(chrono::Duration::minutes(5));
    set_absence(&app, &s.admin, &s.lotte.id, TODAY, "am", "Z").await;
    let (_, me) = call(&app, "GET", "/api/v1/me", &s.admin, None).await;
    let uri = format!("/api/v1/absences/{}/changes", s.lotte.id);
    for token in [&s.admin, &a.hilde.token] {
        let changes = items(&app, token, &uri).await;
        assert_eq!(changes.len(), 2);
        // Newest first.
        assert_eq!(changes[0]["from"], "?");
        assert_eq!(changes[0]["to"], "Z");
        assert_eq!(changes[0]["by"], me["id"]);
        assert_eq!(changes[1]["from"], Value::Null);
        assert_eq!(changes[1]["by"], s.teacher.id.as_str());
        assert_eq!(
            (changes[1]["date"].as_str(), changes[1]["half"].as_str()),
            (Some(TODAY), Some("am"))
        );
        assert!(
            changes[1]["at"]
                .as_str()
                .unwrap()
                .starts_with("2026-09-01T08:00:00")
        );
    }
    for token in [&s.teacher.token, &s.lotte.token, &s.els.token] {
        let (status, _) = call(&app, "GET", &uri, token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    for uri in [
        format!("/api/v1/absences/{}/changes", uuid::Uuid::now_v7()),
        "/api/v1/absences/not-a-uuid/changes".to_owned(),
    ] {
        let (status, _) = call(&app, "GET", &uri, &s.admin, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn a_parent_sees_its_children_with_their_absences_totals_and_notes() {
    let app = TestApp::new().await;
    let a = registered(&app).await;
    let s = &a.school;
    set_absence(&app, &s.admin, &s.lotte.id, TODAY, "pm", "Z").await;

    let (status, children) = call(&app, "GET", "/api/v1/children", &s.els.token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        children,
        json!([{ "pupil_id": s.lotte.id, "first_name": "Lotte", "last_name": "Peeters", "class": "3A" }])
    );
    let (_, children) = call(&app, "GET", "/api/v1/children", &s.rik.token, None).await;
    assert_eq!(children[0]["class"], "3B");
    for token in [&s.admin, &s.teacher.token, &s.lotte.token] {
        let (status, children) = call(&app, "GET", "/api/v1/children", token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(children, json!([]));
    }

    let uri = format!("/api/v1/children/{}/absences", s.lotte.id);
    // Her parents, herself, her teacher and the counsellor read them.
    for token in [
        &s.els.token,
        &s.koen.token,
        &s.lotte.token,
        &s.teacher.token,
        &a.hilde.token,
    ] {
        let (status, answer) = call(&app, "GET", &uri, token, None).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["items"].as_array().unwrap().len(), 2);
        assert_eq!(answer["totals"], json!({ "?": 1, "Z": 1 }));
        assert_eq!(answer["notes"], json!([]));
        assert_eq!(answer["notes_left"], 4);
    }
    let (_, answer) = call(
        &app,
        "GET",
        &format!("{uri}?from=2026-09-02"),
        &s.els.token,
        None,
    )
    .await;
    assert_eq!(answer["items"], json!([]));
    assert_eq!(answer["totals"], json!({}));
}

#[tokio::test]
async fn the_list_comes_in_pages_and_refuses_a_foreign_cursor() {
    let app = TestApp::new().await;
    let a = registered(&app).await;
    let s = &a.school;
    let mut seen = Vec::new();
    let mut uri = "/api/v1/absences?limit=1".to_owned();
    loop {
        let (status, page) = call(&app, "GET", &uri, &s.admin, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page["items"].as_array().unwrap().len() <= 1, "{page}");
        seen.extend(pupils(page["items"].as_array().unwrap()));
        match page["next"].as_str() {
            Some(next) => uri = format!("/api/v1/absences?limit=1&after={next}"),
            None => break,
        }
    }
    let mut everyone = vec![s.lotte.id.clone(), s.bert.id.clone(), s.noor.id.clone()];
    everyone.sort();
    assert_eq!(seen, everyone);
    let (status, problem) = call(
        &app,
        "GET",
        "/api/v1/absences?after=bm90LWEta2V5",
        &s.admin,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        refused(&problem),
        vec![("after".to_owned(), "malformed_cursor".to_owned())]
    );
    let (status, _) = call(&app, "GET", "/api/v1/absences?limit=201", &s.admin, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
