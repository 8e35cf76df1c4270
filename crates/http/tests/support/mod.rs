//! Test support shared by the HTTP tests: an in-process app on the in-memory adapters,
//! with fast password hashing, a fixed clock and a recording mailer, driven with
//! `tower::ServiceExt::oneshot`.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt as _;
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::password::{Argon2Passwords, HashingParams};
use schoolbrug_accounts::{Accounts, NewAccount, NewCoAccount, NewSchool, ResetPassword, SignIn};
use schoolbrug_http::{AppServices, AppState, HttpConfig, Readiness, SetupGate};
use schoolbrug_kernel::{AccountId, Actor, FixedClock};
use schoolbrug_messaging::Messaging;
use schoolbrug_messaging::mailer::{MailError, Mailer, OutgoingMail};
use schoolbrug_messaging::memory::InMemoryMessageStore;
use schoolbrug_tests::bridge::AccountsDirectory;
use serde_json::Value;
use tower::ServiceExt as _;

/// A strong password every seeded account gets.
pub const PASSWORD: &str = "paarse olifant danst op het dak";

pub struct AlwaysReady(pub bool);

#[async_trait]
impl Readiness for AlwaysReady {
    async fn is_ready(&self) -> bool {
        self.0
    }
}

/// The address mail links point at in tests.
pub const PUBLIC_URL: &str = "https://schoolbrug.test";

/// A mailer that keeps every mail it accepts, or refuses them all while told to fail.
#[derive(Default)]
pub struct RecordingMailer {
    sent: Mutex<Vec<OutgoingMail>>,
    failure: Mutex<Option<MailError>>,
}

impl RecordingMailer {
    /// Every mail accepted so far, in order.
    pub fn sent(&self) -> Vec<OutgoingMail> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The mails accepted for `to`.
    pub fn sent_to(&self, to: &str) -> Vec<OutgoingMail> {
        self.sent().into_iter().filter(|m| m.to == to).collect()
    }

    /// Refuse every mail with `error` from now on (`None`: accept again).
    pub fn fail_with(&self, error: Option<MailError>) {
        *self.failure.lock().unwrap_or_else(PoisonError::into_inner) = error;
    }
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        if let Some(error) = self
            .failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(error);
        }
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(mail.clone());
        Ok(())
    }
}

/// The `token` in the confirmation link of a mail's text.
pub fn confirmation_token(mail: &OutgoingMail) -> String {
    let prefix = format!("{PUBLIC_URL}/settings/notifications/confirm?token=");
    let start = mail.text.find(&prefix).expect("a confirmation link") + prefix.len();
    mail.text[start..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .to_owned()
}

/// An app with one school (`sint-jan`) and its admin `beheerder` (password [`PASSWORD`]).
pub struct TestApp {
    pub router: Router,
    pub accounts: Accounts,
    pub messaging: Messaging,
    pub messages: Arc<InMemoryMessageStore>,
    pub clock: Arc<FixedClock>,
    pub store: Arc<InMemoryAccountsStore>,
    pub mailer: Arc<RecordingMailer>,
}

pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

impl TestApp {
    pub async fn new() -> Self {
        let store = Arc::new(InMemoryAccountsStore::new());
        let clock = Arc::new(FixedClock::at(start_time()));
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
        let messages = Arc::new(InMemoryMessageStore::new(Arc::new(AccountsDirectory::new(
            store.clone(),
        ))));
        let messaging =
            Messaging::new(messages.clone(), clock.clone()).with_quiet_hours(messages.clone());
        let mailer = Arc::new(RecordingMailer::default());
        let accounts = Accounts::new(store.clone(), hasher, clock.clone())
            .with_erasure_hook(messaging.erasure_hook());
        let state = AppState::new(AppServices {
            accounts: accounts.clone(),
            messaging: messaging.clone(),
            mailer: mailer.clone(),
            readiness: Arc::new(AlwaysReady(true)),
            setup: Arc::new(SetupGate::closed()),
            config: HttpConfig {
                public_url: PUBLIC_URL.to_owned(),
                ..HttpConfig::default()
            },
        });
        let app = Self {
            router: schoolbrug_http::router(state),
            accounts,
            messaging,
            messages,
            clock,
            store,
            mailer,
        };
        app.create_school("sint-jan", "beheerder").await;
        app
    }

    /// Creates a school and sets its admin's password to [`PASSWORD`].
    pub async fn create_school(&self, slug: &str, admin: &str) {
        let created = self
            .accounts
            .create_school(NewSchool {
                slug: slug.into(),
                name: format!("School {slug}"),
                time_zone: None,
                admin_username: admin.into(),
                admin_first_name: Some("Greet".into()),
                admin_last_name: Some("Beheer".into()),
            })
            .await
            .unwrap();
        self.set_password_with_code(slug, admin, created.code.expose())
            .await;
    }

    pub async fn set_password_with_code(&self, school: &str, username: &str, code: &str) {
        self.accounts
            .reset_password(ResetPassword {
                school: Some(school.into()),
                username: username.into(),
                code: code.into(),
                new: PASSWORD.into(),
                repeat: PASSWORD.into(),
                client: None,
            })
            .await
            .unwrap();
    }

    /// Signs `username` of `sint-jan` in through the login page with [`PASSWORD`] and
    /// returns the session cookie's value.
    pub async fn log_in(&self, username: &str) -> String {
        let response = self
            .send(
                Request::builder()
                    .method("POST")
                    .uri("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header("sec-fetch-site", "same-origin")
                    .body(Body::from(
                        url::form_urlencoded::Serializer::new(String::new())
                            .extend_pairs([("username", username), ("password", PASSWORD)])
                            .finish(),
                    ))
                    .unwrap(),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "login of {username}"
        );
        session_token(&response).expect("a session cookie")
    }

    /// An account of `sint-jan` (password [`PASSWORD`]) as the domain's actor.
    pub async fn actor(&self, username: &str) -> Actor {
        let signed_in = self
            .accounts
            .sign_in(SignIn {
                school: Some("sint-jan".into()),
                username: username.into(),
                password: PASSWORD.into(),
                client: None,
            })
            .await
            .unwrap();
        self.accounts.authenticate(&signed_in.token).await.unwrap()
    }

    /// A main account of `sint-jan` with one role, whose password is [`PASSWORD`].
    pub async fn main_account(
        &self,
        role: &str,
        username: &str,
        first: &str,
        last: &str,
    ) -> AccountId {
        let admin = self.actor("beheerder").await;
        let account = self
            .accounts
            .create_account(
                &admin,
                NewAccount {
                    username: username.into(),
                    first_name: first.into(),
                    last_name: last.into(),
                    roles: vec![role.into()],
                    ..NewAccount::default()
                },
            )
            .await
            .unwrap();
        self.give_password(&admin, account.id, username).await;
        account.id
    }

    /// A co-account (slot 1) of `pupil`, whose password is [`PASSWORD`].
    pub async fn co_account(
        &self,
        pupil: AccountId,
        relation: &str,
        username: &str,
        first: &str,
        last: &str,
    ) -> AccountId {
        let admin = self.actor("beheerder").await;
        let account = self
            .accounts
            .add_co_account(
                &admin,
                pupil,
                NewCoAccount {
                    slot: 1,
                    relation: relation.into(),
                    username: username.into(),
                    first_name: first.into(),
                    last_name: last.into(),
                    ..NewCoAccount::default()
                },
            )
            .await
            .unwrap();
        self.give_password(&admin, account.id, username).await;
        account.id
    }

    /// Sets [`PASSWORD`] for a new account, through a reset code as its owner would.
    async fn give_password(&self, admin: &Actor, account: AccountId, username: &str) {
        let (code, _) = self
            .accounts
            .issue_reset_code(admin, account)
            .await
            .unwrap();
        self.set_password_with_code("sint-jan", username, code.expose())
            .await;
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// Signs in through the API and returns the bearer token.
    pub async fn sign_in(&self, school: &str, username: &str, password: &str) -> String {
        let response = self
            .send(json_request(
                "POST",
                "/api/v1/session",
                None,
                &serde_json::json!({ "school": school, "username": username, "password": password }),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        body_json(response).await["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

pub fn json_request(method: &str, uri: &str, bearer: Option<&str>, body: &Value) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = bearer {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

pub fn empty_request(method: &str, uri: &str, bearer: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = bearer {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::empty()).unwrap()
}

pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

pub async fn body_json(response: Response<Body>) -> Value {
    let bytes = body_bytes(response).await;
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
}

pub async fn body_text(response: Response<Body>) -> String {
    String::from_utf8(body_bytes(response).await).unwrap()
}

/// A GET as a browser sends it, with the session cookie.
pub fn page(uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method("GET")
        .uri(uri)
        .header(
            header::COOKIE,
            format!("{}={cookie}", schoolbrug_http::SESSION_COOKIE),
        )
        .body(Body::empty())
        .unwrap()
}

/// The value of the session cookie a response sets, if it sets one.
pub fn session_token(response: &Response<Body>) -> Option<String> {
    let prefix = format!("{}=", schoolbrug_http::SESSION_COOKIE);
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&prefix))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// A GET in English with the session cookie.
pub fn page_in_english(uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .method("GET")
        .uri(uri)
        .header(
            header::COOKIE,
            format!("{}={cookie}", schoolbrug_http::SESSION_COOKIE),
        )
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::empty())
        .unwrap()
}

/// A form POST from one of our own pages (a name may repeat, as a multi-select sends it).
pub fn form(uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::COOKIE,
            format!("{}={cookie}", schoolbrug_http::SESSION_COOKIE),
        )
        .body(Body::from(body))
        .unwrap()
}

/// Where a redirect points.
pub fn location(response: &Response<Body>) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}
