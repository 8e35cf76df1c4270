//! The school inside a session token. A token is issued as `<school>.<secret>`: the
//! school's id in 22 characters of URL-safe base64, a dot, then the 256 random bits of a
//! [`SessionToken`]. Authenticating a request reads the school from the token before any
//! lookup, so the store looks the session up within that one school (a database
//! distributed by school reads one node) instead of asking every school.
//!
//! The school is no secret and needs no signature: the store keeps the hash of the whole
//! token, school included, and looks it up under that school; a token whose school part
//! was changed has a hash no session has.
//!
//! Tokens issued before schools were put into them (43 characters, no dot) still work
//! until they expire: they name no school ([`TokenSchool::Unnamed`]) and the store finds
//! their session by hash alone.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use schoolbrug_kernel::SchoolId;
use uuid::Uuid;

use schoolbrug_kernel::SessionToken;

/// What a token says about its school.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSchool {
    /// A token issued for this school.
    Named(SchoolId),
    /// A token from before schools were put into tokens: its session is found by hash.
    Unnamed,
    /// Not a token this server issues: no session has it.
    Malformed,
}

/// A fresh session token of `school`.
#[must_use]
pub fn issue_session_token(school: SchoolId) -> SessionToken {
    let secret = SessionToken::generate();
    SessionToken::from_client(&format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(school.as_uuid().as_bytes()),
        secret.expose()
    ))
}

/// The school a token names, read without any lookup.
#[must_use]
pub fn token_school(token: &SessionToken) -> TokenSchool {
    let Some((school, secret)) = token.expose().split_once('.') else {
        return TokenSchool::Unnamed;
    };
    // 16 bytes are 22 characters; the decoder also refuses non-canonical trailing bits.
    if school.len() != 22 || secret.is_empty() {
        return TokenSchool::Malformed;
    }
    match URL_SAFE_NO_PAD
        .decode(school)
        .ok()
        .and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
    {
        Some(bytes) => TokenSchool::Named(SchoolId::from_uuid(Uuid::from_bytes(bytes))),
        None => TokenSchool::Malformed,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_token_names_its_school_and_carries_a_fresh_secret() {
        let school = SchoolId::new();
        let (a, b) = (issue_session_token(school), issue_session_token(school));
        assert_eq!(token_school(&a), TokenSchool::Named(school));
        assert_ne!(a, b);
        assert_ne!(a.hash(), b.hash());
        let (_, secret) = a.expose().split_once('.').unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(secret).unwrap().len(), 32);
    }

    #[test]
    fn a_token_from_before_names_no_school() {
        assert_eq!(
            token_school(&SessionToken::generate()),
            TokenSchool::Unnamed
        );
    }

    #[test]
    fn a_token_with_a_broken_school_part_is_malformed() {
        let school = URL_SAFE_NO_PAD.encode(SchoolId::new().as_uuid().as_bytes());
        for raw in [
            format!("{}.abc", &school[..21]),
            format!("{school}x.abc"),
            format!("{school}."),
            format!("!{}.abc", &school[1..]),
            ".abc".to_owned(),
        ] {
            assert_eq!(
                token_school(&SessionToken::from_client(&raw)),
                TokenSchool::Malformed,
                "{raw}"
            );
        }
    }

    #[test]
    fn changing_the_school_part_changes_the_hash() {
        let token = issue_session_token(SchoolId::new());
        let (_, secret) = token.expose().split_once('.').unwrap();
        let other = URL_SAFE_NO_PAD.encode(SchoolId::new().as_uuid().as_bytes());
        let moved = SessionToken::from_client(&format!("{other}.{secret}"));
        assert!(matches!(token_school(&moved), TokenSchool::Named(_)));
        assert_ne!(moved.hash(), token.hash());
    }
}
