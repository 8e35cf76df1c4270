//! The module's values. Constructors refuse what the school's rules do not allow: once
//! inside the domain, a value is valid.

mod alert;
mod code;
mod half;
mod note;
mod people;
mod registration;
mod settings;

pub use alert::{AbsenceAlert, AlertText};
pub use code::{Code, CodeName, Official, SchoolCode};
pub use half::{Half, HalfDay, SchoolYear};
pub use note::AbsenceNote;
pub use people::{ClassList, FollowUpRow, Pupil};
pub use registration::{
    AbsenceChange, Mark, Registration, RegistrationKey, Sheet, SheetEntry, SheetOutcome,
};
pub use settings::AbsenceSettings;
