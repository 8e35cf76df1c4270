//! Throttling of failed attempts (sign-in, reset codes): growing delays, never a
//! permanent lock-out a stranger could use to shut a pupil out.

use chrono::{DateTime, Duration, Utc};
use schoolbrug_kernel::SchoolId;

/// What failed attempts are counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThrottleKey(String);

impl ThrottleKey {
    /// Sign-ins to one username of one school.
    #[must_use]
    pub fn account(school: SchoolId, username: &str) -> Self {
        Self(format!(
            "account:{school}:{}",
            username.trim().to_lowercase()
        ))
    }

    /// Sign-ins from one client address.
    #[must_use]
    pub fn client(address: &str) -> Self {
        Self(format!("client:{address}"))
    }

    /// Reset codes tried for one username of one school.
    #[must_use]
    pub fn reset_code(school: SchoolId, username: &str) -> Self {
        Self(format!("reset:{school}:{}", username.trim().to_lowercase()))
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
