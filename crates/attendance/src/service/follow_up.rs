//! The follow-up list (pupils whose problematic half-days reached the school's threshold
//! this school year) and the export for the school's reporting.

use std::collections::HashMap;

use chrono::NaiveDate;
use schoolbrug_kernel::Actor;

use super::{Attendance, Standing};
use crate::error::AttendanceError;
use crate::model::{AbsenceSettings, Half, HalfDay, Official, Pupil, SchoolYear};

/// A line of the follow-up list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpLine {
    /// The pupil.
    pub pupil: Pupil,
    /// Its problematic half-days this school year, oldest first.
    pub half_days: Vec<HalfDay>,
    /// Whether they reached the school allowance threshold (30).
    pub allowance_at_risk: bool,
}

/// A line of the export: the official code of one pupil's half-day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportLine {
    /// The pupil.
    pub pupil: Pupil,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: Half,
    /// The official code; `None` while still unknown.
    pub official: Option<Official>,
}

impl Attendance {
    /// The pupils with at least `threshold` (by default the school's guidance threshold)
    /// problematic half-days this school year, most first (counsellors and absence
    /// administrators).
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Invalid` for a threshold outside 1–366.
    pub async fn follow_up(
        &self,
        actor: &Actor,
        threshold: Option<u32>,
    ) -> Result<Vec<FollowUpLine>, AttendanceError> {
        let settings = self.settings(actor).await?;
        if !matches!(
            Self::standing(actor, &settings),
            Standing::Administrator | Standing::Reader
        ) {
            return Err(AttendanceError::NotFound);
        }
        let threshold = threshold.unwrap_or(settings.guidance_threshold);
        let (least, most) = AbsenceSettings::THRESHOLD;
        if !(least..=most).contains(&threshold) {
            return Err(AttendanceError::invalid(
                "threshold",
                "out_of_range",
                "The threshold is from 1 to 366 half-days.",
            ));
        }
        let days = self.school_days(actor).await?;
        let year = SchoolYear::of(self.today(&days));
        let rows = self
            .store
            .follow_up(actor.school, year.first_day, year.last_day, threshold)
            .await?;
        let ids: Vec<_> = rows.iter().map(|r| r.pupil).collect();
        let pupils: HashMap<_, _> = self
            .directory
            .pupils(actor.school, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let allowance = usize::try_from(settings.allowance_threshold).unwrap_or(usize::MAX);
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let pupil = pupils.get(&row.pupil)?.clone();
                Some(FollowUpLine {
                    pupil,
                    allowance_at_risk: row.half_days.len() >= allowance,
                    half_days: row.half_days,
                })
            })
            .collect())
    }

    /// The official code of every registered half-day dated `from..=to`, by pupil, date
    /// and half (absence administrators).
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Invalid` for a period out of order or too long.
    pub async fn export(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<ExportLine>, AttendanceError> {
        let settings = self.settings(actor).await?;
        if Self::standing(actor, &settings) != Standing::Administrator {
            return Err(AttendanceError::NotFound);
        }
        let (from, to) = self.period(actor, from, to).await?;
        let registrations = self
            .store
            .registrations(actor.school, None, from, to)
            .await?;
        let mut ids: Vec<_> = registrations.iter().map(|r| r.pupil).collect();
        ids.dedup();
        let pupils: HashMap<_, _> = self
            .directory
            .pupils(actor.school, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(registrations
            .into_iter()
            .filter_map(|r| {
                Some(ExportLine {
                    pupil: pupils.get(&r.pupil)?.clone(),
                    date: r.date,
                    half: r.half,
                    official: r.code.official(),
                })
            })
            .collect())
    }
}
