//! Throttling of attempts (sign-in, reset codes): every attempt is counted before its
//! secret is checked, a success forgets the count, and growing delays follow the free
//! ones, never a permanent lock-out a stranger could use to shut a pupil out.

use chrono::{DateTime, Duration, Utc};
use schoolbrug_kernel::{AccountId, SchoolId, SecretHash};
use unicode_normalization::UnicodeNormalization as _;

/// What attempts are counted against. Whatever was typed, a key is of bounded length:
/// it holds the SHA-256 of the normalised name or address, never the text itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThrottleKey(String);

/// Trimmed, lower case, NFC: the spellings of one username share one key.
fn normalised_hash(typed: &str) -> String {
    let normal: String = typed.trim().to_lowercase().nfc().collect();
    SecretHash::of(normal.as_bytes()).to_hex()
}

impl ThrottleKey {
    /// Sign-ins to one username of one school.
    #[must_use]
    pub fn account(school: SchoolId, username: &str) -> Self {
        Self(format!("account:{school}:{}", normalised_hash(username)))
    }

    /// Sign-ins from one client address.
    #[must_use]
    pub fn client(address: &str) -> Self {
        Self(format!("client:{}", normalised_hash(address)))
    }

    /// Sign-ins from one known device (by its token's hash): what a device's failures
    /// count against, instead of the account's and the address's keys.
    #[must_use]
    pub fn device(school: SchoolId, token_hash: &SecretHash) -> Self {
        Self(format!("device:{school}:{}", token_hash.to_hex()))
    }

    /// Reset codes tried for one username of one school.
    #[must_use]
    pub fn reset_code(school: SchoolId, username: &str) -> Self {
        Self(format!("reset:{school}:{}", normalised_hash(username)))
    }

    /// Second-factor codes (TOTP or recovery codes) tried for one account, once its
    /// password was right.
    #[must_use]
    pub fn second_factor(school: SchoolId, account: AccountId) -> Self {
        Self(format!("second_factor:{school}:{account}"))
    }

    /// The key as stored.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps a key read back from storage.
    #[must_use]
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

/// The failures counted against a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleState {
    /// Failures in the current window.
    pub failures: u32,
    /// When the last one happened.
    pub last_failure_at: DateTime<Utc>,
}

/// What taking one attempt against a key came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The attempt may go ahead; it is already counted, as this state.
    Allowed(ThrottleState),
    /// The key is throttled: nothing was counted, try again at `until`.
    Blocked {
        /// When the next attempt is accepted.
        until: DateTime<Utc>,
    },
}

/// How failures turn into delays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed without delay (5).
    pub free_failures: u32,
    /// The delay after the first failure past the free ones; it doubles with each next one.
    pub base_delay: Duration,
    /// The longest delay (15 minutes): a stranger can slow an account down, never lock it.
    pub max_delay: Duration,
    /// Failures older than this are forgotten (24 hours).
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 5,
            base_delay: Duration::seconds(1),
            max_delay: Duration::minutes(15),
            window: Duration::hours(24),
        }
    }
}

impl ThrottlePolicy {
    /// Until when further attempts are refused, if they are at `now`.
    #[must_use]
    pub fn blocked_until(
        &self,
        state: &ThrottleState,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        if now - state.last_failure_at >= self.window || state.failures < self.free_failures {
            return None;
        }
        let doublings = (state.failures - self.free_failures).min(20);
        let delay = self
            .base_delay
            .checked_mul(1_i32 << doublings)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let until = state.last_failure_at + delay;
        (until > now).then_some(until)
    }

    /// One more attempt at `at` against a key counted as `state`: refused while the key
    /// is blocked (counting nothing), otherwise counted before its secret is checked. A
    /// count older than the window starts again at 1. Stores apply this atomically.
    #[must_use]
    pub fn attempt(&self, state: Option<&ThrottleState>, at: DateTime<Utc>) -> Attempt {
        if let Some(until) = state.and_then(|s| self.blocked_until(s, at)) {
            return Attempt::Blocked { until };
        }
        let failures = match state {
            Some(s) if at - s.last_failure_at < self.window => s.failures.saturating_add(1),
            _ => 1,
        };
        Attempt::Allowed(ThrottleState {
            failures,
            last_failure_at: at,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn four_failures_cost_nothing() {
        let state = ThrottleState {
            failures: 4,
            last_failure_at: at("2026-01-05T08:00:00Z"),
        };
        assert_eq!(
            ThrottlePolicy::default().blocked_until(&state, at("2026-01-05T08:00:00Z")),
            None
        );
    }

    #[test]
    fn delays_grow_after_five_failures() {
        let policy = ThrottlePolicy::default();
        let last = at("2026-01-05T08:00:00Z");
        let five = ThrottleState {
            failures: 5,
            last_failure_at: last,
        };
        let eight = ThrottleState {
            failures: 8,
            last_failure_at: last,
        };
        assert_eq!(
            policy.blocked_until(&five, last),
            Some(last + Duration::seconds(1))
        );
        assert_eq!(
            policy.blocked_until(&eight, last),
            Some(last + Duration::seconds(8))
        );
    }

    #[test]
    fn five_attempts_at_one_instant_are_allowed_and_the_sixth_is_not() {
        let policy = ThrottlePolicy::default();
        let now = at("2026-01-05T08:00:00Z");
        let mut state = None;
        for n in 1..=5 {
            match policy.attempt(state.as_ref(), now) {
                Attempt::Allowed(s) => {
                    assert_eq!(s.failures, n);
                    state = Some(s);
                }
                Attempt::Blocked { .. } => panic!("attempt {n} was refused"),
            }
        }
        assert_eq!(
            policy.attempt(state.as_ref(), now),
            Attempt::Blocked {
                until: now + Duration::seconds(1)
            }
        );
    }

    #[test]
    fn an_attempt_after_the_window_starts_a_new_count() {
        let policy = ThrottlePolicy::default();
        let old = ThrottleState {
            failures: 3,
            last_failure_at: at("2026-01-05T08:00:00Z"),
        };
        let next = policy.attempt(Some(&old), at("2026-01-06T08:00:00Z"));
        assert!(matches!(next, Attempt::Allowed(s) if s.failures == 1));
    }

    #[test]
    fn keys_are_bounded_and_one_per_spelling() {
        let school = SchoolId::new();
        let long = ThrottleKey::account(school, &"a".repeat(900_000));
        assert!(long.as_str().len() < 200);
        assert_eq!(
            ThrottleKey::account(school, " Lotte "),
            ThrottleKey::account(school, "lotte")
        );
        assert_ne!(
            ThrottleKey::account(school, "lotte"),
            ThrottleKey::reset_code(school, "lotte")
        );
    }

    #[test]
    fn the_delay_never_exceeds_fifteen_minutes() {
        let policy = ThrottlePolicy::default();
        let last = at("2026-01-05T08:00:00Z");
        let many = ThrottleState {
            failures: 10_000,
            last_failure_at: last,
        };
        assert_eq!(
            policy.blocked_until(&many, last),
            Some(last + Duration::minutes(15))
        );
        assert_eq!(
            policy.blocked_until(&many, last + Duration::minutes(15)),
            None
        );
    }
}
