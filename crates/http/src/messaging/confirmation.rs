//! Saving notification settings with the forward-address confirmation mail, for the API
//! (`PUT /api/v1/me/notification-settings`) and the settings page alike.
//!
//! A new forward address is saved unconfirmed and a mail goes to it, in Dutch and
//! English, with the link `{public_url}/settings/notifications/confirm?token=<token>`
//! (the page there confirms on a button press, so a mail scanner following the link
//! confirms nothing). Its `Message-ID` is `confirm-<uuid>@schoolbrug`, one per mail.
//!
//! When the mailer fails, the settings stay saved with the address unconfirmed (nothing is
//! forwarded to it) and the caller is told (the API answers 503, the page shows why).
//! Saving the settings again while the address is still unconfirmed — the same address,
//! or another — sends a fresh confirmation mail with a new token; the earlier link stops
//! working. Saving never sends a mail for an address that is confirmed.
//!
//! The token travels in the mail only: it is never logged, never shown on a page, never
//! in an answer.

use askama::Template;
use schoolbrug_accounts::model::SessionToken;
use schoolbrug_kernel::Actor;
use schoolbrug_messaging::mailer::{MailError, OutgoingMail};
use schoolbrug_messaging::{MessagingError, SettingsChange};

use crate::core::state::AppState;

/// How saving went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Saved {
    /// Saved; no confirmation was needed (no address, or a confirmed one).
    Saved,
    /// Saved, and a confirmation mail went to the unconfirmed address.
    ConfirmationSent,
}

/// Why saving did not fully work.
#[derive(Debug)]
pub(crate) enum SaveError {
    /// The domain refused (nothing saved) or the store failed.
    Messaging(MessagingError),
    /// The settings were saved, the address unconfirmed, but the confirmation mail could
    /// not be handed to the mail server (the reason is logged); saving again retries.
    Mail,
}

impl From<MessagingError> for SaveError {
    fn from(e: MessagingError) -> Self {
        Self::Messaging(e)
    }
}

/// The address `change` asks for, as the domain reads it (trimmed; blank is none).
fn requested_address(change: &SettingsChange) -> Option<&str> {
    change
        .forward_email
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

/// Saves `change` for `actor` and, when the address waits for its confirmation, mails the
/// confirmation link to it.
///
/// # Errors
/// [`SaveError::Messaging`] when the domain refuses or a store fails;
/// [`SaveError::Mail`] when the settings were saved but the mail did not go out.
pub(crate) async fn save_settings(
    state: &AppState,
    actor: &Actor,
    change: SettingsChange,
) -> Result<Saved, SaveError> {
    let address = requested_address(&change).map(str::to_owned);
    let token = state.messaging.change_settings(actor, change).await?;
    match (token, address) {
        (Some(token), Some(address)) => {
            send_confirmation(state, actor, &address, &token)
                .await
                .map_err(|_| SaveError::Mail)?;
            Ok(Saved::ConfirmationSent)
        }
        _ => Ok(Saved::Saved),
    }
}

#[derive(Template)]
#[template(path = "mail/confirm_forward.txt", escape = "none")]
struct ConfirmText<'a> {
    school: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "mail/confirm_forward.html")]
struct ConfirmHtml<'a> {
    school: &'a str,
    link: &'a str,
}

/// The subject of the confirmation mail.
pub const CONFIRMATION_SUBJECT: &str =
    "Bevestig uw e-mailadres voor Schoolbrug / Confirm your e-mail address for Schoolbrug";

/// The confirmation link for `token`.
#[must_use]
pub fn confirmation_link(public_url: &str, token: &str) -> String {
    let token: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
    format!(
        "{}/settings/notifications/confirm?token={token}",
        public_url.trim_end_matches('/')
    )
}

/// The confirmation mail to `to` for `token`, sent for the school named `school`.
///
/// # Errors
/// A template error (never expected: the templates take plain strings).
fn confirmation_mail(
    actor: &Actor,
    school: &str,
    to: &str,
    link: &str,
) -> Result<OutgoingMail, askama::Error> {
    Ok(OutgoingMail {
        school: actor.school,
        message_id: format!("confirm-{}@schoolbrug", uuid::Uuid::now_v7()),
        from_name: school.to_owned(),
        from_address: None,
        to: to.to_owned(),
        subject: CONFIRMATION_SUBJECT.to_owned(),
        text: ConfirmText { school, link }.render()?,
        html: ConfirmHtml { school, link }.render()?,
    })
}

/// Hands the confirmation mail to the mailer, within half the request timeout.
async fn send_confirmation(
    state: &AppState,
    actor: &Actor,
    to: &str,
    token: &SessionToken,
) -> Result<(), MailError> {
    // The school's name makes the mail recognisable; without it the platform's name.
    let school = match state.accounts.me(actor).await {
        Ok(me) => me.school.name.as_str().to_owned(),
        Err(_) => "Schoolbrug".to_owned(),
    };
    let link = confirmation_link(&state.config.public_url, token.expose());
    let mail = confirmation_mail(actor, &school, to, &link).map_err(|e| {
        tracing::error!(error = %e, "the confirmation mail failed to render");
        MailError::Temporary("the confirmation mail failed to render".to_owned())
    })?;
    let limit = state.config.request_timeout / 2;
    let sent = match tokio::time::timeout(limit, state.mailer.send(&mail)).await {
        Ok(sent) => sent,
        Err(_) => Err(MailError::Temporary(format!(
            "the mail server did not answer within {} s",
            limit.as_secs()
        ))),
    };
    match &sent {
        Ok(()) => tracing::info!(
            school = %actor.school,
            account = %actor.account,
            message_id = %mail.message_id,
            "forward-address confirmation mail sent"
        ),
        Err(e) => tracing::warn!(
            school = %actor.school,
            account = %actor.account,
            message_id = %mail.message_id,
            error = %e,
            "the forward-address confirmation mail was not sent; the address stays unconfirmed"
        ),
    }
    sent
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use schoolbrug_kernel::{AccountId, ActorKind, SchoolId};

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

    #[test]
    fn the_mail_is_dutch_and_english_with_the_link_in_both_bodies_and_escaped_html() {
        let actor = Actor {
            school: SchoolId::new(),
            account: AccountId::new(),
            kind: ActorKind::Main { roles: vec![] },
        };
        let link = "https://school.example/settings/notifications/confirm?token=t0k&x=1";
        let mail =
            confirmation_mail(&actor, "Sint-Jan <Brugge>", "ouder@example.org", link).unwrap();

        assert!(mail.message_id.starts_with("confirm-"));
        assert!(mail.message_id.ends_with("@schoolbrug"));
        assert_eq!(mail.to, "ouder@example.org");
        assert!(mail.text.contains(link));
        assert!(mail.text.contains("Bevestig") && mail.text.contains("Confirm"));
        assert!(mail.text.contains("Sint-Jan <Brugge>"));
        assert!(mail.html.contains("token=t0k&#38;x=1"));
        assert!(mail.html.contains("Sint-Jan &#60;Brugge&#62;"));
        assert!(!mail.html.contains("<Brugge>"));
    }
}
