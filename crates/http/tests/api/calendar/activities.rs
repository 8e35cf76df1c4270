//! Planning, changing and seeing activities through the API.

use axum::http::StatusCode;
use serde_json::json;

use super::{Calendar, planned, september, uitstap, zwemmen};
use crate::support::{TestApp, call, pair, refused};

#[tokio::test]
async fn a_class_trip_reaches_the_class_and_its_parents_labelled_and_no_one_else() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    planned(
        &app,
        &s.teacher.token,
        uitstap(json!([{ "group": s.class_3a }])),
    )
    .await;
    for who in [&s.lotte, &s.bert, &s.teacher, &s.els, &s.koen, &s.ann] {
        assert_eq!(
            september(&app, &who.token).await,
            vec!["Uitstap naar Brugge"],
            "{}",
            who.name()
        );
    }
    for who in [&s.noor, &s.rik] {
        assert!(
            september(&app, &who.token).await.is_empty(),
            "{} sees 3A",
            who.name()
        );
    }
    let (_, answer) = call(
        &app,
        "GET",
        "/api/v1/calendar?from=2026-09-01&to=2026-09-30",
        &s.els.token,
        None,
    )
    .await;
    let item = &answer["items"][0];
    assert_eq!(item["child"]["id"], s.lotte.id.as_str());
    assert_eq!(item["child"]["name"], s.lotte.name());
    assert_eq!(item["start"], "2026-09-10T08:15:00+02:00");
    assert_eq!(item["all_day"], false);
    // A pupil's own calendar carries no child label.
    let (_, answer) = call(
        &app,
        "GET",
        "/api/v1/calendar?from=2026-09-01&to=2026-09-30",
        &s.lotte.token,
        None,
    )
    .await;
    assert!(answer["items"][0].get("child").is_none());
}

#[tokio::test]
async fn pupils_and_co_accounts_are_refused_with_403_and_a_blank_title_with_422() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    for who in [&s.lotte, &s.els] {
        let (status, answer) = call(
            &app,
            "POST",
            "/api/v1/calendar/activities",
            &who.token,
            Some(uitstap(json!([{ "group": s.class_3a }]))),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert_eq!(answer["code"], "forbidden");
    }
    let mut blank = uitstap(json!([]));
    blank["title"] = json!("  ");
    blank["end"] = json!("2026-09-10T07:00:00+02:00");
    let (status, answer) = call(
        &app,
        "POST",
        "/api/v1/calendar/activities",
        &s.teacher.token,
        Some(blank),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![
            pair("title", "blank"),
            pair("end", "before_start"),
            pair("audience", "required")
        ]
    );
    let mut shapes =
        uitstap(json!([{ "school": false }, { "group": "nope" }, { "role": "janitor" }, 3]));
    shapes["start"] = json!("tomorrow");
    let (status, answer) = call(
        &app,
        "POST",
        "/api/v1/calendar/activities",
        &s.teacher.token,
        Some(shapes),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![
            pair("start", "invalid"),
            pair("audience[0]", "invalid_audience"),
            pair("audience[1].group", "invalid"),
            pair("audience[2].role", "unknown_role"),
            pair("audience[3]", "invalid_audience"),
        ]
    );
    // A teacher plans neither for another class nor for the whole school.
    for audience in [
        json!([{ "group": c.class_3b }]),
        json!([{ "school": true }]),
    ] {
        let (status, answer) = call(
            &app,
            "POST",
            "/api/v1/calendar/activities",
            &s.teacher.token,
            Some(uitstap(audience)),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused(&answer), vec![pair("audience", "not_allowed")]);
    }
}

#[tokio::test]
async fn whole_days_and_repeats_are_laid_out_and_free_days_shown() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    planned(
        &app,
        &s.teacher.token,
        zwemmen(json!([{ "group": s.class_3a }])),
    )
    .await;
    planned(
        &app,
        &s.admin,
        json!({ "title": "Sportdag", "start": "2026-09-24", "end": "2026-09-25", "all_day": true,
                "audience": [{ "school": true }] }),
    )
    .await;
    let (_, answer) = call(
        &app,
        "GET",
        "/api/v1/calendar?from=2026-09-01&to=2026-09-30",
        &s.bert.token,
        None,
    )
    .await;
    let items = answer["items"].as_array().unwrap();
    let swims = items.iter().filter(|i| i["title"] == "Zwemmen").count();
    assert_eq!(swims, 4);
    let sport = items.iter().find(|i| i["title"] == "Sportdag").unwrap();
    assert_eq!(
        (
            sport["start"].as_str(),
            sport["end"].as_str(),
            sport["all_day"].as_bool()
        ),
        (Some("2026-09-24"), Some("2026-09-25"), Some(true))
    );
    // The span is bounded.
    let (status, answer) = call(
        &app,
        "GET",
        "/api/v1/calendar?from=2026-09-01&to=2027-12-31",
        &s.bert.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("to", "too_long")]);
    let (status, answer) = call(
        &app,
        "GET",
        "/api/v1/calendar?from=gisteren",
        &s.bert.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("from", "invalid")]);
}

#[tokio::test]
async fn only_the_planner_or_an_admin_changes_or_cancels_and_others_get_404() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    let id = planned(
        &app,
        &s.teacher.token,
        uitstap(json!([{ "group": s.class_3a }])),
    )
    .await;
    let path = format!("/api/v1/calendar/activities/{id}");
    for who in [&s.lotte, &s.els, &s.noor] {
        let (status, _) = call(
            &app,
            "PUT",
            &path,
            &who.token,
            Some(uitstap(json!([{ "group": s.class_3a }]))),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = call(&app, "DELETE", &path, &who.token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Noor cannot even read it.
    let (status, _) = call(&app, "GET", &path, &s.noor.token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut moved = uitstap(json!([{ "group": s.class_3a }]));
    moved["location"] = json!("Gent");
    let (status, _) = call(&app, "PUT", &path, &s.teacher.token, Some(moved)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, answer) = call(&app, "GET", &path, &s.lotte.token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (answer["location"].as_str(), answer["sequence"].as_u64()),
        (Some("Gent"), Some(1))
    );
    let (status, _) = call(&app, "DELETE", &path, &s.admin, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(september(&app, &s.lotte.token).await.is_empty());
    let (status, _) = call(&app, "DELETE", &path, &s.admin, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn nothing_crosses_schools() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    let id = planned(&app, &s.admin, uitstap(json!([{ "school": true }]))).await;
    app.create_school("sint-lucas", "directie").await;
    let other = app
        .sign_in("sint-lucas", "directie", crate::support::PASSWORD)
        .await;
    assert!(september(&app, &other).await.is_empty());
    let path = format!("/api/v1/calendar/activities/{id}");
    for method in ["GET", "DELETE"] {
        let (status, _) = call(&app, method, &path, &other, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = call(
        &app,
        "PUT",
        &path,
        &other,
        Some(uitstap(json!([{ "school": true }]))),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Another school's class is not a class of this one.
    let (status, answer) = call(
        &app,
        "POST",
        "/api/v1/calendar/activities",
        &other,
        Some(uitstap(json!([{ "group": s.class_3a }]))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("audience", "not_allowed")]);
}

#[tokio::test]
async fn only_an_admin_sets_the_school_year_which_is_checked() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    let (status, year) = call(&app, "GET", "/api/v1/admin/school-year", &s.admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (year["starts_on"].as_str(), year["ends_on"].as_str()),
        (Some("2026-09-01"), Some("2027-08-31"))
    );
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/school-year",
        &s.admin,
        Some(json!({ "starts_on": "2026-09-01", "ends_on": "2027-06-30" })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, year) = call(&app, "GET", "/api/v1/admin/school-year", &s.admin, None).await;
    assert_eq!(year["ends_on"], "2027-06-30");
    let (status, answer) = call(
        &app,
        "PUT",
        "/api/v1/admin/school-year",
        &s.admin,
        Some(json!({ "starts_on": "2026-09-01", "ends_on": "2026-08-01" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer), vec![pair("ends_on", "before_start")]);
    for who in [&s.teacher.token, &s.lotte.token] {
        let (status, _) = call(&app, "GET", "/api/v1/admin/school-year", who, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = call(
            &app,
            "PUT",
            "/api/v1/admin/school-year",
            who,
            Some(json!({ "starts_on": "2026-09-01", "ends_on": "2027-06-30" })),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
