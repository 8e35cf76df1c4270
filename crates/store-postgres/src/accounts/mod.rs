//! The accounts module's repository ports on PostgreSQL: schools, accounts and
//! co-accounts, passwords and one-time codes, sessions, groups, the audit log and the
//! throttling counters (tables of `migrations/postgres/0001_accounts.sql`).
//!
//! Every method is one atomic unit of work: a single statement, or one transaction when
//! it writes several rows. Every query that is given a school filters on `school_id`
//! first, and the composite foreign keys `(school_id, …)` make the database itself refuse
//! a reference across schools.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use schoolbrug_accounts::model::{
    Account, AccountFilter, AccountKind, AuditEvent, AuditKind, CoAccountStatus, Group, GroupKind,
    GroupName, PasswordHash, PersonName, Relation, ResetCode, School, SchoolName, SchoolSlug,
    SecretHash, Session, Slot, TermsAcceptance, ThrottleKey, ThrottleState, Username,
};
use schoolbrug_accounts::ports::{
    AccountStore, AuditLog, CredentialStore, Expiry, GroupStore, SchoolStore, SessionContext,
    SessionStore, StoreError, StoreResult, ThrottleStore,
};
use schoolbrug_kernel::{AccountId, AuditEventId, GroupId, Page, PageRequest, Role, SchoolId};
use sqlx::postgres::types::PgInterval;
use sqlx::postgres::{PgArguments, PgPool};
use sqlx::query::{Query, QueryAs};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};
use crate::reads::ReadConnections;

/// Every accounts repository port on one PostgreSQL pool. Cheap to clone; share it as
/// `Arc<PgAccountsStore>` (it is every port at once: `AccountsStores`).
#[derive(Clone, Debug)]
pub struct PgAccountsStore {
    pool: PgPool,
    /// The lookups of every request and every sign-in (`crate::reads`).
    reads: ReadConnections,
}

impl PgAccountsStore {
    /// The accounts ports on `pool`, whose database must be migrated
    /// ([`PgDatabase::migrate`](crate::PgDatabase::migrate)). The lookups of every
    /// request (session, school) and of sign-in also open up to
    /// [`MAX_CONNECTIONS`](crate::MAX_CONNECTIONS) connections of their own, with
    /// `pool`'s options.
    ///
    /// # Errors
    /// `Unexpected` if those connections' pool cannot be made (it does not happen).
    pub fn new(pool: PgPool) -> StoreResult<Self> {
        let reads = ReadConnections::new(&pool)?;
        Ok(Self::with_reads(pool, reads))
    }

    pub(crate) fn with_reads(pool: PgPool, reads: ReadConnections) -> Self {
        Self { pool, reads }
    }

    async fn begin(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(translate)
    }
}

async fn commit(tx: Transaction<'static, Postgres>) -> StoreResult<()> {
    tx.commit().await.map_err(translate)
}

// ---------------------------------------------------------------------------------------
// Rows and their translation to and from the domain's values
// ---------------------------------------------------------------------------------------

/// The columns of a school, in [`SchoolRow`]'s order (a macro, so that it can be spliced
/// into `concat!` and every query stays a `&'static str`).
macro_rules! school_columns {
    () => {
        "id, slug, name, time_zone, min_password_length"
    };
}

#[derive(sqlx::FromRow)]
struct SchoolRow {
    id: Uuid,
    slug: String,
    name: String,
    time_zone: String,
    min_password_length: i32,
}

impl SchoolRow {
    fn into_school(self) -> StoreResult<School> {
        let bad = |d: &dyn std::fmt::Display| corrupt("schools", format!("{}: {d}", self.id));
        Ok(School {
            id: SchoolId::from_uuid(self.id),
            slug: SchoolSlug::parse(&self.slug).map_err(|e| bad(&e.message))?,
            name: SchoolName::parse(&self.name).map_err(|e| bad(&e.message))?,
            time_zone: self.time_zone.parse::<Tz>().map_err(|e| bad(&e))?,
            min_password_length: usize::try_from(self.min_password_length).map_err(|e| bad(&e))?,
        })
    }
}

/// The columns of an account, in [`AccountRow`]'s order.
macro_rules! account_columns {
    () => {
        "school_id, id, username, first_name, last_name, kind, roles, birth_date, pupil_id, \
         slot, relation, status, active_until, email, created_at, terms_version, \
         terms_accepted_at"
    };
}

/// One school by id.
const SELECT_SCHOOL: &str = concat!("SELECT ", school_columns!(), " FROM schools WHERE id = $1");

/// One account by school and id.
const SELECT_ACCOUNT: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE school_id = $1 AND id = $2"
);

/// One session by school and token hash (the primary key).
const SELECT_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE school_id = $1 AND token_hash = $2";

/// One session by token hash alone, in any school: only for tokens issued before schools
/// were put into tokens (`sessions_token_hash_idx`, migration 0005), until they expire.
const SELECT_UNNAMED_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE token_hash = $1";

/// The lookup of a session: within its school, or, for a token that names none, by hash.
fn select_session(
    school: Option<SchoolId>,
    token_hash: &SecretHash,
) -> QueryAs<'static, Postgres, SessionRow, PgArguments> {
    let hash = token_hash.as_bytes().to_vec();
    match school {
        Some(school) => sqlx::query_as(SELECT_SESSION)
            .bind(school.as_uuid())
            .bind(hash),
        None => sqlx::query_as(SELECT_UNNAMED_SESSION).bind(hash),
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    school_id: Uuid,
    id: Uuid,
    username: String,
    first_name: String,
    last_name: String,
    kind: String,
    roles: Vec<String>,
    birth_date: Option<NaiveDate>,
    pupil_id: Option<Uuid>,
    slot: Option<i16>,
    relation: Option<String>,
    status: Option<String>,
    active_until: Option<NaiveDate>,
    email: Option<String>,
    created_at: DateTime<Utc>,
    terms_version: Option<String>,
    terms_accepted_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AccountWithPasswordRow {
    #[sqlx(flatten)]
    account: AccountRow,
    password_hash: Option<String>,
}

impl AccountRow {
    fn into_account(self) -> StoreResult<Account> {
        let id = self.id;
        let bad = |d: &dyn std::fmt::Display| corrupt("accounts", format!("{id}: {d}"));
        let kind = match self.kind.as_str() {
            "main" => AccountKind::Main {
                roles: self
                    .roles
                    .iter()
                    .map(|r| Role::parse(r).ok_or_else(|| bad(&format!("role {r:?}"))))
                    .collect::<StoreResult<_>>()?,
                birth_date: self.birth_date,
            },
            "co" => {
                let pupil = self
                    .pupil_id
                    .ok_or_else(|| bad(&"co-account without pupil"))?;
                let slot = self.slot.ok_or_else(|| bad(&"co-account without slot"))?;
                let relation = self.relation.as_deref().unwrap_or_default();
                let status = match (self.status.as_deref(), self.active_until) {
                    (Some("active"), _) => CoAccountStatus::Active,
                    (Some("inactive"), _) => CoAccountStatus::Inactive,
                    (Some("active_until"), Some(last)) => CoAccountStatus::ActiveUntil(last),
                    (s, _) => return Err(bad(&format!("status {s:?}"))),
                };
                AccountKind::Co {
                    pupil: AccountId::from_uuid(pupil),
                    slot: Slot::parse(i64::from(slot)).map_err(|e| bad(&e.message))?,
                    relation: Relation::parse(relation)
                        .ok_or_else(|| bad(&format!("relation {relation:?}")))?,
                    status,
                }
            }
            other => return Err(bad(&format!("kind {other:?}"))),
        };
        let terms = match (self.terms_version, self.terms_accepted_at) {
            (Some(version), Some(accepted_at)) => Some(TermsAcceptance {
                version,
                accepted_at,
            }),
            _ => None,
        };
        Ok(Account {
            id: AccountId::from_uuid(id),
            school: SchoolId::from_uuid(self.school_id),
            username: Username::parse(&self.username).map_err(|e| bad(&e.message))?,
            first_name: PersonName::parse("first_name", &self.first_name)
                .map_err(|e| bad(&e.message))?,
            last_name: PersonName::parse("last_name", &self.last_name)
                .map_err(|e| bad(&e.message))?,
            kind,
            email: self.email,
            created_at: self.created_at,
            terms,
        })
    }
}

/// Inserts an account. A co-account's row is only written when its pupil is a main
/// account of the same school (otherwise no row: `NotFound`); the composite foreign key
/// catches a pupil erased at the same moment.
fn insert_account(account: &Account) -> Query<'static, Postgres, PgArguments> {
    const SQL: &str = concat!(
        "INSERT INTO accounts (",
        account_columns!(),
        ") SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 \
         WHERE $9::uuid IS NULL OR EXISTS (SELECT 1 FROM accounts AS p \
         WHERE p.school_id = $1 AND p.id = $9 AND p.kind = 'main')"
    );
    let (kind, roles, birth_date) = match &account.kind {
        AccountKind::Main { roles, birth_date } => (
            "main",
            roles.iter().map(|r| r.as_str().to_owned()).collect(),
            *birth_date,
        ),
        AccountKind::Co { .. } => ("co", Vec::<String>::new(), None),
    };
    let (pupil, slot, relation, status, active_until) = match &account.kind {
        AccountKind::Co {
            pupil,
            slot,
            relation,
            status,
        } => {
            let (status, until) = match status {
                CoAccountStatus::Active => ("active", None),
                CoAccountStatus::Inactive => ("inactive", None),
                CoAccountStatus::ActiveUntil(last) => ("active_until", Some(*last)),
            };
            (
                Some(pupil.as_uuid()),
                Some(i16::from(slot.get())),
                Some(relation.as_str()),
                Some(status),
                until,
            )
        }
        AccountKind::Main { .. } => (None, None, None, None, None),
    };
    sqlx::query(SQL)
        .bind(account.school.as_uuid())
        .bind(account.id.as_uuid())
        .bind(account.username.as_str().to_owned())
        .bind(account.first_name.as_str().to_owned())
        .bind(account.last_name.as_str().to_owned())
        .bind(kind)
        .bind(roles)
        .bind(birth_date)
        .bind(pupil)
        .bind(slot)
        .bind(relation)
        .bind(status)
        .bind(active_until)
        .bind(account.email.clone())
        .bind(account.created_at)
        .bind(account.terms.as_ref().map(|t| t.version.clone()))
        .bind(account.terms.as_ref().map(|t| t.accepted_at))
}

/// Stores a code, replacing the account's earlier one. Matched by the primary key's
/// NAME, so the statement survives a wider key (`school_id` first) under Citus.
fn upsert_reset_code(code: &ResetCode) -> Query<'static, Postgres, PgArguments> {
    sqlx::query(
        "INSERT INTO reset_codes (school_id, account_id, code_hash, issued_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT ON CONSTRAINT reset_codes_pkey DO UPDATE \
         SET code_hash = EXCLUDED.code_hash, issued_at = EXCLUDED.issued_at, \
             expires_at = EXCLUDED.expires_at \
         WHERE reset_codes.school_id = EXCLUDED.school_id",
    )
    .bind(code.school.as_uuid())
    .bind(code.account.as_uuid())
    .bind(code.code_hash.as_bytes().to_vec())
    .bind(code.issued_at)
    .bind(code.expires_at)
}

fn secret_hash(table: &str, bytes: Vec<u8>) -> StoreResult<SecretHash> {
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|b: Vec<u8>| corrupt(table, format!("a hash of {} bytes", b.len())))?;
    Ok(SecretHash::from_bytes(bytes))
}

#[derive(sqlx::FromRow)]
struct ResetCodeRow {
    school_id: Uuid,
    account_id: Uuid,
    code_hash: Vec<u8>,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl ResetCodeRow {
    fn into_code(self) -> StoreResult<ResetCode> {
        Ok(ResetCode {
            code_hash: secret_hash("reset_codes", self.code_hash)?,
            school: SchoolId::from_uuid(self.school_id),
            account: AccountId::from_uuid(self.account_id),
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: Vec<u8>,
    school_id: Uuid,
    account_id: Uuid,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

impl SessionRow {
    fn into_session(self) -> StoreResult<Session> {
        Ok(Session {
            token_hash: secret_hash("sessions", self.token_hash)?,
            school: SchoolId::from_uuid(self.school_id),
            account: AccountId::from_uuid(self.account_id),
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
        })
    }
}

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

#[derive(sqlx::FromRow)]
struct AuditRow {
    school_id: Uuid,
    id: Uuid,
    kind: String,
    account_id: Option<Uuid>,
    actor_id: Option<Uuid>,
    username: Option<String>,
    client: Option<String>,
    at: DateTime<Utc>,
}

impl AuditRow {
    fn into_event(self) -> StoreResult<AuditEvent> {
        Ok(AuditEvent {
            id: AuditEventId::from_uuid(self.id),
            school: SchoolId::from_uuid(self.school_id),
            kind: AuditKind::parse(&self.kind).ok_or_else(|| {
                corrupt("audit_events", format!("{}: kind {:?}", self.id, self.kind))
            })?,
            account: self.account_id.map(AccountId::from_uuid),
            actor: self.actor_id.map(AccountId::from_uuid),
            username: self.username,
            client: self.client,
            at: self.at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ThrottleRow {
    failures: i32,
    last_failure_at: DateTime<Utc>,
}

impl ThrottleRow {
    fn into_state(self) -> StoreResult<ThrottleState> {
        Ok(ThrottleState {
            failures: u32::try_from(self.failures)
                .map_err(|_| corrupt("throttle", format!("failures {}", self.failures)))?,
            last_failure_at: self.last_failure_at,
        })
    }
}

/// The id a keyset cursor points after. A cursor that holds no id did not come from
/// this list: `NotFound`, as in the in-memory adapter.
pub(crate) fn cursor_id(page: &PageRequest) -> StoreResult<Option<Uuid>> {
    page.after()
        .map(|c| c.key().parse::<Uuid>().map_err(|_| StoreError::NotFound))
        .transpose()
}

/// One more than the page size: the extra row only tells that a next page exists.
pub(crate) fn overfetch(page: &PageRequest) -> i64 {
    i64::from(page.limit()) + 1
}

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

pub(crate) fn uuids<T: Copy + Into<Uuid>>(ids: &[T]) -> Vec<Uuid> {
    ids.iter().map(|id| (*id).into()).collect()
}

// ---------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------

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

/// Ends the account's sessions, all but `keep` if given.
fn end_sessions(
    school: SchoolId,
    account: AccountId,
    keep: Option<&SecretHash>,
) -> Query<'static, Postgres, PgArguments> {
    sqlx::query(
        "DELETE FROM sessions WHERE school_id = $1 AND account_id = $2 \
         AND token_hash IS DISTINCT FROM $3::bytea",
    )
    .bind(school.as_uuid())
    .bind(account.as_uuid())
    .bind(keep.map(|k| k.as_bytes().to_vec()))
}

fn set_password_hash(
    school: SchoolId,
    account: AccountId,
    hash: Option<&PasswordHash>,
) -> Query<'static, Postgres, PgArguments> {
    sqlx::query("UPDATE accounts SET password_hash = $3 WHERE school_id = $1 AND id = $2")
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(hash.map(|h| h.as_phc().to_owned()))
}

#[async_trait]
impl CredentialStore for PgAccountsStore {
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let updated = set_password_hash(school, account, Some(hash))
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        end_sessions(school, account, keep)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await
    }

    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()> {
        let updated = set_password_hash(school, account, Some(hash))
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        set_password_hash(school, account, None)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        end_sessions(school, account, None)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await
    }

    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()> {
        // An unknown account (or one of another school) breaks the foreign key: NotFound.
        let written = upsert_reset_code(code)
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        if written.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        // Deleting the code is the claim: a concurrent redemption of the same code waits
        // for this row's lock and, once this commits, finds no row and returns false.
        let claimed = sqlx::query(
            "DELETE FROM reset_codes WHERE school_id = $1 AND account_id = $2 \
             AND code_hash = $3 AND expires_at > $4",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(code_hash.as_bytes().to_vec())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        if claimed.rows_affected() == 0 {
            tx.rollback().await.map_err(translate)?;
            return Ok(false);
        }
        set_password_hash(school, account, Some(new_hash))
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        end_sessions(school, account, None)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        commit(tx).await?;
        Ok(true)
    }

    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>> {
        sqlx::query_as::<_, ResetCodeRow>(
            "SELECT school_id, account_id, code_hash, issued_at, expires_at FROM reset_codes \
             WHERE school_id = $1 AND account_id = $2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(ResetCodeRow::into_code)
        .transpose()
    }
}

#[async_trait]
impl SessionStore for PgAccountsStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        // An account that is gone (or of another school) breaks the foreign key: NotFound.
        sqlx::query(
            "INSERT INTO sessions (token_hash, school_id, account_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session.token_hash.as_bytes().to_vec())
        .bind(session.school.as_uuid())
        .bind(session.account.as_uuid())
        .bind(session.created_at)
        .bind(session.last_seen_at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn session(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<Session>> {
        select_session(school, token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(SessionRow::into_session)
            .transpose()
    }

    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>> {
        // The statements of `session`, `account` and `school`, on one read connection,
        // which comes and goes without a round trip of its own (`crate::reads`).
        let mut conn = self.reads.get().await?;
        let Some(session) = select_session(school, token_hash)
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(SessionRow::into_session)
            .transpose()?
        else {
            conn.finished();
            return Ok(None);
        };
        let account = sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(session.school.as_uuid())
            .bind(session.account.as_uuid())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(AccountRow::into_account)
            .transpose()?;
        let school = match &account {
            Some(a) if matches!(a.kind, AccountKind::Co { .. }) => {
                sqlx::query_as::<_, SchoolRow>(SELECT_SCHOOL)
                    .bind(session.school.as_uuid())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(translate)?
                    .map(SchoolRow::into_school)
                    .transpose()?
            }
            _ => None,
        };
        conn.finished();
        Ok(Some(SessionContext {
            session,
            account,
            school,
        }))
    }

    async fn touch_session(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $3 WHERE school_id = $1 AND token_hash = $2",
        )
        .bind(school.as_uuid())
        .bind(token_hash.as_bytes().to_vec())
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE school_id = $1 AND token_hash = $2")
            .bind(school.as_uuid())
            .bind(token_hash.as_bytes().to_vec())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }

    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64> {
        let mut tx = self.pool.begin().await.map_err(translate)?;
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(expiry.sessions_idle_before)
                .bind(expiry.sessions_created_before)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        let codes = sqlx::query("DELETE FROM reset_codes WHERE expires_at <= $1")
            .bind(expiry.codes_expired_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        let throttle = sqlx::query("DELETE FROM throttle WHERE last_failure_at < $1")
            .bind(expiry.failures_before)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        tx.commit().await.map_err(translate)?;
        Ok(sessions.rows_affected() + codes.rows_affected() + throttle.rows_affected())
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

#[async_trait]
impl AuditLog for PgAccountsStore {
    async fn record(&self, event: &AuditEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_events \
             (school_id, id, kind, account_id, actor_id, username, client, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(event.school.as_uuid())
        .bind(event.id.as_uuid())
        .bind(event.kind.as_str())
        .bind(event.account.map(|a| a.as_uuid()))
        .bind(event.actor.map(|a| a.as_uuid()))
        .bind(event.username.as_deref())
        .bind(event.client.as_deref())
        .bind(event.at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn events(
        &self,
        school: SchoolId,
        account: Option<AccountId>,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEvent>> {
        // Newest first: a backward range scan before the cursor (the max UUID sorts
        // last). Two statements rather than `$4 IS NULL OR …`, so that each has a plan
        // on its own index: (school_id, id DESC) or (school_id, account_id, id DESC).
        macro_rules! select {
            ($condition:literal) => {
                concat!(
                    "SELECT school_id, id, kind, account_id, actor_id, username, client, at \
                     FROM audit_events WHERE school_id = $1 AND id < $2",
                    $condition,
                    " ORDER BY id DESC LIMIT $3"
                )
            };
        }
        const ALL: &str = select!("");
        const OF_ACCOUNT: &str = select!(" AND account_id = $4");
        let before = cursor_id(page)?.unwrap_or(Uuid::max());
        let query = match account {
            None => sqlx::query_as::<_, AuditRow>(ALL),
            Some(_) => sqlx::query_as::<_, AuditRow>(OF_ACCOUNT),
        };
        let mut query = query
            .bind(school.as_uuid())
            .bind(before)
            .bind(overfetch(page));
        if let Some(account) = account {
            query = query.bind(account.as_uuid());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(translate)?;
        let items = rows
            .into_iter()
            .map(AuditRow::into_event)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(items, page, |e| e.id.to_string()))
    }
}

/// A window as a PostgreSQL interval, saturating where chrono's range exceeds it.
fn interval(window: TimeDelta) -> PgInterval {
    let microseconds = window
        .num_microseconds()
        .unwrap_or(if window < TimeDelta::zero() {
            i64::MIN
        } else {
            i64::MAX
        });
    PgInterval {
        months: 0,
        days: 0,
        microseconds,
    }
}

#[async_trait]
impl ThrottleStore for PgAccountsStore {
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState> {
        // One statement: concurrent failures on one key queue on its row and each counts.
        // A failure more than `window` after the previous one starts again at 1.
        sqlx::query_as::<_, ThrottleRow>(
            "INSERT INTO throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, $2) \
             ON CONFLICT ON CONSTRAINT throttle_pkey DO UPDATE SET \
               failures = CASE WHEN EXCLUDED.last_failure_at - t.last_failure_at > $3 THEN 1 \
                               ELSE LEAST(t.failures, 2147483646) + 1 END, \
               last_failure_at = EXCLUDED.last_failure_at \
             RETURNING failures, last_failure_at",
        )
        .bind(key.as_str())
        .bind(at)
        .bind(interval(window))
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?
        .into_state()
    }

    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>> {
        let mut conn = self.reads.get().await?;
        let row = sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, last_failure_at FROM throttle WHERE key = $1",
        )
        .bind(key.as_str())
        .fetch_optional(&mut *conn)
        .await
        .map_err(translate)?;
        conn.finished();
        row.map(ThrottleRow::into_state).transpose()
    }

    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()> {
        sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(key.as_str())
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

    #[test]
    fn windows_beyond_an_interval_saturate() {
        assert_eq!(interval(TimeDelta::hours(24)).microseconds, 86_400_000_000);
        assert_eq!(interval(TimeDelta::MAX).microseconds, i64::MAX);
        assert_eq!(interval(TimeDelta::MIN).microseconds, i64::MIN);
    }
}
