//! The messaging `Directory` on PostgreSQL: schools' time zones, addressees, groups and
//! their audiences, read from the accounts tables with set-based queries.

use async_trait::async_trait;
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};
use schoolbrug_messaging::model::{Addressee, AddresseeKind, Audience, GroupInfo};
use schoolbrug_messaging::ports::{Directory, StoreResult};
use uuid::Uuid;

use super::PgMessageStore;
use crate::error::{corrupt, translate};

/// An account as messaging sees it: `name` is `first_name || ' ' || last_name`.
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

#[derive(sqlx::FromRow)]
struct AddresseeRow {
    id: Uuid,
    name: String,
    kind: String,
    roles: Vec<String>,
    pupil_id: Option<Uuid>,
}

impl AddresseeRow {
    fn into_addressee(self) -> StoreResult<Addressee> {
        let id = self.id;
        let bad = |d: String| corrupt("accounts", format!("{id}: {d}"));
        let kind = match (self.kind.as_str(), self.pupil_id) {
            ("main", _) => AddresseeKind::Main(
                self.roles
                    .iter()
                    .map(|r| Role::parse(r).ok_or_else(|| bad(format!("role {r:?}"))))
                    .collect::<StoreResult<_>>()?,
            ),
            ("co", Some(pupil)) => AddresseeKind::Co {
                pupil: AccountId::from_uuid(pupil),
            },
            (kind, _) => return Err(bad(format!("kind {kind:?}"))),
        };
        Ok(Addressee {
            id: AccountId::from_uuid(id),
            name: self.name,
            kind,
        })
    }
}

fn addressees(rows: Vec<AddresseeRow>) -> StoreResult<Vec<Addressee>> {
    rows.into_iter().map(AddresseeRow::into_addressee).collect()
}

#[derive(sqlx::FromRow)]
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
impl Directory for PgMessageStore {
    async fn time_zone(&self, school: SchoolId) -> StoreResult<Option<Tz>> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT time_zone FROM schools WHERE id = $1")
                .bind(school.as_uuid())
                .fetch_optional(&self.pool)
                .await
                .map_err(translate)?;
        found
            .map(|zone| {
                zone.parse::<Tz>()
                    .map_err(|_| corrupt("schools", format!("{school}: time zone {zone:?}")))
            })
            .transpose()
    }

    async fn addressee(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Addressee>> {
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = $1 AND a.id = $2"
        );
        sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(AddresseeRow::into_addressee)
            .transpose()
    }

    async fn co_accounts_of(
        &self,
        school: SchoolId,
        pupil: AccountId,
    ) -> StoreResult<Vec<Addressee>> {
        // The unique key (school_id, pupil_id, slot) serves it, in slot order.
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = $1 AND a.pupil_id = $2 ORDER BY a.slot"
        );
        let rows = sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(pupil.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        addressees(rows)
    }

    async fn group(&self, school: SchoolId, id: GroupId) -> StoreResult<Option<GroupInfo>> {
        Ok(sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = $1 AND id = $2",
        )
        .bind(school.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(GroupInfo::from))
    }

    async fn groups(&self, school: SchoolId) -> StoreResult<Vec<GroupInfo>> {
        // Byte order ("C"), as the other adapters sort, whatever the database's locale.
        Ok(sqlx::query_as::<_, GroupRow>(
            "SELECT id, name FROM groups WHERE school_id = $1 ORDER BY name COLLATE \"C\"",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?
        .into_iter()
        .map(GroupInfo::from)
        .collect())
    }

    async fn group_audience(
        &self,
        school: SchoolId,
        group: GroupId,
        audience: Audience,
    ) -> StoreResult<Vec<Addressee>> {
        // One statement, two range scans of the group's members: the members that count
        // ($3 every member, $4 the pupils among them), and the co-accounts of the pupil
        // members ($5) through the (school, pupil, slot) key. The branches never meet: a
        // member is listed once per group, a co-account belongs to one pupil, and the
        // first branch takes co-accounts only when $3 asks for every member, when the
        // second is off. A pupil is a main account holding the pupil role ($6). (An
        // `IN (… UNION ALL …)` over accounts, as before, looked every account up twice
        // and sorted twice: 12 ms for 5,000, docs/benchmarks.md.)
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM group_members AS gm \
             JOIN accounts AS a ON a.school_id = gm.school_id AND a.id = gm.account_id \
             WHERE gm.school_id = $1 AND gm.group_id = $2 \
               AND ($3 OR ($4 AND a.kind = 'main' AND $6 = ANY (a.roles))) \
             UNION ALL SELECT ",
            addressee_columns!("c"),
            " FROM group_members AS gm \
             JOIN accounts AS p ON p.school_id = gm.school_id AND p.id = gm.account_id \
             JOIN accounts AS c ON c.school_id = p.school_id AND c.pupil_id = p.id \
             WHERE $5 AND gm.school_id = $1 AND gm.group_id = $2 \
               AND p.kind = 'main' AND $6 = ANY (p.roles) \
             ORDER BY id"
        );
        let (every_member, pupils, co_accounts) = match audience {
            Audience::Pupils => (false, true, false),
            Audience::CoAccounts => (false, false, true),
            Audience::Both => (false, true, true),
            Audience::Members => (true, false, false),
        };
        let rows = sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .bind(every_member)
            .bind(pupils)
            .bind(co_accounts)
            .bind(Role::Pupil.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        addressees(rows)
    }

    async fn with_role(&self, school: SchoolId, role: Role) -> StoreResult<Vec<Addressee>> {
        // A range scan of (school_id, id), in id order; co-accounts hold no roles.
        const SQL: &str = concat!(
            "SELECT ",
            addressee_columns!("a"),
            " FROM accounts AS a WHERE a.school_id = $1 AND $2 = ANY (a.roles) ORDER BY a.id"
        );
        let rows = sqlx::query_as::<_, AddresseeRow>(SQL)
            .bind(school.as_uuid())
            .bind(role.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        addressees(rows)
    }

    async fn groups_of(&self, school: SchoolId, account: AccountId) -> StoreResult<Vec<GroupId>> {
        // group_members' (school_id, account_id) index; a membership row names groups of
        // its own school only.
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT group_id FROM group_members WHERE school_id = $1 AND account_id = $2 \
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
