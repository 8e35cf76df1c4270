//! The one place where sqlx errors become [`StoreError`]s: no database error crosses a
//! port.
//!
//! - a unique violation, by the NAME of its constraint, becomes the `Conflict` it means;
//! - a foreign-key violation becomes `NotFound` (a referenced record is not there, or not
//!   in this school: the references between accounts' tables all include `school_id`);
//! - an unreachable, restarting, overloaded or timed-out server, a closed pool, or a
//!   transaction that lost a race (serialization failure, deadlock) becomes `Unavailable`:
//!   retrying later may work;
//! - anything else becomes `Unexpected`, described for the log.

use schoolbrug_accounts::ports::{Conflict, StoreError, conflicts};
use sqlx::error::ErrorKind;
use sqlx::migrate::MigrateError;

/// Which conflict each unique constraint stands for, by constraint name. The names are
/// fixed in `migrations/postgres` (and the same in the SQLite dialect).
const CONFLICTS: &[(&str, Conflict)] = &[
    ("schools_slug_key", conflicts::SLUG_TAKEN),
    ("accounts_username_key", conflicts::USERNAME_TAKEN),
    ("accounts_slot_key", conflicts::SLOT_TAKEN),
    ("groups_name_key", conflicts::GROUP_NAME_TAKEN),
    #[cfg(feature = "calendar")]
    (
        "calendar_feeds_calendar_key",
        schoolbrug_calendar::error::conflicts::FEED_EXISTS,
    ),
];

/// SQLSTATE codes after which retrying later may work.
fn is_transient(code: &str) -> bool {
    matches!(
        code,
        // serialization_failure, deadlock_detected
        "40001" | "40P01"
        // query_canceled (statement_timeout), admin/crash shutdown, cannot_connect_now
        | "57014" | "57P01" | "57P02" | "57P03"
    )
    // connection_exception (08…), insufficient_resources (53…: too many connections,
    // disk full, out of memory)
    || code.starts_with("08")
    || code.starts_with("53")
}

/// Translates an sqlx error.
pub(crate) fn translate(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::Database(db) => {
            match db.kind() {
                ErrorKind::UniqueViolation => {
                    let conflict = db.constraint().and_then(|name| {
                        CONFLICTS
                            .iter()
                            .find(|(known, _)| *known == name)
                            .map(|(_, c)| *c)
                    });
                    if let Some(conflict) = conflict {
                        return StoreError::Conflict(conflict);
                    }
                }
                ErrorKind::ForeignKeyViolation => return StoreError::NotFound,
                _ => {}
            }
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            let constraint = db
                .constraint()
                .map(|c| format!(" (constraint {c})"))
                .unwrap_or_default();
            let message = format!("PostgreSQL error {code}: {}{constraint}", db.message());
            if is_transient(&code) {
                StoreError::Unavailable(message)
            } else {
                StoreError::Unexpected(message)
            }
        }
        sqlx::Error::PoolTimedOut => {
            StoreError::Unavailable("no PostgreSQL connection free or reachable in time".into())
        }
        sqlx::Error::PoolClosed => StoreError::Unavailable("the PostgreSQL pool is closed".into()),
        e @ (sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed) => {
            StoreError::Unavailable(format!("PostgreSQL: {e}"))
        }
        other => StoreError::Unexpected(format!("PostgreSQL: {other}")),
    }
}

/// Translates a failed migration run.
pub(crate) fn translate_migration(error: MigrateError) -> StoreError {
    match error {
        MigrateError::Execute(e) => translate(e),
        MigrateError::ExecuteMigration(e, version) => match translate(e) {
            StoreError::Unexpected(m) => {
                StoreError::Unexpected(format!("migration {version} failed: {m}"))
            }
            other => other,
        },
        other => StoreError::Unexpected(format!("migrations: {other}")),
    }
}

/// A row that does not decode into a domain value: the database holds something the
/// domain would never write.
#[cfg_attr(not(feature = "accounts"), allow(dead_code))]
pub(crate) fn corrupt(table: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Unexpected(format!("undecodable row in {table}: {detail}"))
}
