//! Reading: opening a message (the read receipt), folders, receipts for the sender, the
//! trash, and reporting a message received by mistake.

use schoolbrug_kernel::{Actor, Cursor, MessageId, Page, PageRequest};

use super::Messaging;
use crate::error::MessagingError;
use crate::model::{
    Body, Copy, Folder, Message, MessageKind, Receipt, ReceivedMessage, SentSummary, Subject,
    Summary, Via, Visibility,
};
use crate::ports::Delivery;

/// A message as the actor may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageView {
    /// The actor received it: its own copy, with what it may see of the addressing.
    Received(ReceivedMessage),
    /// The actor sent it.
    Sent(Message),
}

fn check_cursor(after: Option<&Cursor>) -> Result<(), MessagingError> {
    match after {
        Some(c) if c.key().parse::<MessageId>().is_err() => Err(MessagingError::invalid(
            "after",
            "malformed_cursor",
            "not a cursor of this list",
        )),
        _ => Ok(()),
    }
}

impl Messaging {
    /// Opens a message. A recipient's first opening sets its read receipt; nothing else
    /// does (not the sender, not an admin, not a listing).
    ///
    /// # Errors
    /// `NotFound` unless the actor received or sent it.
    pub async fn open(&self, actor: &Actor, id: MessageId) -> Result<MessageView, MessagingError> {
        if let Some(mut received) = self
            .reader
            .received(actor.school, actor.account, id)
            .await?
        {
            if received.copy.read_at.is_none() {
                let now = self.clock.now();
                if self
                    .store
                    .mark_read(actor.school, actor.account, id, now)
                    .await?
                {
                    received.copy.read_at = Some(now);
                }
            }
            return Ok(MessageView::Received(received));
        }
        match self.reader.sent(actor.school, actor.account, id).await? {
            Some(message) => Ok(MessageView::Sent(message)),
            None => Err(MessagingError::NotFound),
        }
    }

    /// One page of a folder, newest first, optionally searched.
    ///
    /// # Errors
    /// `Invalid` on `after` (malformed cursor) or `q` (longer than 200 characters).
    pub async fn list(
        &self,
        actor: &Actor,
        folder: Folder,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<Summary>, MessagingError> {
        check_cursor(page.after())?;
        let query = query.map(str::trim).filter(|q| !q.is_empty());
        if query.is_some_and(|q| q.chars().count() > 200) {
            return Err(MessagingError::invalid(
                "q",
                "too_long",
                "at most 200 characters",
            ));
        }
        Ok(self
            .reader
            .folder(actor.school, actor.account, folder, query, page)
            .await?)
    }

    /// One page of a message's read receipts, by recipient name: for its sender only.
    ///
    /// # Errors
    /// `NotFound` unless the actor sent it; `Invalid` on `after` when it is not a cursor
    /// of this list.
    pub async fn receipts(
        &self,
        actor: &Actor,
        id: MessageId,
        page: &PageRequest,
    ) -> Result<Page<Receipt>, MessagingError> {
        if page
            .after()
            .is_some_and(|c| Receipt::position_after(c).is_none())
        {
            return Err(MessagingError::invalid(
                "after",
                "malformed_cursor",
                "not a cursor of this list",
            ));
        }
        self.check_sender(actor, id).await?;
        Ok(self.reader.receipts(actor.school, id, page).await?)
    }

    /// How many recipients a message has and how many opened it: for its sender only.
    ///
    /// # Errors
    /// `NotFound` unless the actor sent it.
    pub async fn receipt_counts(
        &self,
        actor: &Actor,
        id: MessageId,
    ) -> Result<SentSummary, MessagingError> {
        self.check_sender(actor, id).await?;
        Ok(self.reader.receipt_counts(actor.school, id).await?)
    }

    /// `NotFound` unless the actor sent message `id`.
    async fn check_sender(&self, actor: &Actor, id: MessageId) -> Result<(), MessagingError> {
        match self.reader.sent(actor.school, actor.account, id).await? {
            Some(_) => Ok(()),
            None => Err(MessagingError::NotFound),
        }
    }

    /// How many inbox messages the actor has not opened.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn unread_count(&self, actor: &Actor) -> Result<u64, MessagingError> {
        Ok(self
            .reader
            .unread_count(actor.school, actor.account)
            .await?)
    }

    /// Moves the actor's copy to the trash.
    ///
    /// # Errors
    /// `NotFound` unless the actor received it.
    pub async fn trash(&self, actor: &Actor, id: MessageId) -> Result<(), MessagingError> {
        let now = self.clock.now();
        if self
            .store
            .set_trashed(actor.school, actor.account, id, Some(now))
            .await?
        {
            Ok(())
        } else {
            Err(MessagingError::NotFound)
        }
    }

    /// Brings the actor's copy back from the trash.
    ///
    /// # Errors
    /// `NotFound` unless the actor received it.
    pub async fn restore(&self, actor: &Actor, id: MessageId) -> Result<(), MessagingError> {
        if self
            .store
            .set_trashed(actor.school, actor.account, id, None)
            .await?
        {
            Ok(())
        } else {
            Err(MessagingError::NotFound)
        }
    }

    /// Reports a message received by mistake: the sender gets a notice naming the message
    /// and who reported it. Reporting twice tells the sender once.
    ///
    /// # Errors
    /// `NotFound` unless the actor received it.
    pub async fn report_misdirected(
        &self,
        actor: &Actor,
        id: MessageId,
    ) -> Result<(), MessagingError> {
        let received = self
            .reader
            .received(actor.school, actor.account, id)
            .await?
            .ok_or(MessagingError::NotFound)?;
        let now = self.clock.now();
        if received.copy.misdirected_at.is_some() {
            return Ok(());
        }
        let (Some(sender), Some(sender_name)) = (
            received.message.sender,
            received.message.sender_name.clone(),
        ) else {
            // The sender's account is gone: nobody left to tell.
            self.store
                .mark_misdirected(actor.school, actor.account, id, now)
                .await?;
            return Ok(());
        };
        let reporter = received.copy.recipient_name.clone();
        let original = received.message.subject.as_str();
        let subject = Subject::parse(&truncate(
            &format!("Verkeerd bezorgd / Misdirected: {original}"),
            Subject::MAX_CHARS,
        ))?;
        let body = Body::parse(&format!(
            "{reporter} meldt dat het bericht \"{original}\" ({id}, verstuurd op {sent}) per vergissing bij hen terechtkwam.\n\n\
             {reporter} reports receiving the message \"{original}\" ({id}, sent {sent}) by mistake.",
            sent = received.message.sent_at.format("%Y-%m-%d %H:%M UTC"),
        ))?;
        let notice = MessageId::new();
        let delivery = Delivery::new(
            Message {
                id: notice,
                school: actor.school,
                sender: None,
                sender_name: None,
                kind: MessageKind::System,
                subject,
                body,
                in_reply_to: Some(id),
                reply_requested: false,
                action_deadline: None,
                urgent: false,
                visibility: Visibility {
                    named: vec![(sender, sender_name.clone())],
                    groups: Vec::new(),
                },
                sent_at: now,
            },
            vec![Copy {
                message: notice,
                school: actor.school,
                recipient: sender,
                recipient_name: sender_name,
                via: Via::Named,
                read_at: None,
                replied_at: None,
                reply_due_at: None,
                trashed_at: None,
                misdirected_at: None,
            }],
            Vec::new(),
        )
        .map_err(|e| MessagingError::Unexpected(e.to_string()))?;
        // The notice goes first and the mark after: a notice that could not be delivered
        // leaves the copy unmarked, so the reporter's retry tells the sender. The price is
        // a second notice when the mark fails after the delivery, or when two reports of
        // one copy race; a sender told twice is better than a sender never told.
        self.store.deliver(&delivery).await?;
        self.store
            .mark_misdirected(actor.school, actor.account, id, now)
            .await?;
        Ok(())
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
