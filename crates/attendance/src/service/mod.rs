//! The attendance use cases. Every one takes the acting principal and checks, here, what
//! it may see and do, so a system embedding the module gets the rules too.
//!
//! `register.rs` writes half-days (the class register, one pupil's half-day);
//! `read.rs` answers who was absent, to staff, pupils and parents; `notes.rs` takes the
//! parents' notes; `settings.rs` keeps the school's codes and rules; `follow_up.rs` makes
//! the follow-up list and the export; `background.rs` sends the alerts and turns what was
//! never justified into `B`.

mod background;
mod follow_up;
mod notes;
mod read;
mod register;
mod settings;

use std::sync::Arc;

use chrono::NaiveDate;
use schoolbrug_kernel::{AccountId, Actor, ActorKind, Clock, Role, SchoolCalendar, SchoolDays};

use crate::error::AttendanceError;
use crate::model::{AbsenceSettings, Pupil};
use crate::ports::{AlertSender, AttendanceStores, Directory};

pub use follow_up::{EXPORT_PAGE_MOST, ExportLine, ExportPage, FollowUpLine};
pub use notes::{ILLNESS, NOTE_DAYS_AHEAD, NOTE_DAYS_BACK};
pub use read::{ChildAbsences, ClassHalfDay, Totals};
pub use register::{AbsentPupil, MAX_REMARK_CHARS};
pub use settings::SettingsDraft;

/// The longest period one read or export spans, in days.
pub const MAX_PERIOD_DAYS: i64 = 400;

/// The attendance service.
#[derive(Clone)]
pub struct Attendance {
    store: Arc<dyn AttendanceStores>,
    directory: Arc<dyn Directory>,
    calendar: Arc<dyn SchoolCalendar>,
    alerts: Arc<dyn AlertSender>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Attendance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attendance").finish_non_exhaustive()
    }
}

/// What the actor may do with absences, from its roles and the school's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// An admin or an absence administrator: registers, confirms and changes anything,
    /// reads everything.
    Administrator,
    /// A counsellor: reads everything.
    Reader,
    /// A teacher: registers and reads the pupils of the classes it is in.
    Teacher,
    /// A pupil: reads its own.
    Pupil,
    /// A co-account: reads its children's, hands in notes.
    Parent,
}

impl Attendance {
    /// The service over `store`, reading who is who from `directory`, school days from
    /// `calendar`, and telling parents through `alerts`.
    pub fn new(
        store: Arc<dyn AttendanceStores>,
        directory: Arc<dyn Directory>,
        calendar: Arc<dyn SchoolCalendar>,
        alerts: Arc<dyn AlertSender>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            directory,
            calendar,
            alerts,
            clock,
        }
    }

    /// What attendance erases when an account is erased. Give it to the accounts service.
    pub fn erasure_hook(&self) -> Arc<dyn schoolbrug_kernel::ErasureHook> {
        let alerts: Arc<dyn crate::ports::AlertStore> = self.store.clone();
        Arc::new(crate::erasure::AttendanceErasure::new(alerts))
    }

    async fn settings(&self, actor: &Actor) -> Result<AbsenceSettings, AttendanceError> {
        Ok(self.store.absence_settings(actor.school).await?)
    }

    fn standing(actor: &Actor, settings: &AbsenceSettings) -> Standing {
        match &actor.kind {
            ActorKind::Co { .. } => Standing::Parent,
            ActorKind::Main { roles } => {
                if settings.administered_by(actor) {
                    Standing::Administrator
                } else if roles.contains(&Role::Counsellor) {
                    Standing::Reader
                } else if roles.contains(&Role::Teacher) {
                    Standing::Teacher
                } else {
                    Standing::Pupil
                }
            }
        }
    }

    async fn school_days(&self, actor: &Actor) -> Result<SchoolDays, AttendanceError> {
        self.calendar
            .school_days(actor.school)
            .await
            .map_err(|e| AttendanceError::Unavailable(e.to_string()))
    }

    /// The time zone of the actor's school, in which its half-days are dated.
    ///
    /// # Errors
    /// `Unavailable` when the school calendar cannot be read.
    pub async fn time_zone(&self, actor: &Actor) -> Result<chrono_tz::Tz, AttendanceError> {
        Ok(self.school_days(actor).await?.time_zone())
    }

    /// Today in the actor's school: the date its registers and notes count from.
    ///
    /// # Errors
    /// `Unavailable` when the school calendar cannot be read.
    pub async fn today_for(&self, actor: &Actor) -> Result<NaiveDate, AttendanceError> {
        let days = self.school_days(actor).await?;
        Ok(self.today(&days))
    }

    /// Today in the school's time zone.
    fn today(&self, days: &SchoolDays) -> NaiveDate {
        self.clock
            .now()
            .with_timezone(&days.time_zone())
            .date_naive()
    }

    /// The pupil, if the actor may read its absences; `NotFound` otherwise.
    async fn readable_pupil(
        &self,
        actor: &Actor,
        standing: Standing,
        pupil: AccountId,
    ) -> Result<Pupil, AttendanceError> {
        let allowed = match standing {
            Standing::Administrator | Standing::Reader => true,
            Standing::Teacher => {
                self.directory
                    .shares_class(actor.school, actor.account, pupil)
                    .await?
            }
            Standing::Pupil => pupil == actor.account,
            Standing::Parent => self
                .directory
                .children(actor.school, actor.account)
                .await?
                .iter()
                .any(|c| c.id == pupil),
        };
        if !allowed {
            return Err(AttendanceError::NotFound);
        }
        self.directory
            .pupil(actor.school, pupil)
            .await?
            .ok_or(AttendanceError::NotFound)
    }
}

impl Attendance {
    /// The period `from..=to` asked for, each end defaulting to the current school year's
    /// (in the school's time zone); checked by [`check_period`].
    async fn period(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(NaiveDate, NaiveDate), AttendanceError> {
        let (from, to) = match (from, to) {
            (Some(from), Some(to)) => (from, to),
            _ => {
                let days = self.school_days(actor).await?;
                let year = crate::model::SchoolYear::of(self.today(&days));
                (from.unwrap_or(year.first_day), to.unwrap_or(year.last_day))
            }
        };
        check_period(from, to)?;
        Ok((from, to))
    }
}

/// Checks a period `from..=to`: in order and at most [`MAX_PERIOD_DAYS`] long.
fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), AttendanceError> {
    if to < from {
        return Err(AttendanceError::invalid(
            "to",
            "before_from",
            "The period ends before it starts.",
        ));
    }
    if (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err(AttendanceError::invalid(
            "to",
            "too_long",
            "A period spans at most 400 days.",
        ));
    }
    Ok(())
}
