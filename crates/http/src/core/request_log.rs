//! What the request log says of failed answers. A 503 answered at once is a shed sign-in
//! (`/problems/busy`) or a database out of reach: a flood makes thousands a second, and a
//! line each would spend the CPU the shedding saves and fill the disk. Each goes to
//! `debug`, and one `warn` line at most every [`SUMMARY_EVERY`] says how many there were.
//! Every other failure (a 500, a 503 after a wait such as a timeout) is an error line of
//! its own. The store's and the handlers' own failures are logged where they happen.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::trace::OnFailure;

/// How fast a 503 must be to count as shed rather than as a request that waited and failed.
const AT_ONCE: Duration = Duration::from_secs(1);

/// The shortest time between two summary lines of 503s answered at once.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(10);

/// The `on_failure` of the request log (cheap to clone: the counts are shared).
#[derive(Clone, Debug)]
pub struct RequestFailures {
    shed: Arc<AtomicU64>,
    last_summary: Arc<Mutex<Instant>>,
}

impl Default for RequestFailures {
    fn default() -> Self {
        Self {
            shed: Arc::new(AtomicU64::new(0)),
            // The first shed after start is summed up at once.
            last_summary: Arc::new(Mutex::new(
                Instant::now()
                    .checked_sub(SUMMARY_EVERY)
                    .unwrap_or_else(Instant::now),
            )),
        }
    }
}

impl RequestFailures {
    fn shed_at_once(&self, latency: Duration) {
        tracing::debug!(latency_ms = latency.as_millis(), "answered 503 at once");
        self.shed.fetch_add(1, Ordering::Relaxed);
        // Whoever finds the summary due (and the lock free) writes it; the others go on.
        let Ok(mut last) = self.last_summary.try_lock() else {
            return;
        };
        if last.elapsed() < SUMMARY_EVERY {
            return;
        }
        let since = last.elapsed();
        *last = Instant::now();
        let count = self.shed.swap(0, Ordering::Relaxed);
        tracing::warn!(
            count,
            seconds = since.as_secs(),
            "answered 503 at once (sign-ins shed under load, or the database out of reach)"
        );
    }
}

impl OnFailure<ServerErrorsFailureClass> for RequestFailures {
    fn on_failure(
        &mut self,
        failure: ServerErrorsFailureClass,
        latency: Duration,
        _span: &tracing::Span,
    ) {
        match failure {
            ServerErrorsFailureClass::StatusCode(StatusCode::SERVICE_UNAVAILABLE)
                if latency < AT_ONCE =>
            {
                self.shed_at_once(latency);
            }
            ServerErrorsFailureClass::StatusCode(status) => {
                tracing::error!(%status, latency_ms = latency.as_millis(), "response failed");
            }
            ServerErrorsFailureClass::Error(error) => {
                tracing::error!(%error, latency_ms = latency.as_millis(), "response failed");
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// What `failures` writes at `warn` level and above for `answers`.
    fn logged(failures: &mut RequestFailures, answers: &[(StatusCode, Duration)]) -> String {
        let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(move || Writer(sink.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            for (status, latency) in answers {
                failures.on_failure(
                    ServerErrorsFailureClass::StatusCode(*status),
                    *latency,
                    &tracing::Span::none(),
                );
            }
        });
        String::from_utf8(buffer.lock().unwrap().clone()).unwrap()
    }

    struct Writer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Writer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_flood_of_sheds_writes_one_summary_line_and_a_real_failure_its_own() {
        let mut failures = RequestFailures::default();
        let shed = (StatusCode::SERVICE_UNAVAILABLE, Duration::from_millis(0));
        let log = logged(&mut failures, &[shed; 1000]);
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(log.contains("WARN") && log.contains("count=1"), "{log}");
        // The rest are counted for the next summary, due after SUMMARY_EVERY.
        assert_eq!(failures.shed.load(Ordering::Relaxed), 999);

        let timed_out = (StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30));
        let internal = (StatusCode::INTERNAL_SERVER_ERROR, Duration::from_millis(3));
        let log = logged(&mut failures, &[timed_out, internal]);
        assert_eq!(log.lines().count(), 2, "{log}");
        assert!(log.contains("503") && log.contains("500"), "{log}");
        assert!(log.lines().all(|l| l.contains("ERROR")), "{log}");
    }

    #[test]
    fn the_summary_says_how_many_were_shed_since_the_last_one() {
        let mut failures = RequestFailures::default();
        let shed = (StatusCode::SERVICE_UNAVAILABLE, Duration::from_millis(0));
        logged(&mut failures, &[shed; 5]);
        *failures.last_summary.lock().unwrap() = Instant::now().checked_sub(SUMMARY_EVERY).unwrap();
        let log = logged(&mut failures, &[shed]);
        assert!(log.contains("count=5"), "{log}");
    }
}
