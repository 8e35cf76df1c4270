//! Saving notification settings with the forward-address confirmation mail
//! ([`Messaging::save_settings`]), the one use case of the API's
//! `PUT /api/v1/me/notification-settings` and the settings page alike.
//!
//! A new forward address is saved unconfirmed and a mail goes to it, in Dutch and
//! English, with the link `{public_url}/settings/notifications/confirm?token=<token>`
//! (the page there confirms on a button press, so a mail scanner following the link
//! confirms nothing). Its `Message-ID` is `confirm-<uuid>@schoolbrug`, one per mail.
//!
//! When the mailer fails, the settings stay saved with the address unconfirmed (nothing is
//! forwarded to it) and the caller is told ([`SaveError::Mail`]). Saving the settings
//! again while the address is still unconfirmed — the same address, or another — sends a
//! fresh confirmation mail with a new token; the earlier link stops working. Saving never
//! sends a mail for an address that is confirmed.
//!
//! The mail's words are the adapter's ([`ConfirmationText`]: the HTTP adapter renders
//! them with its templates), so this crate holds no template engine. The token travels in
//! the mail only: it is never logged, never returned.

use std::future::Future;

use schoolbrug_kernel::{Actor, SchoolId};

use crate::error::MessagingError;
use crate::mailer::{MailError, Mailer, OutgoingMail};
use crate::service::{Messaging, SettingsChange};

/// The subject of the confirmation mail.
pub const CONFIRMATION_SUBJECT: &str =
    "Bevestig uw e-mailadres voor Schoolbrug / Confirm your e-mail address for Schoolbrug";

/// The two bodies of the confirmation mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmationBodies {
    /// The plain-text body.
    pub text: String,
    /// The HTML body (every value escaped).
    pub html: String,
}

/// Writes the confirmation mail's bodies: a port, so the words and their markup stay with
/// the adapter that owns the templates.
pub trait ConfirmationText: Send + Sync {
    /// The bodies for the school named `school` and the confirmation `link`.
    ///
    /// # Errors
    /// A description of why the bodies could not be written (for the log).
    fn bodies(&self, school: &str, link: &str) -> Result<ConfirmationBodies, String>;
}

/// What sending a confirmation mail needs from the caller.
#[derive(Clone, Copy)]
pub struct ConfirmationMail<'a> {
    /// Hands the mail to the mail server.
    pub mailer: &'a dyn Mailer,
    /// Writes the bodies.
    pub text: &'a dyn ConfirmationText,
    /// The address users reach the pages at, for the link.
    pub public_url: &'a str,
}

/// How saving went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved; no confirmation was needed (no address, or a confirmed one).
    Saved,
    /// Saved, and a confirmation mail went to the unconfirmed address.
    ConfirmationSent,
}

/// Why saving did not fully work.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The domain refused (nothing saved) or the store failed.
    #[error(transparent)]
    Messaging(#[from] MessagingError),
    /// The settings were saved, the address unconfirmed, but the confirmation mail could
    /// not be handed to the mail server (the reason is logged); saving again retries.
    #[error("the confirmation mail was not sent: {0}")]
    Mail(MailError),
}

/// The confirmation link for `token`.
#[must_use]
pub fn confirmation_link(public_url: &str, token: &str) -> String {
    let token: String = form_urlencoded(token);
    format!(
        "{}/settings/notifications/confirm?token={token}",
        public_url.trim_end_matches('/')
    )
}

/// `application/x-www-form-urlencoded` byte serialisation: unreserved bytes stay, a space
/// is `+`, everything else `%XX`.
fn form_urlencoded(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The confirmation mail to `to`, sent for the school `school` named `school_name`.
///
/// # Errors
/// When the bodies cannot be written.
pub fn confirmation_mail(
    text: &dyn ConfirmationText,
    school: SchoolId,
    school_name: &str,
    to: &str,
    link: &str,
) -> Result<OutgoingMail, String> {
    let bodies = text.bodies(school_name, link)?;
    Ok(OutgoingMail {
        school,
        message_id: format!("confirm-{}@schoolbrug", uuid::Uuid::now_v7()),
        from_name: school_name.to_owned(),
        from_address: None,
        to: to.to_owned(),
        subject: CONFIRMATION_SUBJECT.to_owned(),
        text: bodies.text,
        html: bodies.html,
    })
}

/// The address `change` asks for, as the domain reads it (trimmed; blank is none).
fn requested_address(change: &SettingsChange) -> Option<&str> {
    change
        .forward_email
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

impl Messaging {
    /// Saves `change` for `actor` ([`Messaging::change_settings`]) and, when the address
    /// waits for its confirmation, mails the confirmation link to it through `mail`.
    /// `school_name` is asked only when a mail goes out: the school's name makes the mail
    /// recognisable.
    ///
    /// # Errors
    /// [`SaveError::Messaging`] when the domain refuses or a store fails;
    /// [`SaveError::Mail`] when the settings were saved but the mail did not go out.
    pub async fn save_settings(
        &self,
        actor: &Actor,
        change: SettingsChange,
        mail: ConfirmationMail<'_>,
        school_name: impl Future<Output = String> + Send,
    ) -> Result<Saved, SaveError> {
        let address = requested_address(&change).map(str::to_owned);
        let token = self.change_settings(actor, change).await?;
        let (Some(token), Some(address)) = (token, address) else {
            return Ok(Saved::Saved);
        };
        let school_name = school_name.await;
        let link = confirmation_link(mail.public_url, token.expose());
        let outgoing = confirmation_mail(mail.text, actor.school, &school_name, &address, &link)
            .map_err(|e| {
                tracing::error!(error = %e, "the confirmation mail failed to render");
                SaveError::Mail(MailError::Temporary(
                    "the confirmation mail failed to render".to_owned(),
                ))
            })?;
        match mail.mailer.send(&outgoing).await {
            Ok(()) => {
                tracing::info!(
                    school = %actor.school,
                    account = %actor.account,
                    message_id = %outgoing.message_id,
                    "forward-address confirmation mail sent"
                );
                Ok(Saved::ConfirmationSent)
            }
            Err(e) => {
                tracing::warn!(
                    school = %actor.school,
                    account = %actor.account,
                    message_id = %outgoing.message_id,
                    error = %e,
                    "the forward-address confirmation mail was not sent; the address stays unconfirmed"
                );
                Err(SaveError::Mail(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_points_at_the_confirmation_page_of_the_public_url() {
        assert_eq!(
            confirmation_link("https://school.example/", "abc-_DEF"),
            "https://school.example/settings/notifications/confirm?token=abc-_DEF"
        );
        assert_eq!(
            confirmation_link("http://127.0.0.1:8080", "a+b"),
            "http://127.0.0.1:8080/settings/notifications/confirm?token=a%2Bb"
        );
    }
}
