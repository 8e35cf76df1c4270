//! Sessions (signed-in devices) and one-time reset codes, as the stores keep them.

use chrono::{DateTime, Duration, Utc};
use schoolbrug_kernel::{AccountId, SchoolId};

use schoolbrug_kernel::secret::SecretHash;

/// How long a session lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused this long ends (default 30 minutes).
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not (default 12 hours).
    pub absolute_timeout: Duration,
    /// How long a one-time reset code stays valid (default 7 days).
    pub code_lifetime: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
            code_lifetime: Duration::days(7),
        }
    }
}

/// A signed-in session; the store knows only the hash of its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the token.
    pub token_hash: SecretHash,
    /// The account's school.
    pub school: SchoolId,
    /// The account signed in.
    pub account: AccountId,
    /// When the account signed in.
    pub created_at: DateTime<Utc>,
    /// When the session was last used.
    pub last_seen_at: DateTime<Utc>,
}

impl Session {
    /// Whether the session has ended at `now` under `policy`.
    #[must_use]
    pub fn is_expired(&self, now: DateTime<Utc>, policy: &SessionPolicy) -> bool {
        now >= self.last_seen_at + policy.idle_timeout
            || now >= self.created_at + policy.absolute_timeout
    }
}

/// A one-time code that lets an account set a new password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetCode {
    /// SHA-256 of the code.
    pub code_hash: SecretHash,
    /// The account's school.
    pub school: SchoolId,
    /// The account whose password it sets.
    pub account: AccountId,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}
