//! The follow-up list (pupils whose problematic half-days reached the school's threshold
//! this school year) and the export for the school's reporting.

use std::collections::HashMap;

use chrono::NaiveDate;
use schoolbrug_kernel::Actor;

use super::{Attendance, Standing};
use crate::error::AttendanceError;
use crate::model::{
    AbsenceSettings, Half, HalfDay, Official, Pupil, Registration, RegistrationKey, SchoolYear,
};

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

/// The most lines one page of the export holds.
pub const EXPORT_PAGE_MOST: u32 = 5_000;

/// One page of the export, and where the next starts (`None` on the last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportPage {
    /// The lines, by pupil, date and half.
    pub lines: Vec<ExportLine>,
    /// The key after which the next page starts.
    pub next: Option<RegistrationKey>,
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
    /// and half (absence administrators), one page of at most `limit` lines after
    /// `after`: a large school's year is read a page at a time, never whole.
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Invalid` for a period out of order or too long.
    pub async fn export_page(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        after: Option<RegistrationKey>,
        limit: u32,
    ) -> Result<ExportPage, AttendanceError> {
        let settings = self.settings(actor).await?;
        if Self::standing(actor, &settings) != Standing::Administrator {
            return Err(AttendanceError::NotFound);
        }
        let (from, to) = self.period(actor, from, to).await?;
        let limit = limit.clamp(1, EXPORT_PAGE_MOST);
        let registrations = self
            .store
            .registrations_page(actor.school, None, from, to, after, limit)
            .await?;
        let next = (registrations.len() == usize::try_from(limit).unwrap_or(usize::MAX))
            .then(|| registrations.last().map(Registration::key))
            .flatten();
        let mut ids: Vec<_> = registrations.iter().map(|r| r.pupil).collect();
        ids.dedup();
        let pupils: HashMap<_, _> = self
            .directory
            .pupils(actor.school, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let lines = registrations
            .into_iter()
            .filter_map(|r| {
                Some(ExportLine {
                    pupil: pupils.get(&r.pupil)?.clone(),
                    date: r.date,
                    half: r.half,
                    official: r.code.official(),
                })
            })
            .collect();
        Ok(ExportPage { lines, next })
    }

    /// Every line of the export at once ([`Attendance::export_page`] page after page),
    /// for callers that want them in memory.
    ///
    /// # Errors
    /// As [`Attendance::export_page`].
    pub async fn export(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<ExportLine>, AttendanceError> {
        let mut lines = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .export_page(actor, from, to, after, EXPORT_PAGE_MOST)
                .await?;
            lines.extend(page.lines);
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(lines),
            }
        }
    }
}
