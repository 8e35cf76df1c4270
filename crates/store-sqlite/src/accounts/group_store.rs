//! The accounts `GroupStore` on SQLite: groups and their members.

use async_trait::async_trait;
use schoolbrug_accounts::model::{Group, GroupKind, GroupName};
use schoolbrug_accounts::ports::{GroupStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, GroupId, SchoolId};
use sqlx::FromRow;
use uuid::Uuid;

use super::SqliteAccountsStore;
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct GroupRow {
    school_id: Uuid,
    id: Uuid,
    name: String,
    kind: String,
}

impl TryFrom<GroupRow> for Group {
    type Error = StoreError;

    fn try_from(row: GroupRow) -> StoreResult<Self> {
        Ok(Group {
            id: GroupId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            name: GroupName::parse(&row.name).map_err(|_| corrupt("group name"))?,
            kind: GroupKind::parse(&row.kind)
                .ok_or_else(|| corrupt(format!("group kind {:?}", row.kind)))?,
        })
    }
}

#[async_trait]
impl GroupStore for SqliteAccountsStore {
    async fn create_group(&self, group: &Group) -> StoreResult<()> {
        sqlx::query("INSERT INTO groups (school_id, id, name, kind) VALUES (?1, ?2, ?3, ?4)")
            .bind(group.school.as_uuid())
            .bind(group.id.as_uuid())
            .bind(group.name.as_str())
            .bind(group.kind.as_str())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<Group>> {
        sqlx::query_as::<_, GroupRow>(
            "SELECT school_id, id, name, kind FROM groups WHERE school_id = ?1 AND id = ?2",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(Group::try_from)
        .transpose()
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<Group>> {
        sqlx::query_as::<_, GroupRow>(
            "SELECT school_id, id, name, kind FROM groups WHERE school_id = ?1 ORDER BY name",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?
        .into_iter()
        .map(Group::try_from)
        .collect()
    }

    async fn set_members(
        &self,
        school: SchoolId,
        group: GroupId,
        members: &[AccountId],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM groups WHERE school_id = ?1 AND id = ?2")
                .bind(school.as_uuid())
                .bind(group.as_uuid())
                .fetch_optional(&mut *tx)
                .await
                .map_err(translate)?;
        if exists.is_none() {
            tx.rollback().await.map_err(translate)?;
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM group_members WHERE school_id = ?1 AND group_id = ?2")
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        for member in members {
            // A member of another school breaks the reference on (school_id, account_id):
            // NotFound, and dropping the transaction undoes the whole replacement.
            sqlx::query(
                "INSERT INTO group_members (school_id, group_id, account_id) \
                 VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .bind(member.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }

    async fn members(&self, school: SchoolId, group: GroupId) -> StoreResult<Vec<AccountId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT account_id FROM group_members WHERE school_id = ?1 AND group_id = ?2 \
             ORDER BY account_id",
        )
        .bind(school.as_uuid())
        .bind(group.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(ids.into_iter().map(AccountId::from_uuid).collect())
    }
}
