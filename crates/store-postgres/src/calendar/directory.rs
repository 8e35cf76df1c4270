//! The calendar's `Directory` on PostgreSQL: schools' time zones, who an account is as
//! the calendar sees it (its roles and groups; a co-account's pupil's, and the pupil
//! named as messaging names people), and whether a group is the school's, read from the
//! accounts tables.

use async_trait::async_trait;
use chrono_tz::Tz;
use schoolbrug_calendar::model::{Child, Viewer};
use schoolbrug_calendar::ports::{Directory, StoreResult};
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};
use uuid::Uuid;

use super::PgCalendarStore;
use crate::error::{corrupt, translate};

/// An account with, for a co-account, its pupil, and the groups of whichever of the two
/// the calendar looks through.
#[derive(sqlx::FromRow)]
struct ViewerRow {
    kind: String,
    roles: Vec<String>,
    pupil_id: Option<Uuid>,
    pupil_roles: Option<Vec<String>>,
    pupil_name: Option<String>,
    groups: Vec<Uuid>,
}

fn roles_from(account: AccountId, names: &[String]) -> StoreResult<Vec<Role>> {
    names
        .iter()
        .map(|r| {
            Role::parse(r).ok_or_else(|| corrupt("accounts", format!("{account}: role {r:?}")))
        })
        .collect()
}

#[async_trait]
impl Directory for PgCalendarStore {
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

    async fn viewer(&self, school: SchoolId, account: AccountId) -> StoreResult<Option<Viewer>> {
        // One statement: the account, its pupil (a co-account's; the reference keeps both
        // in one school), and the groups of the pupil or else of the account.
        let row = sqlx::query_as::<_, ViewerRow>(
            "SELECT a.kind, a.roles, a.pupil_id, p.roles AS pupil_roles, \
                    p.first_name || ' ' || p.last_name AS pupil_name, \
                    ARRAY(SELECT gm.group_id FROM group_members AS gm \
                          WHERE gm.school_id = a.school_id \
                            AND gm.account_id = coalesce(a.pupil_id, a.id) \
                          ORDER BY gm.group_id) AS groups \
             FROM accounts AS a \
             LEFT JOIN accounts AS p ON p.school_id = a.school_id AND p.id = a.pupil_id \
             WHERE a.school_id = $1 AND a.id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut groups: Vec<GroupId> = row.groups.into_iter().map(GroupId::from_uuid).collect();
        groups.sort();
        match (row.kind.as_str(), row.pupil_id) {
            ("main", None) => Ok(Some(Viewer {
                account,
                roles: roles_from(account, &row.roles)?,
                groups,
                child: None,
            })),
            ("co", Some(pupil)) => match (row.pupil_roles, row.pupil_name) {
                (Some(roles), Some(name)) => Ok(Some(Viewer {
                    account,
                    roles: roles_from(account, &roles)?,
                    groups,
                    child: Some(Child {
                        id: AccountId::from_uuid(pupil),
                        name,
                    }),
                })),
                // The pupil is gone.
                _ => Ok(None),
            },
            (kind, _) => Err(corrupt("accounts", format!("{account}: kind {kind:?}"))),
        }
    }

    async fn group_exists(&self, school: SchoolId, group: GroupId) -> StoreResult<bool> {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM groups WHERE school_id = $1 AND id = $2)")
            .bind(school.as_uuid())
            .bind(group.as_uuid())
            .fetch_one(&self.pool)
            .await
            .map_err(translate)
    }
}
