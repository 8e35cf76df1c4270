//! `GET /api/v1/start`: what is new since the previous visit and what is coming, each part
//! only what the caller may see.

use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{Value, json};

use crate::calendar::{Calendar, planned, uitstap};
use crate::support::{TestApp, call, start_time};

async fn start(app: &TestApp, token: &str) -> Value {
    let (status, answer) = call(app, "GET", "/api/v1/start", token, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

fn titles(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_start_page_shows_pinned_news_the_coming_fortnight_and_the_inbox_since_the_last_visit()
{
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    planned(
        &app,
        &s.teacher.token,
        uitstap(json!([{ "group": s.class_3a }])),
    )
    .await;
    let (status, news) = call(&app, "POST", "/api/v1/news", &s.admin, Some(json!({
        "title": "Schoolfeest", "body": "Vrijdag om 18 uur.", "audience": [{ "school": true }], "pinned": true,
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{news}");
    let (status, sent) = call(&app, "POST", "/api/v1/messages", &s.teacher.token, Some(json!({
        "to": [{ "account": s.lotte.id }], "subject": "Toestemming", "body": "Mag Lotte mee?", "reply_requested": true,
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");

    let first = start(&app, &s.lotte.token).await;
    assert_eq!(titles(&first["news"]), vec!["Schoolfeest"]);
    assert_eq!(titles(&first["upcoming"]), vec!["Uitstap naar Brugge"]);
    assert_eq!(first["upcoming"][0]["changed"], true);
    assert_eq!(
        (
            first["unread_messages"].as_u64(),
            first["replies_due"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let two_weeks_ago =
        (start_time() - Duration::days(14)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(first["since"], two_weeks_ago);

    // The next visit counts from this one: the trip is no longer new, the pinned news stays.
    app.clock.advance(Duration::minutes(10));
    let second = start(&app, &s.lotte.token).await;
    assert_eq!(
        second["since"],
        start_time().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(second["upcoming"][0]["changed"], false);
    assert_eq!(titles(&second["news"]), vec!["Schoolfeest"]);

    // Lotte's mother: the trip, labelled; Noor (3B) and her father: not the trip.
    let mama = start(&app, &s.els.token).await;
    assert_eq!(mama["upcoming"][0]["child"]["name"], s.lotte.name());
    assert_eq!(mama["unread_messages"], 0);
    for who in [&s.noor, &s.rik] {
        let other = start(&app, &who.token).await;
        assert!(
            titles(&other["upcoming"]).is_empty(),
            "{} sees 3A's trip",
            who.name()
        );
        assert_eq!(titles(&other["news"]), vec!["Schoolfeest"]);
    }
    // Another school sees none of it.
    app.create_school("sint-lucas", "directie").await;
    let other = app
        .sign_in("sint-lucas", "directie", crate::support::PASSWORD)
        .await;
    let elsewhere = start(&app, &other).await;
    assert!(titles(&elsewhere["news"]).is_empty());
    assert!(titles(&elsewhere["upcoming"]).is_empty());
}

#[tokio::test]
async fn twenty_visits_at_once_each_count_from_a_different_previous_visit() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let token = c.school.lotte.token.clone();
    start(&app, &token).await;
    let mut answers = Vec::new();
    for _ in 0..20 {
        app.clock.advance(Duration::seconds(1));
        answers.push(
            start(&app, &token).await["since"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let mut unique = answers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 20);
}
