//! The accounts module's repository ports on SQLite (tables of `0001_accounts.sql`), one
//! file per port, all on [`SqliteAccountsStore`]: schools (`school_store.rs`), accounts
//! and co-accounts (`account_store.rs`), passwords and one-time codes
//! (`credential_store.rs`), sessions (`session_store.rs`), known devices
//! (`device_store.rs`), links between co-accounts (`co_account_link_store.rs`), groups
//! (`group_store.rs`), the
//! audit log (`audit_log.rs`) and the throttling counters (`throttle_store.rs`). This file
//! holds the store, the rows and statements more than one of them uses, and the paging
//! helpers (the messaging store's too).
//!
//! A port method that writes several rows runs in one `BEGIN IMMEDIATE` transaction: the
//! write lock is taken first, so a transaction never has to upgrade a read lock (which
//! SQLite could only refuse with `SQLITE_BUSY`). Rows that belong to an account (its
//! sessions, its code, its group memberships, its co-accounts) go with it through
//! `ON DELETE CASCADE`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use schoolbrug_accounts::model::{
    Account, AccountKind, CoAccountStatus, PersonName, Relation, ResetCode, School, SchoolName,
    SchoolSlug, SecretHash, Slot, TermsAcceptance, Username,
};
use schoolbrug_accounts::ports::{StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, PageRequest, Role, SchoolId};
use sqlx::{FromRow, Sqlite, SqliteConnection, SqlitePool, Transaction};
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

// The ports, one file each, after the column macros above, which they use.
mod account_store;
mod audit_log;
mod co_account_link_store;
mod credential_store;
mod device_store;
mod external_identity_store;
mod group_store;
mod school_store;
mod second_factor_store;
mod session_store;
mod throttle_store;
