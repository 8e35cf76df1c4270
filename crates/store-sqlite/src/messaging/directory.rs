//! The messaging `Directory` on SQLite: schools' time zones, addressees, groups and their
//! audiences, read from the accounts tables with set-based queries.

use async_trait::async_trait;
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};
use schoolbrug_messaging::model::{Addressee, AddresseeKind, Audience, GroupInfo};
use schoolbrug_messaging::ports::{Directory, StoreError, StoreResult};
use sqlx::FromRow;
use uuid::Uuid;

use super::SqliteMessageStore;
use crate::accounts::roles_from;
use crate::error::{corrupt, translate};

#[derive(FromRow)]
struct AddresseeRow {
    id: Uuid,
    name: String,
    kind: String,
    roles: String,
    pupil_id: Option<Uuid>,
}

impl TryFrom<AddresseeRow> for Addressee {
    type Error = StoreError;

    fn try_from(row: AddresseeRow) -> StoreResult<Self> {
        let kind = match (row.kind.as_str(), row.pupil_id) {
            ("main", _) => AddresseeKind::Main(roles_from(&row.roles)?),
            ("co", Some(pupil)) => AddresseeKind::Co {
                pupil: AccountId::from_uuid(pupil),
            },
            (other, _) => return Err(corrupt(format!("account kind {other:?}"))),
        };
        Ok(Addressee {
            id: AccountId::from_uuid(row.id),
            name: row.name,
            kind,
        })
    }
}

fn addressees_from(rows: Vec<AddresseeRow>) -> StoreResult<Vec<Addressee>> {
    rows.into_iter().map(Addressee::try_from).collect()
}

/// The columns of an addressee, from `accounts` (or a set of its rows) named `$a`.
macro_rules! addressee_columns {
    ($a:literal) => {
        concat!(
            $a,
            ".id, ",
            $a,
            ".first_name || ' ' || ",
            $a,
            ".last_name AS name, ",
            $a,
            ".kind, ",
            $a,
            ".roles, ",
            $a,
            ".pupil_id"
        )
    };
}

/// Whether the account of `$a` is a main account holding the role bound to `$role`
/// (`roles` is a comma-separated list).
macro_rules! holds_role {
    ($a:literal, $role:literal) => {
        concat!(
            $a,
            ".kind = 'main' AND instr(',' || ",
            $a,
            ".roles || ',', ',' || ",
            $role,
            " || ',') > 0"
        )
    };
}

#[derive(FromRow)]
struct GroupRow {
    id: Uuid,
    name: String,
}

impl From<GroupRow> for GroupInfo {
    fn from(row: GroupRow) -> Self {
        GroupInfo {
            id: GroupId::from_uuid(row.id),
            name: row.name,
        }
    }
}

#[async_trait]
impl Directory for SqliteMessageStore {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM schools WHERE id = ?1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(translate)?;
        found
            .map(|zone| {
                zone.parse::<Tz>()
                    .map_err(|_| corrupt(format!("time zone {zone:?}")))
            })
            .transpose()
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        sqlx::query_as::<_, AddresseeRow>(concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = ?1 AND a.id = ?2"
        ))
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(Addressee::try_from)
        .transpose()
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        let rows = sqlx::query_as::<_, AddresseeRow>(concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = ?1 AND a.pupil_id = ?2 ORDER BY a.slot"
        ))
        .bind(school.as_uuid())
        .bind(pupil.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        addressees_from(rows)
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        let row = sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = ?1 AND id = ?2",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        Ok(row.map(GroupInfo::from))
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        let rows = sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = ?1 ORDER BY name, id",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(rows.into_iter().map(GroupInfo::from).collect())
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        let (members, pupils, co_accounts) = match audience {
            Audience::Members => (true, false, false),
            Audience::Pupils => (false, true, false),
            Audience::CoAccounts => (false, false, true),
            Audience::Both => (false, true, true),
        };
        // One statement: the members, the pupil members, the co-accounts of the pupil
        // members, each part switched on by its flag; UNION keeps each account once.
        let rows = sqlx::query_as::<_, AddresseeRow>(concat!(
            "WITH member AS ( \
                 SELECT a.* FROM group_members AS gm \
                 JOIN accounts AS a ON a.school_id = gm.school_id AND a.id = gm.account_id \
                 WHERE gm.school_id = ?1 AND gm.group_id = ?2), \
             pupil AS (SELECT * FROM member AS m WHERE ",
            holds_role!("m", "'pupil'"),
            ") \
             SELECT ",
            addressee_columns!("m"),
            " FROM member AS m WHERE ?3 \
             UNION SELECT ",
            addressee_columns!("p"),
            " FROM pupil AS p WHERE ?4 \
             UNION SELECT ",
            addressee_columns!("co"),
            " FROM pupil AS p \
                 JOIN accounts AS co ON co.school_id = ?1 AND co.pupil_id = p.id \
                 WHERE ?5 \
             ORDER BY id"
        ))
        .bind(school.as_uuid())
        .bind(group.as_uuid())
        .bind(members)
        .bind(pupils)
        .bind(co_accounts)
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        addressees_from(rows)
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        let rows = sqlx::query_as::<_, AddresseeRow>(concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = ?1 AND ",
            holds_role!("a", "?2"),
            " ORDER BY a.id"
        ))
        .bind(school.as_uuid())
        .bind(role.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        addressees_from(rows)
    }

    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        // group_members' (school_id, account_id) index; a membership row names groups of
        // its own school only.
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT group_id FROM group_members WHERE school_id = ?1 AND account_id = ?2 \
             ORDER BY group_id",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(ids.into_iter().map(GroupId::from_uuid).collect())
    }
}
