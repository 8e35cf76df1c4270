//! Notification settings (with a confirmed forward address), the school's free days, and
//! the address book a composer picks recipients from.

use chrono::Duration;
use schoolbrug_kernel::SessionToken;
use schoolbrug_kernel::{Actor, Role, parse_mailbox};

use super::Messaging;
use crate::error::MessagingError;
use crate::model::{Addressee, GroupInfo, NotificationSettings};
use crate::ports::{MailAllowance, MailCounted};

/// How long a forward-address confirmation link works.
pub const CONFIRMATION_LIFETIME: Duration = Duration::days(7);

/// How many forward-address confirmation mails an account may be sent: a few per hour,
/// so that saving the settings cannot make the school's mail server send mail without
/// limit to an address someone typed in.
pub const CONFIRMATION_MAILS: MailAllowance = MailAllowance {
    mails: 3,
    window: Duration::hours(1),
};

/// New notification settings.
#[derive(Clone, Debug, Default)]
pub struct SettingsChange {
    /// The personal address to forward to; `None` removes it.
    pub forward_email: Option<String>,
    /// Forward every received message by e-mail.
    pub forward_messages: bool,
    /// Tell of news.
    pub notify_news: bool,
    /// Push to the app.
    pub push: bool,
}

/// Whom the actor may write to, for a recipient picker.
#[derive(Clone, Debug, Default)]
pub struct AddressBook {
    /// The school's staff.
    pub staff: Vec<Addressee>,
    /// The school's pupils (staff only).
    pub pupils: Vec<Addressee>,
    /// The school's groups (staff only).
    pub groups: Vec<GroupInfo>,
}

impl Messaging {
    /// The actor's notification settings.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn settings(&self, actor: &Actor) -> Result<NotificationSettings, MessagingError> {
        Ok(self.settings.settings(actor.school, actor.account).await?)
    }

    /// Saves the actor's notification settings. A new forward address stays unconfirmed
    /// (nothing is forwarded to it) until the token returned here, sent to that address,
    /// comes back through [`Messaging::confirm_forward_email`]. Saving while the address
    /// is still unconfirmed returns a fresh token (a resend); a confirmed address none.
    ///
    /// # Errors
    /// `Invalid` on `forward_email`; `Throttled` (nothing saved) when the account was
    /// sent its confirmation mails for the hour ([`CONFIRMATION_MAILS`]).
    pub async fn change_settings(
        &self,
        actor: &Actor,
        change: SettingsChange,
    ) -> Result<Option<SessionToken>, MessagingError> {
        let current = self.settings.settings(actor.school, actor.account).await?;
        let address = match change
            .forward_email
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(raw) => Some(parse_mailbox("forward_email", raw)?),
            None => None,
        };
        let same_address = address.as_deref().map(str::to_lowercase)
            == current.forward_email.as_deref().map(str::to_lowercase);
        let mut settings = NotificationSettings {
            forward_email: address.clone(),
            forward_email_confirmed: same_address && current.forward_email_confirmed,
            forward_messages: change.forward_messages,
            notify_news: change.notify_news,
            push: change.push,
        };
        // A new address, or the same one still unconfirmed (saving again resends the
        // confirmation; the earlier link stops working).
        let token =
            (address.is_some() && !settings.forward_email_confirmed).then(SessionToken::generate);
        if address.is_none() {
            settings.forward_email_confirmed = false;
        }
        let Some(token) = token else {
            self.settings
                .put_settings(actor.school, actor.account, &settings, None)
                .await?;
            return Ok(None);
        };
        // A token means a mail: saving and counting it is one step of the store, so
        // parallel saves cannot send more than the allowance between them.
        let now = self.clock.now();
        let counted = self
            .settings
            .put_settings_counting_mail(
                actor.school,
                actor.account,
                &settings,
                (token.hash(), now + CONFIRMATION_LIFETIME),
                now,
                self.confirmation_mails,
            )
            .await?;
        match counted {
            MailCounted::Counted => Ok(Some(token)),
            MailCounted::Refused { until } => Err(MessagingError::Throttled {
                retry_after_secs: u64::try_from((until - now).num_seconds())
                    .unwrap_or(0)
                    .max(1),
            }),
        }
    }

    /// Confirms the actor's forward address with the token mailed to it.
    ///
    /// # Errors
    /// `InvalidToken` for an unknown or expired token.
    pub async fn confirm_forward_email(
        &self,
        actor: &Actor,
        token: &str,
    ) -> Result<(), MessagingError> {
        let token = SessionToken::from_client(token);
        if self
            .settings
            .confirm_forward_email(actor.school, actor.account, &token.hash(), self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(MessagingError::InvalidToken)
        }
    }

    /// Whom the actor may write to: staff for everyone; pupils and groups for staff.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn address_book(&self, actor: &Actor) -> Result<AddressBook, MessagingError> {
        let mut staff: Vec<Addressee> = Vec::new();
        for role in [Role::Teacher, Role::Counsellor, Role::Admin] {
            for a in self.directory.with_role(actor.school, role).await? {
                if !staff.iter().any(|s| s.id == a.id) {
                    staff.push(a);
                }
            }
        }
        staff.sort_by(|a, b| a.name.cmp(&b.name));
        if !actor.is_staff() {
            return Ok(AddressBook {
                staff,
                ..AddressBook::default()
            });
        }
        let mut pupils = self.directory.with_role(actor.school, Role::Pupil).await?;
        pupils.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(AddressBook {
            staff,
            pupils,
            groups: self.directory.groups(actor.school).await?,
        })
    }
}
