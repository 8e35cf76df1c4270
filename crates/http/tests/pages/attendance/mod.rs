//! The absences pages, on one school: class 3A with the pupil Lotte Janssens (her father
//! Koen has a co-account) and her teacher An Leraar, class 3B with Noor Maes (her mother
//! Eva has a co-account) and her teacher Piet Peeters, the counsellor Hilde Smets, and the
//! admin `beheerder` (an absence administrator, as every admin is). The clock stands at
//! Tuesday 1 September 2026, 10:00 in Brussels: the first school day of the school year.

mod children;
mod codes;
mod follow_up;
mod register;

use axum::http::StatusCode;
use schoolbrug_kernel::{AccountId, GroupId};

use crate::support::{ENGLISH, PASSWORD, TestApp, body_text, form, location, page, page_in};

/// The clock's date, a school day.
pub const TODAY: &str = "2026-09-01";

pub struct School {
    pub app: TestApp,
    pub class_3a: GroupId,
    pub class_3b: GroupId,
    pub lotte: AccountId,
    pub noor: AccountId,
}

pub async fn school() -> School {
    let app = TestApp::new().await;
    let an = app
        .main_account("teacher", "an.leraar", "An", "Leraar")
        .await;
    let piet = app.main_account("teacher", "piet", "Piet", "Peeters").await;
    app.main_account("counsellor", "hilde", "Hilde", "Smets")
        .await;
    let lotte = app
        .main_account("pupil", "lotte", "Lotte", "Janssens")
        .await;
    let noor = app.main_account("pupil", "noor", "Noor", "Maes").await;
    app.co_account(lotte, "father", "koen", "Koen", "Janssens")
        .await;
    app.co_account(noor, "mother", "eva", "Eva", "Maes").await;
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
        .set_group_members(&admin, class_3b, &[noor, piet])
        .await
        .unwrap();
    School {
        app,
        class_3a,
        class_3b,
        lotte,
        noor,
    }
}

/// The register of `class` on `date`, half `half`.
pub fn register_uri(class: GroupId, date: &str, half: &str) -> String {
    format!("/absences/register/{class}/{date}/{half}")
}

/// The page at `uri` for `cookie`, which must answer 200, in Dutch.
pub async fn html(app: &TestApp, uri: &str, cookie: &str) -> String {
    let response = app.send(page(uri, Some(cookie))).await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    assert_eq!(response.headers()["content-language"], "nl");
    body_text(response).await
}

/// The page at `uri` for `cookie`, which must answer 200, in English.
pub async fn english(app: &TestApp, uri: &str, cookie: &str) -> String {
    let response = app.send(page_in(uri, Some(cookie), ENGLISH)).await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    assert_eq!(response.headers()["content-language"], "en");
    body_text(response).await
}

/// The status of the page at `uri` for `cookie`, with its text.
pub async fn status_of(app: &TestApp, uri: &str, cookie: &str) -> (StatusCode, String) {
    let response = app.send(page(uri, Some(cookie))).await;
    let status = response.status();
    (status, body_text(response).await)
}

/// Registers, through the register's form as `username`, `absent` (each a pupil with its
/// code) on one half-day of `class`; the form must be accepted.
pub async fn register(
    school: &School,
    username: &str,
    class: GroupId,
    date: &str,
    half: &str,
    absent: &[(AccountId, &str)],
) {
    let cookie = school.app.log_in(username, PASSWORD).await;
    let names: Vec<(String, String)> = absent
        .iter()
        .flat_map(|(pupil, code)| {
            [
                (format!("absent_{pupil}"), "on".to_owned()),
                (format!("code_{pupil}"), (*code).to_owned()),
            ]
        })
        .collect();
    let fields: Vec<(&str, &str)> = names
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let uri = register_uri(class, date, half);
    let response = school.app.send(form(&uri, Some(&cookie), &fields)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{uri}");
    assert_eq!(location(&response), format!("{uri}?saved=1"));
}
