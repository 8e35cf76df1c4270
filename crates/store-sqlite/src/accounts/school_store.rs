//! The accounts `SchoolStore` on SQLite: a school created with its first administrator,
//! and schools looked up by slug or id.

use async_trait::async_trait;
use schoolbrug_accounts::model::{Account, ResetCode, School, SchoolSlug};
use schoolbrug_accounts::ports::{SchoolStore, StoreError, StoreResult};
use schoolbrug_kernel::SchoolId;

use super::{
    SELECT_SCHOOL, SchoolRow, SqliteAccountsStore, insert_account, schools_from, upsert_reset_code,
};
use crate::error::translate;

#[async_trait]
impl SchoolStore for SqliteAccountsStore {
    async fn create_school(
        &self,
        school: &School,
        admin: &Account,
        code: &ResetCode,
    ) -> StoreResult<()> {
        let min_password_length = i64::try_from(school.min_password_length)
            .map_err(|_| StoreError::Unexpected("min_password_length out of range".into()))?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO schools (id, slug, name, time_zone, min_password_length, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(school.id.as_uuid())
        .bind(school.slug.as_str())
        .bind(school.name.as_str())
        .bind(school.time_zone.name())
        .bind(min_password_length)
        // `School` carries no creation time; the school is made with its first admin.
        .bind(admin.created_at)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        insert_account(&mut tx, admin).await?;
        upsert_reset_code(&mut tx, code).await?;
        tx.commit().await.map_err(translate)
    }

    async fn school_by_slug(&self, slug: &SchoolSlug) -> StoreResult<Option<School>> {
        sqlx::query_as::<_, SchoolRow>(concat!(
            "SELECT ",
            school_columns!(),
            " FROM schools WHERE slug = ?1"
        ))
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(School::try_from)
        .transpose()
    }

    async fn school(&self, id: SchoolId) -> StoreResult<Option<School>> {
        sqlx::query_as::<_, SchoolRow>(SELECT_SCHOOL)
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(School::try_from)
            .transpose()
    }

    async fn schools(&self) -> StoreResult<Vec<School>> {
        let rows = sqlx::query_as::<_, SchoolRow>(concat!(
            "SELECT ",
            school_columns!(),
            " FROM schools ORDER BY slug"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        schools_from(rows)
    }
}
