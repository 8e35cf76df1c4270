//! Schoolbrug attendance: who was not at school, and why. Absences per pupil per half-day
//! of a school day with the official Flemish codes (`R`, `Z`, `P`, `H`, `M`, `A`, `B`) and
//! the school's own finer codes mapped to them; the class register; parents' notes for
//! short illnesses with the three-day and four-a-year rules; the automatic `B` for what was
//! never justified; alerts to the parents; the follow-up list for the pupil guidance
//! centre; the export for the school's reporting; and an audit of every change.
//!
//! The [`Attendance`] service holds every use case; it is built from the ports in
//! [`ports`]. School days come from the kernel's [`SchoolCalendar`], which `app` wires to
//! the calendar module. Features: `memory` (in-memory adapters), `contract` (the contract
//! suite every adapter runs) and `mock` (mockall doubles of the ports).
//!
//! [`SchoolCalendar`]: schoolbrug_kernel::SchoolCalendar
#![warn(missing_docs)]

pub mod erasure;
pub mod error;
pub mod model;
pub mod ports;
pub mod service;

#[cfg(feature = "memory")]
pub mod memory;

#[cfg(feature = "contract")]
pub mod contract;

pub use error::AttendanceError;
pub use model::{
    AbsenceAlert, AbsenceChange, AbsenceNote, AbsenceSettings, ClassList, Code, CodeName,
    FollowUpRow, Half, HalfDay, Official, Pupil, Registration, SchoolCode, SchoolYear, Sheet,
    SheetEntry,
};
pub use service::Attendance;
