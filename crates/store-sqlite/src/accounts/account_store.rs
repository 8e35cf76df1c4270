//! The accounts `AccountStore` on SQLite: accounts and co-accounts written, looked up,
//! listed in keyset pages with filters, and erased; terms acceptance.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{Account, AccountFilter, PasswordHash, Username};
use schoolbrug_accounts::ports::{AccountStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, Page, PageRequest, SchoolId};
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Row as _};

use super::{
    AccountRow, NO_ID, SELECT_ACCOUNT, SqliteAccountsStore, accounts_from, cursor_id,
    insert_account, limit_plus_one,
};
use crate::error::translate;

/// `%text%` for `LIKE … ESCAPE '\'`, with the wildcards of `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[async_trait]
impl AccountStore for SqliteAccountsStore {
    async fn insert_account(&self, account: &Account) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        insert_account(&mut conn, account).await
    }

    async fn account(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Account>> {
        sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(Account::try_from)
            .transpose()
    }

    async fn account_by_username(
        &self,
        school: SchoolId,
        username: &Username,
    ) -> StoreResult<Option<(Account, Option<PasswordHash>)>> {
        let row: Option<SqliteRow> = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            ", password_hash FROM accounts WHERE school_id = ?1 AND username = ?2"
        ))
        .bind(school.as_uuid())
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let password: Option<String> = row.try_get("password_hash").map_err(translate)?;
        let account = Account::try_from(AccountRow::from_row(&row).map_err(translate)?)?;
        Ok(Some((account, password.map(PasswordHash::from_phc))))
    }

    async fn list_accounts(
        &self,
        school: SchoolId,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Account>> {
        let after = cursor_id(page)?.unwrap_or(NO_ID);
        let role = filter.role.map(|r| format!(",{},", r.as_str()));
        let text = filter.query.as_deref().map(contains_pattern);
        let rows = sqlx::query_as::<_, AccountRow>(concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts \
             WHERE school_id = ?1 AND id > ?2 \
               AND (?3 IS NULL OR (kind = 'main' AND instr(',' || roles || ',', ?3) > 0)) \
               AND (?4 IS NULL OR username LIKE ?4 ESCAPE '\\' \
                    OR first_name LIKE ?4 ESCAPE '\\' OR last_name LIKE ?4 ESCAPE '\\') \
             ORDER BY id \
             LIMIT ?5"
        ))
        .bind(school.as_uuid())
        .bind(after)
        .bind(role)
        .bind(text)
        .bind(limit_plus_one(page))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(Page::from_overfetch(accounts_from(rows)?, page, |a| {
            a.id.to_string()
        }))
    }

    async fn co_accounts(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<Account>> {
        let rows = sqlx::query_as::<_, AccountRow>(concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE school_id = ?1 AND pupil_id = ?2 ORDER BY slot"
        ))
        .bind(school.as_uuid())
        .bind(pupil.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        accounts_from(rows)
    }

    async fn accept_terms(
        &self,
        school: SchoolId,
        account: AccountId,
        version: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let updated = sqlx::query(
            "UPDATE accounts SET terms_version = ?3, terms_accepted_at = ?4 \
             WHERE school_id = ?1 AND id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(version)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn record_visit(
        &self,
        school: SchoolId,
        account: AccountId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        // One write transaction: SQLite lets one writer in at a time, so the read and the
        // write of two visits cannot interleave.
        let mut tx = self.begin_write().await?;
        let previous: Option<(Option<DateTime<Utc>>,)> =
            sqlx::query_as("SELECT last_visit_at FROM accounts WHERE school_id = ?1 AND id = ?2")
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .fetch_optional(&mut *tx)
                .await
                .map_err(translate)?;
        let Some((previous,)) = previous else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("UPDATE accounts SET last_visit_at = ?3 WHERE school_id = ?1 AND id = ?2")
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        tx.commit().await.map_err(translate)?;
        Ok(previous)
    }

    async fn erase_accounts(&self, school: SchoolId, accounts: &[AccountId]) -> StoreResult<()> {
        if accounts.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for id in accounts {
            // Sessions, codes, memberships and co-accounts follow by ON DELETE CASCADE;
            // audit events have no reference and stay.
            sqlx::query("DELETE FROM accounts WHERE school_id = ?1 AND id = ?2")
                .bind(school.as_uuid())
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }
}
