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
