//! Attendance's `Directory` on SQLite, read from the accounts tables: who is a pupil (a
//! main account holding the pupil role) with the first of its classes by name, who is
//! staff (a main account with any other role), classes (groups of kind `class`) with
//! their members, and a co-account's pupil. What a role makes someone is decided here in
//! Rust from the parsed roles, not in SQL, so it reads as the kernel's `Role` says.

use std::collections::HashSet;

use async_trait::async_trait;
use schoolbrug_attendance::model::{ClassList, Pupil};
use schoolbrug_attendance::ports::{Directory, StoreResult};
use schoolbrug_kernel::{AccountId, GroupId, Role, SchoolId};
use sqlx::{FromRow, QueryBuilder, Sqlite};
use uuid::Uuid;

use super::{IDS_PER_QUERY, SqliteAttendanceStore, push_ids};
use crate::accounts::roles_from;
use crate::error::translate;

/// The columns of an account (`accounts AS a`) as [`PersonRow`] reads them, with the
/// name of its first class by name.
const PERSON_COLUMNS: &str = "a.id, a.first_name, a.last_name, a.kind, a.roles, \
     (SELECT min(g.name) FROM group_members AS gm \
      JOIN groups AS g ON g.school_id = gm.school_id AND g.id = gm.group_id \
      WHERE gm.school_id = a.school_id AND gm.account_id = a.id AND g.kind = 'class') \
     AS class";

#[derive(FromRow)]
struct PersonRow {
    id: Uuid,
    first_name: String,
    last_name: String,
    kind: String,
    roles: String,
    class: Option<String>,
}

/// What an account is, as attendance needs it.
enum Person {
    Pupil(Pupil),
    Staff(AccountId),
    Other,
}

fn is_pupil(roles: &[Role]) -> bool {
    roles.contains(&Role::Pupil)
}

fn is_staff(roles: &[Role]) -> bool {
    !is_pupil(roles) && roles.iter().any(|r| r.is_staff())
}

impl PersonRow {
    fn person(self) -> StoreResult<Person> {
        if self.kind != "main" {
            return Ok(Person::Other);
        }
        let roles = roles_from(&self.roles)?;
        let id = AccountId::from_uuid(self.id);
        Ok(if is_pupil(&roles) {
            Person::Pupil(Pupil {
                id,
                first_name: self.first_name,
                last_name: self.last_name,
                class: self.class,
            })
        } else if is_staff(&roles) {
            Person::Staff(id)
        } else {
            Person::Other
        })
    }
}

/// The accounts of `school` among `ids`, as people.
async fn people(
    store: &SqliteAttendanceStore,
    school: SchoolId,
    ids: &[AccountId],
) -> StoreResult<Vec<Person>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let mut query = QueryBuilder::<Sqlite>::new("SELECT ");
        query
            .push(PERSON_COLUMNS)
            .push(" FROM accounts AS a WHERE a.school_id = ")
            .push_bind(school.as_uuid())
            .push(" AND a.id IN ");
        push_ids(&mut query, chunk);
        let rows = query
            .build_query_as::<PersonRow>()
            .fetch_all(&store.pool)
            .await
            .map_err(translate)?;
        for row in rows {
            found.push(row.person()?);
        }
    }
    Ok(found)
}

#[derive(FromRow)]
struct ClassRow {
    id: Uuid,
    name: String,
}

fn classes_from(rows: Vec<ClassRow>) -> Vec<(GroupId, String)> {
    rows.into_iter()
        .map(|row| (GroupId::from_uuid(row.id), row.name))
        .collect()
}

#[derive(FromRow)]
struct PairRow {
    staff_kind: String,
    staff_roles: String,
    pupil_kind: String,
    pupil_roles: String,
    shared: bool,
}

#[async_trait]
impl Directory for SqliteAttendanceStore {
    async fn pupil(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Pupil>> {
        Ok(self.pupils(school, &[id]).await?.pop())
    }

    async fn pupils(&self, school: SchoolId, ids: &[AccountId]) -> StoreResult<Vec<Pupil>> {
        let mut seen = HashSet::new();
        let ids: Vec<AccountId> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
        Ok(people(self, school, &ids)
            .await?
            .into_iter()
            .filter_map(|p| match p {
                Person::Pupil(pupil) => Some(pupil),
                Person::Staff(_) | Person::Other => None,
            })
            .collect())
    }

    async fn class_list(&self, school: SchoolId, class: GroupId) -> StoreResult<Option<ClassList>> {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT name FROM groups WHERE school_id = ?1 AND id = ?2 AND kind = 'class'",
        )
        .bind(school.as_uuid())
        .bind(class.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(name) = name else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM group_members AS m \
             JOIN accounts AS a ON a.school_id = m.school_id AND a.id = m.account_id \
             WHERE m.school_id = ?1 AND m.group_id = ?2 ORDER BY a.id"
        );
        let rows = sqlx::query_as::<_, PersonRow>(&sql)
            .bind(school.as_uuid())
            .bind(class.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let mut pupils = Vec::new();
        let mut teachers = Vec::new();
        for row in rows {
            match row.person()? {
                Person::Pupil(pupil) => pupils.push(pupil),
                Person::Staff(id) => teachers.push(id),
                Person::Other => {}
            }
        }
        pupils.sort_by(|a, b| {
            (&a.last_name, &a.first_name, a.id).cmp(&(&b.last_name, &b.first_name, b.id))
        });
        Ok(Some(ClassList {
            id: class,
            name,
            pupils,
            teachers,
        }))
    }

    async fn classes(&self, school: SchoolId) -> StoreResult<Vec<(GroupId, String)>> {
        let rows = sqlx::query_as::<_, ClassRow>(
            "SELECT id, name FROM groups WHERE school_id = ?1 AND kind = 'class' \
             ORDER BY name, id",
        )
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(classes_from(rows))
    }

    async fn staff(&self, school: SchoolId) -> StoreResult<Vec<(AccountId, String)>> {
        let rows = sqlx::query_as::<_, PersonRow>(&format!(
            "SELECT {PERSON_COLUMNS} FROM accounts AS a WHERE a.school_id = ?1 AND a.kind = 'main' \
             ORDER BY a.last_name, a.first_name, a.id"
        ))
        .bind(school.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        let mut staff = Vec::new();
        for row in rows {
            if is_staff(&roles_from(&row.roles)?) {
                staff.push((
                    AccountId::from_uuid(row.id),
                    format!("{} {}", row.first_name, row.last_name),
                ));
            }
        }
        Ok(staff)
    }

    async fn staff_among(
        &self,
        school: SchoolId,
        ids: &[AccountId],
    ) -> StoreResult<Vec<AccountId>> {
        let mut seen = HashSet::new();
        let distinct: Vec<AccountId> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
        let staff: HashSet<AccountId> = people(self, school, &distinct)
            .await?
            .into_iter()
            .filter_map(|p| match p {
                Person::Staff(id) => Some(id),
                Person::Pupil(_) | Person::Other => None,
            })
            .collect();
        // In the order asked, as the caller names its refused entries by position.
        Ok(ids
            .iter()
            .copied()
            .filter(|id| staff.contains(id))
            .collect())
    }

    async fn classes_of(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Vec<(GroupId, String)>> {
        let rows = sqlx::query_as::<_, ClassRow>(
            "SELECT g.id, g.name FROM group_members AS m \
             JOIN groups AS g ON g.school_id = m.school_id AND g.id = m.group_id \
             WHERE m.school_id = ?1 AND m.account_id = ?2 AND g.kind = 'class' \
             ORDER BY g.name, g.id",
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
        let row = sqlx::query_as::<_, PairRow>(
            "SELECT s.kind AS staff_kind, s.roles AS staff_roles, \
                    p.kind AS pupil_kind, p.roles AS pupil_roles, \
                    EXISTS (SELECT 1 FROM group_members AS ms \
                            JOIN group_members AS mp \
                              ON mp.school_id = ms.school_id AND mp.group_id = ms.group_id \
                            JOIN groups AS g ON g.school_id = ms.school_id AND g.id = ms.group_id \
                            WHERE ms.school_id = ?1 AND ms.account_id = ?2 \
                              AND mp.account_id = ?3 AND g.kind = 'class') AS shared \
             FROM accounts AS s JOIN accounts AS p ON p.school_id = s.school_id \
             WHERE s.school_id = ?1 AND s.id = ?2 AND p.id = ?3",
        )
        .bind(school.as_uuid())
        .bind(staff.as_uuid())
        .bind(pupil.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(false);
        };
        Ok(row.shared
            && row.staff_kind == "main"
            && row.pupil_kind == "main"
            && is_staff(&roles_from(&row.staff_roles)?)
            && is_pupil(&roles_from(&row.pupil_roles)?))
    }

    async fn children(&self, school: SchoolId, co_account: AccountId) -> StoreResult<Vec<Pupil>> {
        // Its own pupil first, then the pupils of the co-accounts linked to it.
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM accounts AS a \
             WHERE a.school_id = ?1 AND a.id IN ( \
               SELECT c.pupil_id FROM accounts AS c \
               WHERE c.school_id = ?1 AND c.id = ?2 AND c.kind = 'co' \
               UNION \
               SELECT l.pupil_id FROM accounts AS c \
               JOIN co_account_links AS k ON k.school_id = c.school_id AND k.account_id = c.id \
               JOIN accounts AS l ON l.school_id = k.school_id AND l.id = k.linked_id \
               WHERE c.school_id = ?1 AND c.id = ?2 AND c.kind = 'co' AND l.kind = 'co') \
             ORDER BY a.id <> (SELECT c.pupil_id FROM accounts AS c \
               WHERE c.school_id = ?1 AND c.id = ?2), a.id"
        );
        let rows = sqlx::query_as::<_, PersonRow>(&sql)
            .bind(school.as_uuid())
            .bind(co_account.as_uuid())
            .fetch_all(&self.pool)
            .await
            .map_err(translate)?;
        let mut children = Vec::new();
        for row in rows {
            if let Person::Pupil(pupil) = row.person()? {
                children.push(pupil);
            }
        }
        Ok(children)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pupil_is_never_staff() {
        assert!(is_pupil(&[Role::Pupil]));
        assert!(!is_staff(&[Role::Pupil]));
        assert!(is_staff(&[Role::Teacher, Role::Admin]));
        assert!(!is_pupil(&[Role::Counsellor]));
        assert!(!is_staff(&[]));
    }
}
