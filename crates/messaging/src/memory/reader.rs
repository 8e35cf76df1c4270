//! The in-memory `MessageReader`: messages, folders with search, receipts and counts.

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, MessageId, Page, PageRequest, SchoolId};

use super::InMemoryMessageStore;
use crate::model::{
    Copy, Folder, InboxCounts, Message, MessageKind, Receipt, ReceivedMessage, SentSummary, Summary,
};
use crate::ports::{MessageReader, StoreError, StoreResult};

fn matches_query(message: &Message, query: Option<&str>) -> bool {
    query.is_none_or(|q| {
        let q = q.to_lowercase();
        message.subject.as_str().to_lowercase().contains(&q)
            || message.body.as_str().to_lowercase().contains(&q)
    })
}

#[async_trait]
impl MessageReader for InMemoryMessageStore {
    async fn received(
        &self,
        school: SchoolId,
        account: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<ReceivedMessage>> {
        let state = self.lock();
        let Some(copy) = state
            .copies
            .get(&(account, message))
            .filter(|c| c.school == school)
        else {
            return Ok(None);
        };
        Ok(state.messages.get(&message).map(|m| ReceivedMessage {
            message: m.clone(),
            copy: copy.clone(),
        }))
    }

    async fn sent(
        &self,
        school: SchoolId,
        sender: AccountId,
        message: MessageId,
    ) -> StoreResult<Option<Message>> {
        Ok(self
            .lock()
            .messages
            .get(&message)
            .filter(|m| {
                m.school == school && m.sender == Some(sender) && m.kind == MessageKind::Normal
            })
            .cloned())
    }

    async fn folder(
        &self,
        school: SchoolId,
        account: AccountId,
        folder: Folder,
        query: Option<&str>,
        page: &PageRequest,
    ) -> StoreResult<Page<Summary>> {
        let before: Option<MessageId> = match page.after() {
            Some(c) => Some(c.key().parse().map_err(|_| StoreError::NotFound)?),
            None => None,
        };
        let state = self.lock();
        let limit = page.limit() as usize + 1;
        let items: Vec<Summary> = if folder == Folder::Sent {
            state
                .messages
                .values()
                .rev()
                .filter(|m| {
                    m.school == school && m.sender == Some(account) && m.kind == MessageKind::Normal
                })
                .filter(|m| before.is_none_or(|b| m.id < b) && matches_query(m, query))
                .take(limit)
                .map(|m| {
                    let copies: Vec<&Copy> = state
                        .copies
                        .values()
                        .filter(|c| c.message == m.id)
                        .collect();
                    Summary {
                        id: m.id,
                        subject: m.subject.as_str().to_owned(),
                        from: m.sender_name.clone(),
                        system: false,
                        received_at: m.sent_at,
                        read_at: None,
                        reply_due_at: None,
                        sent: Some(SentSummary {
                            recipients: copies.len() as u64,
                            read: copies.iter().filter(|c| c.read_at.is_some()).count() as u64,
                        }),
                    }
                })
                .collect()
        } else {
            let mut mine: Vec<(&Copy, &Message)> = state
                .copies
                .range((account, MessageId::from_uuid(uuid::Uuid::nil()))..)
                .take_while(|((r, _), _)| *r == account)
                .map(|(_, c)| c)
                .filter(|c| c.school == school)
                .filter(|c| match folder {
                    Folder::Inbox => c.trashed_at.is_none(),
                    Folder::Trash => c.trashed_at.is_some(),
                    Folder::AwaitingReply => {
                        c.trashed_at.is_none() && c.reply_due_at.is_some() && c.replied_at.is_none()
                    }
                    Folder::Sent => false,
                })
                .filter(|c| before.is_none_or(|b| c.message < b))
                .filter_map(|c| state.messages.get(&c.message).map(|m| (c, m)))
                .filter(|(_, m)| matches_query(m, query))
                .collect();
            mine.sort_by_key(|(c, _)| std::cmp::Reverse(c.message));
            mine.into_iter()
                .take(limit)
                .map(|(c, m)| Summary {
                    id: m.id,
                    subject: m.subject.as_str().to_owned(),
                    from: m.sender_name.clone(),
                    system: m.kind == MessageKind::System,
                    received_at: m.sent_at,
                    read_at: c.read_at,
                    reply_due_at: c.reply_due_at,
                    sent: None,
                })
                .collect()
        };
        Ok(Page::from_overfetch(items, page, |s| s.id.to_string()))
    }

    async fn receipts(
        &self,
        school: SchoolId,
        message: MessageId,
        page: &PageRequest,
    ) -> StoreResult<Page<Receipt>> {
        let after = page
            .after()
            .map(|c| Receipt::position_after(c).ok_or(StoreError::NotFound))
            .transpose()?;
        let state = self.lock();
        let mut receipts: Vec<Receipt> = state
            .copies
            .values()
            .filter(|c| c.message == message && c.school == school)
            .filter(|c| {
                after.as_ref().is_none_or(|(name, id)| {
                    (c.recipient_name.as_str(), c.recipient) > (name.as_str(), *id)
                })
            })
            .map(|c| Receipt {
                recipient: c.recipient,
                name: c.recipient_name.clone(),
                read_at: c.read_at,
            })
            .collect();
        receipts.sort_by(|a, b| a.name.cmp(&b.name).then(a.recipient.cmp(&b.recipient)));
        receipts.truncate(page.limit() as usize + 1);
        Ok(Page::from_overfetch(receipts, page, Receipt::cursor_key))
    }

    async fn receipt_counts(
        &self,
        school: SchoolId,
        message: MessageId,
    ) -> StoreResult<SentSummary> {
        let state = self.lock();
        let mut counts = SentSummary {
            recipients: 0,
            read: 0,
        };
        for c in state
            .copies
            .values()
            .filter(|c| c.message == message && c.school == school)
        {
            counts.recipients += 1;
            counts.read += u64::from(c.read_at.is_some());
        }
        Ok(counts)
    }

    async fn unread_count(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        Ok(self
            .lock()
            .copies
            .values()
            .filter(|c| {
                c.recipient == account
                    && c.school == school
                    && c.read_at.is_none()
                    && c.trashed_at.is_none()
            })
            .count() as u64)
    }

    async fn inbox_counts(&self, school: SchoolId, account: AccountId) -> StoreResult<InboxCounts> {
        let state = self.lock();
        let inbox = state
            .copies
            .values()
            .filter(|c| c.recipient == account && c.school == school && c.trashed_at.is_none());
        let mut counts = InboxCounts::default();
        for copy in inbox {
            if copy.read_at.is_none() {
                counts.unread += 1;
            }
            if copy.reply_due_at.is_some() && copy.replied_at.is_none() {
                counts.replies_due += 1;
            }
        }
        Ok(counts)
    }
}
