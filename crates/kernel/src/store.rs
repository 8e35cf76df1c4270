//! What every store adapter reports when it cannot do what a port asked: one error type
//! for every module, so a module's ports and an adapter's translation of its database's
//! errors read the same everywhere.

use std::fmt;

/// What a store reports when it cannot do what was asked. Adapters translate their own
/// errors into these; no database error crosses a port.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken: the named thing is taken.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// A referenced record does not exist (in this school).
    #[error("not found")]
    NotFound,
    /// The store is unreachable or timed out; retrying later may work.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// Anything else, described for the log.
    #[error("unexpected store error: {0}")]
    Unexpected(String),
}

/// A store result.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which uniqueness rule a write broke, by its stable code (`"username_taken"`). The set is
/// open: each module names its own rules as constants (the accounts module's
/// `conflicts::USERNAME_TAKEN`), so a new module adds conflicts without touching the
/// kernel, and a constant can be matched in a pattern.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Conflict(&'static str);

impl Conflict {
    /// A conflict named by its stable code: lower-case ASCII words joined by `_`.
    #[must_use]
    pub const fn named(code: &'static str) -> Self {
        Self(code)
    }

    /// The stable code used in the API and on pages.
    #[must_use]
    pub const fn code(self) -> &'static str {
        self.0
    }
}

impl fmt::Debug for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Conflict({})", self.0)
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{Conflict, StoreError};

    const TAKEN: Conflict = Conflict::named("name_taken");

    #[test]
    fn a_module_s_conflict_constant_matches_in_a_pattern() {
        let error = StoreError::Conflict(Conflict::named("name_taken"));
        assert!(matches!(error, StoreError::Conflict(TAKEN)));
        assert_eq!(error.to_string(), "conflict: name_taken");
    }
}
