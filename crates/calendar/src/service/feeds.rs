//! Private feeds: a secret link per calendar (a co-account's shows its child's), made and
//! shown once, renewed or revoked by its owner, and answered without a session.

use chrono::Duration;
use schoolbrug_kernel::{AccountId, Actor, FeedId, FreeDays, SecretHash, SessionToken};

use super::Calendar;
use crate::error::CalendarError;
use crate::ical::FeedCalendar;
use crate::model::{Feed, FeedToken, SchoolYear, start_of_day};

/// Within this many days of the school year's end, a feed shows the next year too, so
/// that one fetched in the summer holiday shows September.
const SUMMER_LOOKAHEAD_DAYS: i64 = 62;

/// What a feed's link answers.
#[derive(Debug)]
pub enum FeedAnswer {
    /// The calendar app has this version already (`If-None-Match` matched).
    NotModified {
        /// The version's `ETag`.
        etag: String,
    },
    /// The calendar.
    Calendar {
        /// Its `ETag`.
        etag: String,
        /// The iCalendar text.
        body: String,
    },
}

impl Calendar {
    /// The actor's feeds.
    ///
    /// # Errors
    /// `NotFound` when the account is gone.
    pub async fn feeds(&self, actor: &Actor) -> Result<Vec<Feed>, CalendarError> {
        self.viewer(actor).await?;
        Ok(self.store.feeds_of(actor.school, actor.account).await?)
    }

    /// Makes the actor's feed (a co-account's shows its child's calendar); the token is
    /// shown once. `child`, when named, must be the co-account's own pupil.
    ///
    /// # Errors
    /// `NotFound` for a `child` that is not the actor's; `Conflict(FEED_EXISTS)` when the
    /// actor has one already (renew it instead).
    pub async fn create_feed(
        &self,
        actor: &Actor,
        child: Option<AccountId>,
    ) -> Result<(Feed, FeedToken), CalendarError> {
        let viewer = self.viewer(actor).await?;
        if child.is_some() && child != viewer.child.as_ref().map(|c| c.id) {
            return Err(CalendarError::NotFound);
        }
        let token = FeedToken::generate();
        let feed = Feed {
            id: FeedId::new(),
            school: actor.school,
            account: actor.account,
            child: viewer.child.map(|c| c.id),
            created_at: self.clock.now(),
            last_used_at: None,
        };
        self.store.insert_feed(&feed, &token.0.hash()).await?;
        Ok((feed, token))
    }

    /// Gives the actor's feed a new link; the old one stops working at once.
    ///
    /// # Errors
    /// `NotFound` for a feed of someone else.
    pub async fn renew_feed(&self, actor: &Actor, id: FeedId) -> Result<FeedToken, CalendarError> {
        self.viewer(actor).await?;
        let token = FeedToken::generate();
        if self
            .store
            .renew_feed(
                actor.school,
                actor.account,
                id,
                &token.0.hash(),
                self.clock.now(),
            )
            .await?
        {
            Ok(token)
        } else {
            Err(CalendarError::NotFound)
        }
    }

    /// Revokes the actor's feed: its link answers 404 from now on.
    ///
    /// # Errors
    /// `NotFound` for a feed of someone else.
    pub async fn revoke_feed(&self, actor: &Actor, id: FeedId) -> Result<(), CalendarError> {
        if self
            .store
            .revoke_feed(actor.school, actor.account, id)
            .await?
        {
            Ok(())
        } else {
            Err(CalendarError::NotFound)
        }
    }

    /// What a feed's link answers, without a session: the owner's calendar for the
    /// current school year (in its last 62 days, the next one too), or `NotModified` when `if_none_match` names its `ETag`.
    ///
    /// # Errors
    /// `NotFound` for an unknown, revoked or renewed token, and when the owner (or a
    /// co-account's pupil) is gone.
    pub async fn feed(
        &self,
        token: &str,
        if_none_match: Option<&str>,
    ) -> Result<FeedAnswer, CalendarError> {
        let hash: SecretHash = SessionToken::from_client(token).hash();
        let feed = self
            .store
            .feed_by_token(&hash)
            .await?
            .ok_or(CalendarError::NotFound)?;
        let viewer = self
            .directory
            .viewer(feed.school, feed.account)
            .await?
            .ok_or(CalendarError::NotFound)?;
        if feed.child != viewer.child.as_ref().map(|c| c.id) {
            return Err(CalendarError::NotFound);
        }
        let zone = self.zone(feed.school).await?;
        let today = self.today(zone);
        let mut year = match self.store.school_year(feed.school).await? {
            Some(year) => year,
            None => SchoolYear::around(today),
        };
        // In the summer holiday a subscriber wants the coming school year already.
        if year.ends_on - today < Duration::days(SUMMER_LOOKAHEAD_DAYS) {
            year.ends_on += Duration::days(365);
        }
        let free_days = FreeDays::new(self.store.free_days(feed.school).await?);
        let activities = self
            .store
            .activities_in(
                feed.school,
                &viewer.reach(),
                start_of_day(zone, year.starts_on),
                start_of_day(zone, year.ends_on + Duration::days(1)),
            )
            .await?;
        let now = self.clock.now();
        // A calendar app polls often: write the use only when the one recorded is over an
        // hour old (the store checks again, so two polls at once write it once).
        if feed
            .last_used_at
            .is_none_or(|last| last < now - Duration::hours(1))
            && let Err(e) = self.store.record_feed_use(feed.school, feed.id, now).await
        {
            // The calendar is still answered; only the "last used" date lags.
            tracing::warn!(error = %e, "the use of a calendar feed was not recorded");
        }
        let name = match &viewer.child {
            Some(child) => format!("Schoolbrug – {}", child.name),
            None => "Schoolbrug".to_owned(),
        };
        let calendar = FeedCalendar {
            name: &name,
            school: feed.school,
            zone,
            year,
            activities: &activities,
            free_days: &free_days,
            child: viewer.child.as_ref().map(|c| c.name.as_str()),
        };
        let etag = calendar.etag();
        if if_none_match.is_some_and(|tags| matches_etag(tags, &etag)) {
            return Ok(FeedAnswer::NotModified { etag });
        }
        Ok(FeedAnswer::Calendar {
            body: calendar.render(),
            etag,
        })
    }
}

/// Whether an `If-None-Match` value (a list of tags, `*`, weak tags) names `etag`.
fn matches_etag(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}
