//! The school's codes and rules, and who administers absences.

use axum::http::StatusCode;
use serde_json::json;

use super::{Absences, TODAY};
use crate::support::{TestApp, call, pair, refused};

#[tokio::test]
async fn everyone_reads_the_official_codes_and_the_flemish_rules() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    for token in [&s.admin, &s.teacher.token, &s.lotte.token, &s.els.token] {
        let (status, answer) = call(&app, "GET", "/api/v1/absence-codes", token, None).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let letters: Vec<&str> = answer["official"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["code"].as_str().unwrap())
            .collect();
        assert_eq!(letters, ["R", "Z", "P", "H", "M", "A", "B"]);
        assert!(
            answer["official"][1]["label"]
                .as_str()
                .unwrap()
                .starts_with("Illness")
        );
        assert_eq!(answer["codes"], json!([]));
        assert_eq!(answer["unknown_becomes_b_after_days"], 3);
        assert_eq!(answer["note_max_days"], 3);
        assert_eq!(answer["notes_per_year"], 4);
        assert_eq!(answer["guidance_threshold"], 5);
        assert_eq!(answer["allowance_threshold"], 30);
    }
}

#[tokio::test]
async fn absence_administrators_change_the_codes_and_no_one_else_sees_the_endpoint() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let body = json!({
        "codes": [{ "code": "TL", "label": "Te laat zonder reden", "official": "B" }],
        "unknown_becomes_b_after_days": 5,
        "notes_per_year": 2,
    });
    for token in [
        &s.teacher.token,
        &a.hilde.token,
        &s.lotte.token,
        &s.els.token,
    ] {
        let (status, answer) = call(
            &app,
            "PUT",
            "/api/v1/admin/absence-codes",
            token,
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    }
    let (status, answer) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        &s.admin,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let (_, answer) = call(&app, "GET", "/api/v1/absence-codes", &s.els.token, None).await;
    assert_eq!(
        answer["codes"],
        json!([{ "code": "TL", "label": "Te laat zonder reden", "official": "B" }])
    );
    assert_eq!(answer["unknown_becomes_b_after_days"], 5);
    assert_eq!(answer["notes_per_year"], 2);
    // Left out, a number keeps its value.
    assert_eq!(answer["note_max_days"], 3);

    // A teacher named absence administrator may then.
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-administrators",
        &s.admin,
        Some(json!({ "accounts": [s.teacher.id] })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, answer) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        &s.teacher.token,
        Some(json!({ "codes": [], "unknown_becomes_b_after_days": 3 })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
}

#[tokio::test]
async fn refused_codes_and_numbers_are_named_field_by_field() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let admin = &a.school.admin;
    let (status, answer) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        admin,
        Some(json!({
            "codes": [
                { "code": "Z", "label": "Ziek", "official": "Z" },
                { "code": "TL", "label": "Te laat", "official": "X" },
                { "code": "TL", "label": "Nog eens", "official": "B" },
            ],
            "unknown_becomes_b_after_days": 0,
        })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![
            pair("codes[0].code", "reserved"),
            pair("codes[1].official", "unknown_code"),
            pair("codes[2].code", "duplicate"),
            pair("unknown_becomes_b_after_days", "out_of_range"),
        ]
    );
    let (status, answer) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        admin,
        Some(json!({ "codes": [] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![pair("unknown_becomes_b_after_days", "required")]
    );
    let (status, answer) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        admin,
        Some(json!({ "codes": [], "unknown_becomes_b_after_days": 3,
                     "guidance_threshold": 40, "allowance_threshold": 30 })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![pair("allowance_threshold", "below_guidance_threshold")]
    );
}

#[tokio::test]
async fn admins_name_the_absence_administrators_among_the_staff() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let uri = "/api/v1/admin/absence-administrators";
    let (status, answer) = call(&app, "GET", uri, &s.admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer, json!({ "accounts": [] }));
    let (status, _) = call(
        &app,
        "PUT",
        uri,
        &s.admin,
        Some(json!({ "accounts": [a.sofie.id, a.hilde.id, a.sofie.id] })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, answer) = call(&app, "GET", uri, &s.admin, None).await;
    assert_eq!(answer, json!({ "accounts": [a.sofie.id, a.hilde.id] }));

    // Being one does not make a staff member a school administrator.
    for token in [
        &a.sofie.token,
        &s.teacher.token,
        &s.lotte.token,
        &s.els.token,
    ] {
        let (status, _) = call(&app, "GET", uri, token, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = call(&app, "PUT", uri, token, Some(json!({ "accounts": [] }))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, answer) = call(
        &app,
        "PUT",
        uri,
        &s.admin,
        Some(json!({ "accounts": [s.teacher.id, s.lotte.id, s.els.id] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused(&answer),
        vec![
            pair("accounts[1]", "not_staff"),
            pair("accounts[2]", "not_staff")
        ]
    );
    let (status, answer) = call(
        &app,
        "PUT",
        uri,
        &s.admin,
        Some(json!({ "accounts": ["not-a-uuid"] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused(&answer)[0].0, "accounts[0]");
}

#[tokio::test]
async fn a_school_code_registers_as_its_official_code() {
    let app = TestApp::new().await;
    let a = Absences::seed(&app).await;
    let s = &a.school;
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/admin/absence-codes",
        &s.admin,
        Some(json!({
            "codes": [{ "code": "TL", "label": "Te laat zonder reden", "official": "B" }],
            "unknown_becomes_b_after_days": 3,
        })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    super::set_absence(&app, &s.teacher.token, &s.lotte.id, TODAY, "am", "TL").await;
    let items = super::items(
        &app,
        &s.teacher.token,
        &format!("/api/v1/absences?pupil={}", s.lotte.id),
    )
    .await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["code"], "TL");
    assert_eq!(items[0]["official"], "B");
}
