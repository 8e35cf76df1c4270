//! The forward-address confirmation mails an account may cause: three an hour, then the
//! save is refused with 429 and `Retry-After`, however parallel the requests.

use std::sync::Arc;

use axum::http::{StatusCode, header};
use chrono::Duration;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::support::{PASSWORD, School, TestApp, body_json, json_request};

const SETTINGS: &str = "/api/v1/me/notification-settings";

fn forward_to(address: &str) -> Value {
    json!({ "forward_email": address, "forward_messages": true, "notify_news": false, "push": false })
}

#[tokio::test]
async fn a_fourth_confirmation_mail_within_the_hour_answers_429_with_retry_after() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    for i in 0..3 {
        let response = app
            .send(json_request(
                "PUT",
                SETTINGS,
                Some(&school.lotte.token),
                &forward_to(&format!("someone{i}@example.org")),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "save {i}");
    }

    let refused = app
        .send(json_request(
            "PUT",
            SETTINGS,
            Some(&school.lotte.token),
            &forward_to("victim@example.org"),
        ))
        .await;

    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()[header::RETRY_AFTER], "3600");
    assert_eq!(body_json(refused).await["type"], "/problems/throttled");
    assert_eq!(app.mailer.sent().len(), 3);
    assert!(app.mailer.sent_to("victim@example.org").is_empty());

    app.clock.advance(Duration::hours(1));
    // The session has timed out meanwhile.
    let fresh = app
        .sign_in("sint-jan", &school.lotte.username, PASSWORD)
        .await;
    let later = app
        .send(json_request(
            "PUT",
            SETTINGS,
            Some(&fresh),
            &forward_to("victim@example.org"),
        ))
        .await;
    assert_eq!(later.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.mailer.sent().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_saves_send_at_most_three_confirmation_mails() {
    let app = TestApp::new().await;
    let school = School::seed(&app).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(20));
    let saves: Vec<_> = (0..20)
        .map(|i| {
            let router = app.router.clone();
            let barrier = Arc::clone(&barrier);
            let request = json_request(
                "PUT",
                SETTINGS,
                Some(&school.lotte.token),
                &forward_to(&format!("someone{i}@example.org")),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                router.oneshot(request).await.unwrap().status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for save in saves {
        statuses.push(save.await.unwrap());
    }

    let saved = statuses
        .iter()
        .filter(|s| **s == StatusCode::NO_CONTENT)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((saved, throttled), (3, 17), "{statuses:?}");
    assert_eq!(app.mailer.sent().len(), 3);
}
