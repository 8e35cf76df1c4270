//! The `Mailer` port: what to send, not how. Every module that mails (forwarded messages,
//! confirmations, absence alerts) speaks it; adapters (SMTP with lettre, a log mailer)
//! live in their own crates, and each module's outbox decides when and what.

use async_trait::async_trait;

use crate::ids::SchoolId;

/// One mail, ready to go: headers and both bodies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The school it is sent for (the adapter may pick the school's sender address).
    pub school: SchoolId,
    /// A stable `Message-ID` (without angle brackets), the same on every attempt of one
    /// outbox row, so a retry after an unknown outcome is recognisable.
    pub message_id: String,
    /// The display name of the sender ("Els Claes via Sint-Jan").
    pub from_name: String,
    /// The school's own sender address, when it has one; the adapter's default otherwise.
    pub from_address: Option<String>,
    /// The one recipient (never any other address in the mail).
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain-text alternative.
    pub text: String,
    /// The HTML alternative.
    pub html: String,
}

/// Why a mail was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// Worth retrying later: connection refused, timeout, a 4xx reply.
    #[error("temporary mail failure: {0}")]
    Temporary(String),
    /// Never going to work: a 5xx reply, an invalid address. Shown to admins.
    #[error("permanent mail failure: {0}")]
    Permanent(String),
}

/// Sends mail.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Hands one mail to the mail server. `Ok` means the server accepted it.
    ///
    /// # Errors
    /// MUST return [`MailError::Temporary`] when retrying may work (the server is down,
    /// answers 4xx, times out) and [`MailError::Permanent`] when it cannot (5xx, an
    /// address the server refuses).
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}
