//! The JSON shapes of news: an item as a reader sees it, the list, a new item's id, and
//! the audience entries of a new or edited item.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::PersonView;
use crate::core::dto::RoleName;

/// A news item as the caller sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NewsItemView {
    /// The item's id.
    pub id: Uuid,
    /// The title.
    pub title: String,
    /// The body, plain text (may be empty).
    pub body: String,
    /// The author's name as it was at publication; `null` once the author's account was
    /// erased.
    pub author: Option<String>,
    /// From when it is shown (RFC 3339).
    pub published_at: DateTime<Utc>,
    /// Until when it is shown; left out when it does not expire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// Shown above the others.
    pub pinned: bool,
    /// Whether the caller opened it.
    pub read: bool,
    /// For a co-account: the pupil the item reaches it through; left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<PersonView>,
}

impl From<&schoolbrug_messaging::NewsView> for NewsItemView {
    fn from(view: &schoolbrug_messaging::NewsView) -> Self {
        let item = &view.item;
        Self {
            id: item.id.as_uuid(),
            title: item.title.as_str().to_owned(),
            body: item.body.as_str().to_owned(),
            author: item.author_name.clone(),
            published_at: item.published_at,
            until: item.until,
            pinned: item.pinned,
            read: view.read,
            child: view.child.as_ref().map(|(id, name)| PersonView {
                id: id.as_uuid(),
                name: name.clone(),
            }),
        }
    }
}

/// The news the caller sees: pinned first, then newest; at most 100.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NewsList {
    /// The items.
    pub items: Vec<NewsItemView>,
}

/// A news item just published.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NewsPublished {
    /// The item's id.
    pub id: Uuid,
}

/// `audience[i]` as `{ "school": true }`: everyone of the school (admins only).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolAudience {
    /// Always `true`.
    pub school: bool,
}

/// `audience[i]` as `{ "group": id }`: every member of a group or class and the
/// co-accounts of its pupils (a teacher: only a group they are a member of).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupAudience {
    /// The group's id.
    pub group: Uuid,
}

/// `audience[i]` as `{ "role": … }`: every account holding the role (admins only);
/// `pupil` reaches their co-accounts too.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleAudience {
    /// The role.
    pub role: RoleName,
}

/// One entry of a news item's audience: exactly one of the three shapes, with no other
/// key. An unknown shape answers 422 on `audience[i]` (`invalid_audience`).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AudienceSchema {
    /// `{ "school": true }`
    School(SchoolAudience),
    /// `{ "group": id }`
    Group(GroupAudience),
    /// `{ "role": "pupil" | "teacher" | "counsellor" | "admin" }`
    Role(RoleAudience),
}
