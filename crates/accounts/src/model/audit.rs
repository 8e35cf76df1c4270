//! The security audit log: what happened to whose account, readable by the school's admins.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, AuditEventId, SchoolId};
use serde::Serialize;

/// The kinds of security events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// A sign-in succeeded.
    SignInSucceeded,
    /// A sign-in failed (wrong password, inactive account, throttled).
    SignInFailed,
    /// A session was ended by logging out.
    SignedOut,
    /// The account's password was changed by its owner.
    PasswordChanged,
    /// An admin issued a one-time code.
    ResetCodeIssued,
    /// A one-time code was used to set a password.
    ResetCodeUsed,
    /// An account was created.
    AccountCreated,
    /// A co-account was created.
    CoAccountCreated,
    /// A co-account was reset: its data erased and a code issued.
    CoAccountReset,
    /// An account was erased (pupil left school).
    AccountErased,
    /// The terms of use were accepted.
    TermsAccepted,
    /// A school was set up with its first admin.
    SchoolCreated,
    /// A member of staff sent a message marked urgent, forwarded even in quiet hours.
    UrgentMessageSent,
}

impl AuditKind {
    /// Every kind, in a stable order.
    pub const ALL: [AuditKind; 13] = [
        AuditKind::SignInSucceeded,
        AuditKind::SignInFailed,
        AuditKind::SignedOut,
        AuditKind::PasswordChanged,
        AuditKind::ResetCodeIssued,
        AuditKind::ResetCodeUsed,
        AuditKind::AccountCreated,
        AuditKind::CoAccountCreated,
        AuditKind::CoAccountReset,
        AuditKind::AccountErased,
        AuditKind::TermsAccepted,
        AuditKind::SchoolCreated,
        AuditKind::UrgentMessageSent,
    ];

    /// The kind's name in the API and the database.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditKind::SignInSucceeded => "sign_in_succeeded",
            AuditKind::SignInFailed => "sign_in_failed",
            AuditKind::SignedOut => "signed_out",
            AuditKind::PasswordChanged => "password_changed",
            AuditKind::ResetCodeIssued => "reset_code_issued",
            AuditKind::ResetCodeUsed => "reset_code_used",
            AuditKind::AccountCreated => "account_created",
            AuditKind::CoAccountCreated => "co_account_created",
            AuditKind::CoAccountReset => "co_account_reset",
            AuditKind::AccountErased => "account_erased",
            AuditKind::TermsAccepted => "terms_accepted",
            AuditKind::SchoolCreated => "school_created",
            AuditKind::UrgentMessageSent => "urgent_message_sent",
        }
    }

    /// Parses a kind's name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
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
