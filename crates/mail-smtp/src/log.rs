//! [`LogMailer`]: the [`Mailer`] port for running without a mail server.

use async_trait::async_trait;
use schoolbrug_kernel::mail::{MailError, Mailer, OutgoingMail};

/// Writes every mail to the log (tracing, level INFO, target `schoolbrug::mail`) instead
/// of sending it, and accepts it: without an SMTP URL nothing is dropped silently, and a
/// developer sees each mail, link included, in the server's output.
///
/// Logged fields: `school`, `message_id`, `from` (the display name and the school's own
/// address when it has one), `to`, `subject` and `text`. The fields people typed (`from`,
/// `to`, `subject`, `text`) are logged quoted with `Debug`, which escapes newlines and
/// every other control character: a message body cannot start a forged log line. The HTML alternative is left out
/// (it says the same as the text). The log mailer knows no credentials, so it can show
/// none.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogMailer;

impl LogMailer {
    /// The log mailer.
    #[must_use]
    pub const fn new() -> Self {
        Self
    }
}

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        tracing::info!(
            target: "schoolbrug::mail",
            school = %mail.school,
            message_id = %mail.message_id,
            from = ?from(mail),
            to = ?mail.to,
            subject = ?mail.subject,
            text = ?mail.text,
            "mail written to the log, not sent (no SMTP server is configured)"
        );
        Ok(())
    }
}

fn from(mail: &OutgoingMail) -> String {
    match &mail.from_address {
        Some(address) => format!("{} <{address}>", mail.from_name),
        None => mail.from_name.clone(),
    }
}
