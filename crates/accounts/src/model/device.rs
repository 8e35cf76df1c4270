//! Known devices (OWASP's device cookie): a browser or app that signed in successfully
//! carries a device token. With it, a sign-in to that account is counted against the
//! device alone, so a stranger who throttles the account, or the address a whole school
//! shares behind its proxy, never keeps the owner out; a device that fails too often is
//! forgotten and counts like any unknown one again.

use chrono::{DateTime, Duration, Utc};
use schoolbrug_kernel::secret::{SecretHash, SessionToken};
use schoolbrug_kernel::{AccountId, SchoolId};

/// A device token: 256 random bits, handed to the client once (as a cookie or in the
/// API's answer) and stored only as its hash.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(SessionToken);

impl DeviceToken {
    /// A fresh token from the operating system's generator.
    #[must_use]
    pub fn generate() -> Self {
        Self(SessionToken::generate())
    }

    /// A token presented by a client.
    #[must_use]
    pub fn from_client(raw: &str) -> Self {
        Self(SessionToken::from_client(raw))
    }

    /// The token, to hand to the client.
    #[must_use]
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// What the store keeps.
    #[must_use]
    pub fn hash(&self) -> SecretHash {
        self.0.hash()
    }
}

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(<redacted>)")
    }
}

/// A device an account signed in from, as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownDevice {
    /// SHA-256 of the device token.
    pub token_hash: SecretHash,
    /// The account's school.
    pub school: SchoolId,
    /// The account that signed in on it: the token counts for this account only.
    pub account: AccountId,
    /// When it was first remembered.
    pub created_at: DateTime<Utc>,
    /// The last successful sign-in from it.
    pub last_used_at: DateTime<Utc>,
}

/// How devices are trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DevicePolicy {
    /// Wrong passwords from one device before it is forgotten (5).
    pub failures_allowed: u32,
    /// A device not signed in from for this long is forgotten (180 days).
    pub unused_lifetime: Duration,
    /// The devices remembered per account (20): the least recently used go first, so a
    /// script that signs in over and over cannot grow the store without bound.
    pub per_account: u32,
}

impl Default for DevicePolicy {
    fn default() -> Self {
        Self {
            failures_allowed: 5,
            unused_lifetime: Duration::days(180),
            per_account: 20,
        }
    }
}

impl KnownDevice {
    /// Whether the device was unused too long at `now` to be trusted.
    #[must_use]
    pub fn is_expired(&self, now: DateTime<Utc>, policy: &DevicePolicy) -> bool {
        now >= self.last_used_at + policy.unused_lifetime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_expires_after_its_unused_lifetime() {
        let at = DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let device = KnownDevice {
            token_hash: DeviceToken::generate().hash(),
            school: SchoolId::new(),
            account: AccountId::new(),
            created_at: at,
            last_used_at: at,
        };
        let policy = DevicePolicy::default();
        assert!(!device.is_expired(at + Duration::days(179), &policy));
        assert!(device.is_expired(at + Duration::days(180), &policy));
    }

    #[test]
    fn a_token_hashes_as_it_was_typed_back_and_never_prints() {
        let token = DeviceToken::generate();
        let back = DeviceToken::from_client(&format!(" {} ", token.expose()));
        assert_eq!(back.hash(), token.hash());
        assert_eq!(format!("{token:?}"), "DeviceToken(<redacted>)");
    }
}
