//! Writing half-days: the class register of one half-day, and one pupil's half-day.

use std::collections::HashSet;

use chrono::NaiveDate;
use schoolbrug_kernel::{AbsenceAlertId, AccountId, Actor, FieldError, GroupId, Role};

use super::{Attendance, Standing};
use crate::error::AttendanceError;
use crate::model::{AbsenceSettings, Code, Half, Mark, Sheet, SheetEntry, SheetOutcome};

/// The longest remark.
pub const MAX_REMARK_CHARS: usize = 500;

/// One absent pupil on a class register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsentPupil {
    /// The pupil.
    pub pupil: AccountId,
    /// The code as written (`?`, an official letter, a school code); unknown when `None`.
    pub code: Option<String>,
    /// A remark.
    pub remark: Option<String>,
}

impl Attendance {
    /// Registers one half-day of a class: the pupils in `absent` are absent, every other
    /// pupil of the class is present. Teachers in the class and absence administrators
    /// may; a confirmed half-day stays as it is unless an absence administrator writes
    /// it. Parents of a pupil left unexplained are alerted.
    ///
    /// # Errors
    /// `NotFound` for a class the actor does not register; `Invalid` for a date that is
    /// not a school day (or in the future, for a teacher), a pupil not in the class or
    /// named twice, an unknown code or a remark too long.
    pub async fn register_class(
        &self,
        actor: &Actor,
        class: GroupId,
        date: NaiveDate,
        half: Half,
        absent: Vec<AbsentPupil>,
    ) -> Result<SheetOutcome, AttendanceError> {
        let settings = self.settings(actor).await?;
        let standing = Self::standing(actor, &settings);
        let list = self
            .directory
            .class_list(actor.school, class)
            .await?
            .ok_or(AttendanceError::NotFound)?;
        let teaches = actor.has_role(Role::Teacher) && list.teachers.contains(&actor.account);
        if standing != Standing::Administrator && !teaches {
            return Err(AttendanceError::NotFound);
        }
        let mut errors = self.check_date(actor, standing, date).await?;
        let in_class: HashSet<AccountId> = list.pupils.iter().map(|p| p.id).collect();
        let mut seen = HashSet::new();
        let mut marks = Vec::with_capacity(absent.len());
        for (i, a) in absent.into_iter().enumerate() {
            if !in_class.contains(&a.pupil) {
                errors.push(FieldError::new(
                    format!("absent[{i}].pupil"),
                    "not_in_class",
                    "This pupil is not in the class.",
                ));
                continue;
            }
            if !seen.insert(a.pupil) {
                errors.push(FieldError::new(
                    format!("absent[{i}].pupil"),
                    "duplicate",
                    "This pupil is named twice.",
                ));
                continue;
            }
            match absent_mark(&settings, &format!("absent[{i}]"), a.code, a.remark) {
                Ok(mark) => marks.push((a.pupil, mark)),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(AttendanceError::Invalid(errors));
        }
        let mut entries: Vec<SheetEntry> = marks
            .into_iter()
            .map(|(pupil, mark)| entry(pupil, mark))
            .collect();
        for pupil in &list.pupils {
            if !seen.contains(&pupil.id) {
                entries.push(entry(pupil.id, Mark::Present));
            }
        }
        self.write(actor, standing, date, half, entries).await
    }

    /// Registers one pupil's half-day with `code` (an absence administrator's answer is
    /// confirmed; a teacher's is not, and a teacher may not change a confirmed one).
    ///
    /// # Errors
    /// `NotFound` for a pupil the actor does not register; `Forbidden` for a teacher
    /// changing a confirmed half-day; `Invalid` as [`Attendance::register_class`].
    pub async fn set_absence(
        &self,
        actor: &Actor,
        pupil: AccountId,
        date: NaiveDate,
        half: Half,
        code: &str,
        remark: Option<String>,
    ) -> Result<(), AttendanceError> {
        let (standing, settings) = self.may_register(actor, pupil).await?;
        let mut errors = self.check_date(actor, standing, date).await?;
        let mark = match absent_mark(&settings, "", Some(code.to_owned()), remark) {
            Ok(mark) => Some(mark),
            Err(mut e) => {
                errors.append(&mut e);
                None
            }
        };
        let Some(mark) = mark.filter(|_| errors.is_empty()) else {
            return Err(AttendanceError::Invalid(errors));
        };
        self.refuse_confirmed_to_teachers(actor, standing, pupil, date, half)
            .await?;
        self.write(actor, standing, date, half, vec![entry(pupil, mark)])
            .await
            .map(|_| ())
    }

    /// Marks one pupil present on a half-day (removes its registration).
    ///
    /// # Errors
    /// As [`Attendance::set_absence`].
    pub async fn clear_absence(
        &self,
        actor: &Actor,
        pupil: AccountId,
        date: NaiveDate,
        half: Half,
    ) -> Result<(), AttendanceError> {
        let (standing, _) = self.may_register(actor, pupil).await?;
        let errors = self.check_date(actor, standing, date).await?;
        if !errors.is_empty() {
            return Err(AttendanceError::Invalid(errors));
        }
        self.refuse_confirmed_to_teachers(actor, standing, pupil, date, half)
            .await?;
        self.write(
            actor,
            standing,
            date,
            half,
            vec![entry(pupil, Mark::Present)],
        )
        .await
        .map(|_| ())
    }

    /// The actor's standing when it may register `pupil`'s half-days; `NotFound` when not.
    async fn may_register(
        &self,
        actor: &Actor,
        pupil: AccountId,
    ) -> Result<(Standing, AbsenceSettings), AttendanceError> {
        let settings = self.settings(actor).await?;
        let standing = Self::standing(actor, &settings);
        let allowed = standing == Standing::Administrator
            || (actor.has_role(Role::Teacher)
                && self
                    .directory
                    .shares_class(actor.school, actor.account, pupil)
                    .await?);
        if !allowed || self.directory.pupil(actor.school, pupil).await?.is_none() {
            return Err(AttendanceError::NotFound);
        }
        Ok((standing, settings))
    }

    async fn refuse_confirmed_to_teachers(
        &self,
        actor: &Actor,
        standing: Standing,
        pupil: AccountId,
        date: NaiveDate,
        half: Half,
    ) -> Result<(), AttendanceError> {
        if standing == Standing::Administrator {
            return Ok(());
        }
        let now = self
            .store
            .half_day(actor.school, date, half, &[pupil])
            .await?;
        if now.iter().any(|r| r.confirmed) {
            return Err(AttendanceError::Forbidden);
        }
        Ok(())
    }

    /// The date's errors: not a school day; in the future for anyone but an absence
    /// administrator (who may register a planned absence).
    async fn check_date(
        &self,
        actor: &Actor,
        standing: Standing,
        date: NaiveDate,
    ) -> Result<Vec<FieldError>, AttendanceError> {
        let days = self.school_days(actor).await?;
        let mut errors = Vec::new();
        if !days.is_school_day(date) {
            errors.push(FieldError::new(
                "date",
                "not_a_school_day",
                "This date is a weekend or a free day.",
            ));
        } else if standing != Standing::Administrator && date > self.today(&days) {
            errors.push(FieldError::new(
                "date",
                "in_the_future",
                "Only an absence administrator registers a half-day ahead.",
            ));
        } else if (date - self.today(&days)).num_days().abs() > super::MAX_PERIOD_DAYS {
            errors.push(FieldError::new(
                "date",
                "out_of_range",
                "This date is too far from today.",
            ));
        }
        Ok(errors)
    }

    async fn write(
        &self,
        actor: &Actor,
        standing: Standing,
        date: NaiveDate,
        half: Half,
        entries: Vec<SheetEntry>,
    ) -> Result<SheetOutcome, AttendanceError> {
        let sheet = Sheet {
            school: actor.school,
            date,
            half,
            entries,
            by: actor.account,
            at: self.clock.now(),
            confirms: standing == Standing::Administrator,
        };
        let outcome = self.store.record_sheet(&sheet).await?;
        // The half-day is written; the alerts follow. One that cannot be sent now stays
        // unsent in the store and the background worker sends it later.
        self.send_alerts(&outcome.alerts).await;
        Ok(outcome)
    }
}

fn entry(pupil: AccountId, mark: Mark) -> SheetEntry {
    SheetEntry {
        pupil,
        mark,
        alert: AbsenceAlertId::new(),
    }
}

/// An absent mark from a written code and remark; `prefix` names the fields
/// (`absent[2]`), or nothing for a single half-day.
fn absent_mark(
    settings: &AbsenceSettings,
    prefix: &str,
    code: Option<String>,
    remark: Option<String>,
) -> Result<Mark, Vec<FieldError>> {
    let field = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    let mut errors = Vec::new();
    let code = match code.as_deref().map(str::trim) {
        None | Some("") => Some(Code::Unknown),
        Some(raw) => settings.code(raw),
    };
    if code.is_none() {
        errors.push(FieldError::new(
            field("code"),
            "unknown_code",
            "The school has no such code.",
        ));
    }
    let remark = remark
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if let Some(r) = &remark {
        if r.chars().count() > MAX_REMARK_CHARS {
            errors.push(FieldError::new(
                field("remark"),
                "too_long",
                "A remark is at most 500 characters long.",
            ));
        } else if r.chars().any(char::is_control) {
            errors.push(FieldError::new(
                field("remark"),
                "control_characters",
                "A remark is one line of text.",
            ));
        }
    }
    match code {
        Some(code) if errors.is_empty() => Ok(Mark::Absent { code, remark }),
        _ => Err(errors),
    }
}
