//! Opens the configured database (SQLite or PostgreSQL), applies migrations, and builds
//! the services over it. The only place that knows every adapter.

use std::sync::Arc;

use anyhow::Context as _;
use async_trait::async_trait;
use schoolbrug_accounts::password::Argon2Passwords;
use schoolbrug_accounts::ports::{AccountsStores, ExternalIdentityStore, PendingSignInStore};
use schoolbrug_accounts::{Accounts, ExternalSignIns};
use schoolbrug_attendance::Attendance;
use schoolbrug_attendance::ports::{
    AlertSender, AttendanceStores, Directory as AttendanceDirectory,
};
use schoolbrug_attendance::{AbsenceAlert, model::AlertText};
use schoolbrug_calendar::Calendar;
use schoolbrug_calendar::ports::{CalendarStores, Directory as CalendarDirectory};
use schoolbrug_http::Readiness;
use schoolbrug_kernel::{Clock, MessageId, SchoolCalendar, StoreError, SystemClock};
use schoolbrug_messaging::mailer::Mailer;
use schoolbrug_messaging::ports::{ForwardingStores, MessagingStores, NewsStore, QuietHoursStore};
use schoolbrug_messaging::{Forwarder, ForwarderSettings, Messaging, MessagingError};
use schoolbrug_store_postgres::PgDatabase;
use schoolbrug_store_sqlite::SqliteDatabase;

use crate::settings::DatabaseUrl;

/// An open, migrated database.
#[derive(Clone)]
pub enum Database {
    /// The embedded default.
    Sqlite(SqliteDatabase),
    /// PostgreSQL.
    Postgres(PgDatabase),
}

impl Database {
    /// Connects and applies pending migrations.
    ///
    /// # Errors
    /// An unreachable database or a failed migration, with the URL (password hidden).
    pub async fn open(url: &DatabaseUrl) -> anyhow::Result<Self> {
        let db = match url {
            DatabaseUrl::Sqlite(u) => {
                Database::Sqlite(SqliteDatabase::connect(u).await.with_context(|| {
                    format!("cannot open the SQLite database {}", url.redacted())
                })?)
            }
            DatabaseUrl::Postgres(u) => {
                Database::Postgres(PgDatabase::connect(u).await.with_context(|| {
                    format!("cannot reach the PostgreSQL database {}", url.redacted())
                })?)
            }
        };
        db.migrate()
            .await
            .with_context(|| format!("cannot apply migrations to {}", url.redacted()))?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Database::Sqlite(db) => db.migrate().await,
            Database::Postgres(db) => db.migrate().await,
        }
    }

    /// Every service over this database: accounts (with OWASP argon2id hashing) and
    /// messaging, whose erasure hook the accounts service calls.
    ///
    /// `max_hashes_waiting` bounds the sign-ins waiting for a hash (beyond it they are
    /// refused at once); `None` keeps the hasher's default (as many as clear in about two
    /// seconds at the speed of a hash measured at start).
    ///
    /// # Errors
    /// When the hasher cannot be built.
    pub fn services(
        &self,
        max_hashes_in_flight: Option<usize>,
        max_hashes_waiting: Option<usize>,
    ) -> anyhow::Result<Services> {
        let mut hasher = match max_hashes_in_flight {
            Some(n) => Argon2Passwords::new(schoolbrug_accounts::password::HashingParams::OWASP, n),
            None => Argon2Passwords::owasp(),
        }
        .map_err(|e| anyhow::anyhow!("password hasher: {e}"))?;
        if let Some(waiting) = max_hashes_waiting {
            hasher = hasher.with_max_waiting(waiting);
        }
        tracing::info!(
            hashes_in_flight = hasher.max_in_flight(),
            hashes_waiting = hasher.max_waiting(),
            hash_ms = hasher.hash_time().as_millis(),
            "password hashing: beyond this many waiting, a sign-in is refused at once (503)"
        );
        let hasher = Arc::new(hasher);
        let provider = Arc::new(
            schoolbrug_oidc::OpenIdConnect::new()
                .map_err(|e| anyhow::anyhow!("OpenID Connect client: {e}"))?,
        );
        Ok(match self {
            Database::Sqlite(db) => services_over(
                db.accounts(),
                db.messaging(),
                db.calendar(),
                db.attendance(),
                hasher,
                provider,
            ),
            Database::Postgres(db) => services_over(
                db.accounts(),
                db.messaging(),
                db.calendar(),
                db.attendance(),
                hasher,
                provider,
            ),
        })
    }

    /// The forwarding worker over this database's outbox, sending with `mailer`, with
    /// links to `public_url`, keeping sent rows `keep_sent_days` days.
    #[must_use]
    pub fn forwarder(
        &self,
        mailer: Arc<dyn Mailer>,
        public_url: &str,
        keep_sent_days: u32,
    ) -> Forwarder {
        let settings = ForwarderSettings {
            keep_sent: chrono::Duration::days(i64::from(keep_sent_days)),
            ..ForwarderSettings::new(public_url)
        };
        match self {
            Database::Sqlite(db) => forwarder_over(db.messaging(), db.calendar(), mailer, settings),
            Database::Postgres(db) => {
                forwarder_over(db.messaging(), db.calendar(), mailer, settings)
            }
        }
    }
}

/// Every service over one database's ports, whatever the database: the one place where
/// the modules are wired to each other (messaging's, the calendar's and attendance's
/// erasure hooks into accounts, the accounts audit log into messaging, the calendar's free
/// days into the 48-hour rules of messaging and the school days of attendance, and
/// attendance's alerts to parents into messaging).
fn services_over<A, M, C, T>(
    accounts: A,
    messages: M,
    calendar: C,
    attendance: T,
    hasher: Arc<Argon2Passwords>,
    provider: Arc<schoolbrug_oidc::OpenIdConnect>,
) -> Services
where
    A: AccountsStores + ExternalIdentityStore + PendingSignInStore + 'static,
    M: MessagingStores + QuietHoursStore + 'static,
    C: CalendarStores + CalendarDirectory + 'static,
    T: AttendanceStores + AttendanceDirectory + 'static,
{
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let accounts = Arc::new(accounts);
    let messages = Arc::new(messages);
    let calendar_store = Arc::new(calendar);
    let calendar = Calendar::new(
        calendar_store.clone(),
        calendar_store.clone(),
        clock.clone(),
    );
    let messaging = Messaging::new(messages.clone(), clock.clone())
        .with_quiet_hours(messages)
        .with_audit_log(accounts.clone())
        .with_school_calendar(calendar_store.clone());
    let attendance_store = Arc::new(attendance);
    let attendance = Attendance::new(
        attendance_store.clone(),
        attendance_store,
        calendar_store,
        Arc::new(AlertsToParents(messaging.clone())),
        clock.clone(),
    );
    let identities: Arc<dyn ExternalIdentityStore> = accounts.clone();
    let accounts_service = Accounts::new(accounts.clone(), hasher, clock)
        .with_erasure_hook(messaging.erasure_hook())
        .with_erasure_hook(calendar.erasure_hook())
        .with_erasure_hook(attendance.erasure_hook())
        .with_erasure_hook(ExternalSignIns::erasure_hook(identities.clone()));
    let external_sign_in =
        ExternalSignIns::new(accounts_service.clone(), identities, accounts, provider);
    Services {
        accounts: accounts_service,
        messaging,
        calendar,
        attendance,
        external_sign_in,
    }
}

/// Attendance's alerts reach the parents as a system message of messaging, whose id is
/// the alert's (so a retried alert is stored once), forwarded by e-mail like any message.
struct AlertsToParents(Messaging);

#[async_trait]
impl AlertSender for AlertsToParents {
    async fn send_alert(&self, alert: &AbsenceAlert, text: &AlertText) -> Result<(), StoreError> {
        self.0
            .notify_parents(
                alert.school,
                alert.pupil,
                MessageId::from_uuid(alert.id.as_uuid()),
                &text.subject,
                &text.body,
            )
            .await
            .map(|_| ())
            .map_err(|e| match e {
                MessagingError::Unavailable(m) => StoreError::Unavailable(m),
                other => StoreError::Unexpected(other.to_string()),
            })
    }
}

/// The forwarding worker over one database's outbox, whatever the database; the quiet
/// hours count school days by the calendar's free days.
fn forwarder_over<M, C>(
    messages: M,
    calendar: C,
    mailer: Arc<dyn Mailer>,
    settings: ForwarderSettings,
) -> Forwarder
where
    M: ForwardingStores + NewsStore + 'static,
    C: SchoolCalendar + 'static,
{
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = Arc::new(messages);
    Forwarder::new(store.clone(), store.clone(), mailer, clock, settings)
        .with_news(store.clone())
        .with_quiet_hours(store, Arc::new(calendar))
}

/// The domain services of one database.
#[derive(Clone, Debug)]
pub struct Services {
    /// Accounts, sessions, schools.
    pub accounts: Accounts,
    /// Messages.
    pub messaging: Messaging,
    /// The school calendar.
    pub calendar: Calendar,
    /// Absences.
    pub attendance: Attendance,
    /// Signing in with the school's identity provider.
    pub external_sign_in: ExternalSignIns,
}

#[async_trait]
impl Readiness for Database {
    async fn is_ready(&self) -> bool {
        match self {
            Database::Sqlite(db) => db.ping().await.is_ok(),
            Database::Postgres(db) => db.ping().await.is_ok(),
        }
    }
}
