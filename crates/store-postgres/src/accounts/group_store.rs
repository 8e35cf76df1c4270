//! The accounts `GroupStore` on PostgreSQL: groups and their members.

use async_trait::async_trait;
use schoolbrug_accounts::model::{Group, GroupKind, GroupName};
use schoolbrug_accounts::ports::{GroupStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, GroupId, SchoolId};
use uuid::Uuid;

use super::{PgAccountsStore, commit, uuids};
use crate::error::{corrupt, translate};

#[derive(sqlx::FromRow)]
struct GroupRow {
    school_id: Uuid,
    id: Uuid,
    name: String,
    kind: String,
}

impl GroupRow {
    fn into_group(self) -> StoreResult<Group> {
        let id = self.id;
        Ok(Group {
            id: GroupId::from_uuid(id),
            school: SchoolId::from_uuid(self.school_id),
            name: GroupName::parse(&self.name)
                .map_err(|e| corrupt("groups", format!("{id}: {}", e.message)))?,
            kind: GroupKind::parse(&self.kind)
                .ok_or_else(|| corrupt("groups", format!("{id}: kind {:?}", self.kind)))?,
        })
    }
}

#[async_trait]
impl GroupStore for PgAccountsStore {
    async fn create_group(&self, group: &Group) -> StoreResult<()> {
        sqlx::query("INSERT INTO groups (school_id, id, name, kind) VALUES ($1, $2, $3, $4)")
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
            "SELECT school_id, id, name, kind FROM groups WHERE school_id = $1 AND id = $2",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(GroupRow::into_group)
        .transpose()
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<Group>> {
        // Byte order ("C"), as the other adapters sort, whatever the database's locale.
        sqlx::query_as::<_, GroupRow>(
            "SELECT school_id, id, name, kind FROM groups WHERE school_id = $1 \
             ORDER BY name COLLATE \"C\"",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?
        .into_iter()
        .map(GroupRow::into_group)
        .collect()
    }

    async fn set_members(
        &self,
        school: SchoolId,
        group: GroupId,
        members: &[AccountId],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        // Locking the group serializes concurrent replacements of its members.
        let found = sqlx::query("SELECT 1 FROM groups WHERE school_id = $1 AND id = $2 FOR UPDATE")
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .fetch_optional(&mut *tx)
            .await
            .map_err(translate)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM group_members WHERE school_id = $1 AND group_id = $2")
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        // A member of another school (or none at all) breaks the composite foreign key:
        // NotFound, and the rollback keeps the old members.
        sqlx::query(
            "INSERT INTO group_members (school_id, group_id, account_id) \
             SELECT DISTINCT $1::uuid, $2::uuid, member FROM unnest($3::uuid[]) AS member",
        )
        .bind(school.as_uuid())
        .bind(group.as_uuid())
        .bind(uuids(members))
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        commit(tx).await
    }

    async fn members(&self, school: SchoolId, group: GroupId) -> StoreResult<Vec<AccountId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT account_id FROM group_members WHERE school_id = $1 AND group_id = $2 \
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
