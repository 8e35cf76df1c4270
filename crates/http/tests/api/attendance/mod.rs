//! Absences through the API: the codes and who administers them, the class register and
//! one pupil's half-day, what each person reads (each privacy rule tried from the wrong
//! account, another class, another school), parents' notes with their two limits, the
//! alerts to parents, the follow-up list and the export.
//!
//! The clock stands on Tuesday 1 September 2026, the first school day of the school
//! year: [`TODAY`] is the day registered, Saturday 29 August a day without school.

mod access;
mod notes;
mod openapi;
mod reading;
mod register;
mod reports;
mod settings;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{Person, School, TestApp, activate, call, class, json_request, main_account};

/// The test clock's date: a school day.
pub const TODAY: &str = "2026-09-01";
/// A Saturday before it.
pub const SATURDAY: &str = "2026-08-29";

/// Sint-Jan as the messaging tests seed it, with Jonas teaching 3A (Lotte, Bert), Sofie
/// teaching 3B (Noor) and Hilde, a counsellor.
pub struct Absences {
    pub school: School,
    pub class_3b: String,
    pub sofie: Person,
    pub hilde: Person,
}

impl Absences {
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
        let sofie = main_account(
            app,
            &school.admin,
            "sint-jan",
            ("Sofie", "Wouters"),
            &["teacher"],
        )
        .await;
        let hilde = main_account(
            app,
            &school.admin,
            "sint-jan",
            ("Hilde", "Smets"),
            &["counsellor"],
        )
        .await;
        let class_3b = class(app, &school.admin, "3B", &[&school.noor, &sofie]).await;
        Self {
            school,
            class_3b,
            sofie,
            hilde,
        }
    }
}

/// Sint-Pieter, another school, with its admin, a pupil Mila and her mother Eva.
pub struct OtherSchool {
    pub admin: String,
    pub mila: Person,
    pub eva: Person,
}

impl OtherSchool {
    pub async fn seed(app: &TestApp) -> Self {
        app.create_school("sint-pieter", "directeur").await;
        let admin = app
            .sign_in("sint-pieter", "directeur", crate::support::PASSWORD)
            .await;
        let mila = main_account(app, &admin, "sint-pieter", ("Mila", "Dewitte"), &["pupil"]).await;
        let (status, account) = call(
            app,
            "POST",
            &format!("/api/v1/admin/accounts/{}/co-accounts", mila.id),
            &admin,
            Some(json!({ "slot": 1, "relation": "mother", "username": "eva",
                         "first_name": "Eva", "last_name": "Dewitte" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{account}");
        let id = account["id"].as_str().unwrap().to_owned();
        let token = activate(app, &admin, "sint-pieter", &id, "eva").await;
        let eva = Person {
            id,
            username: "eva".into(),
            first_name: "Eva".into(),
            last_name: "Dewitte".into(),
            token,
        };
        Self { admin, mila, eva }
    }
}

/// `PUT /classes/{class}/register/{date}/{half}` with these absent.
pub async fn register(
    app: &TestApp,
    token: &str,
    class: &str,
    date: &str,
    half: &str,
    absent: Value,
) -> (StatusCode, Value) {
    call(
        app,
        "PUT",
        &format!("/api/v1/classes/{class}/register/{date}/{half}"),
        token,
        Some(json!({ "absent": absent })),
    )
    .await
}

/// `PUT /absences/{pupil}/{date}/{half}` with `code`, which must be accepted.
pub async fn set_absence(
    app: &TestApp,
    token: &str,
    pupil: &str,
    date: &str,
    half: &str,
    code: &str,
) {
    let (status, answer) = call(
        app,
        "PUT",
        &format!("/api/v1/absences/{pupil}/{date}/{half}"),
        token,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
}

/// `POST /children/{pupil}/absence-notes` for an illness from `from` to `to`.
pub async fn note(
    app: &TestApp,
    token: &str,
    pupil: &str,
    from: &str,
    to: &str,
) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        &format!("/api/v1/children/{pupil}/absence-notes"),
        token,
        Some(json!({ "from": from, "to": to, "reason": "illness" })),
    )
    .await
}

/// The items of `GET {uri}`, which must answer 200.
pub async fn items(app: &TestApp, token: &str, uri: &str) -> Vec<Value> {
    let (status, answer) = call(app, "GET", uri, token, None).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
    answer["items"].as_array().unwrap().clone()
}
