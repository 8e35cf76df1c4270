//! Typed ids: UUID v7 newtypes, time-ordered so they serve keyset paging and sharding.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, time-ordered id (UUID v7).
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an id read back from storage or from a request.
            #[must_use]
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            #[must_use]
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }
    };
}

id_type!(
    /// A school (tenant). Every record belongs to exactly one.
    SchoolId
);
id_type!(
    /// A main account or a co-account.
    AccountId
);
id_type!(
    /// A group of accounts: a class or another group.
    GroupId
);
id_type!(
    /// One entry of the security audit log.
    AuditEventId
);
id_type!(
    /// A message (one per send, however many recipients).
    MessageId
);
id_type!(
    /// A news item (nieuwsbericht) of a school.
    NewsId
);
id_type!(
    /// One mail waiting to be forwarded (one per recipient with forwarding on).
    OutboxId
);
id_type!(
    /// An activity on the school calendar (one per planning, however often it repeats).
    ActivityId
);
id_type!(
    /// A private calendar feed (its secret link is not its id).
    FeedId
);
id_type!(
    /// A parents' note (a note handed in online for a child's illness).
    AbsenceNoteId
);
id_type!(
    /// An alert to a pupil's parents about an unexplained half-day (one per pupil per
    /// half-day; the system message it becomes carries the same id).
    AbsenceAlertId
);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_later_sort_after_earlier_ones() {
        let first = AccountId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = AccountId::new();
        assert!(first < second);
    }

    #[test]
    fn an_id_survives_display_and_parse() {
        let id = SchoolId::new();
        let parsed: SchoolId = id.to_string().parse().unwrap();
        assert_eq!(id, parsed);
    }
}
