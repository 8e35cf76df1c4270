//! The in-memory `NewsStore`: items with their audience, and read states per account.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, NewsId, SchoolId};

use super::InMemoryMessageStore;
use crate::model::{Forwarded, NewsEntry, NewsItem, NewsReach, OutboxStatus, Publication};
use crate::ports::{NewsStore, StoreError, StoreResult};

/// The item with its audience in order, each entry once (as the SQL stores read it back).
fn in_order(item: &NewsItem) -> NewsItem {
    let mut item = item.clone();
    item.audience.sort();
    item.audience.dedup();
    item
}

#[async_trait]
impl NewsStore for InMemoryMessageStore {
    async fn publish_news(&self, publication: &Publication) -> StoreResult<()> {
        publication.check()?;
        let item = publication.item();
        let mut state = self.lock();
        if state.news.contains_key(&item.id) {
            return Err(StoreError::Unexpected(format!(
                "news item {} already stored",
                item.id
            )));
        }
        state.news.insert(item.id, in_order(item));
        state.outbox.extend(publication.outbox().iter().cloned());
        Ok(())
    }

    async fn update_news(&self, publication: &Publication) -> StoreResult<bool> {
        publication.check()?;
        let item = publication.item();
        let mut state = self.lock();
        let Some(stored) = state
            .news
            .get_mut(&item.id)
            .filter(|n| n.school == item.school)
        else {
            return Ok(false);
        };
        *stored = NewsItem {
            author: stored.author,
            author_name: stored.author_name.clone(),
            ..in_order(item)
        };
        let forwards = Forwarded::News(item.id);
        let rows = publication.outbox();
        let school = item.school;
        state.outbox.retain(|o| {
            o.school != school
                || o.forwards != forwards
                || o.status != OutboxStatus::Waiting
                || rows.iter().any(|r| r.recipient == o.recipient)
        });
        for o in state
            .outbox
            .iter_mut()
            .filter(|o| o.school == school && o.forwards == forwards)
        {
            if let (OutboxStatus::Waiting, Some(row)) =
                (o.status, rows.iter().find(|r| r.recipient == o.recipient))
            {
                o.next_attempt_at = row.next_attempt_at;
            }
        }
        for row in rows {
            let told = state.outbox.iter().any(|o| {
                o.school == school && o.forwards == forwards && o.recipient == row.recipient
            });
            if !told {
                state.outbox.push(row.clone());
            }
        }
        Ok(true)
    }

    async fn withdraw_news(&self, school: SchoolId, id: NewsId) -> StoreResult<bool> {
        let mut state = self.lock();
        if state.news.get(&id).is_none_or(|n| n.school != school) {
            return Ok(false);
        }
        state.news.remove(&id);
        state.news_reads.retain(|(_, _, news), _| *news != id);
        // Its forwards go with it.
        state
            .outbox
            .retain(|row| row.forwards != Forwarded::News(id));
        Ok(true)
    }

    async fn news_item(&self, school: SchoolId, id: NewsId) -> StoreResult<Option<NewsItem>> {
        Ok(self
            .lock()
            .news
            .get(&id)
            .filter(|n| n.school == school)
            .cloned())
    }

    async fn visible_news(
        &self,
        school: SchoolId,
        reader: AccountId,
        reach: &NewsReach,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        limit: u32,
    ) -> StoreResult<Vec<NewsEntry>> {
        let state = self.lock();
        let mut found: Vec<NewsEntry> = state
            .news
            .values()
            .filter(|n| n.school == school && n.visible_to(reach, now))
            .filter(|n| since.is_none_or(|since| n.pinned || n.published_at > since))
            .map(|n| NewsEntry {
                item: n.clone(),
                read: state.news_reads.contains_key(&(school, reader, n.id)),
            })
            .collect();
        found.sort_by(|a, b| {
            (b.item.pinned, b.item.published_at, b.item.id).cmp(&(
                a.item.pinned,
                a.item.published_at,
                a.item.id,
            ))
        });
        found.truncate(limit as usize);
        Ok(found)
    }

    async fn mark_news_read(
        &self,
        school: SchoolId,
        account: AccountId,
        id: NewsId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        if state.news.get(&id).is_none_or(|n| n.school != school) {
            return Ok(false);
        }
        let key = (school, account, id);
        if state.news_reads.contains_key(&key) {
            return Ok(false);
        }
        state.news_reads.insert(key, at);
        Ok(true)
    }

    async fn erase_news_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut state = self.lock();
        state
            .news_reads
            .retain(|(s, a, _), _| !(*s == school && *a == account));
        for item in state
            .news
            .values_mut()
            .filter(|n| n.school == school && n.author == Some(account))
        {
            item.author = None;
            item.author_name = None;
        }
        Ok(())
    }
}
