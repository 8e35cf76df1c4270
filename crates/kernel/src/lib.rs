//! The shared kernel of Schoolbrug: what every module speaks.
//!
//! Ids (UUID v7 newtypes), the [`Clock`] port, the acting principal [`Actor`], keyset
//! paging, the school-hours arithmetic behind the 48-hour rules and its [`SchoolCalendar`]
//! port, and the pieces every module shares so that no module depends on another:
//! [`StoreError`] (with each module's own [`Conflict`] codes), the [`AuditLog`] port (with
//! each module's own [`AuditKind`]s), secrets and tokens, the one rule for an e-mail address
//! ([`parse_mailbox`]), the [`ErasureHook`] and the [`Mailer`] port. No I/O lives here.
//!
//! Feature `memory`: the in-memory [`InMemoryAuditLog`](audit::InMemoryAuditLog).
#![warn(missing_docs)]

pub mod actor;
pub mod audit;
pub mod clock;
pub mod email;
pub mod erasure;
pub mod errors;
pub mod ids;
pub mod join;
pub mod mail;
pub mod paging;
pub mod school_hours;
pub mod secret;
pub mod store;

pub use actor::{Actor, ActorKind, Role};
pub use audit::{AuditEvent, AuditKind, AuditLog};
pub use clock::{Clock, FixedClock, SystemClock};
pub use email::parse_mailbox;
pub use erasure::ErasureHook;
pub use errors::FieldError;
pub use ids::{
    AbsenceAlertId, AbsenceNoteId, AccountId, ActivityId, AuditEventId, FeedId, GroupId, MessageId,
    NewsId, OutboxId, SchoolId,
};
pub use join::join_all;
pub use mail::{MailError, Mailer, OutgoingMail};
pub use paging::{Cursor, CursorError, Page, PageRequest};
pub use school_hours::{FreeDayPeriod, FreeDays, SchoolCalendar, SchoolCalendarError, SchoolDays};
pub use secret::{OneTimeCode, SecretHash, SessionToken};
pub use store::{Conflict, StoreError, StoreResult};
