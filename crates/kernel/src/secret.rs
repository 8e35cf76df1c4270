//! Secrets every module hands out: session tokens, one-time codes and confirmation tokens,
//! shown once and stored only as SHA-256 hashes. `Debug` never prints a secret.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use rand::rngs::OsRng;
use sha2::{Digest as _, Sha256};

/// The SHA-256 hash of a token or code: what the stores keep.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretHash([u8; 32]);

impl SecretHash {
    /// Wraps a hash read back from storage.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw hash.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lowercase hex, for logs of ids (never of secrets) and text columns.
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses lowercase hex.
    #[must_use]
    pub fn from_hex(s: &str) -> Option<Self> {
        let bytes = hex::decode(s).ok()?;
        bytes.try_into().ok().map(Self)
    }

    /// The SHA-256 hash of `data`: also what keeps a store's keys bounded whatever their
    /// input (throttle keys of usernames as typed).
    #[must_use]
    pub fn of(data: &[u8]) -> Self {
        Self(Sha256::digest(data).into())
    }
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretHash({}…)", &self.to_hex()[..8])
    }
}

/// A session token: 256 random bits from the OS, sent to the client once.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    /// A fresh token from the operating system's generator.
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 32];
        OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token presented by a client.
    #[must_use]
    pub fn from_client(raw: &str) -> Self {
        Self(raw.trim().to_owned())
    }

    /// The token, to hand to the client.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the store keeps.
    #[must_use]
    pub fn hash(&self) -> SecretHash {
        SecretHash::of(self.0.as_bytes())
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// A one-time code: 16 characters from an unambiguous alphabet (80 bits), grouped as
/// `ABCD-EFGH-JKMN-PQRS`. Shown once; case and dashes don't matter when typed back.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKMNPQRSTVWXYZ0123456789";

impl OneTimeCode {
    /// A fresh code from the operating system's generator.
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 16];
        OsRng.fill_bytes(&mut bytes);
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
            .collect();
        let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        Self(groups.join("-"))
    }

    /// A code typed back by a user.
    #[must_use]
    pub fn from_user(raw: &str) -> Self {
        Self(raw.to_owned())
    }

    /// The code, to show once.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the store keeps: the hash of the code without dashes and spaces, upper case.
    #[must_use]
    pub fn hash(&self) -> SecretHash {
        let canonical: String = self
            .0
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        SecretHash::of(canonical.as_bytes())
    }
}

impl fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeCode(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn two_session_tokens_differ_and_carry_256_bits() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert_ne!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(a.expose()).unwrap().len(), 32);
    }

    #[test]
    fn a_code_typed_in_lower_case_without_dashes_matches() {
        let code = OneTimeCode::generate();
        let typed = OneTimeCode::from_user(&code.expose().replace('-', "").to_lowercase());
        assert_eq!(code.hash(), typed.hash());
    }

    #[test]
    fn debug_output_never_shows_a_secret() {
        let token = SessionToken::generate();
        assert!(!format!("{token:?}").contains(token.expose()));
        let code = OneTimeCode::generate();
        assert!(!format!("{code:?}").contains(code.expose()));
    }

    #[test]
    fn a_hash_round_trips_through_hex() {
        let h = SessionToken::generate().hash();
        assert_eq!(SecretHash::from_hex(&h.to_hex()), Some(h));
    }
}
