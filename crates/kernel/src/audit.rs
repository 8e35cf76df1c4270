//! The security audit log: what happened to whose account, readable by the school's
//! admins. The log and its event are shared; the kinds of event are not: each module
//! names its own (`sign_in_failed` in accounts, `urgent_message_sent` in messaging), so a
//! new module records its events without touching the kernel or another module.

use std::borrow::Cow;
use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::ids::{AccountId, AuditEventId, SchoolId};
use crate::paging::{Page, PageRequest};
use crate::store::StoreResult;

/// The kind of a security event, by its stable name: lower-case ASCII letters, digits and
/// `_`, at most [`AuditKind::MAX_LEN`] bytes. Modules declare theirs as constants with
/// [`AuditKind::named`]; stores read names back with [`AuditKind::parse`], so an event of a
/// module this build does not know still reads.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AuditKind(Cow<'static, str>);

impl AuditKind {
    /// The longest name a kind may have.
    pub const MAX_LEN: usize = 64;

    /// A kind declared by a module. The name must follow the rule above; a module's own
    /// constants are checked by [`AuditKind::is_valid_name`] in its tests.
    #[must_use]
    pub const fn named(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }

    /// A kind's name read back from storage; `None` when it breaks the naming rule.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::is_valid_name(name).then(|| Self(Cow::Owned(name.to_owned())))
    }

    /// Whether `name` is a valid kind name.
    #[must_use]
    pub fn is_valid_name(name: &str) -> bool {
        !name.is_empty()
            && name.len() <= Self::MAX_LEN
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }

    /// The kind's name in the API and the database.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuditKind({})", self.0)
    }
}

impl fmt::Display for AuditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for AuditKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One security event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    /// Its id (time-ordered).
    pub id: AuditEventId,
    /// The school it happened in.
    pub school: SchoolId,
    /// What happened.
    pub kind: AuditKind,
    /// The account it happened to, if known (an erased account keeps its id here).
    pub account: Option<AccountId>,
    /// Who did it, when it was someone else (an admin).
    pub actor: Option<AccountId>,
    /// The username tried or concerned, kept so an erased or unknown account still reads.
    pub username: Option<String>,
    /// The client address, when known.
    pub client: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Port: the security audit log.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends an event.
    async fn record(&self, event: &AuditEvent) -> StoreResult<()>;

    /// The school's events, newest first, optionally only those of one account,
    /// keyset-paged. MUST never return another school's events.
    async fn events(
        &self,
        school: SchoolId,
        account: Option<AccountId>,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEvent>>;
}

/// The audit log in memory, for tests and for embedders trying a module without a
/// database.
#[cfg(feature = "memory")]
#[derive(Default)]
pub struct InMemoryAuditLog {
    events: std::sync::Mutex<std::collections::BTreeMap<AuditEventId, AuditEvent>>,
}

#[cfg(feature = "memory")]
impl InMemoryAuditLog {
    /// An empty log.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<AuditEventId, AuditEvent>> {
        self.events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(feature = "memory")]
#[async_trait]
impl AuditLog for InMemoryAuditLog {
    async fn record(&self, event: &AuditEvent) -> StoreResult<()> {
        self.lock().insert(event.id, event.clone());
        Ok(())
    }

    async fn events(
        &self,
        school: SchoolId,
        account: Option<AccountId>,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEvent>> {
        let before: Option<AuditEventId> = match page.after() {
            Some(cursor) => Some(
                cursor
                    .key()
                    .parse()
                    .map_err(|_| crate::store::StoreError::NotFound)?,
            ),
            None => None,
        };
        let items: Vec<AuditEvent> = self
            .lock()
            .values()
            .rev()
            .filter(|e| e.school == school && account.is_none_or(|a| e.account == Some(a)))
            .filter(|e| before.is_none_or(|b| e.id < b))
            .take(page.limit() as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |e| e.id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::AuditKind;

    #[test]
    fn a_kind_name_is_lower_case_snake_and_bounded() {
        assert!(AuditKind::parse("sign_in_failed").is_some());
        assert!(AuditKind::parse("").is_none());
        assert!(AuditKind::parse("Sign-In").is_none());
        assert!(AuditKind::parse(&"a".repeat(AuditKind::MAX_LEN + 1)).is_none());
    }

    #[test]
    fn a_declared_kind_equals_the_same_name_read_back() {
        const SENT: AuditKind = AuditKind::named("urgent_message_sent");
        assert_eq!(AuditKind::parse("urgent_message_sent"), Some(SENT));
    }
}
