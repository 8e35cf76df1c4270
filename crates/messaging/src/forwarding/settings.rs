//! The quiet-hours use cases of the [`Messaging`] service (admins only).

use chrono::Timelike as _;
use schoolbrug_kernel::{Actor, FieldError};

use super::QuietHours;
use crate::error::MessagingError;
use crate::service::Messaging;

impl Messaging {
    /// The school's quiet hours (admins); `None` when it has none.
    ///
    /// # Errors
    /// `NotFound` for anyone but an admin; `Unavailable` when the store is down.
    pub async fn quiet_hours(&self, actor: &Actor) -> Result<Option<QuietHours>, MessagingError> {
        if !actor.is_admin() {
            return Err(MessagingError::NotFound);
        }
        match &self.quiet_hours {
            Some(store) => Ok(store.quiet_hours(actor.school).await?),
            None => Ok(None),
        }
    }

    /// Sets the school's quiet hours (admins); `None` removes them. They apply to forwards
    /// of messages sent from then on; forwards already waiting keep their time.
    ///
    /// # Errors
    /// `NotFound` for anyone but an admin. `Invalid` on `start` or `end`
    /// (`not_whole_minute`: seconds are not kept) and on `end` (`same_as_start`: a window
    /// needs a length). `Unavailable` when the store is down, or when the service was built
    /// without a quiet-hours store ([`Messaging::with_quiet_hours`]).
    pub async fn set_quiet_hours(
        &self,
        actor: &Actor,
        quiet: Option<QuietHours>,
    ) -> Result<(), MessagingError> {
        if !actor.is_admin() {
            return Err(MessagingError::NotFound);
        }
        if let Some(quiet) = &quiet {
            let mut errors = Vec::new();
            for (field, time) in [("start", quiet.start), ("end", quiet.end)] {
                if time.second() != 0 || time.nanosecond() != 0 {
                    errors.push(FieldError::new(
                        field,
                        "not_whole_minute",
                        "quiet hours start and end on a whole minute (HH:MM)",
                    ));
                }
            }
            if quiet.start == quiet.end {
                errors.push(FieldError::new(
                    "end",
                    "same_as_start",
                    "quiet hours end at another time than they start",
                ));
            }
            if !errors.is_empty() {
                return Err(MessagingError::Invalid(errors));
            }
        }
        let Some(store) = &self.quiet_hours else {
            return Err(MessagingError::Unavailable(
                "no quiet-hours store configured".into(),
            ));
        };
        Ok(store.put_quiet_hours(actor.school, quiet).await?)
    }
}
