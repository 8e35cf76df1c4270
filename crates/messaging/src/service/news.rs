//! News (nieuwsberichten): staff publish to the whole school, a group or a role; each
//! person sees what reaches them (a co-account what reaches its pupil) while it is
//! current, with their own read state; the start page reads the pinned and the new items
//! and the inbox counts.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, Actor, ActorKind, FieldError, NewsId, Role};

use super::Messaging;
use crate::error::MessagingError;
use crate::model::{
    AddresseeKind, Body, Forwarded, GroupInfo, InboxCounts, NewsAudience, NewsEntry, NewsItem,
    NewsReach, NewsTitle, Publication,
};

/// The most items the news list shows (pinned first, then newest).
pub const NEWS_LIST: u32 = 100;

/// The most items the start page shows.
pub const NEWS_FOR_START: u32 = 20;

/// A news item to publish, or the new content of one being edited.
#[derive(Clone, Debug, Default)]
pub struct NewNews {
    /// Title: required, at most 200 characters.
    pub title: String,
    /// Body: plain text, may be empty, at most 100 kB.
    pub body: String,
    /// Who it reaches: at least one entry.
    pub audience: Vec<NewsAudience>,
    /// From when it is shown; now when absent (an edit keeps the item's own).
    pub publish_at: Option<DateTime<Utc>>,
    /// Until when it is shown: after `publish_at`, and not already past.
    pub until: Option<DateTime<Utc>>,
    /// Shown above the others.
    pub pinned: bool,
}

/// A news item as the actor sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsView {
    /// The item.
    pub item: NewsItem,
    /// Whether the actor opened it.
    pub read: bool,
    /// For a co-account: the pupil (id and name) the item reaches it through.
    pub child: Option<(AccountId, String)>,
    /// Whether the actor may edit and withdraw it (its author, or an admin).
    pub editable: bool,
}

impl Messaging {
    /// Publishes a news item. Staff only (teacher, counsellor, admin); only admins reach
    /// the whole school or a role; other staff reach the groups they are a member of.
    ///
    /// Everyone the item reaches who turned `notify_news` on and has a confirmed forward
    /// address gets it by e-mail through the outbox (written with the item, in one store
    /// call), due when it is published and at the end of the school's quiet hours.
    ///
    /// # Errors
    /// `Forbidden` for a pupil or a co-account. `Invalid` per field: `title` (blank, too
    /// long, invalid), `body` (too large), `audience` (`required`), `audience[i]`
    /// (`admin_only`, `unknown_group`, `not_a_member`), `until` (`before_publish_at`,
    /// `in_the_past`).
    pub async fn publish_news(
        &self,
        actor: &Actor,
        new: NewNews,
    ) -> Result<NewsId, MessagingError> {
        if !actor.is_staff() {
            return Err(MessagingError::Forbidden);
        }
        let author = self
            .directory
            .addressee(actor.school, actor.account)
            .await?
            .ok_or(MessagingError::NotFound)?;
        let now = self.clock.now();
        let (title, body, audience, published_at) = self.check_news(actor, &new, None).await?;
        let item = NewsItem {
            id: NewsId::new(),
            school: actor.school,
            author: Some(author.id),
            author_name: Some(author.name),
            title,
            body,
            audience,
            published_at,
            until: new.until,
            pinned: new.pinned,
            updated_at: now,
        };
        let publication = self.with_forwards(actor, item, now).await?;
        let id = publication.item().id;
        self.news.publish_news(&publication).await?;
        self.signal_due(&publication, now);
        Ok(id)
    }

    /// Edits a news item: its author or an admin of the school, with the editor's own
    /// reach (a teacher keeps to their groups). Without `publish_at` the item keeps its
    /// publication time.
    ///
    /// # Errors
    /// `NotFound` for anyone else (whatever the item); `Invalid` as
    /// [`publish_news`](Self::publish_news).
    pub async fn edit_news(
        &self,
        actor: &Actor,
        id: NewsId,
        new: NewNews,
    ) -> Result<(), MessagingError> {
        let item = self.editable_news(actor, id).await?;
        let now = self.clock.now();
        let (title, body, audience, published_at) = self
            .check_news(actor, &new, Some(item.published_at))
            .await?;
        let edited = NewsItem {
            title,
            body,
            audience,
            published_at,
            until: new.until,
            pinned: new.pinned,
            updated_at: now,
            ..item
        };
        // Who is told by e-mail follows the edit: those no longer reached are not, those
        // newly reached are, and every waiting mail goes at the new publication time.
        let publication = self.with_forwards(actor, edited, now).await?;
        if self.news.update_news(&publication).await? {
            self.signal_due(&publication, now);
            Ok(())
        } else {
            Err(MessagingError::NotFound)
        }
    }

    /// The item with one outbox row for everyone it reaches who asked to be told of news
    /// by e-mail (but its author), due when it is published, and never in the school's
    /// quiet hours.
    async fn with_forwards(
        &self,
        actor: &Actor,
        item: NewsItem,
        now: DateTime<Utc>,
    ) -> Result<Publication, MessagingError> {
        let addresses = self
            .settings
            .news_addresses(actor.school, &item.audience)
            .await?;
        let due = item.published_at.max(now);
        let addresses = addresses
            .into_iter()
            .filter(|(recipient, _)| Some(*recipient) != item.author)
            .collect();
        let outbox = self
            .outbox_rows(
                actor.school,
                addresses,
                Forwarded::News(item.id),
                item.title.as_str(),
                (due, now),
                true,
            )
            .await?;
        Publication::new(item, outbox).map_err(|e| MessagingError::Unexpected(e.to_string()))
    }

    /// Tells a worker in this process when a publication wrote mails due at once.
    fn signal_due(&self, publication: &Publication, now: DateTime<Utc>) {
        if let Some(signal) = &self.outbox_signal
            && publication
                .outbox()
                .iter()
                .any(|row| row.next_attempt_at <= now)
        {
            signal.rows_due();
        }
    }

    /// Withdraws a news item: it is gone for everyone, with its read states.
    ///
    /// # Errors
    /// `NotFound` unless the actor is its author or an admin of the school.
    pub async fn withdraw_news(&self, actor: &Actor, id: NewsId) -> Result<(), MessagingError> {
        self.editable_news(actor, id).await?;
        if self.news.withdraw_news(actor.school, id).await? {
            Ok(())
        } else {
            Err(MessagingError::NotFound)
        }
    }

    /// The news the actor sees: current items whose audience reaches them (a co-account:
    /// its pupil, each item labelled with the child), and for staff every item they
    /// wrote; pinned first, then newest, at most [`NEWS_LIST`], with the actor's read
    /// state.
    ///
    /// # Errors
    /// `Unavailable` when a store is down.
    pub async fn list_news(&self, actor: &Actor) -> Result<Vec<NewsView>, MessagingError> {
        self.news_seen(actor, None, NEWS_LIST).await
    }

    /// For the start page: the pinned items the actor sees and those published after
    /// `since`, as [`list_news`](Self::list_news), at most [`NEWS_FOR_START`].
    ///
    /// # Errors
    /// `Unavailable` when a store is down.
    pub async fn news_for_start(
        &self,
        actor: &Actor,
        since: DateTime<Utc>,
    ) -> Result<Vec<NewsView>, MessagingError> {
        self.news_seen(actor, Some(since), NEWS_FOR_START).await
    }

    /// Opens a news item the actor sees, and records that this person read it.
    ///
    /// # Errors
    /// `NotFound` when it does not exist or does not reach the actor (another school,
    /// another class, not yet published, expired, withdrawn).
    pub async fn read_news(&self, actor: &Actor, id: NewsId) -> Result<NewsView, MessagingError> {
        let item = self
            .news
            .news_item(actor.school, id)
            .await?
            .filter(|item| item.school == actor.school)
            .ok_or(MessagingError::NotFound)?;
        let (reach, child) = self.reach(actor).await?;
        let now = self.clock.now();
        if !item.visible_to(&reach, now) {
            return Err(MessagingError::NotFound);
        }
        self.news
            .mark_news_read(actor.school, actor.account, id, now)
            .await?;
        let editable = may_edit(actor, &item);
        Ok(NewsView {
            item,
            read: true,
            child,
            editable,
        })
    }

    /// For the start page: how many messages in the actor's inbox are unread, and how
    /// many await the actor's reply (asked with the 48-hour rule, not yet given).
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn inbox_counts(&self, actor: &Actor) -> Result<InboxCounts, MessagingError> {
        Ok(self
            .reader
            .inbox_counts(actor.school, actor.account)
            .await?)
    }

    async fn news_seen(
        &self,
        actor: &Actor,
        since: Option<DateTime<Utc>>,
        limit: u32,
    ) -> Result<Vec<NewsView>, MessagingError> {
        let (reach, child) = self.reach(actor).await?;
        let now = self.clock.now();
        let entries = self
            .news
            .visible_news(actor.school, actor.account, &reach, now, since, limit)
            .await?;
        Ok(entries
            .into_iter()
            .filter(|e| e.item.school == actor.school && e.item.visible_to(&reach, now))
            .map(|NewsEntry { item, read }| NewsView {
                editable: may_edit(actor, &item),
                item,
                read,
                child: child.clone(),
            })
            .collect())
    }

    /// What reaches the actor: its own groups and roles, a co-account its pupil's (and the
    /// pupil as the child to label items with), staff their own items too.
    async fn reach(
        &self,
        actor: &Actor,
    ) -> Result<(NewsReach, Option<(AccountId, String)>), MessagingError> {
        match &actor.kind {
            ActorKind::Main { roles } => Ok((
                NewsReach {
                    groups: self
                        .directory
                        .groups_of(actor.school, actor.account)
                        .await?,
                    roles: roles.clone(),
                    author: actor.is_staff().then_some(actor.account),
                },
                None,
            )),
            ActorKind::Co { pupil } => {
                let Some(child) = self
                    .directory
                    .addressee(actor.school, *pupil)
                    .await?
                    .filter(
                        |p| matches!(&p.kind, AddresseeKind::Main(r) if r.contains(&Role::Pupil)),
                    )
                else {
                    // A co-account whose pupil is gone sees nothing.
                    return Ok((NewsReach::default(), None));
                };
                Ok((
                    NewsReach {
                        groups: self.directory.groups_of(actor.school, child.id).await?,
                        roles: vec![Role::Pupil],
                        author: None,
                    },
                    Some((child.id, child.name)),
                ))
            }
        }
    }

    /// The groups the actor may publish to, by name: every group of the school for an
    /// admin, the groups they are a member of for other staff.
    ///
    /// # Errors
    /// `Forbidden` for a pupil or a co-account.
    pub async fn news_groups(&self, actor: &Actor) -> Result<Vec<GroupInfo>, MessagingError> {
        if !actor.is_staff() {
            return Err(MessagingError::Forbidden);
        }
        let groups = self.directory.groups(actor.school).await?;
        if actor.is_admin() {
            return Ok(groups);
        }
        let own = self
            .directory
            .groups_of(actor.school, actor.account)
            .await?;
        Ok(groups.into_iter().filter(|g| own.contains(&g.id)).collect())
    }

    /// A news item to edit, as stored (whatever its window), for its author or an admin
    /// of the school; nothing is marked read.
    ///
    /// # Errors
    /// `NotFound` for anyone else.
    pub async fn news_for_edit(
        &self,
        actor: &Actor,
        id: NewsId,
    ) -> Result<NewsItem, MessagingError> {
        self.editable_news(actor, id).await
    }

    /// The item, if the actor may edit it (its author or an admin); `NotFound` otherwise.
    async fn editable_news(&self, actor: &Actor, id: NewsId) -> Result<NewsItem, MessagingError> {
        self.news
            .news_item(actor.school, id)
            .await?
            .filter(|item| item.school == actor.school && may_edit(actor, item))
            .ok_or(MessagingError::NotFound)
    }

    /// Checks every field of `new` for `actor`: title, body, audience (who may reach
    /// whom) and the window; `current` is the publication time an edit keeps.
    async fn check_news(
        &self,
        actor: &Actor,
        new: &NewNews,
        current: Option<DateTime<Utc>>,
    ) -> Result<(NewsTitle, Body, Vec<NewsAudience>, DateTime<Utc>), MessagingError> {
        let mut errors = Vec::new();
        let title = NewsTitle::parse(&new.title)
            .map_err(|e| errors.push(e))
            .ok();
        let body = Body::parse(&new.body).map_err(|e| errors.push(e)).ok();
        if new.audience.is_empty() {
            errors.push(FieldError::new(
                "audience",
                "required",
                "a news item needs at least one audience",
            ));
        }
        let admin = actor.is_admin();
        let mut own_groups = None;
        let mut audience = BTreeSet::new();
        for (i, entry) in new.audience.iter().enumerate() {
            let field = format!("audience[{i}]");
            match entry {
                NewsAudience::School | NewsAudience::Role(_) if !admin => {
                    errors.push(FieldError::new(
                        field,
                        "admin_only",
                        "only admins publish to the whole school or to a role",
                    ));
                }
                NewsAudience::Group(group) => {
                    if self.directory.group(actor.school, *group).await?.is_none() {
                        errors.push(FieldError::new(
                            field,
                            "unknown_group",
                            "no such group in your school",
                        ));
                        continue;
                    }
                    if !admin {
                        if own_groups.is_none() {
                            own_groups = Some(
                                self.directory
                                    .groups_of(actor.school, actor.account)
                                    .await?,
                            );
                        }
                        if !own_groups.as_ref().is_some_and(|g| g.contains(group)) {
                            errors.push(FieldError::new(
                                field,
                                "not_a_member",
                                "you publish only to groups you are a member of",
                            ));
                            continue;
                        }
                    }
                    audience.insert(*entry);
                }
                NewsAudience::School | NewsAudience::Role(_) => {
                    audience.insert(*entry);
                }
            }
        }
        let now = self.clock.now();
        let published_at = new.publish_at.or(current).unwrap_or(now);
        if let Some(until) = new.until {
            if until <= published_at {
                errors.push(FieldError::new(
                    "until",
                    "before_publish_at",
                    "the end must come after the publication",
                ));
            } else if until <= now {
                errors.push(FieldError::new(
                    "until",
                    "in_the_past",
                    "the end has passed",
                ));
            }
        }
        match (title, body, errors.is_empty()) {
            (Some(title), Some(body), true) => {
                Ok((title, body, audience.into_iter().collect(), published_at))
            }
            _ => Err(MessagingError::Invalid(errors)),
        }
    }
}

/// Whether `actor` may edit and withdraw `item`: its author, or an admin of its school.
fn may_edit(actor: &Actor, item: &NewsItem) -> bool {
    item.school == actor.school && (item.author == Some(actor.account) || actor.is_admin())
}
