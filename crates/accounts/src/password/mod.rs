//! Passwords: the policy a new password must meet, and argon2id hashing.

pub mod hashing;
pub mod policy;

pub use hashing::{Argon2Passwords, HashingParams, VerifierMemory};
pub use policy::{PasswordContext, PasswordPolicy, PasswordRejection};
