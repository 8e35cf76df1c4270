//! The calendar's values. Each is valid once built: constructors refuse what the school's
//! rules do not allow.

mod activity;
mod feed;
mod occurrence;
mod viewer;
mod year;

pub use activity::{
    Activity, ActivityDraft, DESCRIPTION_MAX_CHARS, LOCATION_MAX_CHARS, Repeat, TITLE_MAX_CHARS,
    Target, Title, When, start_of_day,
};
pub use feed::{Feed, FeedToken};
pub use occurrence::{Occurrence, OccurrenceKind, expand, free_day_occurrences, recurrence};
pub use viewer::{Child, Reach, Viewer};
pub use year::SchoolYear;
