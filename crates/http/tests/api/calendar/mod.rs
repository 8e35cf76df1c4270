//! The calendar through the API: planning and changing, who sees what (each rule tried
//! from the wrong account, another class, another school, a revoked feed), and the
//! private feeds read by an independent iCalendar parser.

mod activities;
mod feeds;
mod openapi;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{School, TestApp, call, class, json_request};

/// The seeded school with the teacher in 3A and a class 3B holding Noor.
pub struct Calendar {
    pub school: School,
    pub class_3b: String,
}

impl Calendar {
    pub async fn seed(app: &TestApp) -> Self {
        let school = School::seed(app).await;
        let members = [&school.lotte.id, &school.bert.id, &school.teacher.id];
        let set = app
            .send(json_request(
                "PUT",
                &format!("/api/v1/admin/groups/{}/members", school.class_3a),
                Some(&school.admin),
                &json!({ "members": members }),
            ))
            .await;
        assert_eq!(set.status(), StatusCode::NO_CONTENT);
        let class_3b = class(app, &school.admin, "3B", &[&school.noor]).await;
        Self { school, class_3b }
    }
}

/// "Uitstap naar Brugge" for `audience`, Thursday 10 September 2026, 8:15 to 16:00.
pub fn uitstap(audience: Value) -> Value {
    json!({
        "title": "Uitstap naar Brugge",
        "location": "Brugge",
        "start": "2026-09-10T08:15:00+02:00",
        "end": "2026-09-10T16:00:00+02:00",
        "audience": audience,
    })
}

/// "Zwemmen" on Tuesday afternoons until the Easter holiday, except in the exam week.
pub fn zwemmen(audience: Value) -> Value {
    json!({
        "title": "Zwemmen",
        "start": "2026-09-08T13:30:00+02:00",
        "end": "2026-09-08T15:00:00+02:00",
        "audience": audience,
        "repeat": { "every_weeks": 1, "until": "2027-04-02", "except": ["2026-12-15"] },
    })
}

/// Plans an activity that must be accepted; returns its id.
pub async fn planned(app: &TestApp, token: &str, body: Value) -> String {
    let (status, answer) = call(
        app,
        "POST",
        "/api/v1/calendar/activities",
        token,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["id"].as_str().unwrap().to_owned()
}

/// The titles of the activities on `token`'s calendar in September 2026.
pub async fn september(app: &TestApp, token: &str) -> Vec<String> {
    let (status, answer) = call(
        app,
        "GET",
        "/api/v1/calendar?from=2026-09-01&to=2026-09-30",
        token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "activity")
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}
