//! The in-memory `SettingsStore`: notification settings, forwarding addresses and the
//! outbox list.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, Page, PageRequest, Role, SchoolId, SecretHash};

use super::InMemoryMessageStore;
use crate::model::{
    AddresseeKind, NewsAudience, NewsReach, NotificationSettings, OutboxRow, OutboxStatus,
};
use crate::ports::{MailAllowance, MailCounted, SettingsStore, StoreError, StoreResult};

#[async_trait]
impl SettingsStore for InMemoryMessageStore {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        Ok(self
            .lock()
            .settings
            .get(&account)
            .filter(|(s, _)| *s == school)
            .map(|(_, settings)| settings.clone())
            .unwrap_or_default())
    }

    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        state.settings.insert(account, (school, settings.clone()));
        match confirmation {
            Some(c) => {
                state.confirmations.insert(account, c);
            }
            None if settings.forward_email.is_none() => {
                state.confirmations.remove(&account);
            }
            None => {}
        }
        Ok(())
    }

    async fn put_settings_counting_mail(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: (SecretHash, DateTime<Utc>),
        now: DateTime<Utc>,
        allowance: MailAllowance,
    ) -> StoreResult<MailCounted> {
        // One lock: the count is checked and taken together.
        let mut state = self.lock();
        let counted = match state.confirmation_mails.get(&account) {
            Some(&(mails, opened)) if now < opened + allowance.window => {
                if mails >= allowance.mails {
                    return Ok(MailCounted::Refused {
                        until: opened + allowance.window,
                    });
                }
                (mails + 1, opened)
            }
            _ => (1, now),
        };
        state.confirmation_mails.insert(account, counted);
        let settings = NotificationSettings {
            forward_email_confirmed: false,
            ..settings.clone()
        };
        state.settings.insert(account, (school, settings));
        state.confirmations.insert(account, confirmation);
        Ok(MailCounted::Counted)
    }

    async fn confirm_forward_email(
        &self,
        school: SchoolId,
        account: AccountId,
        token: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        let valid = state
            .confirmations
            .get(&account)
            .is_some_and(|(hash, expires)| hash == token && now < *expires);
        let owns = state
            .settings
            .get(&account)
            .is_some_and(|(s, _)| *s == school);
        if !valid || !owns {
            return Ok(false);
        }
        state.confirmations.remove(&account);
        if let Some((_, settings)) = state.settings.get_mut(&account) {
            settings.forward_email_confirmed = true;
        }
        Ok(true)
    }

    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        let state = self.lock();
        Ok(accounts
            .iter()
            .filter_map(|id| {
                let (s, settings) = state.settings.get(id)?;
                (*s == school).then(|| settings.forward_to().map(|to| (*id, to.to_owned())))?
            })
            .collect())
    }

    async fn news_addresses(
        &self,
        school: SchoolId,
        audience: &[NewsAudience],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        let candidates: Vec<(AccountId, String)> = {
            let state = self.lock();
            state
                .settings
                .iter()
                .filter(|(_, (s, _))| *s == school)
                .filter_map(|(id, (_, settings))| settings.news_to().map(|to| (*id, to.to_owned())))
                .collect()
        };
        let mut found = Vec::new();
        for (id, to) in candidates {
            let Some(person) = self.directory.addressee(school, id).await? else {
                continue;
            };
            // A co-account is reached through its pupil.
            let (through, roles) = match &person.kind {
                AddresseeKind::Main(roles) => (id, roles.clone()),
                AddresseeKind::Co { pupil } => (*pupil, vec![Role::Pupil]),
            };
            let groups = self.directory.groups_of(school, through).await?;
            let reach = NewsReach {
                groups,
                roles,
                author: None,
            };
            if audience.iter().any(|a| match a {
                NewsAudience::School => true,
                NewsAudience::Group(g) => reach.groups.contains(g),
                NewsAudience::Role(r) => reach.roles.contains(r),
            }) {
                found.push((id, to));
            }
        }
        found.sort();
        Ok(found)
    }

    async fn outbox(
        &self,
        school: SchoolId,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>> {
        let before: Option<schoolbrug_kernel::OutboxId> = match page.after() {
            Some(c) => Some(c.key().parse().map_err(|_| StoreError::NotFound)?),
            None => None,
        };
        let state = self.lock();
        let mut rows: Vec<OutboxRow> = state
            .outbox
            .iter()
            .filter(|o| o.school == school && o.status == status && before.is_none_or(|b| o.id < b))
            .cloned()
            .collect();
        rows.sort_by_key(|o| std::cmp::Reverse(o.id));
        rows.truncate(page.limit() as usize + 1);
        Ok(Page::from_overfetch(rows, page, |o| o.id.to_string()))
    }
}
