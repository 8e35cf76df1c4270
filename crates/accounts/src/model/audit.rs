//! The security events the accounts module records in the shared audit log (the log, the
//! event and the kind live in the kernel; each module names its own kinds).

pub use schoolbrug_kernel::audit::{AuditEvent, AuditKind};

/// A sign-in succeeded.
pub const SIGN_IN_SUCCEEDED: AuditKind = AuditKind::named("sign_in_succeeded");
/// A sign-in failed (wrong password, inactive account, throttled).
pub const SIGN_IN_FAILED: AuditKind = AuditKind::named("sign_in_failed");
/// A session was ended by logging out.
pub const SIGNED_OUT: AuditKind = AuditKind::named("signed_out");
/// Every session of the account was ended at its own request ("log out everywhere").
pub const SIGNED_OUT_EVERYWHERE: AuditKind = AuditKind::named("signed_out_everywhere");
/// A known device was forgotten after too many wrong passwords from it.
pub const DEVICE_FORGOTTEN: AuditKind = AuditKind::named("device_forgotten");
/// The account's password was changed by its owner.
pub const PASSWORD_CHANGED: AuditKind = AuditKind::named("password_changed");
/// An admin issued a one-time code.
pub const RESET_CODE_ISSUED: AuditKind = AuditKind::named("reset_code_issued");
/// A one-time code was used to set a password.
pub const RESET_CODE_USED: AuditKind = AuditKind::named("reset_code_used");
/// An account was created.
pub const ACCOUNT_CREATED: AuditKind = AuditKind::named("account_created");
/// A co-account was created.
pub const CO_ACCOUNT_CREATED: AuditKind = AuditKind::named("co_account_created");
/// A co-account was reset: its data erased and a code issued.
pub const CO_ACCOUNT_RESET: AuditKind = AuditKind::named("co_account_reset");
/// An account was erased (pupil left school).
pub const ACCOUNT_ERASED: AuditKind = AuditKind::named("account_erased");
/// The terms of use were accepted.
pub const TERMS_ACCEPTED: AuditKind = AuditKind::named("terms_accepted");
/// A school was set up with its first admin.
pub const SCHOOL_CREATED: AuditKind = AuditKind::named("school_created");
/// The account turned its second factor (TOTP) on, confirmed by a first code.
pub const SECOND_FACTOR_ENABLED: AuditKind = AuditKind::named("second_factor_enabled");
/// The account turned its second factor off, with a code.
pub const SECOND_FACTOR_DISABLED: AuditKind = AuditKind::named("second_factor_disabled");
/// An admin removed the second factor of another account (a lost phone).
pub const SECOND_FACTOR_REMOVED: AuditKind = AuditKind::named("second_factor_removed");
/// A recovery code stood in for a TOTP code.
pub const RECOVERY_CODE_USED: AuditKind = AuditKind::named("recovery_code_used");
/// An admin changed whether staff and admins must have a second factor.
pub const SECOND_FACTOR_POLICY_CHANGED: AuditKind =
    AuditKind::named("second_factor_policy_changed");
/// Two co-accounts were linked (by one of them with the other's password, or by an admin).
pub const CO_ACCOUNT_LINKED: AuditKind = AuditKind::named("co_account_linked");
/// A link between two co-accounts was removed.
pub const CO_ACCOUNT_UNLINKED: AuditKind = AuditKind::named("co_account_unlinked");

/// Every kind this module records, in a stable order.
pub const ALL: [AuditKind; 21] = [
    SIGN_IN_SUCCEEDED,
    SIGN_IN_FAILED,
    SIGNED_OUT,
    SIGNED_OUT_EVERYWHERE,
    DEVICE_FORGOTTEN,
    PASSWORD_CHANGED,
    RESET_CODE_ISSUED,
    RESET_CODE_USED,
    ACCOUNT_CREATED,
    CO_ACCOUNT_CREATED,
    CO_ACCOUNT_RESET,
    ACCOUNT_ERASED,
    TERMS_ACCEPTED,
    SCHOOL_CREATED,
    SECOND_FACTOR_ENABLED,
    SECOND_FACTOR_DISABLED,
    SECOND_FACTOR_REMOVED,
    RECOVERY_CODE_USED,
    SECOND_FACTOR_POLICY_CHANGED,
    CO_ACCOUNT_LINKED,
    CO_ACCOUNT_UNLINKED,
];

#[cfg(test)]
mod tests {
    use super::{ALL, AuditKind};

    #[test]
    fn every_kind_has_a_valid_and_distinct_name() {
        for (i, kind) in ALL.iter().enumerate() {
            assert!(AuditKind::is_valid_name(kind.as_str()), "{kind:?}");
            assert!(!ALL[..i].contains(kind), "{kind:?} twice");
        }
    }
}
