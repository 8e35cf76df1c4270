//! Schoolbrug calendar: what is on at school. Activities planned by staff for the whole
//! school, classes and groups, or roles, once or repeating every one or two weeks with
//! exceptions; the school year and its free days (the [`SchoolCalendar`] the 48-hour rules
//! of messaging read); who sees which activity; and the private iCalendar feeds people
//! subscribe to from a phone or Outlook.
//!
//! The [`Calendar`] service holds every use case; it is built from the ports in [`ports`].
//! Features: `memory` (in-memory adapters), `contract` (the contract suite every adapter
//! runs) and `mock` (mockall doubles of the ports).
//!
//! [`SchoolCalendar`]: schoolbrug_kernel::SchoolCalendar
#![warn(missing_docs)]

pub mod erasure;
pub mod error;
pub mod ical;
pub mod model;
pub mod ports;
pub mod service;

#[cfg(feature = "memory")]
pub mod memory;

#[cfg(feature = "contract")]
pub mod contract;

pub use error::CalendarError;
pub use model::{
    Activity, ActivityDraft, Child, Feed, FeedToken, Occurrence, OccurrenceKind, Repeat,
    SchoolYear, Target, Title, Viewer, When,
};
pub use service::{Calendar, FeedAnswer, StartCalendar};
