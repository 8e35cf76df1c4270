//! The Schoolbrug [`Mailer`](schoolbrug_kernel::mail::Mailer) port over SMTP, and a
//! log mailer for running without a mail server.
//!
//! - [`SmtpMailer`]: lettre's SMTP client on tokio with rustls (`smtp://`, STARTTLS,
//!   `smtps://`, credentials), a default sender address with a per-school override,
//!   timeouts, a connection pool, and failures classified as temporary or permanent for
//!   the forwarding outbox.
//! - [`LogMailer`]: writes each mail to the log (tracing, INFO) and accepts it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use schoolbrug_mail_smtp::{LogMailer, SmtpMailer, SmtpSettings};
//! use schoolbrug_kernel::mail::Mailer;
//!
//! let mailer: Arc<dyn Mailer> = match std::env::var("SCHOOLBRUG_SMTP_URL") {
//!     Ok(url) => Arc::new(SmtpMailer::new(SmtpSettings::new(url, "noreply@school.example"))?),
//!     Err(_) => Arc::new(LogMailer::new()),
//! };
//! # Ok(()) }
//! ```

mod log;
mod message;
mod net;
mod settings;
mod smtp;

pub use log::LogMailer;
pub use settings::{PoolSettings, SmtpConfigError, SmtpSettings};
pub use smtp::SmtpMailer;
