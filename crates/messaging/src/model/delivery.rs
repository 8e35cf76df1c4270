//! A delivery: a message with every copy and every outbox row, what one `deliver` commits.
//! Its rule lives here, not in an adapter: every copy and every row belongs to the message
//! (and so to its school), and no one receives it twice. A `Delivery` that breaks it
//! cannot be built, so no adapter is ever handed one; adapters check it again with
//! [`Delivery::check`], and the contract suite proves they refuse one.

use std::collections::HashSet;

use schoolbrug_kernel::StoreError;

use super::{Copy, Message, OutboxRow};

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
            .any(|o| o.message != id || o.school != school);
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
