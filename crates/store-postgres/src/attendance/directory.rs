//! The attendance `Directory` on PostgreSQL: pupils, classes with their pupils and staff,
//! and a co-account's child, read from the accounts tables (`accounts`, `groups` of kind
//! `class`, `group_members`).
//!
//! A pupil is a main account holding the `pupil` role; a staff member a main account
//! holding any of `teacher`, `counsellor`, `admin`. Names sort as the domain sorts
//! strings, by bytes (`COLLATE "C"`), whatever the database's collation.

use async_trait::async_trait;
use schoolbrug_attendance::model::{ClassList, Pupil};
use schoolbrug_attendance::ports::{Directory, StoreResult};
use schoolbrug_kernel::{AccountId, GroupId, SchoolId};
use uuid::Uuid;

use super::PgAttendanceStore;
use crate::error::translate;

/// The condition that the account `$a` is a pupil.
macro_rules! is_pupil {
    ($a:literal) => {
        concat!("(", $a, ".kind = 'main' AND 'pupil' = ANY(", $a, ".roles))")
    };
}

/// The condition that the account `$a` is a staff member.
macro_rules! is_staff {
    ($a:literal) => {
        concat!(
            "(",
            $a,
            ".kind = 'main' AND ",
            $a,
            ".roles && ARRAY['teacher', 'counsellor', 'admin']::text[])"
        )
    };
}

/// The columns of a pupil (`accounts AS a`), in [`PupilRow`]'s order: the class shown is
/// the first by name.
macro_rules! pupil_columns {
    () => {
        "a.id, a.first_name, a.last_name, \
         (SELECT g.name FROM group_members AS gm \
          JOIN groups AS g ON g.school_id = gm.school_id AND g.id = gm.group_id \
          WHERE gm.school_id = a.school_id AND gm.account_id = a.id AND g.kind = 'class' \
          ORDER BY g.name COLLATE \"C\" LIMIT 1) AS class"
    };
}

#[derive(sqlx::FromRow)]
struct PupilRow {
    id: Uuid,
    first_name: String,
    last_name: String,
    class: Option<String>,
}

impl From<PupilRow> for Pupil {
    fn from(row: PupilRow) -> Self {
        Pupil {
            id: AccountId::from_uuid(row.id),
            first_name: row.first_name,
            last_name: row.last_name,
            class: row.class,
        }
    }
}

fn classes_from(rows: Vec<(Uuid, String)>) -> Vec<(GroupId, String)> {
    rows.into_iter()
        .map(|(id, name)| (GroupId::from_uuid(id), name))
        .collect()
}

fn uuids(ids: &[AccountId]) -> Vec<Uuid> {
    ids.iter().map(|id| id.as_uuid()).collect()
}

#[async_trait]
impl Directory for PgAttendanceStore {
    async fn pupil(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Pupil>> {
        const SQL: &str = concat!(
            "SELECT ",
            pupil_columns!(),
            " FROM accounts AS a WHERE a.school_id = $1 AND a.id = $2 AND ",
            is_pupil!("a")
        );
        let row = sqlx::query_as::<_, PupilRow>(SQL)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?;
        Ok(row.map(Pupil::from))
    }

    async fn pupils(&self, school: SchoolId, ids: &[AccountId]) -> StoreResult<Vec<Pupil>> {
        const SQL: &str = concat!(
            "SELECT ",
            pupil_columns!(),
            " FROM accounts AS a WHERE a.school_id = $1 AND a.id = ANY($2::uuid[]) AND ",
            is_pupil!("a")
        );
        let rows = sqlx::query_as::<_, PupilRow>(SQL)
            .bind(school.as_uuid())
            .bind(uuids(ids))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        Ok(rows.into_iter().map(Pupil::from).collect())
    }

    async fn class_list(&self, school: SchoolId, class: GroupId) -> StoreResult<Option<ClassList>> {
        const CLASS: &str = concat!(
            "SELECT g.name, \
               ARRAY(SELECT a.id FROM group_members AS gm \
                     JOIN accounts AS a ON a.school_id = gm.school_id AND a.id = gm.account_id \
                     WHERE gm.school_id = g.school_id AND gm.group_id = g.id AND ",
            is_staff!("a"),
            " ORDER BY a.id) AS teachers \
             FROM groups AS g WHERE g.school_id = $1 AND g.id = $2 AND g.kind = 'class'"
        );
        const PUPILS: &str = concat!(
            "SELECT ",
            pupil_columns!(),
            " FROM group_members AS m \
             JOIN accounts AS a ON a.school_id = m.school_id AND a.id = m.account_id \
             WHERE m.school_id = $1 AND m.group_id = $2 AND ",
            is_pupil!("a"),
            " ORDER BY a.last_name COLLATE \"C\", a.first_name COLLATE \"C\", a.id"
        );
        let found: Option<(String, Vec<Uuid>)> = sqlx::query_as(CLASS)
            .bind(school.as_uuid())
            .bind(class.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?;
        let Some((name, teachers)) = found else {
            return Ok(None);
        };
        let pupils = sqlx::query_as::<_, PupilRow>(PUPILS)
            .bind(school.as_uuid())
            .bind(class.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        Ok(Some(ClassList {
            id: class,
            name,
            pupils: pupils.into_iter().map(Pupil::from).collect(),
            teachers: teachers.into_iter().map(AccountId::from_uuid).collect(),
        }))
    }

    async fn classes(&self, school: SchoolId) -> StoreResult<Vec<(GroupId, String)>> {
        let rows: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT g.id, g.name FROM groups AS g \
             WHERE g.school_id = $1 AND g.kind = 'class' ORDER BY g.name COLLATE \"C\", g.id",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(classes_from(rows))
    }

    async fn staff(&self, school: SchoolId) -> StoreResult<Vec<(AccountId, String)>> {
        const SQL: &str = concat!(
            "SELECT a.id, a.first_name || ' ' || a.last_name FROM accounts AS a \
             WHERE a.school_id = $1 AND ",
            is_staff!("a"),
            " ORDER BY a.last_name, a.first_name, a.id"
        );
        let rows: Vec<(Uuid, String)> = sqlx::query_as(SQL)
            .bind(school.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| (AccountId::from_uuid(id), name))
            .collect())
    }

    async fn staff_among(
        &self,
        school: SchoolId,
        ids: &[AccountId],
    ) -> StoreResult<Vec<AccountId>> {
        // In the order asked, as the reference adapter answers.
        const SQL: &str = concat!(
            "SELECT a.id FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n) \
             JOIN accounts AS a ON a.school_id = $1 AND a.id = u.id \
             WHERE ",
            is_staff!("a"),
            " ORDER BY u.n"
        );
        let found: Vec<Uuid> = sqlx::query_scalar(SQL)
            .bind(school.as_uuid())
            .bind(uuids(ids))
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        Ok(found.into_iter().map(AccountId::from_uuid).collect())
    }

    async fn classes_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Vec<(GroupId, String)>> {
        let rows: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT g.id, g.name FROM group_members AS m \
             JOIN groups AS g ON g.school_id = m.school_id AND g.id = m.group_id \
             WHERE m.school_id = $1 AND m.account_id = $2 AND g.kind = 'class' \
             ORDER BY g.name COLLATE \"C\", g.id",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(classes_from(rows))
    }

    async fn shares_class(
        &self,
        school: SchoolId,
        staff: AccountId,
        pupil: AccountId,
    ) -> StoreResult<bool> {
        const SQL: &str = concat!(
            "SELECT EXISTS ( \
               SELECT 1 FROM accounts AS s \
               JOIN group_members AS ms ON ms.school_id = s.school_id AND ms.account_id = s.id \
               JOIN groups AS g ON g.school_id = ms.school_id AND g.id = ms.group_id \
               JOIN group_members AS mp ON mp.school_id = g.school_id AND mp.group_id = g.id \
               JOIN accounts AS a ON a.school_id = mp.school_id AND a.id = mp.account_id \
               WHERE s.school_id = $1 AND s.id = $2 AND a.id = $3 AND g.kind = 'class' AND ",
            is_staff!("s"),
            " AND ",
            is_pupil!("a"),
            ")"
        );
        sqlx::query_scalar(SQL)
            .bind(school.as_uuid())
            .bind(staff.as_uuid())
            .bind(pupil.as_uuid())
            .fetch_one(&self.pool)
            .await
            .map_err(translate)
    }

    async fn children(&self, school: SchoolId, co_account: AccountId) -> StoreResult<Vec<Pupil>> {
        // Its own pupil first, then the pupils of the co-accounts linked to it.
        const SQL: &str = concat!(
            "SELECT ",
            pupil_columns!(),
            " FROM accounts AS a \
             WHERE a.school_id = $1 AND a.id IN ( \
               SELECT c.pupil_id FROM accounts AS c \
               WHERE c.school_id = $1 AND c.id = $2 AND c.kind = 'co' \
               UNION \
               SELECT l.pupil_id FROM accounts AS c \
               JOIN co_account_links AS k ON k.school_id = c.school_id AND k.account_id = c.id \
               JOIN accounts AS l ON l.school_id = k.school_id AND l.id = k.linked_id \
               WHERE c.school_id = $1 AND c.id = $2 AND c.kind = 'co' AND l.kind = 'co') \
             AND ",
            is_pupil!("a"),
            " ORDER BY a.id <> (SELECT c.pupil_id FROM accounts AS c \
               WHERE c.school_id = $1 AND c.id = $2), a.id"
        );
        let rows = sqlx::query_as::<_, PupilRow>(SQL)
            .bind(school.as_uuid())
            .bind(co_account.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        Ok(rows.into_iter().map(Pupil::from).collect())
    }
}
