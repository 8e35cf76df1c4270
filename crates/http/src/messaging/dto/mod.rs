//! The JSON shapes of the messaging API (`snake_case`, RFC 3339 UTC times, UUID ids),
//! built from the domain's values, split by topic. Optional fields are left out when they
//! have no value.

mod messages;
mod news;
mod settings;

pub use messages::*;
pub use news::*;
pub use settings::*;
