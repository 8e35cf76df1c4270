//! How messaging reaches its mail worker. The `Mailer` port itself is the kernel's (every
//! module that mails speaks it); it is re-exported here for the forwarding code.

pub use schoolbrug_kernel::mail::{MailError, Mailer, OutgoingMail};

/// Told when a delivery wrote outbox rows that are due at once, so a worker in the same
/// process can start on them without waiting for its next poll.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait OutboxSignal: Send + Sync {
    /// Rows are waiting now.
    fn rows_due(&self);
}
