//! The first-run setup page: open only with the code `serve` printed, once.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use schoolbrug_accounts::Accounts;
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::model::OneTimeCode;
use schoolbrug_accounts::password::{Argon2Passwords, HashingParams};
use schoolbrug_http::{AppServices, AppState, HttpConfig, SESSION_COOKIE, SetupGate};
use schoolbrug_kernel::FixedClock;
use tower::ServiceExt as _;
use url::form_urlencoded;

use crate::support::{AlwaysReady, TestApp, body_text};

/// A fresh installation: no school, the setup gate open.
struct FreshInstall {
    router: Router,
    accounts: Accounts,
    clock: Arc<FixedClock>,
    gate: Arc<SetupGate>,
    code: OneTimeCode,
}

impl FreshInstall {
    fn new() -> Self {
        let store = Arc::new(InMemoryAccountsStore::new());
        let clock = Arc::new(FixedClock::at(crate::support::start_time()));
        let hasher = Arc::new(
            Argon2Passwords::new(
                HashingParams {
                    memory_kib: 64,
                    iterations: 1,
                    parallelism: 1,
                },
                4,
            )
            .unwrap(),
        );
        let messaging = schoolbrug_messaging::Messaging::new(
            Arc::new(schoolbrug_messaging::memory::InMemoryMessageStore::new(
                Arc::new(schoolbrug_tests::bridge::AccountsDirectory::new(
                    store.clone(),
                )),
            )),
            clock.clone(),
        );
        let calendar_directory = Arc::new(
            schoolbrug_tests::calendar_bridge::CalendarDirectory::new(store.clone()),
        );
        let calendar_store = Arc::new(schoolbrug_calendar::memory::InMemoryCalendarStore::new(
            calendar_directory.clone(),
        ));
        let calendar = schoolbrug_calendar::Calendar::new(
            calendar_store.clone(),
            calendar_directory,
            clock.clone(),
        );
        let attendance = schoolbrug_attendance::Attendance::new(
            Arc::new(schoolbrug_attendance::memory::InMemoryAttendanceStore::new()),
            Arc::new(schoolbrug_tests::attendance_bridge::AttendanceDirectory::new(store.clone())),
            calendar_store,
            Arc::new(schoolbrug_attendance::memory::RecordingAlertSender::new()),
            clock.clone(),
        );
        let accounts = Accounts::new(store, hasher, clock.clone());
        let (gate, code) = SetupGate::open(clock.clone());
        let gate = Arc::new(gate);
        let state = AppState::new(AppServices {
            accounts: accounts.clone(),
            external_sign_in: {
                let identities =
                    Arc::new(schoolbrug_accounts::memory::InMemoryExternalIdentities::new());
                schoolbrug_accounts::ExternalSignIns::new(
                    accounts.clone(),
                    identities.clone(),
                    identities,
                    Arc::new(schoolbrug_accounts::memory::FakeIdentityProvider::new()),
                )
            },
            messaging,
            calendar,
            attendance,
            mailer: Arc::new(crate::support::RecordingMailer::default()),
            readiness: Arc::new(AlwaysReady(true)),
            setup: gate.clone(),
            config: HttpConfig::default(),
        });
        Self {
            router: schoolbrug_http::router(state),
            accounts,
            clock,
            gate,
            code,
        }
    }

    async fn send(&self, request: Request<Body>) -> axum::http::Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::builder().uri(uri).body(Body::empty()).unwrap()
}

fn post(uri: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

fn setup_fields<'a>(code: &'a str, password: &'a str, repeat: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("name", "Sint-Jan Brugge"),
        ("slug", "sint-jan"),
        ("time_zone", "Europe/Brussels"),
        ("admin_username", "greet"),
        ("admin_first_name", "Greet"),
        ("admin_last_name", "Beheer"),
        ("password", password),
        ("repeat", repeat),
    ]
}

#[tokio::test]
async fn the_setup_page_is_404_when_the_gate_is_closed() {
    let app = TestApp::new().await;
    let response = app.send(get("/setup?code=ABCD-EFGH-JKMN-PQRS")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app
        .send(post(
            "/setup",
            &setup_fields("ABCD-EFGH-JKMN-PQRS", "x", "x"),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_setup_page_is_404_with_a_wrong_code() {
    let install = FreshInstall::new();
    let response = install.send(get("/setup?code=AAAA-BBBB-CCCC-DDDD")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = install.send(get("/setup")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_setup_page_opens_with_the_right_code_and_proposes_brussels() {
    let install = FreshInstall::new();
    let response = install
        .send(get(&format!("/setup?code={}", install.code.expose())))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains(r#"value="Europe/Brussels""#));
    assert!(html.contains(r#"id="setup-submit""#));
}

#[tokio::test]
async fn a_refused_password_creates_no_school() {
    let install = FreshInstall::new();
    let code = install.code.expose().to_owned();
    let response = install
        .send(post(
            "/setup",
            &setup_fields(&code, "greet2026", "greet2026"),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Het wachtwoord moet minstens 12 tekens lang zijn."));
    assert!(html.contains(r#"value="Sint-Jan Brugge""#));
    assert!(!html.contains("greet2026"));
    assert!(install.accounts.schools().await.unwrap().is_empty());
    assert!(install.gate.is_open());
}

#[tokio::test]
async fn setup_creates_the_school_signs_the_admin_in_and_closes_the_gate() {
    let install = FreshInstall::new();
    let code = install.code.expose().to_owned();
    let password = "oranje giraf leest de krant";
    let response = install
        .send(post("/setup", &setup_fields(&code, password, password)))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with(SESSION_COOKIE))
        .unwrap();
    let pair = cookie.split(';').next().unwrap().to_owned();

    let start = install
        .send(
            Request::builder()
                .uri("/")
                .header(header::COOKIE, pair)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(start.status(), StatusCode::OK);
    let html = body_text(start).await;
    assert!(html.contains("Greet Beheer"));
    assert!(html.contains("Sint-Jan Brugge"));

    assert!(!install.gate.is_open());
    let again = install.send(get(&format!("/setup?code={code}"))).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_setup_link_dies_once_a_school_was_created_elsewhere() {
    let install = FreshInstall::new();
    let code = install.code.expose().to_owned();
    // `schoolbrug school create` while `serve` runs: the gate was opened before.
    install
        .accounts
        .create_school(schoolbrug_accounts::NewSchool {
            slug: "atheneum".into(),
            name: "Atheneum".into(),
            time_zone: None,
            admin_username: "admin".into(),
            admin_first_name: None,
            admin_last_name: None,
        })
        .await
        .unwrap();

    let page = install.send(get(&format!("/setup?code={code}"))).await;
    let password = "oranje giraf leest de krant";
    let submit = install
        .send(post("/setup", &setup_fields(&code, password, password)))
        .await;

    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert_eq!(submit.status(), StatusCode::NOT_FOUND);
    assert_eq!(install.accounts.schools().await.unwrap().len(), 1);
    assert!(!install.gate.is_open());
}

#[tokio::test]
async fn the_setup_link_dies_24_hours_after_it_was_printed() {
    let install = FreshInstall::new();
    let code = install.code.expose().to_owned();

    install
        .clock
        .advance(chrono::Duration::hours(24) - chrono::Duration::seconds(1));
    let before = install.send(get(&format!("/setup?code={code}"))).await;
    install.clock.advance(chrono::Duration::seconds(1));
    let after = install.send(get(&format!("/setup?code={code}"))).await;
    let password = "oranje giraf leest de krant";
    let submit = install
        .send(post("/setup", &setup_fields(&code, password, password)))
        .await;

    assert_eq!(before.status(), StatusCode::OK);
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    assert_eq!(submit.status(), StatusCode::NOT_FOUND);
    assert!(install.accounts.schools().await.unwrap().is_empty());
    assert!(!install.gate.is_open());
}
