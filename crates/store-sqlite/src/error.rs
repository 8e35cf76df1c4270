//! The one place where SQLite's errors become the ports' [`StoreError`]s.

use std::fmt::Display;

use schoolbrug_accounts::ports::{Conflict, StoreError, conflicts};
use sqlx::error::ErrorKind;
use sqlx::migrate::MigrateError;

/// Primary SQLite result codes after which retrying later may work: `SQLITE_BUSY`,
/// `SQLITE_LOCKED` (the busy timeout ran out), `SQLITE_IOERR`, `SQLITE_FULL`,
/// `SQLITE_CANTOPEN`.
const RETRYABLE_CODES: [i32; 5] = [5, 6, 10, 13, 14];

/// Translates an sqlx error: a broken unique rule becomes the `Conflict` it stands for,
/// a broken reference `NotFound`, a pool or I/O failure `Unavailable`, anything else
/// `Unexpected`.
pub(crate) fn translate(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => conflict_of(db.message()).map_or_else(
                || StoreError::Unexpected(db.to_string()),
                StoreError::Conflict,
            ),
            ErrorKind::ForeignKeyViolation => StoreError::NotFound,
            _ => {
                let primary_code = db
                    .code()
                    .and_then(|code| code.parse::<i32>().ok())
                    .map(|code| code & 0xff);
                if primary_code.is_some_and(|code| RETRYABLE_CODES.contains(&code)) {
                    StoreError::Unavailable(db.to_string())
                } else {
                    StoreError::Unexpected(db.to_string())
                }
            }
        },
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_) => StoreError::Unavailable(error.to_string()),
        sqlx::Error::Migrate(migrate) => translate_migrate(*migrate),
        other => StoreError::Unexpected(other.to_string()),
    }
}

/// Translates a failed migration.
pub(crate) fn translate_migrate(error: MigrateError) -> StoreError {
    match error {
        MigrateError::Execute(e) => translate(e),
        other => StoreError::Unexpected(format!("migration failed: {other}")),
    }
}

/// A stored value the domain refuses: the database was written by something else.
#[cfg_attr(not(feature = "accounts"), allow(dead_code))]
pub(crate) fn corrupt(what: impl Display) -> StoreError {
    StoreError::Unexpected(format!("unreadable stored value: {what}"))
}

/// Which uniqueness rule SQLite names in "UNIQUE constraint failed: <table.column, …>".
/// SQLite reports the columns of the broken rule, not its name; for a unique index on an
/// expression, "index '<name>'".
fn conflict_of(message: &str) -> Option<Conflict> {
    let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
    match columns.trim() {
        "schools.slug" => Some(conflicts::SLUG_TAKEN),
        "accounts.school_id, accounts.username" => Some(conflicts::USERNAME_TAKEN),
        "accounts.school_id, accounts.pupil_id, accounts.slot" => Some(conflicts::SLOT_TAKEN),
        "groups.school_id, groups.name" => Some(conflicts::GROUP_NAME_TAKEN),
        // A unique index on an expression is named, not its columns.
        #[cfg(feature = "calendar")]
        "index 'calendar_feeds_calendar_key'" => {
            Some(schoolbrug_calendar::error::conflicts::FEED_EXISTS)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_unique_rule_names_its_conflict() {
        let cases = [
            (
                "UNIQUE constraint failed: schools.slug",
                conflicts::SLUG_TAKEN,
            ),
            (
                "UNIQUE constraint failed: accounts.school_id, accounts.username",
                conflicts::USERNAME_TAKEN,
            ),
            (
                "UNIQUE constraint failed: accounts.school_id, accounts.pupil_id, accounts.slot",
                conflicts::SLOT_TAKEN,
            ),
            (
                "UNIQUE constraint failed: groups.school_id, groups.name",
                conflicts::GROUP_NAME_TAKEN,
            ),
        ];
        #[cfg(feature = "calendar")]
        let cases = {
            let mut all = cases.to_vec();
            all.push((
                "UNIQUE constraint failed: index 'calendar_feeds_calendar_key'",
                schoolbrug_calendar::error::conflicts::FEED_EXISTS,
            ));
            all
        };
        for (message, conflict) in cases {
            assert_eq!(conflict_of(message), Some(conflict), "{message}");
        }
        assert_eq!(
            conflict_of("UNIQUE constraint failed: sessions.token_hash"),
            None
        );
    }

    #[test]
    fn pool_failures_are_unavailable() {
        assert!(matches!(
            translate(sqlx::Error::PoolTimedOut),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            translate(sqlx::Error::PoolClosed),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            translate(sqlx::Error::RowNotFound),
            StoreError::Unexpected(_)
        ));
    }
}
