//! The accounts module's repository ports on PostgreSQL (tables of
//! `migrations/postgres/0001_accounts.sql`), one file per port, all on
//! [`PgAccountsStore`]: schools (`school_store.rs`), accounts and co-accounts
//! (`account_store.rs`), passwords and one-time codes (`credential_store.rs`), sessions
//! (`session_store.rs`), known devices (`device_store.rs`), links between co-accounts
//! (`co_account_link_store.rs`), groups (`group_store.rs`), the
//! audit log (`audit_log.rs`) and the
//! throttling counters (`throttle_store.rs`). This file holds the store, the rows and
//! statements more than one of them uses, and the paging helpers (the messaging store's
//! too).
//!
//! Every method is one atomic unit of work: a single statement, or one transaction when
//! it writes several rows. Every query that is given a school filters on `school_id`
//! first, and the composite foreign keys `(school_id, …)` make the database itself refuse
//! a reference across schools.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use schoolbrug_accounts::model::{
    Account, AccountKind, CoAccountStatus, PersonName, Relation, ResetCode, School, SchoolName,
    SchoolSlug, SecretHash, Slot, TermsAcceptance, Username,
};
use schoolbrug_accounts::ports::{StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, PageRequest, Role, SchoolId};
use sqlx::postgres::{PgArguments, PgPool};
use sqlx::query::Query;
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

pub(crate) fn uuids<T: Copy + Into<Uuid>>(ids: &[T]) -> Vec<Uuid> {
    ids.iter().map(|id| (*id).into()).collect()
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
