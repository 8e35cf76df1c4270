//! The in-memory `MessageStore`: deliveries, the marks on a copy, and erasure.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, MessageId, SchoolId};

use super::InMemoryMessageStore;
use crate::ports::{Delivery, MessageStore, StoreError, StoreResult};

#[async_trait]
impl MessageStore for InMemoryMessageStore {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<()> {
        delivery.check()?;
        let mut state = self.lock();
        // Build the change aside; it replaces nothing until every part is in.
        let mut copies = BTreeMap::new();
        for copy in delivery.copies() {
            let key = (copy.recipient, copy.message);
            if copies.insert(key, copy.clone()).is_some() || state.copies.contains_key(&key) {
                return Err(StoreError::Unexpected(
                    "a recipient twice in one delivery".into(),
                ));
            }
            if copies.len() * 2 > delivery.copies().len()
                && self.fail_next_delivery.swap(false, Ordering::SeqCst)
            {
                return Err(StoreError::Unavailable(
                    "injected failure half way through a delivery".into(),
                ));
            }
        }
        if state.messages.contains_key(&delivery.message().id) {
            return Err(StoreError::Unexpected("message exists".into()));
        }
        state
            .messages
            .insert(delivery.message().id, delivery.message().clone());
        state.copies.extend(copies);
        state.outbox.extend(delivery.outbox().iter().cloned());
        Ok(())
    }

    async fn mark_read(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state.copies.get_mut(&(account, message)) {
            Some(copy) if copy.school == school && copy.read_at.is_none() => {
                copy.read_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn mark_replied(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if let Some(copy) = state
            .copies
            .get_mut(&(account, message))
            .filter(|c| c.school == school)
        {
            copy.replied_at.get_or_insert(at);
        }
        Ok(())
    }

    async fn set_trashed(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: Option<DateTime<Utc>>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state
            .copies
            .get_mut(&(account, message))
            .filter(|c| c.school == school)
        {
            Some(copy) => {
                copy.trashed_at = at;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn mark_misdirected(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state
            .copies
            .get_mut(&(account, message))
            .filter(|c| c.school == school)
        {
            Some(copy) if copy.misdirected_at.is_none() => {
                copy.misdirected_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut state = self.lock();
        state
            .copies
            .retain(|(recipient, _), c| !(*recipient == account && c.school == school));
        for message in state.messages.values_mut() {
            if message.school != school {
                continue;
            }
            if message.sender == Some(account) {
                message.sender = None;
                message.sender_name = None;
            }
            message.visibility.named.retain(|(id, _)| *id != account);
        }
        state
            .outbox
            .retain(|o| !(o.recipient == account && o.school == school));
        if state
            .settings
            .get(&account)
            .is_some_and(|(s, _)| *s == school)
        {
            state.settings.remove(&account);
            state.confirmations.remove(&account);
        }
        Ok(())
    }
}
