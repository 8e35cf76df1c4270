//! The calendar pages, on one school: class 3A with the pupil Lotte Janssens (her father
//! Koen Janssens has a co-account) and her teacher An Leraar, class 3B with Noor Maes,
//! another teacher Piet Peeters in no class, and the admin `beheerder`. The clock stands at
//! Tuesday 1 September 2026, 10:00 in Brussels.

mod activities;
mod feeds;
mod month;
mod start;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use schoolbrug_calendar::{ActivityDraft, Target, When};
use schoolbrug_kernel::{ActivityId, GroupId};

use crate::support::{TestApp, body_text, page};

pub struct School {
    pub app: TestApp,
    pub class_3a: GroupId,
    pub class_3b: GroupId,
}

pub async fn school() -> School {
    let app = TestApp::new().await;
    let an = app
        .main_account("teacher", "an.leraar", "An", "Leraar")
        .await;
    app.main_account("teacher", "piet", "Piet", "Peeters").await;
    let lotte = app
        .main_account("pupil", "lotte", "Lotte", "Janssens")
        .await;
    let noor = app.main_account("pupil", "noor", "Noor", "Maes").await;
    app.co_account(lotte, "father", "koen", "Koen", "Janssens")
        .await;
    let admin = app.actor("beheerder").await;
    let class_3a = app
        .accounts
        .create_group(&admin, "3A", "class")
        .await
        .unwrap()
        .id;
    app.accounts
        .set_group_members(&admin, class_3a, &[lotte, an])
        .await
        .unwrap();
    let class_3b = app
        .accounts
        .create_group(&admin, "3B", "class")
        .await
        .unwrap()
        .id;
    app.accounts
        .set_group_members(&admin, class_3b, &[noor])
        .await
        .unwrap();
    School {
        app,
        class_3a,
        class_3b,
    }
}

pub fn utc(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// An plans "Uitstap naar Brugge" for 3A through the domain: Thursday 10 September 2026,
/// 8:15 to 16:00 in Brussels.
pub async fn uitstap(school: &School) -> ActivityId {
    let an = school.app.actor("an.leraar").await;
    school
        .app
        .calendar
        .plan(
            &an,
            ActivityDraft {
                title: "Uitstap naar Brugge".into(),
                description: Some("Meebrengen: lunchpakket".into()),
                location: Some("Brugge".into()),
                when: When::Timed {
                    start: utc("2026-09-10T08:15:00+02:00"),
                    end: utc("2026-09-10T16:00:00+02:00"),
                },
                audience: vec![Target::Group(school.class_3a)],
                repeat: None,
            },
        )
        .await
        .unwrap()
}

/// The page at `uri` for `cookie`, which must answer 200.
pub async fn html(app: &TestApp, uri: &str, cookie: &str) -> String {
    let response = app.send(page(uri, Some(cookie))).await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    body_text(response).await
}
