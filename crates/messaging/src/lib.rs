//! Schoolbrug messaging: inboxes, blind-copy group messages, read receipts, the 48-hour
//! rules (reply due, short notice) on school days, misdirected reports, notification
//! settings, the forwarding outbox, and the school's news.
//!
//! The [`Messaging`] service holds every use case; it is built from the ports in
//! [`ports`]. Features: `memory` (in-memory adapters) and `contract` (the contract suite
//! every adapter runs).
#![warn(missing_docs)]

pub mod audit;
pub mod erasure;
pub mod error;
pub mod forwarding;
pub mod mailer;
pub mod model;
pub mod ports;
pub mod school_days;
pub mod service;

#[cfg(feature = "memory")]
pub mod memory;

#[cfg(feature = "contract")]
pub mod contract;

pub use error::MessagingError;
pub use forwarding::{Forwarder, ForwarderSettings, QuietHours, RunReport};
pub use service::{
    AddressBook, MessageView, Messaging, NewMessage, NewNews, NewsView, Sent, SettingsChange,
};
