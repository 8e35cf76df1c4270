//! The calendar module's ports. Repository ports are shaped by use cases: one method is
//! one atomic unit of work. Every MUST below has a check in the contract suite (`contract`
//! feature).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
pub use schoolbrug_kernel::store::{StoreError, StoreResult};
use schoolbrug_kernel::{
    AccountId, ActivityId, FeedId, FreeDayPeriod, GroupId, SchoolId, SecretHash,
};

use crate::model::{Activity, Feed, Reach, SchoolYear, Viewer};

/// Who is who, read from the accounts module, as the calendar needs it. Every method MUST
/// stay inside `school`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait Directory: Send + Sync {
    /// The school's time zone. MUST return `None` for an unknown school.
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>>;

    /// An account as the calendar sees it: its roles and groups; for a co-account, its
    /// pupil's roles and groups and the pupil as `child`. MUST return `None` for an
    /// account of another school, an unknown account, and a co-account whose pupil is
    /// gone.
    async fn viewer(&self, school: SchoolId, account: AccountId) -> StoreResult<Option<Viewer>>;

    /// Whether `group` is a group of `school`. MUST be `false` for another school's group.
    async fn group_exists(&self, school: SchoolId, group: GroupId) -> StoreResult<bool>;
}

/// Activities.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait ActivityStore: Send + Sync {
    /// Stores a new activity with its audience, all or nothing.
    async fn insert_activity(&self, activity: &Activity) -> StoreResult<()>;

    /// Replaces an activity (and its audience) with `activity`, if its stored `SEQUENCE`
    /// is still `activity.sequence - 1`.
    ///
    /// # Errors
    /// MUST return `NotFound` for an unknown activity or one of another school, and
    /// `Conflict(ACTIVITY_CHANGED)` when it changed since it was read, writing nothing.
    async fn replace_activity(&self, activity: &Activity) -> StoreResult<()>;

    /// Removes an activity; `true` when it was there. MUST not remove another school's.
    async fn remove_activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<bool>;

    /// One activity. MUST return `None` for another school's.
    async fn activity(&self, school: SchoolId, id: ActivityId) -> StoreResult<Option<Activity>>;

    /// The school's activities within `reach` whose span (first start to last end)
    /// overlaps `[from, to)`, ordered by first start then id. MUST return none of another
    /// school, and only those `reach` reaches ([`Reach::reaches`]).
    async fn activities_in(
        &self,
        school: SchoolId,
        reach: &Reach,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Activity>>;
}

/// Private calendar feeds. Only the hash of a feed's token is stored.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait FeedStore: Send + Sync {
    /// Stores a new feed with the hash of its token.
    ///
    /// # Errors
    /// MUST return `Conflict(FEED_EXISTS)` when the account already has a feed for the
    /// same `child` (or none), writing nothing.
    async fn insert_feed(&self, feed: &Feed, token: &SecretHash) -> StoreResult<()>;

    /// An account's feeds, oldest first. MUST list none of another account.
    async fn feeds_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<Feed>>;

    /// The feed a token's hash opens, in any school. MUST return `None` for a revoked
    /// feed and for the old token of a renewed one.
    async fn feed_by_token(&self, token: &SecretHash) -> StoreResult<Option<Feed>>;

    /// Gives an account's feed a new token (the old one stops working at once) and
    /// `created_at`; `true` when the feed was there. MUST change no other account's feed.
    async fn renew_feed(
        &self,
        school: SchoolId,
        account: AccountId,
        id: FeedId,
        token: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Removes an account's feed; `true` when it was there. MUST remove no other
    /// account's feed.
    async fn revoke_feed(
        &self,
        school: SchoolId,
        account: AccountId,
        id: FeedId,
    ) -> StoreResult<bool>;

    /// Records that the feed was fetched at `at`. MUST write only when the last use
    /// recorded is older than `at - 1 hour` (a calendar app polls often), and do nothing
    /// for an unknown feed.
    async fn record_feed_use(
        &self,
        school: SchoolId,
        id: FeedId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Removes every feed of `account` and every feed showing it as `child` (erasure).
    async fn remove_feeds_of(&self, school: SchoolId, account: AccountId) -> StoreResult<()>;
}

/// The school year and its free days.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SchoolYearStore: Send + Sync {
    /// The school's free-day periods, ordered by first day. MUST return none of another
    /// school.
    async fn free_days(&self, school: SchoolId) -> StoreResult<Vec<FreeDayPeriod>>;

    /// Replaces all of the school's free-day periods, all or nothing.
    async fn replace_free_days(
        &self,
        school: SchoolId,
        periods: &[FreeDayPeriod],
    ) -> StoreResult<()>;

    /// The school year the school set, if it set one.
    async fn school_year(&self, school: SchoolId) -> StoreResult<Option<SchoolYear>>;

    /// Sets the school year.
    async fn set_school_year(&self, school: SchoolId, year: &SchoolYear) -> StoreResult<()>;
}

/// Every repository port of the module, as one database adapter implements them, with the
/// kernel's `SchoolCalendar` (a school's time zone and free days) over the same free days.
pub trait CalendarStores:
    ActivityStore + FeedStore + SchoolYearStore + schoolbrug_kernel::SchoolCalendar
{
}

impl<T> CalendarStores for T where
    T: ActivityStore + FeedStore + SchoolYearStore + schoolbrug_kernel::SchoolCalendar
{
}
