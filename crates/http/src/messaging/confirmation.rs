//! The adapter's side of saving notification settings with the forward-address
//! confirmation mail: the use case is the domain's
//! ([`Messaging::save_settings`](schoolbrug_messaging::Messaging::save_settings), in
//! `crates/messaging/src/forwarding/confirmation.rs`); this file gives it the mail's bodies
//! from the askama templates (`templates/mail/confirm_forward.*`), the mailer within half
//! the request timeout, the public address for the link and the school's name, for the API
//! (`PUT /api/v1/me/notification-settings`) and the settings page alike.

use askama::Template;
use async_trait::async_trait;
use schoolbrug_kernel::Actor;
use schoolbrug_messaging::SettingsChange;
use schoolbrug_messaging::forwarding::confirmation::{
    ConfirmationBodies, ConfirmationMail, ConfirmationText, SaveError, Saved,
};
use schoolbrug_messaging::mailer::{MailError, Mailer, OutgoingMail};

use crate::core::state::AppState;

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

/// The confirmation mail's bodies from the templates.
struct Templates;

impl ConfirmationText for Templates {
    fn bodies(&self, school: &str, link: &str) -> Result<ConfirmationBodies, String> {
        Ok(ConfirmationBodies {
            text: ConfirmText { school, link }
                .render()
                .map_err(|e| e.to_string())?,
            html: ConfirmHtml { school, link }
                .render()
                .map_err(|e| e.to_string())?,
        })
    }
}

/// The mailer, given up on after `limit`: a request must not wait for a slow mail server.
struct Within<'a> {
    mailer: &'a dyn Mailer,
    limit: std::time::Duration,
}

#[async_trait]
impl Mailer for Within<'_> {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        match tokio::time::timeout(self.limit, self.mailer.send(mail)).await {
            Ok(sent) => sent,
            Err(_) => Err(MailError::Temporary(format!(
                "the mail server did not answer within {} s",
                self.limit.as_secs()
            ))),
        }
    }
}

/// Saves `change` for `actor` and, when the address waits for its confirmation, mails the
/// confirmation link to it (see the domain's use case for the rules).
///
/// # Errors
/// [`SaveError::Messaging`] when the domain refuses or a store fails;
/// [`SaveError::Mail`] when the settings were saved but the mail did not go out.
pub(crate) async fn save_settings(
    state: &AppState,
    actor: &Actor,
    change: SettingsChange,
) -> Result<Saved, SaveError> {
    let mailer = Within {
        mailer: state.mailer.as_ref(),
        limit: state.config.request_timeout / 2,
    };
    let mail = ConfirmationMail {
        mailer: &mailer,
        text: &Templates,
        public_url: &state.config.public_url,
    };
    // The school's name makes the mail recognisable; without it the platform's name.
    let school_name = async {
        match state.accounts.me(actor).await {
            Ok(me) => me.school.name.as_str().to_owned(),
            Err(_) => "Schoolbrug".to_owned(),
        }
    };
    state
        .messaging
        .save_settings(actor, change, mail, school_name)
        .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use schoolbrug_kernel::SchoolId;
    use schoolbrug_messaging::forwarding::confirmation::confirmation_mail;

    use super::*;

    #[test]
    fn the_mail_is_dutch_and_english_with_the_link_in_both_bodies_and_escaped_html() {
        let link = "https://school.example/settings/notifications/confirm?token=t0k&x=1";
        let mail = confirmation_mail(
            &Templates,
            SchoolId::new(),
            "Sint-Jan <Brugge>",
            "ouder@example.org",
            link,
        )
        .unwrap();

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
