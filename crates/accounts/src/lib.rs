//! Schoolbrug accounts: schools, main accounts, co-accounts, groups, passwords, sessions,
//! one-time codes, throttling and the security audit log.
//!
//! The [`Accounts`] service holds every use case; it is built from the ports in
//! [`ports`]. Features: `memory` (in-memory adapters of every port) and `contract` (the
//! contract suite every adapter runs).
#![warn(missing_docs)]

pub mod error;
pub mod model;
pub mod password;
pub mod ports;
pub mod service;

#[cfg(feature = "memory")]
pub mod memory;

#[cfg(feature = "contract")]
pub mod contract;

pub use error::AccountsError;
pub use service::{
    Accounts, AccountsSettings, ChangePassword, Me, NewAccount, NewCoAccount, NewSchool,
    ResetPassword, SchoolCreated, SecondFactorStatus, SignIn, SignedIn, StartVisit, TotpEnrolment,
};
pub use service::{CallbackError, Completed, ExternalSignIns, ProviderAnswer, ProviderInput};
pub use service::{LinkCoAccount, LinkedCoAccount};
