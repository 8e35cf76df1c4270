//! Parents' notes: a short illness justified online, at most a few times a school year.

use chrono::{Duration, NaiveDate};
use schoolbrug_kernel::{AbsenceNoteId, AccountId, Actor, FieldError};

use super::{Attendance, Standing};
use crate::error::{AttendanceError, conflicts};
use crate::model::{AbsenceNote, SchoolYear};

/// How far back a note may start, in days: a parent hands it in when the child is back.
pub const NOTE_DAYS_BACK: i64 = 30;
/// How far ahead a note may end, in days (the child is ill today and tomorrow).
pub const NOTE_DAYS_AHEAD: i64 = 7;

/// The one reason a parents' note may give.
pub const ILLNESS: &str = "illness";

impl Attendance {
    /// Hands in a parents' note for a child's illness from `from` to `to` (inclusive):
    /// every unexplained half-day of those dates becomes `Z`, and so does every half-day
    /// registered on them later. Only a co-account of the child may.
    ///
    /// # Errors
    /// `NotFound` for a pupil that is not the parent's child; `Forbidden` for anyone but a
    /// parent; `Invalid` with `too_long` (more calendar days than the school allows: a
    /// medical certificate is needed), `quota_reached` (the notes of this school year are
    /// used), `overlaps`, `before_from`, `too_early`/`too_late`, `crosses_school_year`,
    /// `unsupported_reason`, or a text too long.
    pub async fn hand_in_note(
        &self,
        actor: &Actor,
        pupil: AccountId,
        from: NaiveDate,
        to: NaiveDate,
        reason: &str,
        text: Option<String>,
    ) -> Result<AbsenceNoteId, AttendanceError> {
        let settings = self.settings(actor).await?;
        let standing = Self::standing(actor, &settings);
        if standing != Standing::Parent {
            return Err(AttendanceError::Forbidden);
        }
        self.readable_pupil(actor, standing, pupil).await?;
        let days = self.school_days(actor).await?;
        let today = self.today(&days);
        let mut errors = Vec::new();
        if reason != ILLNESS {
            errors.push(FieldError::new(
                "reason",
                "unsupported_reason",
                "A parents' note justifies an illness only; for other reasons, contact the school.",
            ));
        }
        if to < from {
            errors.push(FieldError::new(
                "to",
                "before_from",
                "The note ends before it starts.",
            ));
        } else if (to - from).num_days() + 1 > i64::from(settings.note_max_days) {
            errors.push(FieldError::new(
                "to",
                "too_long",
                format!(
                    "A parents' note covers at most {} consecutive calendar days; a longer illness needs a medical certificate.",
                    settings.note_max_days
                ),
            ));
        }
        if from < today - Duration::days(NOTE_DAYS_BACK) {
            errors.push(FieldError::new(
                "from",
                "too_late",
                "A note starts at most 30 days ago.",
            ));
        }
        if to > today + Duration::days(NOTE_DAYS_AHEAD) {
            errors.push(FieldError::new(
                "to",
                "too_early",
                "A note ends at most a week from today.",
            ));
        }
        let year = SchoolYear::of(from);
        if !year.contains(to) {
            errors.push(FieldError::new(
                "to",
                "crosses_school_year",
                "A note lies within one school year.",
            ));
        }
        let text = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if let Some(t) = &text {
            if t.chars().count() > AbsenceNote::MAX_TEXT_CHARS {
                errors.push(FieldError::new(
                    "text",
                    "too_long",
                    "The text is at most 1,000 characters long.",
                ));
            } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
                errors.push(FieldError::new(
                    "text",
                    "control_characters",
                    "The text holds characters that cannot be shown.",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(AttendanceError::Invalid(errors));
        }
        let note = AbsenceNote {
            id: AbsenceNoteId::new(),
            school: actor.school,
            pupil,
            from,
            to,
            text,
            by: Some(actor.account),
            at: self.clock.now(),
        };
        match self
            .store
            .insert_note(&note, settings.notes_per_year, year)
            .await
        {
            Ok(_) => Ok(note.id),
            Err(schoolbrug_kernel::StoreError::Conflict(c))
                if c == conflicts::NOTE_QUOTA_REACHED =>
            {
                Err(AttendanceError::invalid(
                    "from",
                    "quota_reached",
                    &format!(
                        "{} parents' notes were handed in this school year already; a medical certificate is needed now.",
                        settings.notes_per_year
                    ),
                ))
            }
            Err(schoolbrug_kernel::StoreError::Conflict(c)) if c == conflicts::NOTE_OVERLAPS => {
                Err(AttendanceError::invalid(
                    "from",
                    "overlaps",
                    "A note handed in earlier covers one of these days.",
                ))
            }
            Err(e) => Err(e.into()),
        }
    }
}
