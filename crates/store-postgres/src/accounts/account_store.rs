//! The accounts `AccountStore` on PostgreSQL: accounts and co-accounts written, looked up,
//! listed in keyset pages with filters, and erased; terms acceptance.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_accounts::model::{Account, AccountFilter, PasswordHash, Username};
use schoolbrug_accounts::ports::{AccountStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, Page, PageRequest, Role, SchoolId};
use uuid::Uuid;

use super::{
    AccountRow, AccountWithPasswordRow, PgAccountsStore, SELECT_ACCOUNT, cursor_id, insert_account,
    overfetch, uuids,
};
use crate::error::translate;

/// A `LIKE` pattern that finds `text` anywhere, with `\`, `%` and `_` taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[async_trait]
impl AccountStore for PgAccountsStore {
    async fn insert_account(&self, account: &Account) -> StoreResult<()> {
        let inserted = insert_account(account)
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        if inserted.rows_affected() == 0 {
            // The co-account's pupil is no main account of this school.
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn account(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Account>> {
        sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(AccountRow::into_account)
            .transpose()
    }

    async fn account_by_username(
        &self,
        school: SchoolId,
        username: &Username,
    ) -> StoreResult<Option<(Account, Option<PasswordHash>)>> {
        // Usernames are stored in lower case (a CHECK holds it) and `Username` is lower
        // case: equality is the case-insensitive match, on the unique index.
        const SQL: &str = concat!(
            "SELECT ",
            account_columns!(),
            ", password_hash FROM accounts WHERE school_id = $1 AND username = $2"
        );
        let mut conn = self.reads.get().await?;
        let found = sqlx::query_as::<_, AccountWithPasswordRow>(SQL)
            .bind(school.as_uuid())
            .bind(username.as_str().to_lowercase())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?;
        conn.finished();
        let Some(row) = found else {
            return Ok(None);
        };
        let hash = row.password_hash.map(PasswordHash::from_phc);
        Ok(Some((row.account.into_account()?, hash)))
    }

    async fn list_accounts(
        &self,
        school: SchoolId,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Account>> {
        // A range scan of (school_id, id) after the cursor (the nil UUID sorts first);
        // the filters are checked on the rows it visits.
        const SQL: &str = concat!(
            "SELECT ",
            account_columns!(),
            r" FROM accounts WHERE school_id = $1 AND id > $2
               AND ($3::text IS NULL OR $3 = ANY (roles))
               AND ($4::text IS NULL OR username ILIKE $4 ESCAPE '\'
                    OR first_name ILIKE $4 ESCAPE '\' OR last_name ILIKE $4 ESCAPE '\')
               ORDER BY id LIMIT $5"
        );
        let after = cursor_id(page)?.unwrap_or(Uuid::nil());
        let rows = sqlx::query_as::<_, AccountRow>(SQL)
            .bind(school.as_uuid())
            .bind(after)
            .bind(filter.role.map(Role::as_str))
            .bind(filter.query.as_deref().map(contains_pattern))
            .bind(overfetch(page))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let items = rows
            .into_iter()
            .map(AccountRow::into_account)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(items, page, |a| a.id.to_string()))
    }

    async fn co_accounts(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<Account>> {
        const SQL: &str = concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE school_id = $1 AND pupil_id = $2 ORDER BY slot"
        );
        sqlx::query_as::<_, AccountRow>(SQL)
            .bind(school.as_uuid())
            .bind(pupil.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?
            .into_iter()
            .map(AccountRow::into_account)
            .collect()
    }

    async fn accept_terms(
        &self,
        school: SchoolId,
        account: AccountId,
        version: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let updated = sqlx::query(
            "UPDATE accounts SET terms_version = $3, terms_accepted_at = $4 \
             WHERE school_id = $1 AND id = $2",
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
        // One statement: the row is locked while its old value is read and the new one
        // written, so of two visits at once the second returns the first's time.
        let previous: Option<(Option<DateTime<Utc>>,)> = sqlx::query_as(
            "UPDATE accounts a SET last_visit_at = $3 \
             FROM (SELECT last_visit_at AS previous FROM accounts \
                   WHERE school_id = $1 AND id = $2 FOR UPDATE) old \
             WHERE a.school_id = $1 AND a.id = $2 \
             RETURNING old.previous",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(at)
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        previous.map(|(p,)| p).ok_or(StoreError::NotFound)
    }

    async fn erase_accounts(&self, school: SchoolId, accounts: &[AccountId]) -> StoreResult<()> {
        if accounts.is_empty() {
            return Ok(());
        }
        // One statement, so all or nothing: the foreign keys' ON DELETE CASCADE take the
        // sessions, the codes and the group memberships with the accounts (and the
        // co-accounts of an erased pupil); the password is a column. Audit events have
        // no foreign key and stay. Ids of another school match no row.
        sqlx::query("DELETE FROM accounts WHERE school_id = $1 AND id = ANY ($2)")
            .bind(school.as_uuid())
            .bind(uuids(accounts))
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(contains_pattern("a_b%c\\d"), r"%a\_b\%c\\d%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
