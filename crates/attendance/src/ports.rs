//! The attendance module's ports. Repository ports are shaped by use cases: one method is
//! one atomic unit of work. Every MUST below has a check in the contract suite (`contract`
//! feature).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
pub use schoolbrug_kernel::store::{StoreError, StoreResult};
use schoolbrug_kernel::{AbsenceAlertId, AccountId, GroupId, SchoolId};

use crate::model::{
    AbsenceAlert, AbsenceChange, AbsenceNote, AbsenceSettings, AlertText, ClassList, FollowUpRow,
    Half, Pupil, Registration, RegistrationKey, SchoolYear, Sheet, SheetOutcome,
};

/// Who is who, read from the accounts module, as attendance needs it. Every method MUST
/// stay inside `school`.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait Directory: Send + Sync {
    /// A pupil of the school. MUST return `None` for an account of another school, a
    /// staff member, a co-account and an unknown id.
    async fn pupil(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Pupil>>;

    /// The pupils of the school among `ids`, in no particular order. MUST leave out what
    /// [`Directory::pupil`] would not find.
    async fn pupils(&self, school: SchoolId, ids: &[AccountId]) -> StoreResult<Vec<Pupil>>;

    /// A class with its pupils and its staff members. MUST return `None` for another
    /// school's group and for a group that is not a class.
    async fn class_list(&self, school: SchoolId, class: GroupId) -> StoreResult<Option<ClassList>>;

    /// Every class of the school, as `(id, name)` by name. MUST list none of another
    /// school.
    async fn classes(&self, school: SchoolId) -> StoreResult<Vec<(GroupId, String)>>;

    /// Every staff member of the school as `(id, first and last name)`, by last name then
    /// first name. MUST list no pupil, no co-account and nobody of another school.
    async fn staff(&self, school: SchoolId) -> StoreResult<Vec<(AccountId, String)>>;

    /// Of `ids`, the staff members of the school. MUST leave out pupils, co-accounts,
    /// unknown ids and staff of another school.
    async fn staff_among(&self, school: SchoolId, ids: &[AccountId])
    -> StoreResult<Vec<AccountId>>;

    /// The classes `account` is a member of, as `(id, name)` by name. MUST list none of
    /// another school.
    async fn classes_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Vec<(GroupId, String)>>;

    /// Whether the staff member `staff` and the pupil `pupil` are in one class. MUST be
    /// `false` across schools.
    async fn shares_class(
        &self,
        school: SchoolId,
        staff: AccountId,
        pupil: AccountId,
    ) -> StoreResult<bool>;

    /// The children a co-account follows: its own pupil first, then the pupils of the
    /// co-accounts linked to it (one parent, a co-account per child), by id, each once.
    /// MUST return none for a main account, an account of another school and a
    /// co-account whose pupil is gone; MUST leave out a pupil that is gone and follow
    /// links of the co-account's own school only.
    async fn children(&self, school: SchoolId, co_account: AccountId) -> StoreResult<Vec<Pupil>>;
}

/// Registrations of absent half-days, and their audit.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait RegisterStore: Send + Sync {
    /// Writes a sheet, all or nothing. For each entry:
    /// - a confirmed half-day stays as it is unless `sheet.confirms`;
    /// - `Present` removes the pupil's registration of the half-day;
    /// - `Absent` keeps one registration per pupil per half-day (it replaces the one
    ///   there), `confirmed` as `sheet.confirms`; an unknown or `B` code on a date a
    ///   parents' note of the pupil covers is written as `Z` with that note instead;
    /// - every half-day whose code changed (or appeared, or went) gets one
    ///   [`AbsenceChange`], by `sheet.by`;
    /// - when the half-day ends up unknown or problematic (`B`) and no alert was raised
    ///   for the pupil's half-day before, an alert is raised with the entry's id.
    ///
    /// Returns how many of the entries' pupils are absent after it, and the alerts raised.
    /// MUST NOT raise a second alert for a half-day however often it is written, and MUST
    /// write nothing of another school.
    async fn record_sheet(&self, sheet: &Sheet) -> StoreResult<SheetOutcome>;

    /// The registrations of the school dated `from..=to`, of one pupil or of all, ordered
    /// by pupil, date, half. MUST return none of another school.
    async fn registrations(
        &self,
        school: SchoolId,
        pupil: Option<AccountId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Registration>>;

    /// A page of the registrations of the school dated `from..=to`, of the given pupils
    /// (every pupil when `None`), in key order (pupil, date, half), strictly after
    /// `after`, at most `limit`. MUST return none of another school and none of a pupil
    /// not given.
    async fn registrations_page(
        &self,
        school: SchoolId,
        pupils: Option<Vec<AccountId>>,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<RegistrationKey>,
        limit: u32,
    ) -> StoreResult<Vec<Registration>>;

    /// The registrations of one half-day of the given pupils. MUST return none of another
    /// school.
    async fn half_day(
        &self,
        school: SchoolId,
        date: NaiveDate,
        half: Half,
        pupils: &[AccountId],
    ) -> StoreResult<Vec<Registration>>;

    /// The pupils with at least `threshold` problematic (`B`) half-days dated
    /// `from..=to`, most first (then by pupil id), each with those half-days oldest
    /// first. MUST count only official `B`, and nothing of another school.
    async fn follow_up(
        &self,
        school: SchoolId,
        from: NaiveDate,
        to: NaiveDate,
        threshold: u32,
    ) -> StoreResult<Vec<FollowUpRow>>;

    /// The audit of one pupil's half-days, the last recorded first (the order they were
    /// written, not their `at`: a note dated earlier may be recorded later). MUST return
    /// none of another school.
    async fn changes(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<AbsenceChange>>;

    /// Makes every unknown half-day of the school dated on or before `up_to` problematic
    /// (`B`), each with an [`AbsenceChange`] by nobody at `at`; returns how many. MUST
    /// change nothing of another school and nothing dated after `up_to`.
    async fn settle_unknown(
        &self,
        school: SchoolId,
        up_to: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// The schools with unknown half-days dated before `before` (what the settling worker
    /// visits).
    async fn schools_with_unknown(&self, before: NaiveDate) -> StoreResult<Vec<SchoolId>>;
}

/// Parents' notes.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait NoteStore: Send + Sync {
    /// Stores a note and justifies with it, as `Z`, every unconfirmed unknown or `B`
    /// half-day of the pupil on its dates (each with an [`AbsenceChange`] by nobody), all
    /// or nothing; returns how many half-days it justified.
    ///
    /// # Errors
    /// MUST return `Conflict(NOTE_QUOTA_REACHED)` when the pupil has `per_year` notes
    /// dated in `year` already, and `Conflict(NOTE_OVERLAPS)` when a note of the pupil
    /// covers one of its dates, writing nothing; notes handed in at once MUST NOT pass
    /// the quota together.
    async fn insert_note(
        &self,
        note: &AbsenceNote,
        per_year: u32,
        year: SchoolYear,
    ) -> StoreResult<u64>;

    /// A pupil's notes whose first day falls in `year`, oldest first. MUST return none of
    /// another school.
    async fn notes(
        &self,
        school: SchoolId,
        pupil: AccountId,
        year: SchoolYear,
    ) -> StoreResult<Vec<AbsenceNote>>;
}

/// A school's attendance settings.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// The school's settings; the defaults when it saved none. MUST NOT return another
    /// school's.
    async fn absence_settings(&self, school: SchoolId) -> StoreResult<AbsenceSettings>;

    /// Replaces the school's settings, all or nothing.
    async fn save_absence_settings(
        &self,
        school: SchoolId,
        settings: &AbsenceSettings,
    ) -> StoreResult<()>;
}

/// The alerts raised by [`RegisterStore::record_sheet`], until they are sent.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait AlertStore: Send + Sync {
    /// Alerts not yet marked sent, of every school, oldest first, at most `limit`.
    async fn unsent_alerts(&self, limit: u32) -> StoreResult<Vec<AbsenceAlert>>;

    /// Marks an alert sent. MUST do nothing for another school's.
    async fn mark_alert_sent(
        &self,
        school: SchoolId,
        id: AbsenceAlertId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Removes what the module keeps of `account`: a pupil's registrations, notes, alerts
    /// and audit; a staff member's or parent's name on what they wrote (kept, by nobody);
    /// its place among the absence administrators.
    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()>;
}

/// How an alert reaches the parents: `app` wires it to messaging, which delivers a system
/// message to every co-account of the pupil (and forwards it by e-mail under the quiet
/// hours).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait AlertSender: Send + Sync {
    /// Sends `text` about `alert` to the parents of its pupil. MUST store the message once
    /// however often it is called with the same alert (the message takes the alert's id).
    async fn send_alert(&self, alert: &AbsenceAlert, text: &AlertText) -> StoreResult<()>;
}

/// Every repository port of the module, as one database adapter implements them.
pub trait AttendanceStores: RegisterStore + NoteStore + SettingsStore + AlertStore {}

impl<T> AttendanceStores for T where T: RegisterStore + NoteStore + SettingsStore + AlertStore {}
