//! The accounts module's values: schools, accounts, co-accounts, groups, sessions, codes,
//! audit events. Fallible constructors (`Username::parse`) keep invalid values out.

pub mod account;
pub mod audit;
pub mod device;
pub mod external_identity;
pub mod group;
pub mod password_hash;
pub mod school;
pub mod second_factor;
pub mod session;
pub mod throttle;
pub mod token_school;

pub use account::{
    Account, AccountFilter, AccountKind, CoAccountStatus, PersonName, Relation, Slot,
    TermsAcceptance, Username,
};
pub use audit::{AuditEvent, AuditKind};
pub use device::{DevicePolicy, DeviceToken, KnownDevice};
pub use external_identity::{
    ClientId, ClientSecret, ExternalSubject, Issuer, PendingPurpose, PendingRecord, PendingSignIn,
    ProviderSettings, ProviderView, VerifiedSubject,
};
pub use group::{Group, GroupKind, GroupName};
pub use password_hash::PasswordHash;
pub use school::{School, SchoolName, SchoolSlug};
pub use schoolbrug_kernel::secret::{OneTimeCode, SecretHash, SessionToken};
pub use second_factor::{SecondFactor, TotpCode, TotpSecret};
pub use session::{ResetCode, Session, SessionPolicy};
pub use throttle::{Attempt, ThrottleKey, ThrottlePolicy, ThrottleState};
pub use token_school::{TokenSchool, issue_session_token, token_school};
