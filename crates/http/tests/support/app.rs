//! The app under test: the real router on the in-memory adapters, with fast password
//! hashing, a fixed clock, a recording mailer and a recording sender of absence alerts,
//! driven in process with `tower::ServiceExt::oneshot`; and reading what it answers.

use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt as _;
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::password::{Argon2Passwords, HashingParams};
use schoolbrug_accounts::ports::PasswordHasher;
use schoolbrug_accounts::{Accounts, NewSchool, ResetPassword};
use schoolbrug_attendance::Attendance;
use schoolbrug_attendance::memory::{InMemoryAttendanceStore, RecordingAlertSender};
use schoolbrug_calendar::memory::InMemoryCalendarStore;
use schoolbrug_http::{AppServices, AppState, HttpConfig, Readiness, SetupGate};
use schoolbrug_kernel::FixedClock;
use schoolbrug_messaging::Messaging;
use schoolbrug_messaging::mailer::{MailError, Mailer, OutgoingMail};
use schoolbrug_messaging::memory::InMemoryMessageStore;
use schoolbrug_tests::attendance_bridge::AttendanceDirectory;
use schoolbrug_tests::bridge::AccountsDirectory;
use schoolbrug_tests::calendar_bridge::CalendarDirectory;
use tower::ServiceExt as _;

/// A strong password every seeded account gets.
pub const PASSWORD: &str = "paarse olifant danst op het dak";

/// The readiness probe's answer, fixed.
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
    #[allow(
        dead_code,
        reason = "only the pages binary reads the calendar directly"
    )]
    pub calendar: schoolbrug_calendar::Calendar,
    /// Every alert to parents the attendance service sent.
    #[allow(dead_code, reason = "only the api binary reads the absence alerts")]
    pub alerts: Arc<RecordingAlertSender>,
    pub clock: Arc<FixedClock>,
    pub mailer: Arc<RecordingMailer>,
}

/// Where the fixed clock stands: Tuesday 1 September 2026, 10:00 in Brussels.
pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// argon2id with the cheapest parameters, four at once.
pub fn fast_hasher() -> Arc<dyn PasswordHasher> {
    Arc::new(
        Argon2Passwords::new(
            HashingParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
            4,
        )
        .unwrap(),
    )
}

impl TestApp {
    pub async fn new() -> Self {
        Self::build(HttpConfig::default(), fast_hasher()).await
    }

    /// The same app as served behind TLS (`--secure-cookies`).
    pub async fn behind_tls() -> Self {
        Self::with_config(HttpConfig {
            secure_cookies: true,
            ..HttpConfig::default()
        })
        .await
    }

    /// Like [`TestApp::new`], with these settings of the adapter (the public URL is the
    /// tests' own).
    pub async fn with_config(config: HttpConfig) -> Self {
        Self::build(config, fast_hasher()).await
    }

    /// The app hashing passwords with `hasher`.
    #[allow(dead_code, reason = "only the api binary makes the hasher shed load")]
    pub async fn with_hasher(hasher: Arc<dyn PasswordHasher>) -> Self {
        Self::build(HttpConfig::default(), hasher).await
    }

    async fn build(config: HttpConfig, hasher: Arc<dyn PasswordHasher>) -> Self {
        let store = Arc::new(InMemoryAccountsStore::new());
        let clock = Arc::new(FixedClock::at(start_time()));
        let messages = Arc::new(InMemoryMessageStore::new(Arc::new(AccountsDirectory::new(
            store.clone(),
        ))));
        let calendar_directory = Arc::new(CalendarDirectory::new(store.clone()));
        let calendar_store = Arc::new(InMemoryCalendarStore::new(calendar_directory.clone()));
        let calendar = schoolbrug_calendar::Calendar::new(
            calendar_store.clone(),
            calendar_directory,
            clock.clone(),
        );
        let messaging = Messaging::new(messages.clone(), clock.clone())
            .with_quiet_hours(messages.clone())
            .with_school_calendar(calendar_store.clone());
        let alerts = Arc::new(RecordingAlertSender::new());
        let attendance = Attendance::new(
            Arc::new(InMemoryAttendanceStore::new()),
            Arc::new(AttendanceDirectory::new(store.clone())),
            calendar_store,
            alerts.clone(),
            clock.clone(),
        );
        let mailer = Arc::new(RecordingMailer::default());
        let accounts = Accounts::new(store.clone(), hasher, clock.clone())
            .with_erasure_hook(messaging.erasure_hook())
            .with_erasure_hook(calendar.erasure_hook())
            .with_erasure_hook(attendance.erasure_hook());
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
            messaging: messaging.clone(),
            calendar: calendar.clone(),
            attendance,
            mailer: mailer.clone(),
            readiness: Arc::new(AlwaysReady(true)),
            setup: Arc::new(SetupGate::closed()),
            config: HttpConfig {
                public_url: PUBLIC_URL.to_owned(),
                ..config
            },
        });
        let app = Self {
            router: schoolbrug_http::router(state),
            accounts,
            messaging,
            messages,
            calendar,
            alerts,
            clock,
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

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }
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

pub async fn body_text(response: Response<Body>) -> String {
    String::from_utf8(body_bytes(response).await).unwrap()
}

/// The `Set-Cookie` header that sets the cookie `name`, if the response has one (a sign-in
/// sets two cookies, in no fixed order).
pub fn set_cookie_named(response: &Response<Body>, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&prefix))
        .map(str::to_owned)
}

/// The value a response's `Set-Cookie` gives the cookie `name`, if it sets it.
pub fn cookie_value(response: &Response<Body>, name: &str) -> Option<String> {
    set_cookie_named(response, name).and_then(|cookie| {
        cookie[name.len() + 1..]
            .split(';')
            .next()
            .map(str::to_owned)
    })
}
