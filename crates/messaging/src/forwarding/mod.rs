//! Forwarding by e-mail that never loses a message.
//!
//! `send` writes one outbox row per recipient with a confirmed forward address, in the
//! same transaction as the delivery, due at once for an urgent message and otherwise at
//! the end of the school's [quiet hours](quiet). The [`Forwarder`] claims due rows from the
//! [`OutboxQueue`](crate::ports::OutboxQueue) under a lease, [renders](render) each
//! recipient's copy, hands it to the [`Mailer`](crate::mailer::Mailer) and records the
//! outcome: sent, retried with exponential backoff and jitter, or failed for good.
//!
//! A forward address is confirmed first: [`confirmation`] saves the settings and mails the
//! confirmation link.

pub mod confirmation;
pub mod quiet;
pub mod render;
pub mod service;
mod settings;

pub use quiet::{QuietHours, next_allowed};
pub use render::{message_id, message_link, news_link, render_mail, render_news_mail};
pub use service::{
    BACKOFF_BASE, BACKOFF_CAP, Forwarder, ForwarderSettings, Jitter, RandomJitter, RunReport,
    backoff_ceiling,
};
