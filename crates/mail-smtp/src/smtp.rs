//! [`SmtpMailer`]: the [`Mailer`] port over SMTP with lettre's client and rustls.
//!
//! lettre's `AsyncSmtpTransport` applies its timeout to connecting only, and its pool
//! takes back a connection whose send was cancelled part-way (by an outer timeout)
//! without marking it broken, so the next mail could read the previous one's replies.
//! This mailer therefore keeps its own small pool of lettre `AsyncSmtpConnection`s: a
//! connection is owned by exactly one send at a time and goes back to the pool only after
//! the server accepted a mail on it; a send that fails or runs out of time drops its
//! connection, which closes it. The socket under each connection is opened by this crate
//! (see `net`), with `TCP_NODELAY`.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::extension::ClientId;
use schoolbrug_kernel::mail::{MailError, Mailer, OutgoingMail};
use tokio::sync::Semaphore;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;

use crate::message::{Prepared, prepare};
use crate::net::{TlsTcp, connect_tcp};
use crate::settings::{Endpoint, Security, SmtpConfigError, SmtpSettings, parse_url, redacted_url};

/// How long a polite `QUIT` to a connection being closed may take.
const QUIT_TIMEOUT: Duration = Duration::from_secs(2);

/// Sends each mail to one SMTP server (see [`SmtpSettings`] for the URL forms).
///
/// - One mail is one SMTP transaction with exactly one `RCPT TO`.
/// - Connections are pooled and reused; at most `pool.max_connections` at once.
/// - Every send is bounded by `timeout`, from connecting (or checking a pooled connection)
///   to the server's answer after the data; waiting for a free pool slot is not counted.
/// - Failures are classified for the outbox: connection problems (refused, TLS,
///   greeting, authentication, timeouts) and 4xx replies are [`MailError::Temporary`];
///   5xx replies to `MAIL`, `RCPT` or `DATA` and addresses that do not parse are
///   [`MailError::Permanent`]. Each carries the server's answer.
///
/// Cloning is cheap and shares the pool.
#[derive(Clone)]
pub struct SmtpMailer {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: Endpoint,
    credentials: Option<Credentials>,
    hello: ClientId,
    /// For STARTTLS (lettre upgrades the connection).
    starttls: Option<TlsParameters>,
    /// For `smtps://` (TLS before the greeting, set up by this crate).
    implicit: Option<(TlsConnector, ServerName<'static>)>,
    default_from: Address,
    timeout: Duration,
    idle_timeout: Duration,
    max_connections: usize,
    slots: Semaphore,
    idle: Mutex<Vec<Parked>>,
    shown_url: String,
}

struct Parked {
    conn: AsyncSmtpConnection,
    since: Instant,
}

impl SmtpMailer {
    /// Builds the mailer. Nothing is connected yet; see [`SmtpMailer::test_connection`].
    ///
    /// # Errors
    /// [`SmtpConfigError`] when the URL, the default sender, the extra root certificates
    /// or the numbers cannot work.
    pub fn new(settings: SmtpSettings) -> Result<Self, SmtpConfigError> {
        Self::with_root_certificates(settings, &[])
    }

    /// As [`SmtpMailer::new`], trusting these PEM-encoded CA certificates besides the
    /// Mozilla roots that rustls uses otherwise: for a mail server with a private CA.
    ///
    /// # Errors
    /// As [`SmtpMailer::new`]; also when a certificate does not parse.
    pub fn with_root_certificates(
        settings: SmtpSettings,
        root_certificates_pem: &[&[u8]],
    ) -> Result<Self, SmtpConfigError> {
        let endpoint = parse_url(&settings.url)?;
        let default_from: Address = settings
            .default_from
            .trim()
            .parse()
            .map_err(|_| SmtpConfigError::DefaultFrom(settings.default_from.clone()))?;
        if settings.pool.max_connections == 0 {
            return Err(SmtpConfigError::Setting(
                "pool.max_connections must be at least 1",
            ));
        }
        if settings.timeout.is_zero() {
            return Err(SmtpConfigError::Setting("timeout must be more than zero"));
        }
        let extra_roots = crate::net::parse_roots(root_certificates_pem)?;
        let (starttls, implicit) = match endpoint.security {
            Security::Plain => (None, None),
            Security::Implicit => (
                None,
                Some((
                    crate::net::implicit_tls(&extra_roots)?,
                    crate::net::server_name(&endpoint.host)?,
                )),
            ),
            Security::StartTlsRequired | Security::StartTlsOpportunistic => {
                let mut builder = TlsParameters::builder(endpoint.host.clone());
                for root in &extra_roots {
                    let certificate = Certificate::from_der(root.to_vec())
                        .map_err(|e| SmtpConfigError::Tls(format!("root certificate: {e}")))?;
                    builder = builder.add_root_certificate(certificate);
                }
                let parameters = builder
                    .build_rustls()
                    .map_err(|e| SmtpConfigError::Tls(e.to_string()))?;
                (Some(parameters), None)
            }
        };
        let credentials = endpoint
            .credentials
            .clone()
            .map(|(user, password)| Credentials::new(user, password));
        if credentials.is_some()
            && endpoint.security != Security::StartTlsRequired
            && endpoint.security != Security::Implicit
        {
            tracing::warn!(
                server = %endpoint.host,
                "SMTP credentials are configured without required TLS; they may cross the \
                 network in the clear (use smtps:// or ?tls=required)"
            );
        }
        let hello = endpoint
            .hello_name
            .clone()
            .map_or_else(ClientId::default, ClientId::Domain);
        let max = settings.pool.max_connections;
        Ok(Self {
            inner: Arc::new(Inner {
                shown_url: redacted_url(&settings.url),
                endpoint,
                credentials,
                hello,
                starttls,
                implicit,
                default_from,
                timeout: settings.timeout,
                idle_timeout: settings.pool.idle_timeout,
                max_connections: max,
                slots: Semaphore::new(max),
                idle: Mutex::new(Vec::new()),
            }),
        })
    }

    /// Connects (or checks a pooled connection with `NOOP`), within the timeout: for a
    /// readiness check at start-up. A new connection stays in the pool.
    ///
    /// # Errors
    /// [`MailError::Temporary`] with the reason when the server cannot be used now.
    pub async fn test_connection(&self) -> Result<(), MailError> {
        let inner = &self.inner;
        let _slot = inner.slot().await?;
        let conn = inner.within_timeout(inner.checkout()).await?;
        inner.park(conn);
        Ok(())
    }

    /// Says `QUIT` to every idle pooled connection and closes it (for a graceful
    /// shutdown). Sends after this still work; they open new connections.
    pub async fn close(&self) {
        let parked = std::mem::take(&mut *self.inner.lock_idle());
        for Parked { mut conn, .. } in parked {
            let _ = tokio::time::timeout(QUIT_TIMEOUT, conn.quit()).await;
        }
    }

    /// How many connections are open and idle in the pool now.
    #[must_use]
    pub fn idle_connections(&self) -> usize {
        self.inner.lock_idle().len()
    }
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("url", &self.inner.shown_url)
            .field("default_from", &self.inner.default_from)
            .field("timeout", &self.inner.timeout)
            .field("max_connections", &self.inner.max_connections)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let inner = &self.inner;
        let prepared = prepare(mail, &inner.default_from)?;
        let _slot = inner.slot().await?;
        let result = inner.within_timeout(inner.deliver(&prepared)).await;
        match &result {
            Ok(()) => {
                tracing::debug!(message_id = %mail.message_id, "mail accepted by the SMTP server")
            }
            Err(error) => {
                tracing::debug!(message_id = %mail.message_id, %error, "mail not accepted")
            }
        }
        result
    }
}

impl Inner {
    async fn slot(&self) -> Result<tokio::sync::SemaphorePermit<'_>, MailError> {
        self.slots
            .acquire()
            .await
            .map_err(|_| MailError::Temporary("the SMTP mailer is closed".to_owned()))
    }

    /// Runs one exchange with the server within the timeout. When time runs out the
    /// future, and with it the connection it owns, is dropped: closed, never pooled.
    async fn within_timeout<T>(
        &self,
        exchange: impl Future<Output = Result<T, MailError>>,
    ) -> Result<T, MailError> {
        tokio::time::timeout(self.timeout, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(MailError::Temporary(format!(
                    "the SMTP server {} did not answer within {:?}",
                    self.server(),
                    self.timeout
                )))
            })
    }

    async fn deliver(&self, prepared: &Prepared) -> Result<(), MailError> {
        let mut conn = self.checkout().await?;
        match conn.send(&prepared.envelope, &prepared.bytes).await {
            Ok(_) => {
                self.park(conn);
                Ok(())
            }
            // lettre has already sent QUIT and closed the connection where the server
            // answered; dropping it closes what is left.
            Err(e) => Err(classify_transaction(&e)),
        }
    }

    /// A pooled connection that still answers `NOOP`, or a new one.
    async fn checkout(&self) -> Result<AsyncSmtpConnection, MailError> {
        loop {
            let parked = self.lock_idle().pop();
            let Some(Parked { mut conn, since }) = parked else {
                break;
            };
            if since.elapsed() >= self.idle_timeout {
                quit_in_background(conn);
                continue;
            }
            if conn.test_connected().await {
                return Ok(conn);
            }
            // The server closed it in the meantime; dropping it closes our end.
        }
        self.connect().await
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, MailError> {
        let endpoint = &self.endpoint;
        let tcp = connect_tcp(&endpoint.host, endpoint.port)
            .await
            .map_err(|e| {
                MailError::Temporary(format!(
                    "cannot connect to the SMTP server {}: {e}",
                    self.server()
                ))
            })?;
        let stream: Box<dyn AsyncTokioStream> = match &self.implicit {
            Some((connector, name)) => {
                let tls = connector.connect(name.clone(), tcp).await.map_err(|e| {
                    MailError::Temporary(format!(
                        "TLS with the SMTP server {} failed: {}",
                        self.server(),
                        chain(&e)
                    ))
                })?;
                Box::new(TlsTcp(tls))
            }
            None => Box::new(tcp),
        };
        let mut conn = AsyncSmtpConnection::connect_with_transport(stream, &self.hello)
            .await
            .map_err(|e| self.connection_error("the greeting failed with", &e))?;

        let starttls = match endpoint.security {
            Security::StartTlsRequired => {
                if !conn.can_starttls() {
                    return Err(MailError::Temporary(format!(
                        "the SMTP server {} does not offer STARTTLS, which the URL requires",
                        self.server()
                    )));
                }
                true
            }
            Security::StartTlsOpportunistic => conn.can_starttls(),
            Security::Plain | Security::Implicit => false,
        };
        // `self.starttls` is set whenever the URL asks for STARTTLS.
        if starttls && let Some(tls) = self.starttls.clone() {
            conn.starttls(tls, &self.hello)
                .await
                .map_err(|e| self.connection_error("STARTTLS failed with", &e))?;
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(|e| self.connection_error("authentication failed at", &e))?;
        }
        Ok(conn)
    }

    /// Returns a connection that just finished a transaction (or a check) to the pool.
    fn park(&self, conn: AsyncSmtpConnection) {
        let mut idle = self.lock_idle();
        if idle.len() < self.max_connections && !conn.has_broken() {
            idle.push(Parked {
                conn,
                since: Instant::now(),
            });
        } else {
            drop(idle);
            quit_in_background(conn);
        }
    }

    fn lock_idle(&self) -> std::sync::MutexGuard<'_, Vec<Parked>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn server(&self) -> String {
        format!("{}:{}", self.endpoint.host, self.endpoint.port)
    }

    /// Anything that goes wrong before `MAIL FROM` is about the server or the
    /// configuration, not about this mail: temporary, whatever the reply code, so that a
    /// wrong password or a server refusing service fails no mail for good.
    fn connection_error(&self, what: &str, e: &lettre::transport::smtp::Error) -> MailError {
        MailError::Temporary(format!(
            "{what} the SMTP server {}: {}",
            self.server(),
            chain(e)
        ))
    }
}

/// The server's verdict on `MAIL FROM`, `RCPT TO` or the data.
fn classify_transaction(e: &lettre::transport::smtp::Error) -> MailError {
    if e.is_permanent() {
        MailError::Permanent(format!("the SMTP server refused the mail: {}", chain(e)))
    } else if e.is_transient() {
        MailError::Temporary(format!("the SMTP server deferred the mail: {}", chain(e)))
    } else if e.is_client() {
        // lettre refused before sending: the server lacks an extension this mail needs
        // (SMTPUTF8 for a non-ASCII address); retrying the same server will not help.
        MailError::Permanent(format!("the mail cannot go to this server: {}", chain(e)))
    } else {
        MailError::Temporary(format!(
            "the connection to the SMTP server failed during the transaction: {}",
            chain(e)
        ))
    }
}

/// An error and its sources on one line: lettre's `Display` shows only the first source,
/// and rustls and the OS put the telling part (the certificate problem, "connection
/// refused") one level down.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// Says goodbye to a connection without making anyone wait for it.
fn quit_in_background(mut conn: AsyncSmtpConnection) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            let _ = tokio::time::timeout(QUIT_TIMEOUT, conn.quit()).await;
        });
    }
}
