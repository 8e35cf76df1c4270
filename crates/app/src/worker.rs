//! The forwarding worker: delivers the outbox by e-mail, inside `serve` or on its own
//! (`schoolbrug worker`). On shutdown it finishes the mail in flight and gives the rest of
//! its rows back, so nothing is lost and nothing is sent twice beyond that one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use schoolbrug_mail_smtp::{LogMailer, SmtpMailer, SmtpSettings};
use schoolbrug_messaging::Forwarder;
use schoolbrug_messaging::forwarding::{BACKOFF_BASE, Jitter, RandomJitter};
use schoolbrug_messaging::mailer::Mailer;
use tokio::sync::Notify;

use crate::settings::MailArgs;

/// How long an idle worker waits before it looks for due mail again.
const IDLE_POLL: Duration = Duration::from_secs(2);
/// How long it waits after the store failed.
const ERROR_BACKOFF: Duration = Duration::from_secs(5);
/// How often it removes the rows sent longer ago than the forwarder keeps them.
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// Test setting (environment only): the idle wait in milliseconds instead of
/// [`IDLE_POLL`].
pub const POLL_ENV: &str = "SCHOOLBRUG_FORWARD_POLL_MS";
/// Test setting (environment only): the backoff of retries starts from this many
/// milliseconds instead of [`BACKOFF_BASE`] (30 s); the doubling and the jitter stay.
pub const RETRY_BASE_ENV: &str = "SCHOOLBRUG_FORWARD_RETRY_BASE_MS";

/// A positive number of milliseconds from the environment variable `name`, if set; a
/// value that is not one is logged and ignored.
fn millis_from_env(name: &str) -> Option<u64> {
    let raw = std::env::var(name).ok()?;
    match raw.trim().parse::<u64>() {
        Ok(ms) if ms > 0 => Some(ms),
        _ => {
            tracing::warn!(variable = name, value = %raw, "not a positive number of milliseconds; the default is used");
            None
        }
    }
}

/// Full jitter over a backoff that starts from `base_ms` instead of [`BACKOFF_BASE`]: the
/// ceiling the forwarder asks for is scaled by `base_ms / BACKOFF_BASE` (never above it).
struct ScaledJitter {
    base_ms: u64,
}

impl Jitter for ScaledJitter {
    fn up_to(&self, max: u64) -> u64 {
        let base = u64::try_from(BACKOFF_BASE.num_milliseconds())
            .unwrap_or(1)
            .max(1);
        let scaled = u128::from(max) * u128::from(self.base_ms) / u128::from(base);
        let scaled = u64::try_from(scaled).unwrap_or(max).min(max);
        RandomJitter.up_to(scaled)
    }
}

/// The mailer the settings ask for: SMTP when a URL is set, the log otherwise.
///
/// # Errors
/// A malformed SMTP URL.
pub fn mailer(mail: &MailArgs) -> anyhow::Result<Arc<dyn Mailer>> {
    match mail
        .smtp_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url) => {
            let smtp = SmtpMailer::new(SmtpSettings::new(url, mail.mail_from.clone()))
                .map_err(|e| anyhow::anyhow!("SCHOOLBRUG_SMTP_URL: {e}"))?;
            tracing::info!("forwarded mail goes out over SMTP");
            Ok(Arc::new(smtp))
        }
        None => {
            tracing::info!("no SMTP URL: forwarded mail is written to the log");
            Ok(Arc::new(LogMailer))
        }
    }
}

/// A stop switch shared by the server and the worker.
#[derive(Clone, Default)]
pub struct Stop {
    flag: Arc<AtomicBool>,
    wake: Arc<Notify>,
}

impl Stop {
    /// Asks the worker to stop after the mail in flight.
    pub fn stop(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.wake.notify_waiters();
    }

    fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

/// Wakes an idle worker in the same process when a delivery wrote forwards due at once
/// (a permit is kept if the worker is busy, so no wake-up is lost).
#[derive(Clone, Default)]
pub struct Wake(Arc<Notify>);

impl schoolbrug_messaging::mailer::OutboxSignal for Wake {
    fn rows_due(&self) {
        self.0.notify_one();
    }
}

/// Runs the forwarder until `stop` is set: batch after batch while there is due mail,
/// then a wait until the next poll or until `wake` is signalled.
pub async fn run(forwarder: Forwarder, stop: Stop, wake: Wake) {
    let idle_poll = millis_from_env(POLL_ENV).map_or(IDLE_POLL, Duration::from_millis);
    let forwarder = match millis_from_env(RETRY_BASE_ENV) {
        Some(base_ms) => forwarder.with_jitter(Arc::new(ScaledJitter { base_ms })),
        None => forwarder,
    };
    tracing::info!("forwarding worker started");
    let mut next_purge = tokio::time::Instant::now();
    while !stop.is_set() {
        if tokio::time::Instant::now() >= next_purge {
            next_purge += PURGE_EVERY;
            purge_sent(&forwarder).await;
        }
        let wait = match forwarder.run_once_or_stop(&stop.flag).await {
            Ok(report) if !report.is_idle() => {
                tracing::info!(
                    sent = report.sent,
                    retried = report.retried,
                    failed = report.failed,
                    released = report.released,
                    "forwarded a batch"
                );
                continue;
            }
            Ok(_) => idle_poll,
            Err(e) => {
                tracing::warn!(error = %e, "the outbox cannot be read; retrying");
                ERROR_BACKOFF
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = stop.wake.notified() => {}
            () = wake.0.notified() => {}
        }
    }
    tracing::info!("forwarding worker stopped");
}

/// Removes old sent rows; a failure is logged and tried again next time (old sent rows
/// are harmless meanwhile).
async fn purge_sent(forwarder: &Forwarder) {
    match forwarder.purge_sent().await {
        Ok(0) => {}
        Ok(rows) => tracing::info!(rows, "removed sent mail older than the outbox keeps it"),
        Err(e) => tracing::warn!(error = %e, "removing old sent mail failed; will retry"),
    }
}
