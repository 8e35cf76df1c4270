//! The calendar on the real binary, on SQLite and on PostgreSQL: a teacher plans a class
//! trip and weekly swimming with an exception, the class and its parents see them (the
//! parents labelled with the child), another class does not, and a parent's private feed
//! is read by an independent iCalendar library (Python's `icalendar` with
//! `recurring_ical_events`, `tests/calendar/expand.py`) whose occurrences must be exactly
//! those the API lays out; then `304`, and 404 once the link is revoked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use chrono::{Datelike as _, Duration, NaiveDate, TimeZone as _, Utc};
use reqwest::StatusCode;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::{Value, json};

const PASSWORD: &str = "zonnige fiets over de brug";

fn client() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

async fn token(base: &str, username: &str) -> String {
    let answer = client()
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "school": "demo", "username": username, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED, "{username} signs in");
    answer.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn api(
    base: &str,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = client()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A Brussels wall-clock time as RFC 3339.
fn brussels(day: NaiveDate, h: u32, m: u32) -> String {
    chrono_tz::Europe::Brussels
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .earliest()
        .unwrap()
        .to_rfc3339()
}

/// The next `weekday` after today in Brussels, at least 8 days ahead (clear of the demo's
/// own activities' first week).
fn next(weekday: chrono::Weekday) -> NaiveDate {
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive()
        + Duration::days(8);
    let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today + Duration::days(i64::from(ahead))
}

/// Occurrences of the feed between two dates, as the independent library lays them out.
fn expand(feed: &str, from: NaiveDate, to: NaiveDate) -> Vec<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/calendar/expand.py");
    let mut child = Command::new("python3")
        .args([script, &from.to_string(), &to.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (tests/requirements.txt: icalendar, recurring-ical-events)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(feed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the feed does not parse: {}",
        String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

async fn the_story(base: &str) {
    let teacher = token(base, "mevrouw.claes").await;
    let lotte = token(base, "lotte.peeters").await;
    let mama = token(base, "lotte.peeters.ouder1").await;
    let emma = token(base, "emma.wouters").await;
    let (_, groups) = api(
        base,
        reqwest::Method::GET,
        "/api/v1/messages/address-book",
        &teacher,
        None,
    )
    .await;
    let class_3a = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "3A")
        .unwrap_or_else(|| panic!("3A in {groups}"))["id"]
        .clone();

    // The teacher plans a trip on Thursday and swimming on Tuesdays for six weeks, except
    // in the fourth.
    let thursday = next(chrono::Weekday::Thu);
    let tuesday = next(chrono::Weekday::Tue);
    let (status, trip) = api(
        base,
        reqwest::Method::POST,
        "/api/v1/calendar/activities",
        &teacher,
        Some(json!({
            "title": "Uitstap naar Gent",
            "location": "Gent",
            "start": brussels(thursday, 8, 15),
            "end": brussels(thursday, 16, 0),
            "audience": [{ "group": class_3a }],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{trip}");
    let (status, swim) = api(base, reqwest::Method::POST, "/api/v1/calendar/activities", &teacher, Some(json!({
        "title": "Schoolzwemmen",
        "start": brussels(tuesday, 13, 30),
        "end": brussels(tuesday, 15, 0),
        "audience": [{ "group": class_3a }],
        "repeat": { "every_weeks": 1, "until": (tuesday + Duration::weeks(5)).to_string(),
                    "except": [(tuesday + Duration::weeks(3)).to_string()], "skip_free_days": false },
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{swim}");

    // Who sees what, over the next eight weeks.
    let from = tuesday - Duration::days(7);
    let to = tuesday + Duration::weeks(7);
    let window = format!("/api/v1/calendar?from={from}&to={to}");
    let ours = |items: &Value| -> Vec<Value> {
        items["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["title"] == "Uitstap naar Gent" || i["title"] == "Schoolzwemmen")
            .cloned()
            .collect()
    };
    let (_, seen) = api(base, reqwest::Method::GET, &window, &lotte, None).await;
    assert_eq!(
        ours(&seen).len(),
        1 + 5,
        "the trip and five swims for Lotte: {seen}"
    );
    let (_, parent) = api(base, reqwest::Method::GET, &window, &mama, None).await;
    let parent = ours(&parent);
    assert_eq!(parent.len(), 6);
    assert!(
        parent.iter().all(|i| i["child"]["name"] == "Lotte Peeters"),
        "{parent:?}"
    );
    let (_, other) = api(base, reqwest::Method::GET, &window, &emma, None).await;
    assert!(ours(&other).is_empty(), "3B sees 3A's activities: {other}");

    // The parent subscribes; an independent library reads the feed.
    let (status, feed) = api(
        base,
        reqwest::Method::POST,
        "/api/v1/calendar/feeds",
        &mama,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{feed}");
    let url = feed["url"].as_str().unwrap();
    let path = &url[url.find("/calendar/feed/").unwrap()..];
    let answer = client().get(format!("{base}{path}")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let etag = answer.headers()["etag"].to_str().unwrap().to_owned();
    let text = answer.text().await.unwrap();
    let expanded: Vec<Value> = expand(&text, from, to)
        .into_iter()
        .filter(|o| {
            o["summary"]
                .as_str()
                .is_some_and(|s| s.ends_with("Uitstap naar Gent") || s.ends_with("Schoolzwemmen"))
        })
        .collect();
    let from_api: Vec<(String, String)> = parent
        .iter()
        .map(|i| {
            let start = chrono::DateTime::parse_from_rfc3339(i["start"].as_str().unwrap())
                .unwrap()
                .with_timezone(&Utc);
            (
                format!("Lotte Peeters: {}", i["title"].as_str().unwrap()),
                start.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            )
        })
        .collect();
    let mut from_feed: Vec<(String, String)> = expanded
        .iter()
        .map(|o| {
            (
                o["summary"].as_str().unwrap().to_owned(),
                o["start"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    from_feed.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    let mut from_api = from_api;
    from_api.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    assert_eq!(from_feed, from_api, "the feed and the API disagree");

    // Unchanged: 304. Revoked: 404.
    let again = client()
        .get(format!("{base}{path}"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let feed_id = feed["id"].as_str().unwrap();
    let (status, _) = api(
        base,
        reqwest::Method::DELETE,
        &format!("/api/v1/calendar/feeds/{feed_id}"),
        &mama,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let gone = client().get(format!("{base}{path}")).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_calendar_story_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let demo = run(&["demo"], &[("SCHOOLBRUG_DATA_DIR", data)]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let server = Server::start(&["--data-dir", data], &[]);
    the_story(&server.base()).await;
}

#[tokio::test]
async fn the_calendar_story_on_postgres() {
    let db = PgDatabase::create();
    let url = db.url();
    let env = [("SCHOOLBRUG_DATABASE_URL", url.as_str())];
    let demo = run(&["demo"], &env);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let server = Server::start(&[], &env);
    the_story(&server.base()).await;
}
