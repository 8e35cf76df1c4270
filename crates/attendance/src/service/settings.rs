//! The school's attendance settings: its own codes and rules (absence administrators),
//! and who the absence administrators are (school administrators).

use std::collections::HashSet;

use schoolbrug_kernel::{AccountId, Actor, FieldError};

use super::{Attendance, Standing};
use crate::error::AttendanceError;
use crate::model::{AbsenceSettings, CodeName, Official, SchoolCode};

/// A school's codes and rules as asked to be saved; numbers left out keep their value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsDraft {
    /// `(code, label, official letter)` of each of the school's own codes.
    pub codes: Vec<(String, String, String)>,
    /// After how many school days unknown becomes `B`.
    pub unknown_becomes_b_after_days: Option<u32>,
    /// The most calendar days of one parents' note.
    pub note_max_days: Option<u32>,
    /// The most parents' notes a school year.
    pub notes_per_year: Option<u32>,
    /// The follow-up threshold (the pupil guidance centre).
    pub guidance_threshold: Option<u32>,
    /// The school allowance threshold.
    pub allowance_threshold: Option<u32>,
}

impl Attendance {
    /// The school's codes and rules (every signed-in person of the school may read them:
    /// parents read the labels).
    ///
    /// # Errors
    /// When the store cannot be read.
    pub async fn absence_settings(
        &self,
        actor: &Actor,
    ) -> Result<AbsenceSettings, AttendanceError> {
        self.settings(actor).await
    }

    /// Replaces the school's own codes and rules (absence administrators).
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Invalid` with every refused field.
    pub async fn change_settings(
        &self,
        actor: &Actor,
        draft: SettingsDraft,
    ) -> Result<(), AttendanceError> {
        let mut settings = self.settings(actor).await?;
        if Self::standing(actor, &settings) != Standing::Administrator {
            return Err(AttendanceError::NotFound);
        }
        let mut errors = Vec::new();
        if draft.codes.len() > AbsenceSettings::MAX_CODES {
            errors.push(FieldError::new(
                "codes",
                "too_many",
                "A school keeps at most 50 codes of its own.",
            ));
        }
        let mut codes = Vec::with_capacity(draft.codes.len());
        let mut names = HashSet::new();
        for (i, (code, label, official)) in draft.codes.into_iter().enumerate() {
            let name = CodeName::parse(&format!("codes[{i}].code"), &code);
            let label = label.trim().to_owned();
            let label_ok = !label.is_empty()
                && label.chars().count() <= SchoolCode::MAX_LABEL_CHARS
                && !label.chars().any(char::is_control);
            if !label_ok {
                errors.push(FieldError::new(
                    format!("codes[{i}].label"),
                    "invalid",
                    "A label is one line of 1 to 100 characters.",
                ));
            }
            let official = Official::parse(official.trim());
            if official.is_none() {
                errors.push(FieldError::new(
                    format!("codes[{i}].official"),
                    "unknown_code",
                    "The official code is one of R, Z, P, H, M, A, B.",
                ));
            }
            match name {
                Err(e) => errors.push(e),
                Ok(name) if !names.insert(name.clone()) => errors.push(FieldError::new(
                    format!("codes[{i}].code"),
                    "duplicate",
                    "This code is named twice.",
                )),
                Ok(name) => {
                    if let (Some(official), true) = (official, label_ok) {
                        codes.push(SchoolCode {
                            code: name,
                            label,
                            official,
                        });
                    }
                }
            }
        }
        let mut number = |field: &str, value: Option<u32>, bounds: (u32, u32), slot: &mut u32| {
            if let Some(v) = value {
                if v < bounds.0 || v > bounds.1 {
                    errors.push(FieldError::new(
                        field,
                        "out_of_range",
                        format!("Between {} and {}.", bounds.0, bounds.1),
                    ));
                } else {
                    *slot = v;
                }
            }
        };
        number(
            "unknown_becomes_b_after_days",
            draft.unknown_becomes_b_after_days,
            AbsenceSettings::UNKNOWN_DAYS,
            &mut settings.unknown_becomes_b_after_days,
        );
        number(
            "note_max_days",
            draft.note_max_days,
            AbsenceSettings::NOTE_DAYS,
            &mut settings.note_max_days,
        );
        number(
            "notes_per_year",
            draft.notes_per_year,
            AbsenceSettings::NOTES_PER_YEAR,
            &mut settings.notes_per_year,
        );
        number(
            "guidance_threshold",
            draft.guidance_threshold,
            AbsenceSettings::THRESHOLD,
            &mut settings.guidance_threshold,
        );
        number(
            "allowance_threshold",
            draft.allowance_threshold,
            AbsenceSettings::THRESHOLD,
            &mut settings.allowance_threshold,
        );
        if errors.is_empty() && settings.allowance_threshold < settings.guidance_threshold {
            errors.push(FieldError::new(
                "allowance_threshold",
                "below_guidance_threshold",
                "The allowance threshold is at least the guidance threshold.",
            ));
        }
        if !errors.is_empty() {
            return Err(AttendanceError::Invalid(errors));
        }
        settings.codes = codes;
        self.store
            .save_absence_settings(actor.school, &settings)
            .await?;
        Ok(())
    }

    /// The school's absence administrators (school administrators only).
    ///
    /// # Errors
    /// `NotFound` for anyone but a school administrator.
    pub async fn absence_administrators(
        &self,
        actor: &Actor,
    ) -> Result<Vec<AccountId>, AttendanceError> {
        if !actor.is_admin() {
            return Err(AttendanceError::NotFound);
        }
        Ok(self.settings(actor).await?.administrators)
    }

    /// The school's staff members as `(id, name, whether they administer absences)`, by
    /// name: what a school administrator chooses the absence administrators from.
    ///
    /// # Errors
    /// `NotFound` for anyone but a school administrator.
    pub async fn administrator_choices(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(AccountId, String, bool)>, AttendanceError> {
        let chosen = self.absence_administrators(actor).await?;
        Ok(self
            .directory
            .staff(actor.school)
            .await?
            .into_iter()
            .map(|(id, name)| (id, name, chosen.contains(&id)))
            .collect())
    }

    /// Names the school's absence administrators (school administrators only): staff
    /// members of the school, each once.
    ///
    /// # Errors
    /// `NotFound` for anyone but a school administrator; `Invalid` naming an account that
    /// is not a staff member of the school.
    pub async fn set_administrators(
        &self,
        actor: &Actor,
        accounts: Vec<AccountId>,
    ) -> Result<(), AttendanceError> {
        if !actor.is_admin() {
            return Err(AttendanceError::NotFound);
        }
        let staff: HashSet<AccountId> = self
            .directory
            .staff_among(actor.school, &accounts)
            .await?
            .into_iter()
            .collect();
        let mut errors = Vec::new();
        let mut kept = Vec::new();
        for (i, account) in accounts.into_iter().enumerate() {
            if !staff.contains(&account) {
                errors.push(FieldError::new(
                    format!("accounts[{i}]"),
                    "not_staff",
                    "Only staff members of the school administer absences.",
                ));
            } else if !kept.contains(&account) {
                kept.push(account);
            }
        }
        if !errors.is_empty() {
            return Err(AttendanceError::Invalid(errors));
        }
        let mut settings = self.settings(actor).await?;
        settings.administrators = kept;
        self.store
            .save_absence_settings(actor.school, &settings)
            .await?;
        Ok(())
    }
}
