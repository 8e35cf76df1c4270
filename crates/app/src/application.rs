//! The running server: `Application::build` binds the port and wires the services;
//! `run_until_stopped` serves until SIGTERM or Ctrl-C, then drains requests.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use schoolbrug_http::{AppServices, AppState, HttpConfig, SetupGate};
use schoolbrug_kernel::SystemClock;
use tokio::net::TcpListener;

use crate::database::Database;
use crate::server::{self, Limits};
use crate::settings::{DataArgs, MailArgs, ServeArgs};
use crate::worker::{self, Stop};

/// A bound, wired server.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    setup_link: Option<String>,
    limits: Limits,
    accounts: schoolbrug_accounts::Accounts,
    attendance: schoolbrug_attendance::Attendance,
    forwarder: Option<schoolbrug_messaging::Forwarder>,
    wake: worker::Wake,
}

/// How often expired sessions, codes and failure counts are removed.
const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// How often unsent absence alerts are retried and unknown half-days settled.
const ABSENCES_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl Application {
    /// Opens the database, applies migrations, builds the services and binds the port.
    ///
    /// # Errors
    /// Bad settings, an unreachable database, a taken port — each with a clear message.
    pub async fn build(
        data: &DataArgs,
        serve: &ServeArgs,
        mail: &MailArgs,
    ) -> anyhow::Result<Self> {
        let url = data.database()?;
        let database = Database::open(&url).await?;
        let services = database.services(serve.max_hashes_in_flight, serve.max_hashes_waiting)?;
        let accounts = services.accounts;
        let listener = TcpListener::bind(serve.listen).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                anyhow::anyhow!(
                    "cannot listen on {}: the address is in use (is another schoolbrug running? choose another with --listen)",
                    serve.listen
                )
            } else {
                anyhow::anyhow!("cannot listen on {}: {e}", serve.listen)
            }
        })?;
        let address = listener.local_addr().context("reading the bound address")?;
        let mailer = worker::mailer(mail)?;
        let public_url = mail.public_url_or(address);
        let forwarder = database.forwarder(mailer.clone(), &public_url, mail.keep_sent_mail_days);
        let wake = worker::Wake::default();
        let no_school = accounts
            .schools()
            .await
            .map_err(|e| anyhow::anyhow!("cannot read schools: {e}"))?
            .is_empty();
        let (setup, setup_link) = if no_school {
            let (gate, code) = SetupGate::open(Arc::new(SystemClock));
            (
                gate,
                Some(format!("http://{address}/setup?code={}", code.expose())),
            )
        } else {
            (SetupGate::closed(), None)
        };
        let state = AppState::new(AppServices {
            accounts: accounts.clone(),
            external_sign_in: services.external_sign_in,
            messaging: services
                .messaging
                .with_outbox_signal(Arc::new(wake.clone())),
            calendar: services.calendar,
            attendance: services.attendance.clone(),
            mailer,
            readiness: Arc::new(database),
            setup: Arc::new(setup),
            config: HttpConfig {
                secure_cookies: serve.secure_cookies,
                public_url,
                trusted_proxies: serve.trusted_proxies.clone(),
                ..HttpConfig::default()
            },
        });
        tracing::info!(%address, database = %url.redacted(), "schoolbrug ready");
        Ok(Self {
            listener,
            router: schoolbrug_http::router(state),
            setup_link,
            limits: Limits {
                max_connections: usize::try_from(serve.max_connections).unwrap_or(usize::MAX),
                header_read_timeout: std::time::Duration::from_secs(serve.header_read_timeout_secs),
            },
            accounts,
            attendance: services.attendance,
            forwarder: serve.forwarding.then_some(forwarder),
            wake,
        })
    }

    /// The bound address (port 0 in tests becomes a real port).
    ///
    /// # Errors
    /// When the socket has no local address.
    pub fn address(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The one-time setup link, when the database has no school yet.
    #[must_use]
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let purge = tokio::spawn(purge_periodically(self.accounts.clone()));
        let absences = tokio::spawn(absences_periodically(self.attendance.clone()));
        let stop = Stop::default();
        let forwarding = self
            .forwarder
            .clone()
            .map(|forwarder| tokio::spawn(worker::run(forwarder, stop.clone(), self.wake.clone())));
        server::serve(self.listener, self.router, self.limits, shutdown_signal()).await;
        purge.abort();
        absences.abort();
        // Requests are drained; the worker finishes the mail in flight and gives back the rest.
        stop.stop();
        if let Some(forwarding) = forwarding
            && let Err(e) = forwarding.await
        {
            tracing::warn!(error = %e, "the forwarding worker ended abnormally");
        }
        tracing::info!("schoolbrug stopped");
        Ok(())
    }
}

/// Removes expired sessions, codes and failure counts now and then; a failure is logged
/// and tried again next time (the rows are harmless meanwhile: expired ones never work).
async fn purge_periodically(accounts: schoolbrug_accounts::Accounts) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match accounts.purge_expired().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                rows = n,
                "purged expired sessions, codes and failure counts"
            ),
            Err(e) => tracing::warn!(error = %e, "purging expired sessions failed; will retry"),
        }
    }
}

/// Sends the alerts to parents that could not be sent at once (a database or mail server
/// that was down) and turns half-days never justified into `B` once the school's number of
/// school days has passed; a failure is logged and tried again next time.
async fn absences_periodically(attendance: schoolbrug_attendance::Attendance) {
    let mut every = tokio::time::interval(ABSENCES_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match attendance.send_unsent_alerts().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(alerts = n, "sent absence alerts left unsent"),
            Err(e) => tracing::warn!(error = %e, "sending absence alerts failed; will retry"),
        }
        match attendance.settle_unknown().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(half_days = n, "unjustified half-days became B"),
            Err(e) => tracing::warn!(error = %e, "settling unknown half-days failed; will retry"),
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
