//! The forwarding worker's unit of work: claim a batch of due outbox rows, render and send
//! each, record the outcome.
//!
//! Guarantees:
//! - **Nothing is lost**: a row leaves `waiting` only when the mail server accepted its mail
//!   (`sent`), refused it for good (`failed`, with the server's answer), its recipient's copy
//!   is gone (`failed`, "recipient erased"), or temporary failures reached
//!   [`ForwarderSettings::max_attempts`]. A worker that dies holding rows leaves them to be
//!   claimed again when their lease runs out.
//! - **At most one send per claimed row per run**, with a stable `Message-ID`
//!   (`{outbox id}@schoolbrug`) on every attempt. A mail can go twice only when a worker
//!   dies (or cannot record) after the server accepted it and before the outcome was
//!   recorded; the repeated mail then carries the same `Message-ID`.
//! - No send starts after half the lease since the claim: the rows left are released, so
//!   that a lease over twice the mailer's timeout keeps two workers from sending one row.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Duration, Utc};
use schoolbrug_kernel::{Clock, NewsId, SchoolCalendar, SchoolId};

use super::quiet::next_allowed;
use super::render::{render_mail, render_news_mail};
use crate::mailer::{MailError, Mailer};
use crate::model::{Forwarded, OutboxRow};
use crate::ports::{
    MessageReader, NewsStore, OutboxQueue, QuietHoursStore, StoreError, StoreResult,
};

/// The first retry waits up to this long; each further one up to twice as long as the one
/// before, up to [`BACKOFF_CAP`].
pub const BACKOFF_BASE: Duration = Duration::seconds(30);

/// The longest a retry waits.
pub const BACKOFF_CAP: Duration = Duration::hours(1);

/// The `last_error` of a row whose recipient's copy is gone (account erased, copy deleted).
pub const RECIPIENT_ERASED: &str = "recipient erased";

/// The `last_error` of a row whose news item is gone.
pub const NEWS_WITHDRAWN: &str = "news item withdrawn";

/// The ceiling of the wait before the next attempt, after `attempts` attempts in all (the
/// failed one included, so at least 1): `30 s × 2^(attempts−1)`, at most one hour. The wait
/// itself is drawn uniformly between zero and this ceiling (full jitter).
#[must_use]
pub fn backoff_ceiling(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(20);
    let seconds = BACKOFF_BASE
        .num_seconds()
        .saturating_mul(1_i64 << doublings);
    Duration::seconds(seconds).min(BACKOFF_CAP)
}

/// Where the jitter of a retry comes from.
pub trait Jitter: Send + Sync {
    /// A number from `0` to `max` (inclusive), uniformly distributed in production. A value
    /// above `max` is taken as `max`.
    fn up_to(&self, max: u64) -> u64;
}

impl<F> Jitter for F
where
    F: Fn(u64) -> u64 + Send + Sync,
{
    fn up_to(&self, max: u64) -> u64 {
        self(max)
    }
}

/// Jitter from the thread's random number generator: the default.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomJitter;

impl Jitter for RandomJitter {
    fn up_to(&self, max: u64) -> u64 {
        use rand::Rng as _;
        rand::thread_rng().gen_range(0..=max)
    }
}

/// How a [`Forwarder`] works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForwarderSettings {
    /// Where the platform's web pages are (`https://school.example`), for the link to the
    /// message: `{base_url}/messages/{id}`.
    pub base_url: String,
    /// How many rows one run claims at most.
    pub batch_size: u32,
    /// How long a claim holds its rows: more than twice the mailer's timeout (no send starts
    /// after half of it).
    pub lease: Duration,
    /// After this many attempts ending in a temporary failure, a row fails for good. With
    /// the default 20 and the backoff above, retries stop after at most about 13 hours
    /// (6.5 on average).
    pub max_attempts: u32,
    /// How long sent rows stay in the outbox (the admins' mail queue shows them) before
    /// [`Forwarder::purge_sent`] removes them.
    pub keep_sent: Duration,
}

impl ForwarderSettings {
    /// The default batch size.
    pub const DEFAULT_BATCH_SIZE: u32 = 50;
    /// The default lease.
    pub const DEFAULT_LEASE: Duration = Duration::minutes(5);
    /// The default number of attempts.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 20;
    /// How long sent rows stay by default.
    pub const DEFAULT_KEEP_SENT: Duration = Duration::days(30);

    /// The defaults (50 rows a batch, a five-minute lease, 20 attempts, sent rows kept 30
    /// days) with `base_url`.
    #[must_use]
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            batch_size: Self::DEFAULT_BATCH_SIZE,
            lease: Self::DEFAULT_LEASE,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            keep_sent: Self::DEFAULT_KEEP_SENT,
        }
    }
}

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Rows claimed.
    pub claimed: usize,
    /// Mails the server accepted, recorded as sent.
    pub sent: usize,
    /// Temporary failures recorded for a later attempt.
    pub retried: usize,
    /// Rows recorded as failed for good (refused, given up, recipient erased).
    pub failed: usize,
    /// Rows given back untried (stopping, half the lease gone, the copy unreadable).
    pub released: usize,
    /// Rows whose outcome could not be recorded (the store failed, or the row had changed
    /// meanwhile): they come back when their lease runs out, unless already finished.
    pub unrecorded: usize,
}

impl RunReport {
    /// Whether the run found nothing to do.
    #[must_use]
    pub fn is_idle(&self) -> bool {
        self.claimed == 0
    }
}

/// Delivers the outbox: see the module documentation.
#[derive(Clone)]
pub struct Forwarder {
    queue: Arc<dyn OutboxQueue>,
    reader: Arc<dyn MessageReader>,
    mailer: Arc<dyn Mailer>,
    clock: Arc<dyn Clock>,
    settings: ForwarderSettings,
    jitter: Arc<dyn Jitter>,
    quiet: Option<(Arc<dyn QuietHoursStore>, Arc<dyn SchoolCalendar>)>,
    news: Option<Arc<dyn NewsStore>>,
}

impl std::fmt::Debug for Forwarder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forwarder")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

enum Outcome {
    Sent,
    Retried,
    Failed,
}

impl Forwarder {
    /// A forwarder over the outbox `queue`, reading copies from `reader`, sending with
    /// `mailer`, with [`RandomJitter`].
    #[must_use]
    pub fn new(
        queue: Arc<dyn OutboxQueue>,
        reader: Arc<dyn MessageReader>,
        mailer: Arc<dyn Mailer>,
        clock: Arc<dyn Clock>,
        settings: ForwarderSettings,
    ) -> Self {
        Self {
            queue,
            reader,
            mailer,
            clock,
            settings,
            jitter: Arc::new(RandomJitter),
            quiet: None,
            news: None,
        }
    }

    /// The forwarder reading the news items its news rows tell of from `news` (usually
    /// the same store). Without it, news rows are left for a forwarder that has it.
    #[must_use]
    pub fn with_news(mut self, news: Arc<dyn NewsStore>) -> Self {
        self.news = Some(news);
        self
    }

    /// The forwarder with another source of jitter (tests use a fixed one).
    #[must_use]
    pub fn with_jitter(mut self, jitter: Arc<dyn Jitter>) -> Self {
        self.jitter = jitter;
        self
    }

    /// The forwarder keeping retries of messages that are not urgent out of the school's
    /// quiet hours too (a retry due in quiet time waits until it ends).
    #[must_use]
    pub fn with_quiet_hours(
        mut self,
        quiet: Arc<dyn QuietHoursStore>,
        calendar: Arc<dyn SchoolCalendar>,
    ) -> Self {
        self.quiet = Some((quiet, calendar));
        self
    }

    /// Its settings.
    #[must_use]
    pub fn settings(&self) -> &ForwarderSettings {
        &self.settings
    }

    /// Removes the rows sent longer than `keep_sent` ago, of every school: the outbox is a
    /// queue, not an archive (the messages themselves stay in the inboxes). Waiting and
    /// failed rows stay.
    ///
    /// # Errors
    /// The store's error; nothing is lost by trying again later.
    pub async fn purge_sent(&self) -> Result<u64, StoreError> {
        let now = self.clock.now();
        let before = now
            .checked_sub_signed(self.settings.keep_sent)
            .unwrap_or(now);
        self.queue.purge_sent(before).await
    }

    /// Claims one batch of due rows and forwards each: at most one send per row.
    ///
    /// # Errors
    /// The store's error when the claim fails (nothing was claimed then). Failures after
    /// the claim are per row and counted in the report.
    pub async fn run_once(&self) -> Result<RunReport, StoreError> {
        self.run_once_or_stop(&AtomicBool::new(false)).await
    }

    /// [`run_once`](Self::run_once), releasing the rows not yet sent as soon as `stop` is
    /// set (graceful shutdown: the row in flight is finished and recorded).
    ///
    /// # Errors
    /// As [`run_once`](Self::run_once).
    pub async fn run_once_or_stop(&self, stop: &AtomicBool) -> Result<RunReport, StoreError> {
        let claimed_at = self.clock.now();
        let rows = self
            .queue
            .claim_due(claimed_at, self.settings.batch_size, self.settings.lease)
            .await?;
        let mut report = RunReport {
            claimed: rows.len(),
            ..RunReport::default()
        };
        let last_start = claimed_at
            .checked_add_signed(self.settings.lease / 2)
            .unwrap_or(claimed_at);
        for row in rows {
            if stop.load(Ordering::SeqCst) || self.clock.now() >= last_start {
                self.release(&row, &mut report).await;
                continue;
            }
            self.forward(row, &mut report).await;
        }
        Ok(report)
    }

    async fn forward(&self, row: OutboxRow, report: &mut RunReport) {
        let message = match row.forwards {
            Forwarded::Message(message) => message,
            Forwarded::News(news) => return self.forward_news(row, news, report).await,
        };
        let received = match self
            .reader
            .received(row.school, row.recipient, message)
            .await
        {
            Ok(Some(received)) => received,
            Ok(None) => {
                let recorded = self
                    .queue
                    .record_failed(row.school, row.id, RECIPIENT_ERASED, self.clock.now())
                    .await;
                Self::count(&row, recorded, Outcome::Failed, report);
                return;
            }
            Err(error) => {
                tracing::warn!(outbox = %row.id, school = %row.school, %error, "cannot read the copy to forward");
                self.release(&row, report).await;
                return;
            }
        };
        let mail = render_mail(&row, &received, &self.settings.base_url);
        let urgent = received.message.urgent;
        self.send_and_record(row, &mail, urgent, report).await;
    }

    /// Forwards a news item: the item as it is now (an item withdrawn since took its rows
    /// with it; one the forwarder cannot find fails the row).
    async fn forward_news(&self, row: OutboxRow, news: NewsId, report: &mut RunReport) {
        let Some(store) = &self.news else {
            // A forwarder without the news store leaves news rows to one that has it.
            self.release(&row, report).await;
            return;
        };
        let item = match store.news_item(row.school, news).await {
            Ok(Some(item)) => item,
            Ok(None) => {
                let recorded = self
                    .queue
                    .record_failed(row.school, row.id, NEWS_WITHDRAWN, self.clock.now())
                    .await;
                Self::count(&row, recorded, Outcome::Failed, report);
                return;
            }
            Err(error) => {
                tracing::warn!(outbox = %row.id, school = %row.school, %error, "cannot read the news item to forward");
                self.release(&row, report).await;
                return;
            }
        };
        let mail = render_news_mail(&row, &item, &self.settings.base_url);
        self.send_and_record(row, &mail, false, report).await;
    }

    /// Hands `mail` to the mailer and records the outcome of `row`.
    async fn send_and_record(
        &self,
        row: OutboxRow,
        mail: &crate::mailer::OutgoingMail,
        urgent: bool,
        report: &mut RunReport,
    ) {
        let result = self.mailer.send(mail).await;
        let now = self.clock.now();
        let (recorded, outcome) = match result {
            Ok(()) => (
                self.queue.record_sent(row.school, row.id, now).await,
                Outcome::Sent,
            ),
            Err(MailError::Permanent(answer)) => {
                tracing::warn!(outbox = %row.id, school = %row.school, %answer, "mail refused for good");
                (
                    self.queue
                        .record_failed(row.school, row.id, &answer, now)
                        .await,
                    Outcome::Failed,
                )
            }
            Err(MailError::Temporary(answer)) => {
                let attempts = row.attempts.saturating_add(1);
                if attempts >= self.settings.max_attempts {
                    tracing::warn!(outbox = %row.id, school = %row.school, %answer, attempts, "mail given up");
                    let error = format!("{answer} (gave up after {attempts} attempts)");
                    (
                        self.queue
                            .record_failed(row.school, row.id, &error, now)
                            .await,
                        Outcome::Failed,
                    )
                } else {
                    let at = self.retry_at(row.school, urgent, now, attempts).await;
                    tracing::info!(outbox = %row.id, school = %row.school, %answer, attempts, retry_at = %at, "mail to be retried");
                    (
                        self.queue
                            .record_retry(row.school, row.id, &answer, at)
                            .await,
                        Outcome::Retried,
                    )
                }
            }
        };
        Self::count(&row, recorded, outcome, report);
    }

    /// When to try again after `attempts` attempts: a random wait up to the backoff
    /// ceiling, then out of quiet hours for a message that is not urgent.
    async fn retry_at(
        &self,
        school: SchoolId,
        urgent: bool,
        now: DateTime<Utc>,
        attempts: u32,
    ) -> DateTime<Utc> {
        let ceiling = u64::try_from(backoff_ceiling(attempts).num_milliseconds()).unwrap_or(0);
        let wait = self.jitter.up_to(ceiling).min(ceiling);
        let wait = Duration::milliseconds(i64::try_from(wait).unwrap_or(0));
        let at = now.checked_add_signed(wait).unwrap_or(now);
        match &self.quiet {
            Some((store, calendar)) if !urgent => {
                match (
                    store.quiet_hours(school).await,
                    calendar.school_days(school).await,
                ) {
                    (Ok(quiet), Ok(days)) => next_allowed(at, quiet.as_ref(), &days),
                    _ => at,
                }
            }
            _ => at,
        }
    }

    async fn release(&self, row: &OutboxRow, report: &mut RunReport) {
        match self.queue.release(row.school, row.id).await {
            Ok(_) => report.released += 1,
            Err(error) => {
                // Its lease runs out by itself.
                tracing::warn!(outbox = %row.id, school = %row.school, %error, "cannot release an outbox row");
                report.unrecorded += 1;
            }
        }
    }

    fn count(
        row: &OutboxRow,
        recorded: StoreResult<bool>,
        outcome: Outcome,
        report: &mut RunReport,
    ) {
        match recorded {
            Ok(true) => match outcome {
                Outcome::Sent => report.sent += 1,
                Outcome::Retried => report.retried += 1,
                Outcome::Failed => report.failed += 1,
            },
            Ok(false) => {
                tracing::warn!(outbox = %row.id, school = %row.school, "outbox row changed while it was being forwarded");
                report.unrecorded += 1;
            }
            Err(error) => {
                tracing::error!(outbox = %row.id, school = %row.school, %error, "cannot record the outcome of a forward");
                report.unrecorded += 1;
            }
        }
    }
}
