//! The calendar's use cases. Every one takes the acting principal and checks, here, what
//! it may see and do, so a system embedding the module gets the rules too.
//!
//! `activities.rs` plans, changes and cancels; `view.rs` lays out what a person sees;
//! `feeds.rs` makes, renews, revokes and answers private feeds; `year.rs` keeps the school
//! year and the free days.

mod activities;
mod feeds;
mod view;
mod year;

use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use schoolbrug_kernel::{Actor, Clock};

use crate::error::CalendarError;
use crate::model::Viewer;
use crate::ports::{CalendarStores, Directory};

pub use feeds::FeedAnswer;
pub use view::StartCalendar;

/// The calendar service.
#[derive(Clone)]
pub struct Calendar {
    store: Arc<dyn CalendarStores>,
    directory: Arc<dyn Directory>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar").finish_non_exhaustive()
    }
}

impl Calendar {
    /// The service over `store`, reading who is who from `directory`.
    pub fn new(
        store: Arc<dyn CalendarStores>,
        directory: Arc<dyn Directory>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            directory,
            clock,
        }
    }

    /// What the calendar forgets when an account is erased: its feeds and those showing
    /// it as a child. Give it to the accounts service.
    pub fn erasure_hook(&self) -> Arc<dyn schoolbrug_kernel::ErasureHook> {
        // Trait upcasting: the store is every port, the hook needs only the feeds.
        let feeds: Arc<dyn crate::ports::FeedStore> = self.store.clone();
        Arc::new(crate::erasure::CalendarErasure::new(feeds))
    }

    /// The actor as the calendar sees it; `NotFound` when the account (or a co-account's
    /// pupil) is gone.
    async fn viewer(&self, actor: &Actor) -> Result<Viewer, CalendarError> {
        let viewer = self
            .directory
            .viewer(actor.school, actor.account)
            .await?
            .ok_or(CalendarError::NotFound)?;
        // A co-account's session says which pupil it belongs to; the directory must agree.
        if let Some(pupil) = actor.pupil_of_co_account()
            && viewer.child.as_ref().map(|c| c.id) != Some(pupil)
        {
            return Err(CalendarError::NotFound);
        }
        Ok(viewer)
    }

    /// The time zone of the actor's school, in which its calendar is shown.
    ///
    /// # Errors
    /// `NotFound` when the school is gone.
    pub async fn time_zone(&self, actor: &Actor) -> Result<Tz, CalendarError> {
        self.zone(actor.school).await
    }

    /// The groups the actor is in (a co-account: its pupil's), which a teacher plans for.
    ///
    /// # Errors
    /// `NotFound` when the account is gone.
    pub async fn groups_of(
        &self,
        actor: &Actor,
    ) -> Result<Vec<schoolbrug_kernel::GroupId>, CalendarError> {
        Ok(self.viewer(actor).await?.groups)
    }

    /// Today's date in the actor's school.
    ///
    /// # Errors
    /// `NotFound` when the school is gone.
    pub async fn today_for(&self, actor: &Actor) -> Result<NaiveDate, CalendarError> {
        Ok(self.today(self.zone(actor.school).await?))
    }

    async fn zone(&self, school: schoolbrug_kernel::SchoolId) -> Result<Tz, CalendarError> {
        self.directory
            .time_zone(school)
            .await?
            .ok_or(CalendarError::NotFound)
    }

    fn today(&self, zone: Tz) -> NaiveDate {
        self.clock.now().with_timezone(&zone).date_naive()
    }
}
