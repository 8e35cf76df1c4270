//! What runs without anyone asking: sending the alerts to parents, and turning half-days
//! never justified into `B` after the school's number of school days.

use chrono::{Duration, NaiveDate};
use schoolbrug_kernel::SchoolDays;

use super::Attendance;
use crate::error::AttendanceError;
use crate::model::AbsenceAlert;

/// How many unsent alerts one round sends at most.
const ALERTS_PER_ROUND: u32 = 200;

impl Attendance {
    /// Sends the alerts, marking each sent once the parents have it. One that cannot be
    /// sent is logged and stays unsent, for [`Attendance::send_unsent_alerts`].
    pub(super) async fn send_alerts(&self, alerts: &[AbsenceAlert]) {
        for alert in alerts {
            if let Err(e) = self.send_alert(alert).await {
                tracing::warn!(alert = %alert.id, error = %e, "absence alert not sent yet");
            }
        }
    }

    async fn send_alert(&self, alert: &AbsenceAlert) -> Result<(), AttendanceError> {
        // A pupil erased since has no parents left to tell.
        if let Some(pupil) = self.directory.pupil(alert.school, alert.pupil).await? {
            let text = alert.text(&pupil.first_name);
            self.alerts.send_alert(alert, &text).await?;
        }
        self.store
            .mark_alert_sent(alert.school, alert.id, self.clock.now())
            .await?;
        Ok(())
    }

    /// Sends the alerts left unsent (a mail server or database that was down); returns
    /// how many went. Run by the background worker.
    ///
    /// # Errors
    /// When the store cannot list them.
    pub async fn send_unsent_alerts(&self) -> Result<usize, AttendanceError> {
        let alerts = self.store.unsent_alerts(ALERTS_PER_ROUND).await?;
        let mut sent = 0;
        for alert in &alerts {
            match self.send_alert(alert).await {
                Ok(()) => sent += 1,
                Err(e) => {
                    tracing::warn!(alert = %alert.id, error = %e, "absence alert not sent yet");
                }
            }
        }
        Ok(sent)
    }

    /// Makes every unknown half-day problematic (`B`) once the school's number of school
    /// days has passed since it, in every school; returns how many. Run by the background
    /// worker.
    ///
    /// # Errors
    /// When a store or the school calendar cannot be read.
    pub async fn settle_unknown(&self) -> Result<u64, AttendanceError> {
        let now = self.clock.now();
        let mut settled = 0;
        for school in self.store.schools_with_unknown(now.date_naive()).await? {
            let days = self
                .calendar
                .school_days(school)
                .await
                .map_err(|e| AttendanceError::Unavailable(e.to_string()))?;
            let settings = self.store.absence_settings(school).await?;
            let today = now.with_timezone(&days.time_zone()).date_naive();
            let up_to = last_day_to_settle(&days, today, settings.unknown_becomes_b_after_days);
            settled += self.store.settle_unknown(school, up_to, now).await?;
        }
        Ok(settled)
    }
}

/// The last date whose unknown half-days have waited `after` school days by `today`: the
/// school days after it, today included, number `after`. (Registered on Monday with 3
/// days, a half-day becomes `B` on Thursday.)
#[must_use]
pub fn last_day_to_settle(days: &SchoolDays, today: NaiveDate, after: u32) -> NaiveDate {
    let mut counted = 0;
    let mut day = today;
    // A year of free days at most; past that, nothing older than a year stays unknown.
    for _ in 0..=366 {
        if counted >= after {
            return day;
        }
        if days.is_school_day(day) {
            counted += 1;
        }
        day -= Duration::days(1);
    }
    day
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono_tz::Europe::Brussels;
    use schoolbrug_kernel::{FreeDayPeriod, FreeDays};

    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn monday_s_unknown_becomes_b_on_thursday_after_three_school_days() {
        let days = SchoolDays::new(Brussels, FreeDays::default());
        // Thursday 3 December: Thu, Wed, Tue are the three; Monday is settled.
        assert_eq!(last_day_to_settle(&days, d(12, 3), 3), d(11, 30));
        // Wednesday: Monday has waited two school days only.
        assert!(last_day_to_settle(&days, d(12, 2), 3) < d(11, 30));
    }

    #[test]
    fn weekends_and_free_days_do_not_count() {
        let free = FreeDays::new(vec![FreeDayPeriod {
            from: d(12, 1),
            to: d(12, 1),
            name: "Studiedag".into(),
        }]);
        let days = SchoolDays::new(Brussels, free);
        // Thursday 3 December, Tuesday free: Thu, Wed, Mon count; Friday 27 is settled.
        assert_eq!(last_day_to_settle(&days, d(12, 3), 3), d(11, 29));
        // Monday 7 December: Mon, Fri, Thu; Wednesday 2 is settled.
        assert_eq!(last_day_to_settle(&days, d(12, 7), 3), d(12, 2));
    }
}
