//! In-memory adapters of every calendar port, for tests and for embedders who try the
//! module without a database. One lock guards the state, so every method is atomic; the
//! school's time zone (for the `SchoolCalendar`) comes from the directory it is given.

mod directory;

pub use directory::{InMemoryDirectory, Person};

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use schoolbrug_kernel::{
    AccountId, ActivityId, FeedId, FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError,
    SchoolDays, SchoolId, SecretHash,
};

use crate::error::conflicts::{ACTIVITY_CHANGED, FEED_EXISTS};
use crate::model::{Activity, Feed, Reach, SchoolYear};
use crate::ports::{ActivityStore, Directory, FeedStore, SchoolYearStore, StoreError, StoreResult};

#[derive(Default)]
struct State {
    activities: BTreeMap<ActivityId, Activity>,
    feeds: BTreeMap<FeedId, (Feed, SecretHash)>,
    free_days: HashMap<SchoolId, Vec<FreeDayPeriod>>,
    years: HashMap<SchoolId, SchoolYear>,
}

/// Every calendar port in memory.
pub struct InMemoryCalendarStore {
    state: Mutex<State>,
    directory: Arc<dyn Directory>,
}

impl InMemoryCalendarStore {
    /// An empty store reading time zones from `directory`.
    #[must_use]
    pub fn new(directory: Arc<dyn Directory>) -> Self {
        Self {
            state: Mutex::new(State::default()),
            directory,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl ActivityStore for InMemoryCalendarStore {
    async fn insert_activity(&self, activity: &Activity) -> StoreResult<()> {
        let mut state = self.lock();
        if state.activities.contains_key(&activity.id) {
            return Err(StoreError::Unexpected("activity id taken".into()));
        }
        state.activities.insert(activity.id, activity.clone());
        Ok(())
    }

    async fn replace_activity(&self, activity: &Activity) -> StoreResult<()> {
        let mut state = self.lock();
        let Some(current) = state
            .activities
            .get_mut(&activity.id)
            .filter(|a| a.school == activity.school)
        else {
            return Err(StoreError::NotFound);
        };
        if current.sequence.saturating_add(1) != activity.sequence {
            return Err(StoreError::Conflict(ACTIVITY_CHANGED));
        }
        *current = activity.clone();
        Ok(())
    }

    async fn remove_activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<bool> {
        let mut state = self.lock();
        if state
            .activities
            .get(&id)
            .is_some_and(|a| a.school == school)
        {
            state.activities.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }

    async fn activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<Option<Activity>> {
        Ok(self
            .lock()
            .activities
            .get(&id)
            .filter(|a| a.school == school)
            .cloned())
    }

    async fn activities_in(
        &self,
        school: SchoolId,
        reach: &Reach,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Activity>> {
        let mut found: Vec<Activity> = self
            .lock()
            .activities
            .values()
            .filter(|a| {
                a.school == school
                    && a.span_start < to
                    && a.span_end > from
                    && reach.reaches(&a.audience, a.planner)
            })
            .cloned()
            .collect();
        found.sort_by_key(|a| (a.span_start, a.id));
        Ok(found)
    }
}

#[async_trait]
impl FeedStore for InMemoryCalendarStore {
    async fn insert_feed(&self, feed: &Feed, token: &SecretHash) -> StoreResult<()> {
        let mut state = self.lock();
        if state.feeds.values().any(|(f, _)| {
            f.school == feed.school && f.account == feed.account && f.child == feed.child
        }) {
            return Err(StoreError::Conflict(FEED_EXISTS));
        }
        state.feeds.insert(feed.id, (feed.clone(), *token));
        Ok(())
    }

    async fn feeds_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<Feed>> {
        let mut feeds: Vec<Feed> = self
            .lock()
            .feeds
            .values()
            .filter(|(f, _)| f.school == school && f.account == account)
            .map(|(f, _)| f.clone())
            .collect();
        feeds.sort_by_key(|f| (f.created_at, f.id));
        Ok(feeds)
    }

    async fn feed_by_token(&self, token: &SecretHash) -> StoreResult<Option<Feed>> {
        Ok(self
            .lock()
            .feeds
            .values()
            .find(|(_, hash)| hash == token)
            .map(|(f, _)| f.clone()))
    }

    async fn renew_feed(
        &self,
        school: SchoolId,
        account: AccountId,
        id: FeedId,
        token: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state
            .feeds
            .get_mut(&id)
            .filter(|(f, _)| f.school == school && f.account == account)
        {
            Some((feed, hash)) => {
                *hash = *token;
                feed.created_at = at;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn revoke_feed(
        &self,
        school: SchoolId,
        account: AccountId,
        id: FeedId,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        if state
            .feeds
            .get(&id)
            .is_some_and(|(f, _)| f.school == school && f.account == account)
        {
            state.feeds.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }

    async fn record_feed_use(
        &self,
        school: SchoolId,
        id: FeedId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if let Some((feed, _)) = state.feeds.get_mut(&id).filter(|(f, _)| f.school == school)
            && feed
                .last_used_at
                .is_none_or(|last| last < at - Duration::hours(1))
        {
            feed.last_used_at = Some(at);
        }
        Ok(())
    }

    async fn remove_feeds_of(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.lock().feeds.retain(|_, (f, _)| {
            !(f.school == school && (f.account == account || f.child == Some(account)))
        });
        Ok(())
    }
}

#[async_trait]
impl SchoolYearStore for InMemoryCalendarStore {
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>> {
        let mut periods = self
            .lock()
            .free_days
            .get(&school)
            .cloned()
            .unwrap_or_default();
        periods.sort_by_key(|p| (p.from, p.to));
        Ok(periods)
    }

    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()> {
        self.lock().free_days.insert(school, periods.to_vec());
        Ok(())
    }

    async fn school_year(&self, school: SchoolId) -> StoreResult<Option<SchoolYear>> {
        Ok(self.lock().years.get(&school).copied())
    }

    async fn set_school_year(&self, school: SchoolId, year: &SchoolYear) -> StoreResult<()> {
        self.lock().years.insert(school, *year);
        Ok(())
    }
}

#[async_trait]
impl SchoolCalendar for InMemoryCalendarStore {
    async fn school_days(&self, school: SchoolId) -> Result<SchoolDays, SchoolCalendarError> {
        let zone = self
            .directory
            .time_zone(school)
            .await
            .map_err(|_| SchoolCalendarError::Unavailable)?
            .ok_or(SchoolCalendarError::NotFound)?;
        let periods = SchoolYearStore::free_days(self, school)
            .await
            .map_err(|_| SchoolCalendarError::Unavailable)?;
        Ok(SchoolDays::new(zone, FreeDays::new(periods)))
    }
}
