//! Planning, changing and cancelling activities: staff plan for the groups they are in,
//! admins for anyone; only the planner or an admin changes or cancels.

use schoolbrug_kernel::{ActivityId, Actor, FieldError};

use super::Calendar;
use crate::error::CalendarError;
use crate::model::{Activity, ActivityDraft, Target, Viewer};

impl Calendar {
    /// Plans an activity.
    ///
    /// # Errors
    /// `Forbidden` for pupils and co-accounts; `Invalid` with every refused field (a
    /// group of another school or one a teacher is not in, the whole school or a role by
    /// anyone but an admin).
    pub async fn plan(
        &self,
        actor: &Actor,
        draft: ActivityDraft,
    ) -> Result<ActivityId, CalendarError> {
        let viewer = self.viewer(actor).await?;
        if !viewer.is_staff() {
            return Err(CalendarError::Forbidden);
        }
        let zone = self.zone(actor.school).await?;
        self.check_audience(actor, &viewer, &draft.audience).await?;
        let activity = Activity::plan(actor.school, actor.account, draft, zone, self.clock.now())
            .map_err(CalendarError::Invalid)?;
        self.store.insert_activity(&activity).await?;
        Ok(activity.id)
    }

    /// Changes an activity: its `SEQUENCE` moves on, so subscribed calendars update.
    ///
    /// # Errors
    /// `NotFound` for an activity the actor did not plan (unless an admin) or cannot
    /// see; `Invalid` as [`Calendar::plan`]; `Conflict` when it changed meanwhile.
    pub async fn change(
        &self,
        actor: &Actor,
        id: ActivityId,
        draft: ActivityDraft,
    ) -> Result<(), CalendarError> {
        let viewer = self.viewer(actor).await?;
        let current = self.own_activity(actor, &viewer, id).await?;
        let zone = self.zone(actor.school).await?;
        self.check_audience(actor, &viewer, &draft.audience).await?;
        let changed = current
            .replan(draft, zone, self.clock.now())
            .map_err(CalendarError::Invalid)?;
        self.store.replace_activity(&changed).await?;
        Ok(())
    }

    /// Cancels (removes) an activity.
    ///
    /// # Errors
    /// `NotFound` as [`Calendar::change`].
    pub async fn cancel(&self, actor: &Actor, id: ActivityId) -> Result<(), CalendarError> {
        let viewer = self.viewer(actor).await?;
        self.own_activity(actor, &viewer, id).await?;
        if self.store.remove_activity(actor.school, id).await? {
            Ok(())
        } else {
            Err(CalendarError::NotFound)
        }
    }

    /// One activity the actor sees.
    ///
    /// # Errors
    /// `NotFound` when it does not exist or is not in the actor's calendar.
    pub async fn activity(&self, actor: &Actor, id: ActivityId) -> Result<Activity, CalendarError> {
        let viewer = self.viewer(actor).await?;
        let activity = self
            .store
            .activity(actor.school, id)
            .await?
            .ok_or(CalendarError::NotFound)?;
        if viewer.reach().reaches(&activity.audience, activity.planner) {
            Ok(activity)
        } else {
            Err(CalendarError::NotFound)
        }
    }

    /// The activity, if the actor may change it: its planner, or an admin.
    async fn own_activity(
        &self,
        actor: &Actor,
        viewer: &Viewer,
        id: ActivityId,
    ) -> Result<Activity, CalendarError> {
        let activity = self
            .store
            .activity(actor.school, id)
            .await?
            .ok_or(CalendarError::NotFound)?;
        if viewer.is_admin() || (viewer.is_staff() && activity.planner == actor.account) {
            Ok(activity)
        } else {
            Err(CalendarError::NotFound)
        }
    }

    /// Staff plan for the groups they are in; only admins for the whole school, a role,
    /// or any group of the school.
    async fn check_audience(
        &self,
        actor: &Actor,
        viewer: &Viewer,
        audience: &[Target],
    ) -> Result<(), CalendarError> {
        let mut errors = Vec::new();
        for target in audience {
            let allowed = match target {
                Target::School | Target::Role(_) => viewer.is_admin(),
                Target::Group(g) => {
                    self.directory.group_exists(actor.school, *g).await?
                        && (viewer.is_admin() || viewer.groups.contains(g))
                }
            };
            if !allowed {
                errors.push(FieldError::new(
                    "audience",
                    "not_allowed",
                    "you may plan only for the groups you are in (admins: for anyone)",
                ));
                break;
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(CalendarError::Invalid(errors))
        }
    }
}
