//! The messaging `SettingsStore` on PostgreSQL: notification settings, the forwarding
//! address and its confirmation, the addresses mail is forwarded to, and the outbox as
//! the school's administrators list it.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::SecretHash;
use schoolbrug_kernel::{AccountId, Page, PageRequest, SchoolId};
use schoolbrug_messaging::model::{NewsAudience, NotificationSettings, OutboxRow, OutboxStatus};
use schoolbrug_messaging::ports::{
    MailAllowance, MailCounted, SettingsStore, StoreError, StoreResult,
};
use uuid::Uuid;

use super::{OutboxRecord, PgMessageStore, keyset_before};
use crate::accounts::{overfetch, uuids};
use crate::error::translate;

/// Above this many accounts, `forward_addresses` reads the school's forwarders instead
/// of sending the ids over.
const SCHOOL_FORWARDERS_ABOVE: usize = 256;

#[derive(sqlx::FromRow)]
struct SettingsRow {
    forward_email: Option<String>,
    forward_email_confirmed: bool,
    forward_messages: bool,
    notify_news: bool,
    push: bool,
}

impl From<SettingsRow> for NotificationSettings {
    fn from(row: SettingsRow) -> Self {
        NotificationSettings {
            forward_email: row.forward_email,
            forward_email_confirmed: row.forward_email_confirmed,
            forward_messages: row.forward_messages,
            notify_news: row.notify_news,
            push: row.push,
        }
    }
}

#[async_trait]
impl SettingsStore for PgMessageStore {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        Ok(sqlx::query_as::<_, SettingsRow>(
            "SELECT forward_email, forward_email_confirmed, forward_messages, notify_news, push \
             FROM notification_settings WHERE school_id = $1 AND account_id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(NotificationSettings::from)
        .unwrap_or_default())
    }

    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        // One statement. A new token replaces the earlier one; without one, the earlier
        // token stays while there is an address and goes with it. An account that is
        // not the school's breaks the foreign key: `NotFound`.
        let (token, expires) = match &confirmation {
            Some((hash, expires)) => (Some(hash.as_bytes().to_vec()), Some(*expires)),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO notification_settings AS s (school_id, account_id, forward_email, \
               forward_email_confirmed, forward_messages, notify_news, push, \
               confirm_token_hash, confirm_expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT ON CONSTRAINT notification_settings_pkey DO UPDATE SET \
               forward_email = EXCLUDED.forward_email, \
               forward_email_confirmed = EXCLUDED.forward_email_confirmed, \
               forward_messages = EXCLUDED.forward_messages, \
               notify_news = EXCLUDED.notify_news, \
               push = EXCLUDED.push, \
               confirm_token_hash = CASE \
                 WHEN EXCLUDED.confirm_token_hash IS NOT NULL THEN EXCLUDED.confirm_token_hash \
                 WHEN EXCLUDED.forward_email IS NULL THEN NULL \
                 ELSE s.confirm_token_hash END, \
               confirm_expires_at = CASE \
                 WHEN EXCLUDED.confirm_token_hash IS NOT NULL THEN EXCLUDED.confirm_expires_at \
                 WHEN EXCLUDED.forward_email IS NULL THEN NULL \
                 ELSE s.confirm_expires_at END",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(settings.forward_email.as_deref())
        .bind(settings.forward_email_confirmed)
        .bind(settings.forward_messages)
        .bind(settings.notify_news)
        .bind(settings.push)
        .bind(token)
        .bind(expires)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
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
        // One statement: ON CONFLICT locks the row and checks the WHERE against its latest
        // version, so parallel saves (any process) count one after the other. A window is
        // open while it started after `cutoff`.
        let cutoff = now - allowance.window;
        let (hash, expires_at) = confirmation;
        let saved = sqlx::query(
            "INSERT INTO notification_settings AS s (school_id, account_id, forward_email, \
               forward_email_confirmed, forward_messages, notify_news, push, \
               confirm_token_hash, confirm_expires_at, confirm_mails, confirm_window_start) \
             VALUES ($1, $2, $3, false, $4, $5, $6, $7, $8, 1, $9) \
             ON CONFLICT ON CONSTRAINT notification_settings_pkey DO UPDATE SET \
               forward_email = EXCLUDED.forward_email, \
               forward_email_confirmed = false, \
               forward_messages = EXCLUDED.forward_messages, \
               notify_news = EXCLUDED.notify_news, \
               push = EXCLUDED.push, \
               confirm_token_hash = EXCLUDED.confirm_token_hash, \
               confirm_expires_at = EXCLUDED.confirm_expires_at, \
               confirm_mails = CASE WHEN s.confirm_window_start > $10 \
                 THEN s.confirm_mails + 1 ELSE 1 END, \
               confirm_window_start = CASE WHEN s.confirm_window_start > $10 \
                 THEN s.confirm_window_start ELSE $9 END \
             WHERE s.confirm_window_start IS NULL OR s.confirm_window_start <= $10 \
                OR s.confirm_mails < $11",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(settings.forward_email.as_deref())
        .bind(settings.forward_messages)
        .bind(settings.notify_news)
        .bind(settings.push)
        .bind(hash.as_bytes().to_vec())
        .bind(expires_at)
        .bind(now)
        .bind(cutoff)
        .bind(i32::try_from(allowance.mails).unwrap_or(i32::MAX))
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        if saved.rows_affected() > 0 {
            return Ok(MailCounted::Counted);
        }
        let opened: Option<Option<DateTime<Utc>>> = sqlx::query_scalar(
            "SELECT confirm_window_start FROM notification_settings \
             WHERE school_id = $1 AND account_id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        match opened {
            Some(Some(opened)) => Ok(MailCounted::Refused {
                until: opened + allowance.window,
            }),
            _ => Err(StoreError::NotFound),
        }
    }

    async fn confirm_forward_email(
        &self,
        school: SchoolId,
        account: AccountId,
        token: &SecretHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // Only the account's own row, only with its token, only before it expires; the
        // token is used up. Two concurrent confirmations: one wins, the other finds the
        // token gone once it gets the row.
        let updated = sqlx::query(
            "UPDATE notification_settings SET forward_email_confirmed = TRUE, \
               confirm_token_hash = NULL, confirm_expires_at = NULL \
             WHERE school_id = $1 AND account_id = $2 AND confirm_token_hash = $3 \
               AND confirm_expires_at > $4",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(token.as_bytes().to_vec())
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(updated.rows_affected() > 0)
    }

    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        // A school-wide send asks about thousands of accounts, of whom few forward:
        // sending their ids over costs more (3.5 ms for 5,000) than reading every
        // forwarder of the school and keeping the ones asked about.
        if accounts.len() > SCHOOL_FORWARDERS_ABOVE {
            let rows: Vec<(Uuid, String)> = sqlx::query_as(
                "SELECT account_id, forward_email FROM notification_settings \
                 WHERE school_id = $1 AND forward_messages AND forward_email_confirmed \
                   AND forward_email IS NOT NULL",
            )
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
            let forwarders: HashMap<Uuid, String> = rows.into_iter().collect();
            // In the order asked for.
            return Ok(accounts
                .iter()
                .filter_map(|id| forwarders.get(&id.as_uuid()).map(|to| (*id, to.clone())))
                .collect());
        }
        // In the order asked for.
        let rows: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT s.account_id, s.forward_email \
             FROM UNNEST($2::uuid[]) WITH ORDINALITY AS a (id, n) \
             JOIN notification_settings AS s ON s.school_id = $1 AND s.account_id = a.id \
             WHERE s.forward_messages AND s.forward_email_confirmed \
               AND s.forward_email IS NOT NULL \
             ORDER BY a.n",
        )
        .bind(school.as_uuid())
        .bind(uuids(accounts))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows
            .into_iter()
            .map(|(id, to)| (AccountId::from_uuid(id), to))
            .collect())
    }

    async fn news_addresses(
        &self,
        school: SchoolId,
        audience: &[NewsAudience],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        let everyone = audience.contains(&NewsAudience::School);
        let groups: Vec<Uuid> = audience
            .iter()
            .filter_map(|a| match a {
                NewsAudience::Group(g) => Some(g.as_uuid()),
                _ => None,
            })
            .collect();
        let roles: Vec<&str> = audience
            .iter()
            .filter_map(|a| match a {
                NewsAudience::Role(r) => Some(r.as_str()),
                _ => None,
            })
            .collect();
        let pupils = roles.contains(&"pupil");
        // One statement: the school's accounts with news by e-mail on, each reached by the
        // school, a group it (or a co-account's pupil) is a member of, or a role it holds
        // (a co-account: `pupil`).
        let rows: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT a.id, s.forward_email FROM notification_settings AS s \
             JOIN accounts AS a ON a.school_id = s.school_id AND a.id = s.account_id \
             WHERE s.school_id = $1 AND s.notify_news AND s.forward_email_confirmed \
               AND s.forward_email IS NOT NULL \
               AND ($2 \
                    OR (a.kind = 'main' AND a.roles && $3::text[]) \
                    OR (a.kind = 'co' AND $4) \
                    OR EXISTS (SELECT 1 FROM group_members AS gm \
                        WHERE gm.school_id = a.school_id \
                          AND gm.account_id = coalesce(a.pupil_id, a.id) \
                          AND gm.group_id = ANY ($5::uuid[]))) \
             ORDER BY a.id",
        )
        .bind(school.as_uuid())
        .bind(everyone)
        .bind(&roles)
        .bind(pupils)
        .bind(&groups)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows
            .into_iter()
            .map(|(id, to)| (AccountId::from_uuid(id), to))
            .collect())
    }

    async fn outbox(
        &self,
        school: SchoolId,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> StoreResult<Page<OutboxRow>> {
        // Newest first: a backward range scan of (school_id, status, id DESC).
        const SQL: &str = concat!(
            "SELECT ",
            outbox_columns!(),
            " FROM outbox WHERE school_id = $1 AND status = $2 AND id < $3 \
              ORDER BY id DESC LIMIT $4"
        );
        let rows = sqlx::query_as::<_, OutboxRecord>(SQL)
            .bind(school.as_uuid())
            .bind(status.as_str())
            .bind(keyset_before(page)?)
            .bind(overfetch(page))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let items = rows
            .into_iter()
            .map(OutboxRecord::into_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(items, page, |o| o.id.to_string()))
    }
}
