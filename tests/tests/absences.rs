//! Absences on the real binary, on SQLite and on PostgreSQL, with a real SMTP server on
//! loopback: the teacher of 3A marks Lotte absent for the morning; her mother gets exactly
//! one message in her inbox and exactly one mail, however often the half-day is edited;
//! she hands in a note online, the half-days become `Z`, and a half-day registered on a
//! day the note covers alerts nobody; a fifth note is refused; another parent reads
//! nothing of Lotte; the counsellor's follow-up and the admin's export carry the codes;
//! then Noah's mother links Lotte's co-account to hers and reads both children, until she
//! unlinks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use mail_parser::MessageParser;
use reqwest::{Method, StatusCode};
use schoolbrug_tests::smtp::SmtpServer;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::{Value, json};

const PASSWORD: &str = "zonnige fiets over de brug";
const PUBLIC_URL: &str = "https://de-brug.schoolbrug.example";
const MAMA_MAIL: &str = "mama.peeters@example.org";

async fn token(base: &str, username: &str) -> String {
    let answer = reqwest::Client::new()
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
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within 20 s");
}

/// The mails to `address` whose subject starts with `subject`.
fn mails_to(smtp: &SmtpServer, address: &str, subject: &str) -> usize {
    smtp.mails()
        .into_iter()
        .filter(|m| m.rcpt_to == [address])
        .filter_map(|m| {
            MessageParser::default()
                .parse(&m.data)
                .and_then(|p| p.subject().map(str::to_owned))
        })
        .filter(|s| s.starts_with(subject))
        .count()
}

/// The mother forwards her messages to `MAMA_MAIL`, confirmed through the mailed link.
async fn forward_to_mail(base: &str, smtp: &SmtpServer, mama: &str) {
    let (status, _) = api(
        base,
        Method::PUT,
        "/api/v1/me/notification-settings",
        mama,
        Some(json!({ "forward_email": MAMA_MAIL, "forward_messages": true, "notify_news": false, "push": false })),
    )
    .await;
    assert!(status.is_success(), "{status}");
    let mut token = None;
    eventually("the confirmation mail", async || {
        token = smtp.mails().into_iter().rev().find_map(|m| {
            let text = MessageParser::default()
                .parse(&m.data)?
                .body_text(0)?
                .into_owned();
            let link = "/settings/notifications/confirm?token=";
            let start = text.find(link)? + link.len();
            let t: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            (m.rcpt_to == [MAMA_MAIL] && !t.is_empty()).then_some(t)
        });
        token.is_some()
    })
    .await;
    let (status, body) = api(
        base,
        Method::POST,
        "/api/v1/me/forward-email/confirm",
        mama,
        Some(json!({ "token": token.unwrap() })),
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
}

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive()
}

/// The last school day on or before today on which 3A's morning can be registered: the
/// teacher tries today and goes back over weekends and free days.
async fn register_last_school_day(
    base: &str,
    teacher: &str,
    class: &str,
    absent: Value,
) -> NaiveDate {
    let mut day = today();
    for _ in 0..60 {
        let (status, body) = api(
            base,
            Method::PUT,
            &format!("/api/v1/classes/{class}/register/{day}/am"),
            teacher,
            Some(json!({ "absent": absent })),
        )
        .await;
        match status {
            StatusCode::OK => {
                assert_eq!(body["absent"], 1, "{body}");
                return day;
            }
            StatusCode::UNPROCESSABLE_ENTITY => {
                assert_eq!(body["errors"][0]["code"], "not_a_school_day", "{body}");
                day = day.pred_opt().unwrap();
            }
            other => panic!("registering 3A on {day}: {other} {body}"),
        }
    }
    panic!("no school day in the last 60 days");
}

async fn the_story(base: &str, smtp: &SmtpServer) {
    let teacher = token(base, "mevrouw.claes").await;
    let counsellor = token(base, "meneer.maes").await;
    let admin = token(base, "beheerder").await;
    let mama = token(base, "lotte.peeters.ouder1").await;
    let noah_mama = token(base, "noah.janssens.ouder1").await;
    forward_to_mail(base, smtp, &mama).await;

    let (status, children) = api(base, Method::GET, "/api/v1/children", &mama, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(children.as_array().unwrap().len(), 1, "{children}");
    let lotte = children[0]["pupil_id"].as_str().unwrap().to_owned();
    assert_eq!(children[0]["first_name"], "Lotte");
    assert_eq!(children[0]["class"], "3A");

    let (status, classes) = api(base, Method::GET, "/api/v1/classes", &teacher, None).await;
    assert_eq!(status, StatusCode::OK);
    let class = classes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "3A")
        .unwrap_or_else(|| panic!("3A in {classes}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // 8:35: Lotte is not there. The teacher registers her, then corrects the code twice.
    let day = register_last_school_day(base, &teacher, &class, json!([{ "pupil": lotte }])).await;
    for code in ["B", "?"] {
        let (status, body) = api(
            base,
            Method::PUT,
            &format!("/api/v1/classes/{class}/register/{day}/am"),
            &teacher,
            Some(json!({ "absent": [{ "pupil": lotte, "code": code }] })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // Exactly one message in her inbox, and exactly one mail.
    let subject = "Lotte is afwezig";
    eventually("the alert mail", async || {
        mails_to(smtp, MAMA_MAIL, subject) == 1
    })
    .await;
    let (_, inbox) = api(
        base,
        Method::GET,
        "/api/v1/messages?folder=inbox",
        &mama,
        None,
    )
    .await;
    let alerts: Vec<&Value> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with(subject))
        })
        .collect();
    assert_eq!(alerts.len(), 1, "{inbox}");
    // The worker's poll and the retry task get their chance to send a second one.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(mails_to(smtp, MAMA_MAIL, subject), 1);

    // Another parent reads nothing of Lotte; Lotte's mother nothing of Noah.
    let (status, _) = api(
        base,
        Method::GET,
        &format!("/api/v1/children/{lotte}/absences"),
        &noah_mama,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The mother hands in a note for that day and the next: the morning becomes Z.
    let next = day.succ_opt().unwrap();
    let (status, body) = api(
        base,
        Method::POST,
        &format!("/api/v1/children/{lotte}/absence-notes"),
        &mama,
        Some(json!({ "from": day, "to": next, "reason": "illness", "text": "Griep" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The afternoon registered now is Z at once, and alerts nobody.
    let (status, body) = api(
        base,
        Method::PUT,
        &format!("/api/v1/classes/{class}/register/{day}/pm"),
        &teacher,
        Some(json!({ "absent": [{ "pupil": lotte }] })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, seen) = api(
        base,
        Method::GET,
        &format!("/api/v1/children/{lotte}/absences?from={day}&to={day}"),
        &mama,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    let codes: Vec<(&str, &str)> = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["half"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, vec![("am", "Z"), ("pm", "Z")], "{seen}");
    assert_eq!(seen["totals"]["Z"], 2);

    // Three more notes this school year pass; the fifth needs a medical certificate.
    let mut back = day;
    for _ in 0..3 {
        back -= chrono::Duration::days(2);
        let (status, body) = api(
            base,
            Method::POST,
            &format!("/api/v1/children/{lotte}/absence-notes"),
            &mama,
            Some(json!({ "from": back, "to": back, "reason": "illness" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{back}: {body}");
    }
    back -= chrono::Duration::days(2);
    let (status, body) = api(
        base,
        Method::POST,
        &format!("/api/v1/children/{lotte}/absence-notes"),
        &mama,
        Some(json!({ "from": back, "to": back, "reason": "illness" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["code"], "quota_reached", "{body}");

    // Still one mail, one message.
    assert_eq!(mails_to(smtp, MAMA_MAIL, subject), 1);

    // The counsellor's follow-up and the admin's export.
    let noah = {
        let (_, register) = api(
            base,
            Method::GET,
            &format!("/api/v1/classes/{class}/register/{day}/am"),
            &teacher,
            None,
        )
        .await;
        register["pupils"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["first_name"] == "Noah")
            .unwrap_or_else(|| panic!("Noah in {register}"))["pupil_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (status, body) = api(
        base,
        Method::PUT,
        &format!("/api/v1/absences/{noah}/{day}/pm"),
        &admin,
        Some(json!({ "code": "B" })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, follow_up) = api(
        base,
        Method::GET,
        "/api/v1/absences/follow-up?threshold=1",
        &counsellor,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{follow_up}");
    let items = follow_up["items"].as_array().unwrap();
    let seen: Vec<(&str, i64)> = items
        .iter()
        .map(|i| {
            (
                i["first_name"].as_str().unwrap(),
                i["problematic_half_days"].as_i64().unwrap(),
            )
        })
        .collect();
    // The demo's Emma (3B) has five; Noah now one; Lotte none (her note made them Z).
    assert_eq!(seen, vec![("Emma", 5), ("Noah", 1)], "{follow_up}");
    let (_, default) = api(
        base,
        Method::GET,
        "/api/v1/absences/follow-up",
        &counsellor,
        None,
    )
    .await;
    assert_eq!(
        default["items"].as_array().unwrap().len(),
        1,
        "from 5: Emma only: {default}"
    );
    let (status, _) = api(
        base,
        Method::GET,
        "/api/v1/absences/follow-up",
        &teacher,
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a teacher has no follow-up list"
    );
    let answer = reqwest::Client::new()
        .get(format!(
            "{base}/api/v1/absences/export.csv?from={day}&to={day}"
        ))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let csv = answer.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "pupil,last_name,first_name,class,date,half,official"
    );
    assert!(
        lines.contains(&format!("{lotte},Peeters,Lotte,3A,{day},am,Z").as_str()),
        "{csv}"
    );
    assert!(
        lines.contains(&format!("{noah},Janssens,Noah,3A,{day},pm,B").as_str()),
        "{csv}"
    );
    // Noah's mother got her own alert (B is problematic); Lotte's none more.
    assert_eq!(mails_to(smtp, MAMA_MAIL, subject), 1);

    one_parent_two_children(base, &noah_mama, &lotte).await;
}

/// Noah's mother is Lotte's mother too: she links Lotte's co-account (with its password)
/// to hers, reads both children from one sign-in, and unlinks again.
async fn one_parent_two_children(base: &str, noah_mama: &str, lotte: &str) {
    let children = |body: &Value| -> Vec<String> {
        let mut names: Vec<String> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["first_name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    let (_, before) = api(base, Method::GET, "/api/v1/children", noah_mama, None).await;
    assert_eq!(children(&before), ["Noah"]);
    let (status, body) = api(
        base,
        Method::POST,
        "/api/v1/me/links",
        noah_mama,
        Some(json!({ "username": "lotte.peeters.ouder1", "password": "not the password at all" })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a wrong password links nothing: {body}"
    );
    let (status, body) = api(
        base,
        Method::POST,
        "/api/v1/me/links",
        noah_mama,
        Some(json!({ "username": "lotte.peeters.ouder1", "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let linked = body["id"].as_str().unwrap().to_owned();
    let (_, after) = api(base, Method::GET, "/api/v1/children", noah_mama, None).await;
    assert_eq!(children(&after), ["Lotte", "Noah"]);
    let (status, seen) = api(
        base,
        Method::GET,
        &format!("/api/v1/children/{lotte}/absences"),
        noah_mama,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert!(!seen["items"].as_array().unwrap().is_empty(), "{seen}");
    let (status, _) = api(
        base,
        Method::DELETE,
        &format!("/api/v1/me/links/{linked}"),
        noah_mama,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, again) = api(base, Method::GET, "/api/v1/children", noah_mama, None).await;
    assert_eq!(children(&again), ["Noah"]);
    let (status, _) = api(
        base,
        Method::GET,
        &format!("/api/v1/children/{lotte}/absences"),
        noah_mama,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn env(smtp: &SmtpServer) -> Vec<(&'static str, String)> {
    vec![
        ("SCHOOLBRUG_SMTP_URL", smtp.url()),
        ("SCHOOLBRUG_MAIL_FROM", "school@de-brug.example".to_owned()),
        ("SCHOOLBRUG_PUBLIC_URL", PUBLIC_URL.to_owned()),
        ("SCHOOLBRUG_FORWARD_POLL_MS", "100".to_owned()),
    ]
}

fn pairs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn the_absences_story_on_sqlite() {
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let demo = run(&["demo"], &[("SCHOOLBRUG_DATA_DIR", data)]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let env = env(&smtp);
    let server = Server::start(&["--data-dir", data], &pairs(&env));
    the_story(&server.base(), &smtp).await;
}

#[tokio::test]
async fn the_absences_story_on_postgres() {
    let smtp = SmtpServer::start().await;
    let db = PgDatabase::create();
    let url = db.url();
    let demo = run(&["demo"], &[("SCHOOLBRUG_DATABASE_URL", url.as_str())]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let mut env = env(&smtp);
    env.push(("SCHOOLBRUG_DATABASE_URL", url.clone()));
    let server = Server::start(&[], &pairs(&env));
    the_story(&server.base(), &smtp).await;
}
