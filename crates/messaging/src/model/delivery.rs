//! A delivery: a message with every copy and every outbox row, what one `deliver` commits.
//! Its rule lives here, not in an adapter: every copy and every row belongs to the message
//! (and so to its school), and no one receives it twice. A `Delivery` that breaks it
//! cannot be built, so no adapter is ever handed one; adapters check it again with
//! [`Delivery::check`], and the contract suite proves they refuse one.

use std::collections::HashSet;

use schoolbrug_kernel::StoreError;

use super::{Copy, Forwarded, Message, NewsItem, OutboxRow};

/// Why a delivery cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// A copy or an outbox row is of another message or another school.
    #[error("a copy or an outbox row belongs to another message or school")]
    AnotherMessage,
    /// A recipient has two copies.
    #[error("a recipient has two copies")]
    RecipientTwice,
}

impl From<DeliveryError> for StoreError {
    fn from(e: DeliveryError) -> Self {
        StoreError::Unexpected(format!("a delivery refused: {e}"))
    }
}

/// A message with every copy and every outbox row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    message: Message,
    copies: Vec<Copy>,
    outbox: Vec<OutboxRow>,
}

impl Delivery {
    /// A delivery of `message` to one copy per recipient, forwarding some by e-mail.
    ///
    /// # Errors
    /// When a copy or a row belongs to another message or school, or a recipient has two
    /// copies.
    pub fn new(
        message: Message,
        copies: Vec<Copy>,
        outbox: Vec<OutboxRow>,
    ) -> Result<Self, DeliveryError> {
        let delivery = Self {
            message,
            copies,
            outbox,
        };
        delivery.check()?;
        Ok(delivery)
    }

    /// A delivery built without its rule, for the contract suite to prove that every
    /// adapter refuses one. Nothing else can build an invalid delivery.
    #[cfg(feature = "contract")]
    #[doc(hidden)]
    #[must_use]
    pub fn unchecked(message: Message, copies: Vec<Copy>, outbox: Vec<OutboxRow>) -> Self {
        Self {
            message,
            copies,
            outbox,
        }
    }

    /// Checks the rule again (adapters call it before they write).
    ///
    /// # Errors
    /// As [`Delivery::new`].
    pub fn check(&self) -> Result<(), DeliveryError> {
        let (id, school) = (self.message.id, self.message.school);
        let stray_copy = self
            .copies
            .iter()
            .any(|c| c.message != id || c.school != school);
        let stray_row = self
            .outbox
            .iter()
            .any(|o| o.forwards != Forwarded::Message(id) || o.school != school);
        if stray_copy || stray_row {
            return Err(DeliveryError::AnotherMessage);
        }
        let mut recipients = HashSet::with_capacity(self.copies.len());
        if !self.copies.iter().all(|c| recipients.insert(c.recipient)) {
            return Err(DeliveryError::RecipientTwice);
        }
        Ok(())
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// One copy per recipient.
    #[must_use]
    pub fn copies(&self) -> &[Copy] {
        &self.copies
    }

    /// One row per recipient whose messages are forwarded.
    #[must_use]
    pub fn outbox(&self) -> &[OutboxRow] {
        &self.outbox
    }
}

/// A news item with the outbox rows that tell of it by e-mail: what one
/// `NewsStore::publish_news` commits. Every row forwards this item, in its school; no one
/// is told twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    item: NewsItem,
    outbox: Vec<OutboxRow>,
}

impl Publication {
    /// A publication of `item`, telling some of those it reaches by e-mail.
    ///
    /// # Errors
    /// When a row belongs to another item or school, or a recipient has two rows.
    pub fn new(item: NewsItem, outbox: Vec<OutboxRow>) -> Result<Self, DeliveryError> {
        let publication = Self { item, outbox };
        publication.check()?;
        Ok(publication)
    }

    /// A publication built without its rule, for the contract suite.
    #[cfg(feature = "contract")]
    #[doc(hidden)]
    #[must_use]
    pub fn unchecked(item: NewsItem, outbox: Vec<OutboxRow>) -> Self {
        Self { item, outbox }
    }

    /// Checks the rule again (adapters call it before they write).
    ///
    /// # Errors
    /// As [`Publication::new`].
    pub fn check(&self) -> Result<(), DeliveryError> {
        let (id, school) = (self.item.id, self.item.school);
        if self
            .outbox
            .iter()
            .any(|o| o.forwards != Forwarded::News(id) || o.school != school)
        {
            return Err(DeliveryError::AnotherMessage);
        }
        let mut recipients = HashSet::with_capacity(self.outbox.len());
        if !self.outbox.iter().all(|o| recipients.insert(o.recipient)) {
            return Err(DeliveryError::RecipientTwice);
        }
        Ok(())
    }

    /// The item.
    #[must_use]
    pub fn item(&self) -> &NewsItem {
        &self.item
    }

    /// One row per recipient told by e-mail.
    #[must_use]
    pub fn outbox(&self) -> &[OutboxRow] {
        &self.outbox
    }
}
