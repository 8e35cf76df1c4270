//! The accounts module's repository ports on SQLite (tables of `0001_accounts.sql`).
//!
//! A port method that writes several rows runs in one `BEGIN IMMEDIATE` transaction: the
//! write lock is taken first, so a transaction never has to upgrade a read lock (which
//! SQLite could only refuse with `SQLITE_BUSY`). Rows that belong to an account (its
//! sessions, its code, its group memberships, its co-accounts) go with it through
//! `ON DELETE CASCADE`.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
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
use sqlx::query::QueryAs;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{FromRow, Row as _, Sqlite, SqliteConnection, SqlitePool, Transaction};
use uuid::Uuid;

use crate::error::{corrupt, translate};

/// Every accounts repository port (`SchoolStore`, `AccountStore`, `CredentialStore`,
/// `SessionStore`, `GroupStore`, `AuditLog`, `ThrottleStore`) on one SQLite database.
/// Made by [`SqliteDatabase::accounts`](crate::SqliteDatabase::accounts); cheap to clone.
#[derive(Clone, Debug)]
pub struct SqliteAccountsStore {
    pool: SqlitePool,
}

impl SqliteAccountsStore {
    pub(crate) fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// A transaction that holds the write lock from its start.
    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(translate)
    }
}

/// The columns of an account, without its password hash.
macro_rules! account_columns {
    () => {
        "school_id, id, username, first_name, last_name, kind, roles, birth_date, pupil_id, \
         slot, relation, status, active_until, email, created_at, terms_version, \
         terms_accepted_at"
    };
}

/// The columns of a school (its `created_at` is not part of the domain's value).
macro_rules! school_columns {
    () => {
        "id, slug, name, time_zone, min_password_length"
    };
}

/// One school by id.
const SELECT_SCHOOL: &str = concat!("SELECT ", school_columns!(), " FROM schools WHERE id = ?1");

/// One account by school and id.
const SELECT_ACCOUNT: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE school_id = ?1 AND id = ?2"
);

/// One session by school and token hash (the primary key).
const SELECT_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE school_id = ?1 AND token_hash = ?2";

/// One session by token hash alone, in any school: only for tokens issued before schools
/// were put into tokens (index `sessions_token_hash`, migration 0004), until they expire.
const SELECT_UNNAMED_SESSION: &str = "SELECT token_hash, school_id, account_id, created_at, \
     last_seen_at FROM sessions WHERE token_hash = ?1";

/// The lookup of a session: within its school, or, for a token that names none, by hash.
fn select_session(
    school: Option<SchoolId>,
    token_hash: &SecretHash,
) -> QueryAs<'static, Sqlite, SessionRow, SqliteArguments<'static>> {
    let hash = token_hash.as_bytes().to_vec();
    match school {
        Some(school) => sqlx::query_as(SELECT_SESSION)
            .bind(school.as_uuid())
            .bind(hash),
        None => sqlx::query_as(SELECT_UNNAMED_SESSION).bind(hash),
    }
}

/// The smallest and largest ids: keyset bounds when no cursor is given. UUID v7 ids never
/// take either value (their version nibble is 7).
const NO_ID: Uuid = Uuid::nil();
pub(crate) const LAST_ID: Uuid = Uuid::from_bytes([0xff; 16]);

/// The key after which a page continues: the last id of the previous page. A cursor that
/// holds no id of ours points nowhere.
pub(crate) fn cursor_id(page: &PageRequest) -> StoreResult<Option<Uuid>> {
    page.after()
        .map(|cursor| Uuid::parse_str(&cursor.key()).map_err(|_| StoreError::NotFound))
        .transpose()
}

pub(crate) fn limit_plus_one(page: &PageRequest) -> i64 {
    i64::from(page.limit()) + 1
}

fn secret_hash(bytes: &[u8]) -> StoreResult<SecretHash> {
    <[u8; 32]>::try_from(bytes)
        .map(SecretHash::from_bytes)
        .map_err(|_| corrupt(format!("a hash of {} bytes", bytes.len())))
}

/// `%text%` for `LIKE … ESCAPE '\'`, with the wildcards of `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

// ----------------------------------------------------------------------------- schools

#[derive(FromRow)]
struct SchoolRow {
    id: Uuid,
    slug: String,
    name: String,
    time_zone: String,
    min_password_length: i64,
}

impl TryFrom<SchoolRow> for School {
    type Error = StoreError;

    fn try_from(row: SchoolRow) -> StoreResult<Self> {
        Ok(School {
            id: SchoolId::from_uuid(row.id),
            slug: SchoolSlug::parse(&row.slug).map_err(|_| corrupt("school slug"))?,
            name: SchoolName::parse(&row.name).map_err(|_| corrupt("school name"))?,
            time_zone: row
                .time_zone
                .parse::<Tz>()
                .map_err(|_| corrupt(format!("time zone {:?}", row.time_zone)))?,
            min_password_length: usize::try_from(row.min_password_length)
                .map_err(|_| corrupt("min_password_length"))?,
        })
    }
}

fn schools_from(rows: Vec<SchoolRow>) -> StoreResult<Vec<School>> {
    rows.into_iter().map(School::try_from).collect()
}

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

// ---------------------------------------------------------------------------- accounts

#[derive(FromRow)]
struct AccountRow {
    school_id: Uuid,
    id: Uuid,
    username: String,
    first_name: String,
    last_name: String,
    kind: String,
    roles: String,
    birth_date: Option<NaiveDate>,
    pupil_id: Option<Uuid>,
    slot: Option<i64>,
    relation: Option<String>,
    status: Option<String>,
    active_until: Option<NaiveDate>,
    email: Option<String>,
    created_at: DateTime<Utc>,
    terms_version: Option<String>,
    terms_accepted_at: Option<DateTime<Utc>>,
}

pub(crate) fn roles_from(stored: &str) -> StoreResult<Vec<Role>> {
    stored
        .split(',')
        .filter(|name| !name.is_empty())
        .map(|name| Role::parse(name).ok_or_else(|| corrupt(format!("role {name:?}"))))
        .collect()
}

fn co_status_from(status: Option<&str>, until: Option<NaiveDate>) -> StoreResult<CoAccountStatus> {
    match (status, until) {
        (Some("active"), None) => Ok(CoAccountStatus::Active),
        (Some("inactive"), None) => Ok(CoAccountStatus::Inactive),
        (Some("active_until"), Some(last)) => Ok(CoAccountStatus::ActiveUntil(last)),
        (other, _) => Err(corrupt(format!("co-account status {other:?}"))),
    }
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;

    fn try_from(row: AccountRow) -> StoreResult<Self> {
        let kind = match row.kind.as_str() {
            "main" => AccountKind::Main {
                roles: roles_from(&row.roles)?,
                birth_date: row.birth_date,
            },
            "co" => AccountKind::Co {
                pupil: AccountId::from_uuid(
                    row.pupil_id
                        .ok_or_else(|| corrupt("co-account without pupil"))?,
                ),
                slot: row
                    .slot
                    .and_then(|n| Slot::parse(n).ok())
                    .ok_or_else(|| corrupt(format!("slot {:?}", row.slot)))?,
                relation: row
                    .relation
                    .as_deref()
                    .and_then(Relation::parse)
                    .ok_or_else(|| corrupt(format!("relation {:?}", row.relation)))?,
                status: co_status_from(row.status.as_deref(), row.active_until)?,
            },
            other => return Err(corrupt(format!("account kind {other:?}"))),
        };
        let terms = match (row.terms_version, row.terms_accepted_at) {
            (Some(version), Some(accepted_at)) => Some(TermsAcceptance {
                version,
                accepted_at,
            }),
            (None, None) => None,
            _ => return Err(corrupt("half a terms acceptance")),
        };
        Ok(Account {
            id: AccountId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            username: Username::parse(&row.username).map_err(|_| corrupt("username"))?,
            first_name: PersonName::parse("first_name", &row.first_name)
                .map_err(|_| corrupt("first name"))?,
            last_name: PersonName::parse("last_name", &row.last_name)
                .map_err(|_| corrupt("last name"))?,
            kind,
            email: row.email,
            created_at: row.created_at,
            terms,
        })
    }
}

fn accounts_from(rows: Vec<AccountRow>) -> StoreResult<Vec<Account>> {
    rows.into_iter().map(Account::try_from).collect()
}

/// Inserts an account; a co-account only when its pupil is a main account of the same
/// school (else `NotFound`).
async fn insert_account(conn: &mut SqliteConnection, account: &Account) -> StoreResult<()> {
    let (kind, roles, birth_date) = match &account.kind {
        AccountKind::Main { roles, birth_date } => {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            ("main", names.join(","), *birth_date)
        }
        AccountKind::Co { .. } => ("co", String::new(), None),
    };
    let (pupil, slot, relation, status, active_until) = match &account.kind {
        AccountKind::Main { .. } => (None, None, None, None, None),
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
                Some(i64::from(slot.get())),
                Some(relation.as_str()),
                Some(status),
                until,
            )
        }
    };
    let inserted = sqlx::query(concat!(
        "INSERT INTO accounts (",
        account_columns!(),
        ") SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17 \
         WHERE ?9 IS NULL OR EXISTS ( \
             SELECT 1 FROM accounts WHERE school_id = ?1 AND id = ?9 AND kind = 'main')",
    ))
    .bind(account.school.as_uuid())
    .bind(account.id.as_uuid())
    .bind(account.username.as_str())
    .bind(account.first_name.as_str())
    .bind(account.last_name.as_str())
    .bind(kind)
    .bind(roles)
    .bind(birth_date)
    .bind(pupil)
    .bind(slot)
    .bind(relation)
    .bind(status)
    .bind(active_until)
    .bind(account.email.as_deref())
    .bind(account.created_at)
    .bind(account.terms.as_ref().map(|t| t.version.as_str()))
    .bind(account.terms.as_ref().map(|t| t.accepted_at))
    .execute(conn)
    .await
    .map_err(translate)?;
    if inserted.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

#[async_trait]
impl AccountStore for SqliteAccountsStore {
    async fn insert_account(&self, account: &Account) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        insert_account(&mut conn, account).await
    }

    async fn account(&self, school: SchoolId, id: AccountId) -> StoreResult<Option<Account>> {
        sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(school.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await
            .map_err(translate)?
            .map(Account::try_from)
            .transpose()
    }

    async fn account_by_username(
        &self,
        school: SchoolId,
        username: &Username,
    ) -> StoreResult<Option<(Account, Option<PasswordHash>)>> {
        let row: Option<SqliteRow> = sqlx::query(concat!(
            "SELECT ",
            account_columns!(),
            ", password_hash FROM accounts WHERE school_id = ?1 AND username = ?2"
        ))
        .bind(school.as_uuid())
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let password: Option<String> = row.try_get("password_hash").map_err(translate)?;
        let account = Account::try_from(AccountRow::from_row(&row).map_err(translate)?)?;
        Ok(Some((account, password.map(PasswordHash::from_phc))))
    }

    async fn list_accounts(
        &self,
        school: SchoolId,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Account>> {
        let after = cursor_id(page)?.unwrap_or(NO_ID);
        let role = filter.role.map(|r| format!(",{},", r.as_str()));
        let text = filter.query.as_deref().map(contains_pattern);
        let rows = sqlx::query_as::<_, AccountRow>(concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts \
             WHERE school_id = ?1 AND id > ?2 \
               AND (?3 IS NULL OR (kind = 'main' AND instr(',' || roles || ',', ?3) > 0)) \
               AND (?4 IS NULL OR username LIKE ?4 ESCAPE '\\' \
                    OR first_name LIKE ?4 ESCAPE '\\' OR last_name LIKE ?4 ESCAPE '\\') \
             ORDER BY id \
             LIMIT ?5"
        ))
        .bind(school.as_uuid())
        .bind(after)
        .bind(role)
        .bind(text)
        .bind(limit_plus_one(page))
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        Ok(Page::from_overfetch(accounts_from(rows)?, page, |a| {
            a.id.to_string()
        }))
    }

    async fn co_accounts(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<Account>> {
        let rows = sqlx::query_as::<_, AccountRow>(concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE school_id = ?1 AND pupil_id = ?2 ORDER BY slot"
        ))
        .bind(school.as_uuid())
        .bind(pupil.as_uuid())
        .fetch_all(&self.pool)
        .await
        .map_err(translate)?;
        accounts_from(rows)
    }

    async fn accept_terms(
        &self,
        school: SchoolId,
        account: AccountId,
        version: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let updated = sqlx::query(
            "UPDATE accounts SET terms_version = ?3, terms_accepted_at = ?4 \
             WHERE school_id = ?1 AND id = ?2",
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
        let mut tx = self.begin_write().await?;
        for id in accounts {
            // Sessions, codes, memberships and co-accounts follow by ON DELETE CASCADE;
            // audit events have no reference and stay.
            sqlx::query("DELETE FROM accounts WHERE school_id = ?1 AND id = ?2")
                .bind(school.as_uuid())
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }
}

// ------------------------------------------------------------------------- credentials

#[derive(FromRow)]
struct ResetCodeRow {
    school_id: Uuid,
    account_id: Uuid,
    code_hash: Vec<u8>,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl TryFrom<ResetCodeRow> for ResetCode {
    type Error = StoreError;

    fn try_from(row: ResetCodeRow) -> StoreResult<Self> {
        Ok(ResetCode {
            code_hash: secret_hash(&row.code_hash)?,
            school: SchoolId::from_uuid(row.school_id),
            account: AccountId::from_uuid(row.account_id),
            issued_at: row.issued_at,
            expires_at: row.expires_at,
        })
    }
}

/// Stores a code in place of the account's earlier one. The account must be of the
/// code's school (else `NotFound`, by the reference on `(school_id, account_id)`).
async fn upsert_reset_code(conn: &mut SqliteConnection, code: &ResetCode) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO reset_codes (school_id, account_id, code_hash, issued_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (school_id, account_id) DO UPDATE SET \
             code_hash = excluded.code_hash, \
             issued_at = excluded.issued_at, expires_at = excluded.expires_at",
    )
    .bind(code.school.as_uuid())
    .bind(code.account.as_uuid())
    .bind(&code.code_hash.as_bytes()[..])
    .bind(code.issued_at)
    .bind(code.expires_at)
    .execute(conn)
    .await
    .map_err(translate)?;
    Ok(())
}

/// Ends the account's sessions, all but `keep`.
async fn end_sessions(
    conn: &mut SqliteConnection,
    school: SchoolId,
    account: AccountId,
    keep: Option<&SecretHash>,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM sessions WHERE school_id = ?1 AND account_id = ?2 \
         AND (?3 IS NULL OR token_hash <> ?3)",
    )
    .bind(school.as_uuid())
    .bind(account.as_uuid())
    .bind(keep.map(|k| &k.as_bytes()[..]))
    .execute(conn)
    .await
    .map_err(translate)?;
    Ok(())
}

/// Sets (or with `None` removes) the password hash; `false` for an unknown account.
async fn store_password(
    conn: &mut SqliteConnection,
    school: SchoolId,
    account: AccountId,
    hash: Option<&PasswordHash>,
) -> StoreResult<bool> {
    let updated =
        sqlx::query("UPDATE accounts SET password_hash = ?3 WHERE school_id = ?1 AND id = ?2")
            .bind(school.as_uuid())
            .bind(account.as_uuid())
            .bind(hash.map(PasswordHash::as_phc))
            .execute(conn)
            .await
            .map_err(translate)?;
    Ok(updated.rows_affected() > 0)
}

#[async_trait]
impl CredentialStore for SqliteAccountsStore {
    async fn set_password(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
        keep: Option<&SecretHash>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        if !store_password(&mut tx, school, account, Some(hash)).await? {
            tx.rollback().await.map_err(translate)?;
            return Err(StoreError::NotFound);
        }
        end_sessions(&mut tx, school, account, keep).await?;
        tx.commit().await.map_err(translate)
    }

    async fn replace_password_hash(
        &self,
        school: SchoolId,
        account: AccountId,
        hash: &PasswordHash,
    ) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        if store_password(&mut conn, school, account, Some(hash)).await? {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn clear_password(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        store_password(&mut tx, school, account, None).await?;
        end_sessions(&mut tx, school, account, None).await?;
        tx.commit().await.map_err(translate)
    }

    async fn issue_reset_code(&self, code: &ResetCode) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        upsert_reset_code(&mut conn, code).await
    }

    async fn redeem_reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
        new_hash: &PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        // Taking the code out is the first write: two redemptions cannot both find it.
        let expires_at: Option<DateTime<Utc>> = sqlx::query_scalar(
            "DELETE FROM reset_codes \
             WHERE school_id = ?1 AND account_id = ?2 AND code_hash = ?3 \
             RETURNING expires_at",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .bind(&code_hash.as_bytes()[..])
        .fetch_optional(&mut *tx)
        .await
        .map_err(translate)?;
        match expires_at {
            Some(expires_at) if now < expires_at => {}
            _ => {
                // Unknown, wrong or expired: the code stays as it was.
                tx.rollback().await.map_err(translate)?;
                return Ok(false);
            }
        }
        if !store_password(&mut tx, school, account, Some(new_hash)).await? {
            tx.rollback().await.map_err(translate)?;
            return Ok(false);
        }
        end_sessions(&mut tx, school, account, None).await?;
        tx.commit().await.map_err(translate)?;
        Ok(true)
    }

    async fn reset_code(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<ResetCode>> {
        sqlx::query_as::<_, ResetCodeRow>(
            "SELECT school_id, account_id, code_hash, issued_at, expires_at FROM reset_codes \
             WHERE school_id = ?1 AND account_id = ?2",
        )
        .bind(school.as_uuid())
        .bind(account.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(ResetCode::try_from)
        .transpose()
    }
}

// ---------------------------------------------------------------------------- sessions

#[derive(FromRow)]
struct SessionRow {
    token_hash: Vec<u8>,
    school_id: Uuid,
    account_id: Uuid,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> StoreResult<Self> {
        Ok(Session {
            token_hash: secret_hash(&row.token_hash)?,
            school: SchoolId::from_uuid(row.school_id),
            account: AccountId::from_uuid(row.account_id),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        })
    }
}

#[async_trait]
impl SessionStore for SqliteAccountsStore {
    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, school_id, account_id, created_at, last_seen_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&session.token_hash.as_bytes()[..])
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
            .map(Session::try_from)
            .transpose()
    }

    async fn session_context(
        &self,
        school: Option<SchoolId>,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<SessionContext>> {
        // The three statements of `session`, `account` and `school` on one connection:
        // the pool pings every connection it takes back, once instead of three times.
        let mut conn = self.pool.acquire().await.map_err(translate)?;
        let Some(session) = select_session(school, token_hash)
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(Session::try_from)
            .transpose()?
        else {
            return Ok(None);
        };
        let account = sqlx::query_as::<_, AccountRow>(SELECT_ACCOUNT)
            .bind(session.school.as_uuid())
            .bind(session.account.as_uuid())
            .fetch_optional(&mut *conn)
            .await
            .map_err(translate)?
            .map(Account::try_from)
            .transpose()?;
        let school = match &account {
            Some(a) if matches!(a.kind, AccountKind::Co { .. }) => {
                sqlx::query_as::<_, SchoolRow>(SELECT_SCHOOL)
                    .bind(session.school.as_uuid())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(translate)?
                    .map(School::try_from)
                    .transpose()?
            }
            _ => None,
        };
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
            "UPDATE sessions SET last_seen_at = ?3 WHERE school_id = ?1 AND token_hash = ?2",
        )
        .bind(school.as_uuid())
        .bind(&token_hash.as_bytes()[..])
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }

    async fn delete_session(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE school_id = ?1 AND token_hash = ?2")
            .bind(school.as_uuid())
            .bind(&token_hash.as_bytes()[..])
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }

    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64> {
        let mut tx = self.pool.begin().await.map_err(translate)?;
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2")
                .bind(expiry.sessions_idle_before)
                .bind(expiry.sessions_created_before)
                .execute(&mut *tx)
                .await
                .map_err(translate)?;
        let codes = sqlx::query("DELETE FROM reset_codes WHERE expires_at <= ?1")
            .bind(expiry.codes_expired_at)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        let throttle = sqlx::query("DELETE FROM throttle WHERE last_failure_at < ?1")
            .bind(expiry.failures_before)
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        tx.commit().await.map_err(translate)?;
        Ok(sessions.rows_affected() + codes.rows_affected() + throttle.rows_affected())
    }
}

// ------------------------------------------------------------------------------ groups

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

// ------------------------------------------------------------------------------- audit

#[derive(FromRow)]
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

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> StoreResult<Self> {
        Ok(AuditEvent {
            id: AuditEventId::from_uuid(row.id),
            school: SchoolId::from_uuid(row.school_id),
            kind: AuditKind::parse(&row.kind)
                .ok_or_else(|| corrupt(format!("audit kind {:?}", row.kind)))?,
            account: row.account_id.map(AccountId::from_uuid),
            actor: row.actor_id.map(AccountId::from_uuid),
            username: row.username,
            client: row.client,
            at: row.at,
        })
    }
}

macro_rules! audit_columns {
    () => {
        "school_id, id, kind, account_id, actor_id, username, client, at"
    };
}

#[async_trait]
impl AuditLog for SqliteAccountsStore {
    async fn record(&self, event: &AuditEvent) -> StoreResult<()> {
        sqlx::query(concat!(
            "INSERT INTO audit_events (",
            audit_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ))
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
        let before = cursor_id(page)?.unwrap_or(LAST_ID);
        // Two statements rather than `(? IS NULL OR account_id = ?)`, so that each walks
        // its own index backwards from the cursor.
        let rows = match account {
            None => {
                sqlx::query_as::<_, AuditRow>(concat!(
                    "SELECT ",
                    audit_columns!(),
                    " FROM audit_events WHERE school_id = ?1 AND id < ?2 \
                 ORDER BY id DESC LIMIT ?3"
                ))
                .bind(school.as_uuid())
                .bind(before)
                .bind(limit_plus_one(page))
                .fetch_all(&self.pool)
                .await
            }
            Some(account) => {
                sqlx::query_as::<_, AuditRow>(concat!(
                    "SELECT ",
                    audit_columns!(),
                    " FROM audit_events WHERE school_id = ?1 AND account_id = ?2 AND id < ?3 \
                 ORDER BY id DESC LIMIT ?4"
                ))
                .bind(school.as_uuid())
                .bind(account.as_uuid())
                .bind(before)
                .bind(limit_plus_one(page))
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(translate)?;
        let events = rows
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_overfetch(events, page, |e| e.id.to_string()))
    }
}

// ---------------------------------------------------------------------------- throttle

#[derive(FromRow)]
struct ThrottleRow {
    failures: i64,
    last_failure_at: DateTime<Utc>,
}

impl TryFrom<ThrottleRow> for ThrottleState {
    type Error = StoreError;

    fn try_from(row: ThrottleRow) -> StoreResult<Self> {
        Ok(ThrottleState {
            failures: u32::try_from(row.failures).map_err(|_| corrupt("failures"))?,
            last_failure_at: row.last_failure_at,
        })
    }
}

#[async_trait]
impl ThrottleStore for SqliteAccountsStore {
    async fn record_failure(
        &self,
        key: &ThrottleKey,
        at: DateTime<Utc>,
        window: chrono::Duration,
    ) -> StoreResult<ThrottleState> {
        // A failure more than `window` after the previous one starts over:
        // `at - last > window`, i.e. `last < at - window`. Times are compared as the text
        // sqlx writes for a DateTime<Utc> (RFC 3339, UTC offset, 0/3/6/9 fraction digits),
        // which sorts like the times themselves.
        // Without a representable `at - window`, nothing is old enough to start over
        // (a NULL bound makes the comparison false).
        let starts_over_before = at.checked_sub_signed(window);
        // One statement, so concurrent failures are counted one after the other.
        sqlx::query_as::<_, ThrottleRow>(
            "INSERT INTO throttle (key, failures, last_failure_at) VALUES (?1, 1, ?2) \
             ON CONFLICT (key) DO UPDATE SET \
                 failures = CASE WHEN throttle.last_failure_at < ?3 THEN 1 \
                                 ELSE min(throttle.failures + 1, 4294967295) END, \
                 last_failure_at = excluded.last_failure_at \
             RETURNING failures, last_failure_at",
        )
        .bind(key.as_str())
        .bind(at)
        .bind(starts_over_before)
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?
        .try_into()
    }

    async fn throttle_state(&self, key: &ThrottleKey) -> StoreResult<Option<ThrottleState>> {
        sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, last_failure_at FROM throttle WHERE key = ?1",
        )
        .bind(key.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?
        .map(ThrottleState::try_from)
        .transpose()
    }

    async fn clear_throttle(&self, key: &ThrottleKey) -> StoreResult<()> {
        sqlx::query("DELETE FROM throttle WHERE key = ?1")
            .bind(key.as_str())
            .execute(&self.pool)
            .await
            .map_err(translate)?;
        Ok(())
    }
}
