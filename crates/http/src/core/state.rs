//! What every handler can reach: the domain services and the adapter's settings.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::Accounts;
use schoolbrug_accounts::model::{OneTimeCode, SecretHash};
use schoolbrug_kernel::Clock;
use schoolbrug_messaging::Messaging;
use schoolbrug_messaging::mailer::Mailer;

/// Tells whether the database answers (for `/readyz` and for 503s).
#[async_trait]
pub trait Readiness: Send + Sync {
    /// `true` when the database can be reached now.
    async fn is_ready(&self) -> bool;
}

/// Settings of the HTTP adapter.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    /// The longest a request may take before it is answered 503/408.
    pub request_timeout: Duration,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// The current version of the school's terms of use.
    pub terms_version: String,
    /// The address users reach the pages at (scheme, host, port, no trailing slash
    /// needed), for links in mails: `{public_url}/settings/notifications/confirm?token=`.
    pub public_url: String,
    /// Proxies whose `X-Forwarded-For` names the client (for throttling and the audit
    /// log); the header of any other peer is ignored.
    pub trusted_proxies: crate::core::proxies::TrustedProxies,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            request_timeout: Duration::from_secs(30),
            body_limit: 1024 * 1024,
            terms_version: "2026-09".to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            trusted_proxies: crate::core::proxies::TrustedProxies::default(),
        }
    }
}

/// How long the setup link printed at first start works.
pub const SETUP_LINK_LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// The first-run setup: while no school exists, the one-time code printed by `serve`
/// opens `/setup`, where the first school and its administrator are created. The code
/// works once, for [`SETUP_LINK_LIFETIME`] after it was printed, and only while no school
/// exists (the handler asks the store on every use, because `schoolbrug school create`
/// may have made one since): whoever reads an old log cannot create a school.
#[derive(Default)]
pub struct SetupGate {
    code: Mutex<Option<OpenGate>>,
}

struct OpenGate {
    code: SecretHash,
    until: DateTime<Utc>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for SetupGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupGate")
            .field("open", &self.is_open())
            .finish()
    }
}

impl SetupGate {
    /// A gate that is closed (a school exists already).
    #[must_use]
    pub fn closed() -> Self {
        Self::default()
    }

    /// Opens the gate with a fresh code, returned to be printed once; it works until
    /// [`SETUP_LINK_LIFETIME`] after `clock`'s now.
    #[must_use]
    pub fn open(clock: Arc<dyn Clock>) -> (Self, OneTimeCode) {
        let code = OneTimeCode::generate();
        let until = clock.now() + SETUP_LINK_LIFETIME;
        (
            Self {
                code: Mutex::new(Some(OpenGate {
                    code: code.hash(),
                    until,
                    clock,
                })),
            },
            code,
        )
    }

    /// The open gate, after dropping an expired code for good.
    fn live(&self) -> std::sync::MutexGuard<'_, Option<OpenGate>> {
        let mut slot = self.code.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.as_ref().is_some_and(|g| g.clock.now() >= g.until) {
            *slot = None;
        }
        slot
    }

    /// Whether `code` opens the gate now (does not use it up).
    #[must_use]
    pub fn accepts(&self, code: &str) -> bool {
        let hash = OneTimeCode::from_user(code).hash();
        self.live().as_ref().is_some_and(|g| g.code == hash)
    }

    /// Uses the code up: `true` the first time a right code is given, `false` after.
    pub fn take(&self, code: &str) -> bool {
        let hash = OneTimeCode::from_user(code).hash();
        let mut slot = self.live();
        if slot.as_ref().is_some_and(|g| g.code == hash) {
            *slot = None;
            true
        } else {
            false
        }
    }

    /// Closes the gate for good (a school exists now).
    pub fn close(&self) {
        *self.code.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Whether the gate is still open (a code given and not expired).
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.live().is_some()
    }
}

/// The state every handler gets: [`AppServices`] behind one `Arc`, because axum clones
/// the state for every extractor of every request, and cloning the services themselves
/// (a score of `Arc`s and the settings' strings) showed in the profile of `/me`.
#[derive(Clone)]
pub struct AppState(Arc<AppServices>);

impl AppState {
    /// The state of a router over these services.
    #[must_use]
    pub fn new(services: AppServices) -> Self {
        Self(Arc::new(services))
    }
}

impl From<AppServices> for AppState {
    fn from(services: AppServices) -> Self {
        Self::new(services)
    }
}

impl std::ops::Deref for AppState {
    type Target = AppServices;

    fn deref(&self) -> &AppServices {
        &self.0
    }
}

/// What the handlers reach through [`AppState`].
pub struct AppServices {
    /// The accounts service.
    pub accounts: Accounts,
    /// The messaging service.
    pub messaging: Messaging,
    /// The calendar service.
    pub calendar: schoolbrug_calendar::Calendar,
    /// The attendance service (absences).
    pub attendance: schoolbrug_attendance::Attendance,
    /// Signing in with the school's identity provider (Office 365 / OpenID Connect).
    pub external_sign_in: schoolbrug_accounts::ExternalSignIns,
    /// Sends the mails the pages and the API send themselves (the forward-address
    /// confirmation); the same mailer the forwarding worker uses.
    pub mailer: Arc<dyn Mailer>,
    /// Database readiness.
    pub readiness: Arc<dyn Readiness>,
    /// First-run setup.
    pub setup: Arc<SetupGate>,
    /// Adapter settings.
    pub config: HttpConfig,
}
