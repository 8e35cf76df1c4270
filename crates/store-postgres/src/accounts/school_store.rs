//! The accounts `SchoolStore` on PostgreSQL: a school created with its first
//! administrator, and schools looked up by slug or id.

use async_trait::async_trait;
use schoolbrug_accounts::model::{Account, ResetCode, School, SchoolSlug};
use schoolbrug_accounts::ports::{SchoolStore, StoreError, StoreResult};
use schoolbrug_kernel::SchoolId;

use super::{PgAccountsStore, SELECT_SCHOOL, SchoolRow, commit, insert_account, upsert_reset_code};
use crate::error::translate;

#[async_trait]
impl SchoolStore for PgAccountsStore {
    async fn create_school(
        &self,
        school: &School,
        admin: &Account,
        code: &ResetCode,
    ) -> StoreResult<()> {
        let min_length = i32::try_from(school.min_password_length).map_err(|_| {
            StoreError::Unexpected(format!(
                "min_password_length {} out of range",
                school.min_password_length
            ))
        })?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO schools (id, slug, name, time_zone, min_password_length) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(school.id.as_uuid())
        .bind(school.slug.as_str())
        .bind(school.name.as_str())
        .bind(school.time_zone.name())
        .bind(min_length)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        let inserted = insert_account(admin)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        upsert_reset_code(code)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await
    }

    async fn school_by_slug(&self, slug: &SchoolSlug) -> StoreResult<Option<School>> {
        const SQL: &str = concat!(
            "SELECT ",
            school_columns!(),
            " FROM schools WHERE slug = $1"
        );
        let mut conn = self.reads.get().await?;
        let row = sqlx::query_as::<_, SchoolRow>(SQL)
            .bind(slug.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?;
        conn.finished();
        row.map(SchoolRow::into_school).transpose()
    }

    async fn school(&self, id: SchoolId) -> StoreResult<Option<School>> {
        let mut conn = self.reads.get().await?;
        let row = sqlx::query_as::<_, SchoolRow>(SELECT_SCHOOL)
            .bind(id.as_uuid())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?;
        conn.finished();
        row.map(SchoolRow::into_school).transpose()
    }

    async fn schools(&self) -> StoreResult<Vec<School>> {
        // Byte order ("C"), as the other adapters sort, whatever the database's locale.
        const SQL: &str = concat!(
            "SELECT ",
            school_columns!(),
            " FROM schools ORDER BY slug COLLATE \"C\""
        );
        sqlx::query_as::<_, SchoolRow>(SQL)
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?
            .into_iter()
            .map(SchoolRow::into_school)
            .collect()
    }
}
