//! Private feeds through the API and their links: shown once, read by an independent
//! iCalendar parser, `304` when unchanged, and 404 the moment they are revoked.

use std::str::FromStr as _;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use icalendar::{Component as _, EventLike as _};
use serde_json::{Value, json};

use super::{Calendar, planned, uitstap, zwemmen};
use crate::support::{TestApp, body_text, call, empty_request};

/// The path of a feed's link (the URL without the public address).
fn path_of(url: &str) -> String {
    let at = url.find("/calendar/feed/").expect("a feed link");
    url[at..].to_owned()
}

async fn make_feed(app: &TestApp, token: &str, body: Option<Value>) -> (String, String) {
    let (status, answer) = call(
        app,
        "POST",
        "/api/v1/calendar/feeds",
        token,
        Some(body.unwrap_or_else(|| json!({}))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    (
        answer["id"].as_str().unwrap().to_owned(),
        path_of(answer["url"].as_str().unwrap()),
    )
}

async fn fetch(app: &TestApp, path: &str, etag: Option<&str>) -> axum::http::Response<Body> {
    let mut request = Request::builder().method("GET").uri(path);
    if let Some(etag) = etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_parent_subscribes_to_the_child_s_calendar_which_a_calendar_app_can_read() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    let uitstap_id = planned(
        &app,
        &s.teacher.token,
        uitstap(json!([{ "group": s.class_3a }])),
    )
    .await;
    let zwemmen_id = planned(
        &app,
        &s.teacher.token,
        zwemmen(json!([{ "group": s.class_3a }])),
    )
    .await;
    planned(&app, &s.admin, {
        let mut other = uitstap(json!([{ "group": c.class_3b }]));
        other["title"] = json!("Toets 3B");
        other
    })
    .await;
    let free = app
        .send(crate::support::json_request(
            "PUT",
            "/api/v1/admin/free-days",
            Some(&s.admin),
            &json!({ "periods": [{ "from": "2026-11-02", "to": "2026-11-08", "name": "Herfstvakantie" }] }),
        ))
        .await;
    assert_eq!(free.status(), StatusCode::NO_CONTENT);
    let (_, path) = make_feed(&app, &s.els.token, Some(json!({ "child": s.lotte.id }))).await;
    assert!(path.ends_with(".ics"));
    let response = fetch(&app, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let text = body_text(response).await;
    let parsed = icalendar::Calendar::from_str(&text).expect("the feed parses as iCalendar");
    let events: Vec<_> = parsed
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let summaries: Vec<&str> = events.iter().filter_map(|e| e.get_summary()).collect();
    let child = s.lotte.name();
    assert!(
        summaries.contains(&format!("{child}: Uitstap naar Brugge").as_str()),
        "{summaries:?}"
    );
    assert!(summaries.contains(&format!("{child}: Zwemmen").as_str()));
    assert!(summaries.contains(&"Herfstvakantie"));
    assert!(!summaries.iter().any(|s| s.contains("Toets 3B")));
    let uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert!(uids.contains(&format!("{uitstap_id}@schoolbrug").as_str()));
    let swim = events
        .iter()
        .find(|e| e.get_uid() == Some(&format!("{zwemmen_id}@schoolbrug")))
        .unwrap();
    let rrule = swim.property_value("RRULE").unwrap();
    assert!(
        rrule.starts_with("FREQ=WEEKLY;INTERVAL=1;UNTIL="),
        "{rrule}"
    );
    assert!(text.contains("EXDATE;TZID=Europe/Brussels:20261215T133000"));
    assert!(text.contains("EXDATE;TZID=Europe/Brussels:20261103T133000"));
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n"));
    // Unchanged: 304 with the same ETag.
    let again = fetch(&app, &path, Some(&etag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    // A change moves the SEQUENCE and the ETag.
    let mut moved = uitstap(json!([{ "group": s.class_3a }]));
    moved["location"] = json!("Gent");
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/calendar/activities/{uitstap_id}"),
        &s.teacher.token,
        Some(moved),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let changed = fetch(&app, &path, Some(&etag)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()[header::ETAG].to_str().unwrap(), etag);
    let text = body_text(changed).await;
    let parsed = icalendar::Calendar::from_str(&text).unwrap();
    let trip = parsed
        .components
        .iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e)
                if e.get_uid() == Some(&format!("{uitstap_id}@schoolbrug")) =>
            {
                Some(e)
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(trip.get_sequence(), Some(1));
    assert_eq!(trip.get_location(), Some("Gent"));
}

#[tokio::test]
async fn a_revoked_link_answers_404_and_a_renewed_one_replaces_it() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    let (id, path) = make_feed(&app, &s.lotte.token, None).await;
    assert_eq!(fetch(&app, &path, None).await.status(), StatusCode::OK);
    // One feed per calendar: a second is refused, the first is renewed instead.
    let (status, answer) = call(
        &app,
        "POST",
        "/api/v1/calendar/feeds",
        &s.lotte.token,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(answer["code"], "feed_exists");
    let (status, answer) = call(
        &app,
        "POST",
        &format!("/api/v1/calendar/feeds/{id}/renew"),
        &s.lotte.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let renewed = path_of(answer["url"].as_str().unwrap());
    assert_eq!(
        fetch(&app, &path, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(fetch(&app, &renewed, None).await.status(), StatusCode::OK);
    // Nobody else lists, renews or revokes it.
    for who in [&s.els, &s.bert, &s.noor] {
        let (_, list) = call(&app, "GET", "/api/v1/calendar/feeds", &who.token, None).await;
        assert_eq!(list, json!([]));
        let (status, _) = call(
            &app,
            "DELETE",
            &format!("/api/v1/calendar/feeds/{id}"),
            &who.token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = call(
            &app,
            "POST",
            &format!("/api/v1/calendar/feeds/{id}/renew"),
            &who.token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, list) = call(&app, "GET", "/api/v1/calendar/feeds", &s.lotte.token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["id"], id.as_str());
    assert!(list[0]["last_used_at"].is_string());
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/calendar/feeds/{id}"),
        &s.lotte.token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        fetch(&app, &renewed, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&app, "/calendar/feed/made-up.ics", None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&app, "/calendar/feed/no-suffix", None).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_co_account_cannot_make_a_feed_of_another_pupil_and_an_erased_pupil_s_feeds_die() {
    let app = TestApp::new().await;
    let c = Calendar::seed(&app).await;
    let s = &c.school;
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/calendar/feeds",
        &s.els.token,
        Some(json!({ "child": s.noor.id })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/calendar/feeds",
        &s.lotte.token,
        Some(json!({ "child": s.lotte.id })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, parent) = make_feed(&app, &s.els.token, None).await;
    let (_, own) = make_feed(&app, &s.lotte.token, None).await;
    let erased = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", s.lotte.id),
            Some(&s.admin),
        ))
        .await;
    assert_eq!(
        erased.status(),
        StatusCode::NO_CONTENT,
        "{}",
        body_text(erased).await
    );
    assert_eq!(
        fetch(&app, &own, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&app, &parent, None).await.status(),
        StatusCode::NOT_FOUND
    );
}
