//! The second factor: a TOTP secret (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, the
//! defaults every authenticator app reads from an `otpauth://` link), the time steps it
//! accepts, and the single-use recovery codes that stand in for a lost phone.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use chrono::{DateTime, Utc};
use data_encoding::BASE32_NOPAD;
use schoolbrug_kernel::{AccountId, OneTimeCode, SchoolId};

/// Seconds per time step.
pub const TOTP_STEP_SECS: i64 = 30;
/// Digits of a code.
pub const TOTP_DIGITS: u32 = 6;
/// Steps of clock drift accepted either side of the current one.
pub const TOTP_DRIFT_STEPS: i64 = 1;
/// Recovery codes handed out at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A TOTP shared secret: 160 random bits (RFC 4226's recommended length). It must be
/// readable to check a code, so stores keep it as is; `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    /// A fresh secret from the operating system's generator.
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = vec![0_u8; 20];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Wraps a secret read back from storage.
    #[must_use]
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The raw secret, for storage.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret in base32 without padding, as authenticator apps take it typed in.
    #[must_use]
    pub fn to_base32(&self) -> String {
        BASE32_NOPAD.encode(&self.0)
    }

    /// Parses a base32 secret (case and spaces do not matter).
    #[must_use]
    pub fn from_base32(typed: &str) -> Option<Self> {
        let clean: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '=')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        BASE32_NOPAD.decode(clean.as_bytes()).ok().map(Self)
    }

    /// The code of time step `step`.
    #[must_use]
    pub fn code_at_step(&self, step: i64) -> String {
        let seconds = u64::try_from(step.max(0)).unwrap_or(0) * TOTP_STEP_SECS.unsigned_abs();
        totp_lite::totp_custom::<totp_lite::Sha1>(
            TOTP_STEP_SECS.unsigned_abs(),
            TOTP_DIGITS,
            &self.0,
            seconds,
        )
    }

    /// The code shown by an authenticator app at `at`.
    #[must_use]
    pub fn code_at(&self, at: DateTime<Utc>) -> String {
        self.code_at_step(step_of(at))
    }

    /// The time step whose code `typed` is, within the accepted drift of `now`: the
    /// current step first, then the one before and the one after. `None` for anything
    /// else, including text that is not six digits.
    #[must_use]
    pub fn matching_step(&self, typed: &str, now: DateTime<Utc>) -> Option<i64> {
        let typed = TotpCode::parse(typed)?;
        let current = step_of(now);
        [0, -TOTP_DRIFT_STEPS, TOTP_DRIFT_STEPS]
            .into_iter()
            .map(|delta| current + delta)
            .find(|step| {
                equal_in_constant_time(self.code_at_step(*step).as_bytes(), typed.0.as_bytes())
            })
    }

    /// The `otpauth://totp/` link an authenticator app reads (from the QR code), naming
    /// `issuer` (the school) and `account` (the username).
    #[must_use]
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_SECS}",
            percent_encode(issuer),
            percent_encode(account),
            self.to_base32(),
            percent_encode(issuer),
        )
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// The time step of `at`: whole 30-second periods since the Unix epoch.
#[must_use]
pub fn step_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(TOTP_STEP_SECS)
}

/// Six digits as typed (spaces between them allowed).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpCode(String);

impl TotpCode {
    /// The code, if `typed` is six digits once spaces are left out.
    #[must_use]
    pub fn parse(typed: &str) -> Option<Self> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == TOTP_DIGITS as usize && digits.chars().all(|c| c.is_ascii_digit()))
            .then_some(Self(digits))
    }
}

impl fmt::Debug for TotpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpCode(<redacted>)")
    }
}

/// Compares without stopping at the first difference, so the time taken tells nothing
/// about how much of a code was right.
fn equal_in_constant_time(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Ten fresh recovery codes (the kernel's one-time codes: 80 bits each), shown once.
#[must_use]
pub fn generate_recovery_codes() -> Vec<OneTimeCode> {
    (0..RECOVERY_CODES)
        .map(|_| OneTimeCode::generate())
        .collect()
}

/// An account's TOTP, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecondFactor {
    /// The school.
    pub school: SchoolId,
    /// The account.
    pub account: AccountId,
    /// The shared secret.
    pub secret: TotpSecret,
    /// Confirmed with a first code: only then is it asked at sign-in.
    pub active: bool,
    /// The last time step whose code was accepted; a code of this step or an earlier one
    /// is refused (no replay). Before confirmation: `-1`.
    pub last_step: i64,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn codes_match_the_rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 in 8 digits, its last 6 here.
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        assert_eq!(secret.code_at(at("1970-01-01T00:00:59Z")), "287082");
        assert_eq!(secret.code_at(at("2009-02-13T23:31:30Z")), "005924");
    }

    #[test]
    fn one_step_of_drift_is_accepted_and_two_are_not() {
        let secret = TotpSecret::generate();
        let now = at("2026-09-01T08:00:10Z");
        let current = step_of(now);
        for delta in [-1, 0, 1] {
            let code = secret.code_at_step(current + delta);
            assert_eq!(secret.matching_step(&code, now), Some(current + delta));
        }
        for delta in [-2, 2] {
            let code = secret.code_at_step(current + delta);
            // A code of two steps away may by chance equal a nearer one; it then matches
            // that one, never its own step.
            assert_ne!(secret.matching_step(&code, now), Some(current + delta));
        }
    }

    #[test]
    fn only_six_digits_are_a_code() {
        assert!(TotpCode::parse("123 456").is_some());
        assert!(TotpCode::parse("12345").is_none());
        assert!(TotpCode::parse("12345a").is_none());
        assert!(TotpCode::parse("1234567").is_none());
    }

    #[test]
    fn the_secret_round_trips_through_base32_and_the_link_names_it() {
        let secret = TotpSecret::generate();
        assert_eq!(
            TotpSecret::from_base32(&secret.to_base32().to_lowercase()),
            Some(secret.clone())
        );
        let uri = secret.otpauth_uri("Sint Jan", "lotte.peeters");
        assert!(uri.starts_with("otpauth://totp/Sint%20Jan:lotte.peeters?secret="));
        assert!(uri.contains(&secret.to_base32()));
        assert!(!format!("{secret:?}").contains(&secret.to_base32()));
    }
}
