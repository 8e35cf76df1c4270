//! News items (nieuwsberichten): what the school tells a whole school, a group or a role,
//! with a window of visibility, and each person's read state.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, FieldError, GroupId, NewsId, Role, SchoolId};

use super::body::Body;

/// A news item's title: required, trimmed, not blank, one line, at most 200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsTitle(String);

impl NewsTitle {
    /// The longest title.
    pub const MAX_CHARS: usize = 200;

    /// Parses a title.
    ///
    /// # Errors
    /// A [`FieldError`] on `title`: `blank`, `too_long` or `invalid` (a control character).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(
                "title",
                "blank",
                "a news item needs a short, clear title",
            ));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "title",
                "too_long",
                "at most 200 characters",
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(
                "title",
                "invalid",
                "a title is one line of text",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The title.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One entry of a news item's audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NewsAudience {
    /// Everyone of the school (admins only).
    School,
    /// Every member of a group or class, and the co-accounts of its pupils.
    Group(GroupId),
    /// Every main account holding a role (admins only); `pupil` reaches their
    /// co-accounts too.
    Role(Role),
}

/// A news item of a school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsItem {
    /// Its id (time-ordered).
    pub id: NewsId,
    /// Its school.
    pub school: SchoolId,
    /// Who wrote it; `None` once the author's account was erased.
    pub author: Option<AccountId>,
    /// The author's name at publication; `None` once erased.
    pub author_name: Option<String>,
    /// The title.
    pub title: NewsTitle,
    /// The body (plain text, may be empty).
    pub body: Body,
    /// Who it reaches: at least one entry, each once.
    pub audience: Vec<NewsAudience>,
    /// From when it is shown (the publication time; may lie ahead).
    pub published_at: DateTime<Utc>,
    /// Until when it is shown (after `published_at`), if it expires.
    pub until: Option<DateTime<Utc>>,
    /// Shown above the others.
    pub pinned: bool,
    /// When it was last written (published or edited).
    pub updated_at: DateTime<Utc>,
}

impl NewsItem {
    /// Whether the item is shown at `now`: published and not expired.
    #[must_use]
    pub fn is_current(&self, now: DateTime<Utc>) -> bool {
        self.published_at <= now && self.until.is_none_or(|until| until > now)
    }

    /// Whether its audience reaches someone of `reach` (its author is not reached by
    /// writing it; see [`NewsReach::author`]).
    #[must_use]
    pub fn reaches(&self, reach: &NewsReach) -> bool {
        self.audience.iter().any(|a| match a {
            NewsAudience::School => true,
            NewsAudience::Group(g) => reach.groups.contains(g),
            NewsAudience::Role(r) => reach.roles.contains(r),
        })
    }

    /// Whether `reach` sees the item at `now`: its author always, anyone else while it is
    /// current and its audience reaches them.
    #[must_use]
    pub fn visible_to(&self, reach: &NewsReach, now: DateTime<Utc>) -> bool {
        (reach.author.is_some() && self.author == reach.author)
            || (self.is_current(now) && self.reaches(reach))
    }
}

/// What reaches one reader: their groups and roles (a co-account's are its pupil's), and
/// for staff their own account, whose items they always see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewsReach {
    /// The groups the reader (or a co-account's pupil) is a member of.
    pub groups: Vec<GroupId>,
    /// The reader's roles (a co-account: `pupil`, its pupil's).
    pub roles: Vec<Role>,
    /// The staff member whose own items are listed whatever their window or audience.
    pub author: Option<AccountId>,
}

/// A news item as one reader sees it in a list: whether they opened it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsEntry {
    /// The item.
    pub item: NewsItem,
    /// Whether this reader opened it.
    pub read: bool,
}

/// How many messages in an inbox ask for attention, for the start page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InboxCounts {
    /// Copies in the inbox (not in the trash) not opened yet.
    pub unread: u64,
    /// Copies in the inbox (not in the trash) whose sender asked a reply (their
    /// `reply_due_at` is set) that was not given yet: the folder `awaiting_reply`.
    pub replies_due: u64,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_trimmed_required_and_at_most_200_characters() {
        assert_eq!(
            NewsTitle::parse("  Sportdag ").unwrap().as_str(),
            "Sportdag"
        );
        assert_eq!(NewsTitle::parse(" \t ").unwrap_err().code, "blank");
        assert_eq!(NewsTitle::parse(" \t ").unwrap_err().field, "title");
        assert!(NewsTitle::parse(&"é".repeat(200)).is_ok());
        assert_eq!(
            NewsTitle::parse(&"é".repeat(201)).unwrap_err().code,
            "too_long"
        );
        assert_eq!(NewsTitle::parse("a\nb").unwrap_err().code, "invalid");
    }
}
