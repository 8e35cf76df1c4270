//! The follow-up list (counsellors and absence administrators) and the export of the
//! official codes (absence administrators).

use axum::http::{StatusCode, header};
use serde_json::json;

use super::{Absences, TODAY, items, set_absence};
use crate::support::{TestApp, body_text, call, empty_request, main_account, pair, refused};

/// Noor `B` on five half-days from this morning on (the admin registers ahead), Lotte
/// `B` once.
async fn problematic(app: &TestApp) -> Absences {
    let a = Absences::seed(app).await;
    let s = &a.school;
    for (date, half) in [
        (TODAY, "am"),
        (TODAY, "pm"),
        ("2026-09-02", "am"),
        ("2026-09-02", "pm"),
        ("2026-09-03", "am"),
    ] {
        set_absence(app, &s.admin, &s.noor.id, date, half, "B").await;
    }
    set_absence(app, &s.admin, &s.lotte.id, TODAY, "pm", "B").await;
    set_absence(app, &s.admin, &s.bert.id, TODAY, "pm", "Z").await;
    a
}

#[tokio::test]
async fn the_follow_up_lists_the_pupils_from_the_threshold_most_first() {
    let app = TestApp::new().await;
    let a = problematic(&app).await;
    let s = &a.school;
    let list = items(&app, &a.hilde.token, "/api/v1/absences/follow-up").await;
    assert_eq!(list.len(), 1);
    let noor = &list[0];
    assert_eq!(noor["pupil"], s.noor.id.as_str());
    assert_eq!(
        (noor["first_name"].as_str(), noor["last_name"].as_str()),
        (Some("Noor"), Some("Maes"))
    );
    assert_eq!(noor["class"], "3B");
    assert_eq!(noor["problematic_half_days"], 5);
    assert_eq!(noor["since"], TODAY);
    assert_eq!(noor["half_days"][0], json!({ "date": TODAY, "half": "am" }));
    assert_eq!(
        noor["half_days"][4],
        json!({ "date": "2026-09-03", "half": "am" })
    );
    assert_eq!(noor["allowance_at_risk"], false);

    let list = items(&app, &s.admin, "/api/v1/absences/follow-up?threshold=1").await;
    let pupils: Vec<&str> = list.iter().map(|l| l["pupil"].as_str().unwrap()).collect();
    assert_eq!(pupils, [s.noor.id.as_str(), s.lotte.id.as_str()]);
    assert_eq!(
        list[1]["half_days"],
        json!([{ "date": TODAY, "half": "pm" }])
    );

    // The allowance is at risk from the school's threshold.
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        &s.admin,
        Some(json!({ "codes": [], "unknown_becomes_b_after_days": 3, "allowance_threshold": 5 })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let list = items(
        &app,
        &a.hilde.token,
        "/api/v1/absences/follow-up?threshold=1",
    )
    .await;
    assert_eq!(list[0]["allowance_at_risk"], true);
    assert_eq!(list[1]["allowance_at_risk"], false);
}

#[tokio::test]
async fn a_bad_threshold_is_named() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    for (query, code) in [
        ("threshold=0", "out_of_range"),
        ("threshold=vijf", "invalid"),
        ("threshold=-1", "invalid"),
        ("threshold=", "invalid"),
        ("threshold=99999999999", "invalid"),
    ] {
        let uri = format!("/api/v1/absences/follow-up?{query}");
        let (status, answer) = call(&app, "GET", &uri, &a.hilde.token, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(refused(&answer), vec![pair("threshold", code)], "{uri}");
    }
}

#[tokio::test]
async fn pupils_parents_and_teachers_find_neither_the_follow_up_nor_the_export() {
    let app = TestApp::new().await;
    let a = problematic(&app).await;
    let s = &a.school;
    for token in [
        &s.noor.token,
        &s.lotte.token,
        &s.rik.token,
        &s.teacher.token,
        &a.sofie.token,
    ] {
        for uri in ["/api/v1/absences/follow-up", "/api/v1/absences/export.csv"] {
            let (status, answer) = call(&app, "GET", uri, token, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {answer}");
        }
    }
    // The counsellor follows up but does not export.
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/absences/export.csv",
        &a.hilde.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A teacher named absence administrator does both.
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-administrators",
        &s.admin,
        Some(json!({ "accounts": [a.sofie.id] })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for uri in ["/api/v1/absences/follow-up", "/api/v1/absences/export.csv"] {
        let response = app
            .send(empty_request("GET", uri, Some(&a.sofie.token)))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn the_export_is_csv_with_one_line_per_half_day_and_names_quoted() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let jan = main_account(
        &app,
        &s.admin,
        "sint-jan",
        ("Jan", "Smet, \"de Jongere\""),
        &["pupil"],
    )
    .await;
    set_absence(&app, &s.admin, &s.lotte.id, TODAY, "pm", "Z").await;
    set_absence(&app, &s.admin, &jan.id, TODAY, "am", "?").await;

    let response = app
        .send(empty_request(
            "GET",
            "/api/v1/absences/export.csv",
            Some(&s.admin),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"absences.csv\""
    );
    let text = body_text(response).await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "pupil,last_name,first_name,class,date,half,official"
    );
    let mut rows = lines[1..].to_vec();
    rows.sort_unstable();
    let mut expected = vec![
        format!("{},Peeters,Lotte,3A,{TODAY},pm,Z", s.lotte.id),
        format!("{},\"Smet, \"\"de Jongere\"\"\",Jan,,{TODAY},am,?", jan.id),
    ];
    expected.sort_unstable();
    assert_eq!(rows, expected);

    let response = app
        .send(empty_request(
            "GET",
            "/api/v1/absences/export.csv?from=2026-09-02&to=2026-09-30",
            Some(&s.admin),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        body_text(response).await,
        "pupil,last_name,first_name,class,date,half,official\r\n"
    );
}
