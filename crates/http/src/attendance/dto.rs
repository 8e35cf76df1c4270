//! The attendance API's request and response shapes, and their conversion from the
//! domain's values. Dates are the school's local dates (`YYYY-MM-DD`), halves `am`/`pm`,
//! codes as written (`?` for unknown, an official letter, or one of the school's own).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_attendance::service::{ChildAbsences, FollowUpLine};
use schoolbrug_attendance::{
    AbsenceChange, AbsenceNote, AbsenceSettings, Half, HalfDay, Official, Pupil, Registration,
    SchoolCode,
};
use schoolbrug_kernel::GroupId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The morning (`am`) or the afternoon (`pm`) of a school day.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HalfName {
    /// The morning (voormiddag).
    Am,
    /// The afternoon (namiddag).
    Pm,
}

impl From<Half> for HalfName {
    fn from(half: Half) -> Self {
        match half {
            Half::Am => Self::Am,
            Half::Pm => Self::Pm,
        }
    }
}

/// An official code of Flemish education: what exports and totals carry.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub enum OfficialName {
    /// Justified by law.
    R,
    /// Illness.
    Z,
    /// Personal reasons, with the principal's consent.
    P,
    /// Rehabilitation during lesson time.
    H,
    /// Workplace learning not done through no fault of the pupil.
    M,
    /// Pre-school only.
    A,
    /// Problematic: not justified.
    B,
}

impl From<Official> for OfficialName {
    fn from(official: Official) -> Self {
        match official {
            Official::R => Self::R,
            Official::Z => Self::Z,
            Official::P => Self::P,
            Official::H => Self::H,
            Official::M => Self::M,
            Official::A => Self::A,
            Official::B => Self::B,
        }
    }
}

/// What an official code means, as the API words it (in English, like every text of the
/// API).
#[must_use]
pub const fn official_label(official: Official) -> &'static str {
    match official {
        Official::R => {
            "Justified by law (family council, wedding or funeral, summons, force majeure, religious holiday…)"
        }
        Official::Z => "Illness (a parents' note or a medical certificate)",
        Official::P => "Personal reasons, with the principal's consent",
        Official::H => "Rehabilitation during lesson time",
        Official::M => "Workplace learning not done through no fault of the pupil",
        Official::A => "Pre-school only",
        Official::B => "Problematic: not justified",
    }
}

/// An official code and what it means.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OfficialCodeView {
    /// The letter.
    pub code: OfficialName,
    /// What it means.
    pub label: String,
}

/// One of the school's own codes, mapped to an official one.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolCodeView {
    /// Its name: 1–8 of `A–Z`, `a–z`, `0–9`, `-`, `_`, not an official letter.
    #[schema(example = "TL", pattern = "^[A-Za-z0-9_-]{1,8}$")]
    pub code: String,
    /// What it means, as the school words it: 1–100 characters on one line.
    #[schema(example = "Te laat zonder geldige reden")]
    pub label: String,
    /// The official code it counts as.
    #[schema(value_type = OfficialName)]
    pub official: String,
}

impl From<&SchoolCode> for SchoolCodeView {
    fn from(c: &SchoolCode) -> Self {
        Self {
            code: c.code.as_str().to_owned(),
            label: c.label.clone(),
            official: c.official.as_str().to_owned(),
        }
    }
}

/// The codes a school registers absences with, and its rules.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AbsenceCodesView {
    /// The seven official codes, in the department's order.
    pub official: Vec<OfficialCodeView>,
    /// The school's own codes.
    pub codes: Vec<SchoolCodeView>,
    /// After how many school days an unknown half-day (`?`) becomes `B`.
    pub unknown_becomes_b_after_days: u32,
    /// The most consecutive calendar days one parents' note covers.
    pub note_max_days: u32,
    /// The most parents' notes per pupil per school year.
    pub notes_per_year: u32,
    /// From how many problematic half-days a pupil is on the follow-up list.
    pub guidance_threshold: u32,
    /// From how many problematic half-days the school allowance is at risk.
    pub allowance_threshold: u32,
}

impl From<&AbsenceSettings> for AbsenceCodesView {
    fn from(s: &AbsenceSettings) -> Self {
        Self {
            official: Official::ALL
                .into_iter()
                .map(|o| OfficialCodeView {
                    code: o.into(),
                    label: official_label(o).to_owned(),
                })
                .collect(),
            codes: s.codes.iter().map(SchoolCodeView::from).collect(),
            unknown_becomes_b_after_days: s.unknown_becomes_b_after_days,
            note_max_days: s.note_max_days,
            notes_per_year: s.notes_per_year,
            guidance_threshold: s.guidance_threshold,
            allowance_threshold: s.allowance_threshold,
        }
    }
}

/// The school's own codes and rules, replacing those it had; a number left out keeps its
/// value.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceCodesRequest {
    /// Every code of the school's own (at most 50).
    #[schema(max_items = 50)]
    pub codes: Vec<SchoolCodeView>,
    /// After how many school days an unknown half-day becomes `B` (1–30).
    #[schema(minimum = 1, maximum = 30)]
    pub unknown_becomes_b_after_days: u32,
    /// The most consecutive calendar days one parents' note covers (1–10).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10)]
    pub note_max_days: Option<u32>,
    /// The most parents' notes per pupil per school year (0–20).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 20)]
    pub notes_per_year: Option<u32>,
    /// The follow-up threshold (1–366).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 366)]
    pub guidance_threshold: Option<u32>,
    /// The school allowance threshold (1–366), not below the follow-up threshold.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 366)]
    pub allowance_threshold: Option<u32>,
}

/// The staff members who administer absences.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdministratorsView {
    /// Their accounts.
    pub accounts: Vec<Uuid>,
}

/// A class.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ClassView {
    /// The class (a group of kind `class`).
    pub id: Uuid,
    /// Its name ("3A").
    pub name: String,
}

impl ClassView {
    /// The view of a class's id and name.
    #[must_use]
    pub fn of(id: GroupId, name: &str) -> Self {
        Self {
            id: id.into(),
            name: name.to_owned(),
        }
    }
}

/// The classes the caller registers.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ClassesView {
    /// By name.
    pub items: Vec<ClassView>,
}

/// One pupil on a class register.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RegisterPupilView {
    /// The pupil.
    pub pupil_id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The code as registered (`?`, an official letter, a school code); `null`: present.
    pub code: Option<String>,
    /// The official code it counts as; `null` when present or still unknown.
    pub official: Option<OfficialName>,
    /// The remark of whoever registered it.
    pub remark: Option<String>,
    /// The parents' note that justifies it.
    pub note: Option<Uuid>,
    /// Whether an absence administrator confirmed it (a teacher no longer changes it).
    pub confirmed: bool,
}

impl RegisterPupilView {
    /// The pupil, with its registration of the half-day if it has one.
    #[must_use]
    pub fn of(pupil: &Pupil, registration: Option<&Registration>) -> Self {
        Self {
            pupil_id: pupil.id.into(),
            first_name: pupil.first_name.clone(),
            last_name: pupil.last_name.clone(),
            code: registration.map(|r| r.code.as_str().to_owned()),
            official: registration.and_then(|r| r.code.official()).map(Into::into),
            remark: registration.and_then(|r| r.remark.clone()),
            note: registration.and_then(|r| r.note).map(Into::into),
            confirmed: registration.is_some_and(|r| r.confirmed),
        }
    }
}

/// One half-day of a class, as its register shows it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RegisterView {
    /// The class.
    pub class: ClassView,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: HalfName,
    /// Every pupil of the class, by last name then first name.
    pub pupils: Vec<RegisterPupilView>,
}

/// One absent pupil on a class register.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsentRequest {
    /// The pupil (of the class).
    pub pupil: Uuid,
    /// `?`, an official letter or one of the school's codes; left out: unknown (`?`).
    #[serde(default)]
    pub code: Option<String>,
    /// At most 500 characters on one line.
    #[serde(default)]
    pub remark: Option<String>,
}

/// A class register of one half-day: these pupils are absent, every other is present.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The absent pupils, each once.
    pub absent: Vec<AbsentRequest>,
}

/// What a class register wrote.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RegisteredView {
    /// How many pupils of the class are absent on the half-day now.
    pub absent: usize,
}

/// One pupil's half-day.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceRequest {
    /// `?`, an official letter or one of the school's codes.
    #[schema(example = "Z")]
    pub code: String,
    /// At most 500 characters on one line.
    #[serde(default)]
    pub remark: Option<String>,
}

/// One absent half-day of one pupil.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AbsenceView {
    /// The pupil.
    pub pupil: Uuid,
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: HalfName,
    /// The code as registered (`?`, an official letter, a school code).
    pub code: String,
    /// The official code it counts as; `null` while unknown.
    pub official: Option<OfficialName>,
    /// The remark of whoever registered it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// The parents' note that justifies it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Uuid>,
    /// Whether an absence administrator confirmed it.
    pub confirmed: bool,
}

impl From<&Registration> for AbsenceView {
    fn from(r: &Registration) -> Self {
        Self {
            pupil: r.pupil.into(),
            date: r.date,
            half: r.half.into(),
            code: r.code.as_str().to_owned(),
            official: r.code.official().map(Into::into),
            remark: r.remark.clone(),
            note: r.note.map(Into::into),
            confirmed: r.confirmed,
        }
    }
}

/// Absent half-days.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AbsencesView {
    /// By pupil, date and half.
    pub items: Vec<AbsenceView>,
    /// The cursor of the next page (`?after=`), `null` on the last page.
    pub next: Option<String>,
}

/// `?from=&to=` of a period.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The first date (`YYYY-MM-DD`), default the first day of the current school year.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last date (inclusive), default the last day of the current school year; at
    /// most 400 days after `from`.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
}

/// `?pupil=&from=&to=` of `GET /absences`.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AbsencesQuery {
    /// Only this pupil's half-days.
    #[param(value_type = Option<String>, format = Uuid)]
    pub pupil: Option<String>,
    /// The first date (`YYYY-MM-DD`), default the first day of the current school year.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last date (inclusive), default the last day of the current school year; at
    /// most 400 days after `from`.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the previous page, as it was given: an opaque cursor, valid for
    /// this list only (anything else answers 422 `malformed_cursor`).
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
}

/// One change of one half-day.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangeView {
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: HalfName,
    /// The code before; `null`: present.
    pub from: Option<String>,
    /// The code after; `null`: present.
    pub to: Option<String>,
    /// Who changed it; `null` for the school's rules (a note, the automatic `B`) or an
    /// erased account.
    pub by: Option<Uuid>,
    /// When.
    pub at: DateTime<Utc>,
}

impl From<&AbsenceChange> for ChangeView {
    fn from(c: &AbsenceChange) -> Self {
        Self {
            date: c.date,
            half: c.half.into(),
            from: c.from.clone(),
            to: c.to.clone(),
            by: c.by.map(Into::into),
            at: c.at,
        }
    }
}

/// The audit of one pupil's half-days.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangesView {
    /// Newest first.
    pub items: Vec<ChangeView>,
}

/// A child a parent follows.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChildPupilView {
    /// The pupil.
    pub pupil_id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The name of its class; `null` when in none.
    pub class: Option<String>,
}

impl From<&Pupil> for ChildPupilView {
    fn from(p: &Pupil) -> Self {
        Self {
            pupil_id: p.id.into(),
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            class: p.class.clone(),
        }
    }
}

/// A parents' note handed in.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NoteView {
    /// The note.
    pub id: Uuid,
    /// The first day.
    pub from: NaiveDate,
    /// The last day (inclusive).
    pub to: NaiveDate,
    /// What the parent wrote.
    pub text: Option<String>,
}

impl From<&AbsenceNote> for NoteView {
    fn from(n: &AbsenceNote) -> Self {
        Self {
            id: n.id.into(),
            from: n.from,
            to: n.to,
            text: n.text.clone(),
        }
    }
}

/// A child's absences as its parent sees them.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChildAbsencesView {
    /// The half-days of the period, by date.
    pub items: Vec<AbsenceView>,
    /// How many of them per official code, `?` for unknown (codes without any left out).
    #[schema(example = json!({ "Z": 2, "?": 1 }))]
    pub totals: BTreeMap<String, u32>,
    /// The notes handed in this school year, oldest first.
    pub notes: Vec<NoteView>,
    /// How many parents' notes are left this school year.
    pub notes_left: u32,
}

impl From<&ChildAbsences> for ChildAbsencesView {
    fn from(c: &ChildAbsences) -> Self {
        Self {
            items: c.items.iter().map(AbsenceView::from).collect(),
            totals: c.totals.clone(),
            notes: c.notes.iter().map(NoteView::from).collect(),
            notes_left: c.notes_left,
        }
    }
}

/// A parents' note for a short illness.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// The first day (`YYYY-MM-DD`), at most 30 days ago.
    pub from: NaiveDate,
    /// The last day (inclusive), at most a week from today; at most the school's number of
    /// calendar days (3) after `from`, in the same school year.
    pub to: NaiveDate,
    /// Why: `illness`, the only reason a parents' note gives.
    #[schema(example = "illness")]
    pub reason: String,
    /// What the parent writes: at most 1,000 characters.
    #[serde(default)]
    pub text: Option<String>,
}

/// The id of something made.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedNoteView {
    /// Its id.
    pub id: Uuid,
}

/// `?threshold=` of the follow-up list.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpQuery {
    /// The least problematic half-days a pupil on the list has (default: the school's
    /// guidance threshold, 5); 1–366.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 366)]
    pub threshold: Option<String>,
}

/// One half of one date.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct HalfDayView {
    /// The date.
    pub date: NaiveDate,
    /// The half.
    pub half: HalfName,
}

impl From<&HalfDay> for HalfDayView {
    fn from(h: &HalfDay) -> Self {
        Self {
            date: h.date,
            half: h.half.into(),
        }
    }
}

/// A pupil on the follow-up list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FollowUpLineView {
    /// The pupil.
    pub pupil: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The name of its class; `null` when in none.
    pub class: Option<String>,
    /// How many problematic (`B`) half-days this school year.
    pub problematic_half_days: usize,
    /// The first of them.
    pub since: NaiveDate,
    /// All of them, oldest first.
    pub half_days: Vec<HalfDayView>,
    /// Whether they reached the school allowance threshold (30).
    pub allowance_at_risk: bool,
}

impl FollowUpLineView {
    /// The view of a line; `None` for a line without half-days, which the list never has.
    #[must_use]
    pub fn of(line: &FollowUpLine) -> Option<Self> {
        let first = line.half_days.first()?;
        Some(Self {
            pupil: line.pupil.id.into(),
            first_name: line.pupil.first_name.clone(),
            last_name: line.pupil.last_name.clone(),
            class: line.pupil.class.clone(),
            problematic_half_days: line.half_days.len(),
            since: first.date,
            half_days: line.half_days.iter().map(HalfDayView::from).collect(),
            allowance_at_risk: line.allowance_at_risk,
        })
    }
}

/// The follow-up list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FollowUpView {
    /// Most problematic half-days first.
    pub items: Vec<FollowUpLineView>,
}
