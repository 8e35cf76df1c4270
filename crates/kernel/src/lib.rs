//! The shared kernel of Schoolbrug: what every module speaks.
//!
//! Ids (UUID v7 newtypes), the [`Clock`] port, the acting principal [`Actor`], keyset
//! paging, and the school-hours arithmetic behind the 48-hour rules. No I/O lives here.
#![warn(missing_docs)]

pub mod actor;
pub mod clock;
pub mod errors;
pub mod ids;
pub mod paging;
pub mod school_hours;

pub use actor::{Actor, ActorKind, Role};
pub use clock::{Clock, FixedClock, SystemClock};
pub use errors::FieldError;
pub use ids::{AccountId, AuditEventId, GroupId, MessageId, OutboxId, SchoolId};
pub use paging::{Cursor, CursorError, Page, PageRequest};
pub use school_hours::{FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays};
