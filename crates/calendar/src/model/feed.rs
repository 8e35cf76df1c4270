//! Private calendar feeds: a secret link per calendar that a calendar app polls.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, FeedId, SchoolId, SessionToken};

/// A feed as stored: whose calendar it shows, never the secret itself (only its hash is
/// kept, by the store).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// Its id.
    pub id: FeedId,
    /// Its school.
    pub school: SchoolId,
    /// The account whose calendar it shows.
    pub account: AccountId,
    /// For a co-account, the pupil whose calendar it shows.
    pub child: Option<AccountId>,
    /// When it was made or last renewed.
    pub created_at: DateTime<Utc>,
    /// When a calendar app last fetched it (recorded at most once an hour).
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The secret in a feed's link: 256 random bits, shown once when the feed is made or
/// renewed. Its `Debug` never prints it.
#[derive(Debug)]
pub struct FeedToken(pub SessionToken);

impl FeedToken {
    /// A new random token.
    #[must_use]
    pub fn generate() -> Self {
        Self(SessionToken::generate())
    }

    /// The token as it appears in the link.
    #[must_use]
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}
