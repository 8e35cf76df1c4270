//! The messaging `SettingsStore` on SQLite: notification settings, the forwarding address
//! and its confirmation, the addresses mail is forwarded to, and the outbox as the
//! school's administrators list it.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::SecretHash;
use schoolbrug_kernel::{AccountId, Page, PageRequest, SchoolId};
use schoolbrug_messaging::model::{NewsAudience, NotificationSettings, OutboxRow, OutboxStatus};
use schoolbrug_messaging::ports::{
    MailAllowance, MailCounted, SettingsStore, StoreError, StoreResult,
};
use sqlx::{FromRow, QueryBuilder, Sqlite};
use uuid::Uuid;

use super::{OutboxDbRow, SqliteMessageStore};
use crate::accounts::{LAST_ID, cursor_id, limit_plus_one};
use crate::error::translate;

/// Account ids per `IN (…)` list.
const IDS_PER_QUERY: usize = 500;

#[derive(FromRow)]
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
impl SettingsStore for SqliteMessageStore {
    async fn settings(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<NotificationSettings> {
        let row = sqlx::query_as::<_, SettingsRow>(
            "SELECT forward_email, forward_email_confirmed, forward_messages, notify_news, push \
             FROM notification_settings WHERE school_id = ?1 AND account_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        Ok(row.map(NotificationSettings::from).unwrap_or_default())
    }

    async fn put_settings(
        &self,
        school: SchoolId,
        account: AccountId,
        settings: &NotificationSettings,
        confirmation: Option<(SecretHash, DateTime<Utc>)>,
    ) -> StoreResult<()> {
        // A new address (with a confirmation) is stored unconfirmed and replaces any earlier
        // token; without one, the pending token stays unless the address is removed.
        let confirmed = settings.forward_email_confirmed && confirmation.is_none();
        let (token_hash, expires_at) = match &confirmation {
            Some((hash, expires_at)) => (Some(&hash.as_bytes()[..]), Some(*expires_at)),
            None => (None, None),
        };
        let saved = sqlx::query(
            "INSERT INTO notification_settings (school_id, account_id, forward_email, \
                 forward_email_confirmed, forward_messages, notify_news, push, \
                 confirm_token_hash, confirm_expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (school_id, account_id) DO UPDATE SET \
                 forward_email = excluded.forward_email, \
                 forward_email_confirmed = excluded.forward_email_confirmed, \
                 forward_messages = excluded.forward_messages, \
                 notify_news = excluded.notify_news, \
                 push = excluded.push, \
                 confirm_token_hash = CASE \
                     WHEN ?8 IS NOT NULL OR ?3 IS NULL THEN excluded.confirm_token_hash \
                     ELSE notification_settings.confirm_token_hash END, \
                 confirm_expires_at = CASE \
                     WHEN ?8 IS NOT NULL OR ?3 IS NULL THEN excluded.confirm_expires_at \
                     ELSE notification_settings.confirm_expires_at END \
             WHERE notification_settings.school_id = excluded.school_id",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(settings.forward_email.as_deref())
        .bind(confirmed)
        .bind(settings.forward_messages)
        .bind(settings.notify_news)
        .bind(settings.push)
        .bind(token_hash)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        // Nothing saved: the account belongs to another school.
        if saved.rows_affected() == 0 {
            return Err(StoreError::NotFound);
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
        // One statement, so SQLite's single writer checks and counts together. Times compare
        // as the RFC 3339 text sqlx writes; a window is open while it started after `cutoff`.
        let cutoff = now - allowance.window;
        let (hash, expires_at) = confirmation;
        let saved = sqlx::query(
            "INSERT INTO notification_settings (school_id, account_id, forward_email, \
                 forward_email_confirmed, forward_messages, notify_news, push, \
                 confirm_token_hash, confirm_expires_at, confirm_mails, confirm_window_start) \
             VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, 1, ?9) \
             ON CONFLICT (school_id, account_id) DO UPDATE SET \
                 forward_email = excluded.forward_email, \
                 forward_email_confirmed = 0, \
                 forward_messages = excluded.forward_messages, \
                 notify_news = excluded.notify_news, \
                 push = excluded.push, \
                 confirm_token_hash = excluded.confirm_token_hash, \
                 confirm_expires_at = excluded.confirm_expires_at, \
                 confirm_mails = CASE WHEN notification_settings.confirm_window_start > ?10 \
                     THEN notification_settings.confirm_mails + 1 ELSE 1 END, \
                 confirm_window_start = CASE \
                     WHEN notification_settings.confirm_window_start > ?10 \
                     THEN notification_settings.confirm_window_start ELSE ?9 END \
             WHERE notification_settings.confirm_window_start IS NULL \
                OR notification_settings.confirm_window_start <= ?10 \
                OR notification_settings.confirm_mails < ?11",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(settings.forward_email.as_deref())
        .bind(settings.forward_messages)
        .bind(settings.notify_news)
        .bind(settings.push)
        .bind(&hash.as_bytes()[..])
        .bind(expires_at)
        .bind(now)
        .bind(cutoff)
        .bind(i64::from(allowance.mails))
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        if saved.rows_affected() > 0 {
            return Ok(MailCounted::Counted);
        }
        let opened: Option<Option<DateTime<Utc>>> = sqlx::query_scalar(
            "SELECT confirm_window_start FROM notification_settings \
             WHERE school_id = ?1 AND account_id = ?2",
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
        // Times compare as the RFC 3339 text sqlx writes, which sorts like the times.
        let confirmed = sqlx::query(
            "UPDATE notification_settings SET forward_email_confirmed = 1, \
                 confirm_token_hash = NULL, confirm_expires_at = NULL \
             WHERE school_id = ?1 AND account_id = ?2 \
               AND confirm_token_hash = ?3 AND confirm_expires_at > ?4",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(&token.as_bytes()[..])
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(confirmed.rows_affected() > 0)
    }

    async fn forward_addresses(
        &self,
        school: SchoolId,
        accounts: &[AccountId],
    ) -> StoreResult<Vec<(AccountId, String)>> {
        let mut found: HashMap<Uuid, String> = HashMap::new();
        for ids in accounts.chunks(IDS_PER_QUERY) {
            let mut select = QueryBuilder::<Sqlite>::new(
                "SELECT account_id, forward_email FROM notification_settings \
                 WHERE forward_email IS NOT NULL AND forward_email_confirmed = 1 \
                   AND forward_messages = 1 AND school_id = ",
            );
            select
                .push_bind(school.as_uuid())
                .push(" AND account_id IN (");
            let mut list = select.separated(", ");
            for id in ids {
                list.push_bind(id.as_uuid());
            }
            select.push(")");
            let rows: Vec<(Uuid, String)> = select
                .build_query_as()
                .fetch_all(&self.pool)
                .await
                .map_err(translate)?;
            found.extend(rows);
        }
        // In the order asked.
        Ok(accounts
            .iter()
            .filter_map(|id| {
                found
                    .get(&id.as_uuid())
                    .map(|address| (*id, address.clone()))
            })
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
        let roles = serde_json::to_string(&roles)
            .map_err(|e| StoreError::Unexpected(format!("cannot encode roles: {e}")))?;
        // One statement: the school's accounts with news by e-mail on (the settings' key),
        // each reached by the school, a group it (or a co-account's pupil) is a member of,
        // or a role it holds (a co-account: `pupil`).
        let mut select = QueryBuilder::<Sqlite>::new(
            "SELECT a.id, s.forward_email FROM notification_settings AS s \
             JOIN accounts AS a ON a.school_id = s.school_id AND a.id = s.account_id \
             WHERE s.school_id = ",
        );
        select
            .push_bind(school.as_uuid())
            .push(
                " AND s.notify_news = 1 AND s.forward_email_confirmed = 1 \
                 AND s.forward_email IS NOT NULL AND (",
            )
            .push_bind(everyone)
            .push(" OR (a.kind = 'main' AND EXISTS (SELECT 1 FROM json_each(")
            .push_bind(roles)
            .push(
                ") AS r WHERE instr(',' || a.roles || ',', ',' || r.value || ',') > 0)) \
                 OR (a.kind = 'co' AND ",
            )
            .push_bind(pupils)
            .push(")");
        if !groups.is_empty() {
            select.push(
                " OR EXISTS (SELECT 1 FROM group_members AS gm \
                 WHERE gm.school_id = a.school_id \
                   AND gm.account_id = coalesce(a.pupil_id, a.id) AND gm.group_id IN (",
            );
            let mut list = select.separated(", ");
            for id in &groups {
                list.push_bind(*id);
            }
            select.push("))");
        }
        select.push(") ORDER BY a.id");
        let rows: Vec<(Uuid, String)> = select
            .build_query_as()
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
        let before = cursor_id(page)?.unwrap_or(LAST_ID);
        let rows = sqlx::query_as::<_, OutboxDbRow>(
            "SELECT school_id, id, message_id, news_id, recipient_id, to_address, subject, \
                 status, attempts, last_error, next_attempt_at, created_at \
             FROM outbox WHERE school_id = ?1 AND status = ?2 AND id < ?3 \
             ORDER BY id DESC LIMIT ?4",
        )
        .bind(school.as_uuid())
        .bind(status.as_str())
        .bind(before)
        .bind(limit_plus_one(page))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        let rows = rows
            .into_iter()
            .map(OutboxRow::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(rows, page, |o| o.id.to_string()))
    }
}
