//! Reading absences: staff and pupils (`absences`), the class register of one half-day,
//! the audit, and "Mijn kinderen" for parents (`children`, `child_absences`).

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use schoolbrug_kernel::{AccountId, Actor, GroupId, Page, PageRequest, Role};

use super::{Attendance, Standing};
use crate::error::AttendanceError;
use crate::model::{
    AbsenceChange, AbsenceNote, ClassList, Code, Half, Pupil, Registration, RegistrationKey,
    SchoolYear,
};

/// The half-days per official code (and `?` for unknown), as a parent sees the totals.
pub type Totals = BTreeMap<String, u32>;

/// One half-day of a class, as the register shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassHalfDay {
    /// The class with its pupils.
    pub class: ClassList,
    /// The registrations of its pupils for the half-day.
    pub registrations: Vec<Registration>,
}

/// A child's absences as a parent sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildAbsences {
    /// The child.
    pub pupil: Pupil,
    /// Its half-days in the period asked, by date.
    pub items: Vec<Registration>,
    /// Their totals per official code.
    pub totals: Totals,
    /// The notes handed in this school year.
    pub notes: Vec<AbsenceNote>,
    /// How many parents' notes are left this school year.
    pub notes_left: u32,
}

impl Attendance {
    /// One page of the registrations dated `from..=to`, in the order pupil, date, half: of
    /// `pupil`, or of every pupil the actor may read (everyone for counsellors and absence
    /// administrators; the pupils of its classes for a teacher; itself for a pupil; its
    /// children for a parent).
    ///
    /// # Errors
    /// `NotFound` for a pupil the actor may not read; `Invalid` for a period out of order
    /// or too long, or an `after` that is not a cursor of this list.
    pub async fn absences(
        &self,
        actor: &Actor,
        pupil: Option<AccountId>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        page: &PageRequest,
    ) -> Result<Page<Registration>, AttendanceError> {
        let settings = self.settings(actor).await?;
        let standing = Self::standing(actor, &settings);
        if let Some(pupil) = pupil {
            self.readable_pupil(actor, standing, pupil).await?;
        }
        let after = match page.after() {
            None => None,
            Some(cursor) => Some(RegistrationKey::decode(&cursor.key()).ok_or_else(|| {
                AttendanceError::invalid("after", "malformed_cursor", "not a cursor of this list")
            })?),
        };
        let (from, to) = self.period(actor, from, to).await?;
        let pupils: Option<Vec<AccountId>> = match (pupil, standing) {
            (Some(pupil), _) => Some(vec![pupil]),
            (None, Standing::Administrator | Standing::Reader) => None,
            (None, Standing::Teacher) => {
                let mut pupils = HashSet::new();
                for (class, _) in self
                    .directory
                    .classes_of(actor.school, actor.account)
                    .await?
                {
                    if let Some(list) = self.directory.class_list(actor.school, class).await? {
                        pupils.extend(list.pupils.iter().map(|p| p.id));
                    }
                }
                Some(pupils.into_iter().collect())
            }
            (None, Standing::Pupil) => Some(vec![actor.account]),
            (None, Standing::Parent) => Some(
                self.directory
                    .children(actor.school, actor.account)
                    .await?
                    .into_iter()
                    .map(|c| c.id)
                    .collect(),
            ),
        };
        // One more than the page holds, to know whether another page follows.
        let items = self
            .store
            .registrations_page(actor.school, pupils, from, to, after, page.limit() + 1)
            .await?;
        Ok(Page::from_overfetch(items, page, |r| r.key().encode()))
    }

    /// The classes the actor registers: every class of the school for an absence
    /// administrator, the classes it is in for a teacher, none for anyone else.
    ///
    /// # Errors
    /// When the directory cannot be read.
    pub async fn register_classes(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(GroupId, String)>, AttendanceError> {
        let settings = self.settings(actor).await?;
        match Self::standing(actor, &settings) {
            Standing::Administrator => Ok(self.directory.classes(actor.school).await?),
            _ if actor.has_role(Role::Teacher) => Ok(self
                .directory
                .classes_of(actor.school, actor.account)
                .await?),
            _ => Ok(Vec::new()),
        }
    }

    /// One half-day of a class as its register shows it.
    ///
    /// # Errors
    /// `NotFound` for a class the actor does not register.
    pub async fn class_half_day(
        &self,
        actor: &Actor,
        class: GroupId,
        date: NaiveDate,
        half: Half,
    ) -> Result<ClassHalfDay, AttendanceError> {
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
        let ids: Vec<AccountId> = list.pupils.iter().map(|p| p.id).collect();
        let registrations = self.store.half_day(actor.school, date, half, &ids).await?;
        Ok(ClassHalfDay {
            class: list,
            registrations,
        })
    }

    /// Who changed which half-day of `pupil` from what to what, newest first
    /// (counsellors and absence administrators).
    ///
    /// # Errors
    /// `NotFound` for anyone else, and for a pupil not of the school.
    pub async fn changes(
        &self,
        actor: &Actor,
        pupil: AccountId,
    ) -> Result<Vec<AbsenceChange>, AttendanceError> {
        let settings = self.settings(actor).await?;
        if !matches!(
            Self::standing(actor, &settings),
            Standing::Administrator | Standing::Reader
        ) || self.directory.pupil(actor.school, pupil).await?.is_none()
        {
            return Err(AttendanceError::NotFound);
        }
        Ok(self.store.changes(actor.school, pupil).await?)
    }

    /// The children a parent follows; none for anyone else.
    ///
    /// # Errors
    /// When the directory cannot be read.
    pub async fn children(&self, actor: &Actor) -> Result<Vec<Pupil>, AttendanceError> {
        if actor.pupil_of_co_account().is_none() {
            return Ok(Vec::new());
        }
        let mut children = self.directory.children(actor.school, actor.account).await?;
        children.sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
        Ok(children)
    }

    /// A child's absences dated `from..=to` with their totals, the notes of this school
    /// year and how many are left, as its parent (or staff, or the pupil itself) sees
    /// them.
    ///
    /// # Errors
    /// `NotFound` for a pupil the actor may not read; `Invalid` for a period out of order
    /// or too long.
    pub async fn child_absences(
        &self,
        actor: &Actor,
        pupil: AccountId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<ChildAbsences, AttendanceError> {
        let settings = self.settings(actor).await?;
        let standing = Self::standing(actor, &settings);
        let child = self.readable_pupil(actor, standing, pupil).await?;
        let (from, to) = self.period(actor, from, to).await?;
        let items = self
            .store
            .registrations(actor.school, Some(pupil), from, to)
            .await?;
        let mut totals = Totals::new();
        for r in &items {
            let key = r
                .code
                .official()
                .map_or(Code::UNKNOWN.to_owned(), |o| o.as_str().to_owned());
            *totals.entry(key).or_default() += 1;
        }
        let days = self.school_days(actor).await?;
        let year = SchoolYear::of(self.today(&days));
        let notes = self.store.notes(actor.school, pupil, year).await?;
        let used = u32::try_from(notes.len()).unwrap_or(u32::MAX);
        Ok(ChildAbsences {
            pupil: child,
            items,
            totals,
            notes,
            notes_left: settings.notes_per_year.saturating_sub(used),
        })
    }
}
