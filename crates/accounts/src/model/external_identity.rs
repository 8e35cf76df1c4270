//! Signing in with the school's own identity provider (Office 365 / Entra ID, or any
//! OpenID Connect provider): the provider's settings, the subject an account is linked
//! to, and the sign-in waiting for the provider's answer.

use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, FieldError, SchoolId};

use super::SecretHash;
use super::audit::AuditKind;

/// A sign-in with the school's provider succeeded.
pub const SIGN_IN_SUCCEEDED_WITH_PROVIDER: AuditKind = AuditKind::named("sign_in_succeeded_oidc");
/// A sign-in with the school's provider was refused (an unknown subject, a co-account).
pub const SIGN_IN_FAILED_WITH_PROVIDER: AuditKind = AuditKind::named("sign_in_failed_oidc");
/// An account was linked to a subject of the school's provider.
pub const EXTERNAL_ID_LINKED: AuditKind = AuditKind::named("external_id_linked");
/// An account's link to the school's provider was removed.
pub const EXTERNAL_ID_UNLINKED: AuditKind = AuditKind::named("external_id_unlinked");
/// The school's identity provider was set, changed or removed.
pub const SIGN_IN_PROVIDER_CHANGED: AuditKind = AuditKind::named("sign_in_provider_changed");

/// Every kind of this file, in a stable order.
pub const KINDS: [AuditKind; 5] = [
    SIGN_IN_SUCCEEDED_WITH_PROVIDER,
    SIGN_IN_FAILED_WITH_PROVIDER,
    EXTERNAL_ID_LINKED,
    EXTERNAL_ID_UNLINKED,
    SIGN_IN_PROVIDER_CHANGED,
];

/// How long a sign-in may wait for the provider's answer.
pub const PENDING_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);

/// The issuer of the school's own tenant: `https` (or `http` on a loopback host, for
/// tests), never one of Microsoft's multi-tenant issuers, which would let any Microsoft
/// account in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer(String);

impl Issuer {
    /// The longest issuer accepted.
    pub const MAX_LENGTH: usize = 500;

    /// Parses an issuer URL.
    ///
    /// # Errors
    /// A [`FieldError`] on `issuer`: `invalid` when it is no absolute URL, `insecure`
    /// when it is not `https` on a host other than loopback, `multi_tenant_issuer` for
    /// Microsoft's `common`, `organizations` and `consumers` issuers and any issuer with
    /// a `{tenantid}` placeholder.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.chars().count() > Self::MAX_LENGTH {
            return Err(FieldError::new(
                "issuer",
                "too_long",
                format!("an issuer has at most {} characters", Self::MAX_LENGTH),
            ));
        }
        let lower = s.to_ascii_lowercase();
        if lower.contains("{tenantid}") || lower.contains("%7btenantid%7d") {
            return Err(multi_tenant());
        }
        let url = url::Url::parse(s)
            .map_err(|_| FieldError::new("issuer", "invalid", "the issuer is an absolute URL"))?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if host.is_empty() || url.query().is_some() || url.fragment().is_some() {
            return Err(FieldError::new(
                "issuer",
                "invalid",
                "the issuer is an absolute URL without query or fragment",
            ));
        }
        let loopback = matches!(
            url.host(),
            Some(url::Host::Ipv4(ip)) if ip.is_loopback()
        ) || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
            || host == "localhost";
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => {
                return Err(FieldError::new(
                    "issuer",
                    "insecure",
                    "the issuer must use https",
                ));
            }
        }
        if host == "login.microsoftonline.com"
            || host == "login.microsoft.com"
            || host == "sts.windows.net"
        {
            let first = url
                .path_segments()
                .and_then(|mut p| p.next())
                .unwrap_or_default()
                .to_ascii_lowercase();
            if first.is_empty()
                || ["common", "organizations", "consumers"].contains(&first.as_str())
            {
                return Err(multi_tenant());
            }
        }
        Ok(Self(s.to_owned()))
    }

    /// The issuer as entered (trimmed).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn multi_tenant() -> FieldError {
    FieldError::new(
        "issuer",
        "multi_tenant_issuer",
        "use your own tenant's issuer (https://login.microsoftonline.com/<tenant-id>/v2.0), not a shared one",
    )
}

/// A value the provider gave (client id, secret, subject): trimmed, 1 to `max`
/// characters, no control characters.
fn provider_text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "blank", "this is required"));
    }
    if s.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid", "no control characters"));
    }
    Ok(s.to_owned())
}

/// The client id the provider gave the school's app registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Parses a client id.
    ///
    /// # Errors
    /// A [`FieldError`] on `client_id` when blank, longer than 255 or holding control
    /// characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        provider_text("client_id", raw, 255).map(Self)
    }

    /// The client id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The client secret: kept to talk to the provider, never shown back nor logged.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// Parses a client secret.
    ///
    /// # Errors
    /// A [`FieldError`] on `client_secret` when blank, longer than 1000 or holding
    /// control characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        provider_text("client_secret", raw, 1000).map(Self)
    }

    /// The secret itself, for the adapter that sends it to the provider and the store.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// The school's identity provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSettings {
    /// The tenant's issuer (discovery is at `{issuer}/.well-known/openid-configuration`).
    pub issuer: Issuer,
    /// The app registration's client id.
    pub client_id: ClientId,
    /// The app registration's secret.
    pub client_secret: ClientSecret,
}

/// The school's provider as an admin sees it: never the secret, only whether one is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderView {
    /// The tenant's issuer.
    pub issuer: String,
    /// The client id.
    pub client_id: String,
    /// Whether a secret is stored.
    pub client_secret_set: bool,
}

impl From<&ProviderSettings> for ProviderView {
    fn from(s: &ProviderSettings) -> Self {
        Self {
            issuer: s.issuer.as_str().to_owned(),
            client_id: s.client_id.as_str().to_owned(),
            client_secret_set: !s.client_secret.expose().is_empty(),
        }
    }
}

/// A subject of the school's provider (the ID token's `sub` claim), which one account
/// of the school is linked to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExternalSubject(String);

impl ExternalSubject {
    /// The longest subject accepted (OpenID Connect allows 255 ASCII characters).
    pub const MAX_LENGTH: usize = 255;

    /// Parses a subject.
    ///
    /// # Errors
    /// A [`FieldError`] on `subject` when blank, too long or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        provider_text("subject", raw, Self::MAX_LENGTH).map(Self)
    }

    /// The subject.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the provider round trip needs to remember between the redirect to the provider
/// and its answer: made by the [`IdentityProvider`](crate::ports::IdentityProvider).
#[derive(Clone, PartialEq, Eq)]
pub struct PendingSignIn {
    /// The `state` sent to the provider (its hash is the key it is kept under).
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier.
    pub pkce_verifier: String,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingSignIn(<redacted>)")
    }
}

/// What a provider round trip is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PendingPurpose {
    /// Sign in to the account linked to the subject.
    SignIn,
    /// Link this (signed-in) account to the subject.
    Link(AccountId),
}

/// A provider round trip kept in the store until its answer, at most
/// [`PENDING_LIFETIME`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingRecord {
    /// The hash of the `state` (the state itself is never stored).
    pub state_hash: SecretHash,
    /// The school whose provider it went to.
    pub school: SchoolId,
    /// Sign-in or link.
    pub purpose: PendingPurpose,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier.
    pub pkce_verifier: String,
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
}

/// The subject the provider vouched for, after verifying its ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedSubject {
    /// The `sub` claim.
    pub subject: ExternalSubject,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tenant_issuers_are_accepted() {
        for ok in [
            "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
            "https://idp.school.example",
            "http://127.0.0.1:4000",
            "http://[::1]:4000/oidc",
            "http://localhost:4000",
        ] {
            assert!(Issuer::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn shared_and_insecure_issuers_are_refused() {
        for (bad, code) in [
            (
                "https://login.microsoftonline.com/common/v2.0",
                "multi_tenant_issuer",
            ),
            (
                "https://login.microsoftonline.com/organizations/v2.0",
                "multi_tenant_issuer",
            ),
            (
                "https://login.microsoftonline.com/consumers/v2.0",
                "multi_tenant_issuer",
            ),
            (
                "https://LOGIN.microsoftonline.com/Common/v2.0",
                "multi_tenant_issuer",
            ),
            (
                "https://login.microsoftonline.com/{tenantid}/v2.0",
                "multi_tenant_issuer",
            ),
            ("https://sts.windows.net/{tenantid}/", "multi_tenant_issuer"),
            ("http://idp.school.example", "insecure"),
            ("http://10.0.0.1", "insecure"),
            ("ftp://idp.school.example", "insecure"),
            ("idp.school.example", "invalid"),
            ("https://idp.example/?a=b", "invalid"),
        ] {
            let e = Issuer::parse(bad).unwrap_err();
            assert_eq!(e.code, code, "{bad}");
            assert_eq!(e.field, "issuer");
        }
    }

    #[test]
    fn subjects_are_bounded_and_the_secret_is_never_printed() {
        assert!(ExternalSubject::parse(" ").is_err());
        assert!(ExternalSubject::parse(&"a".repeat(256)).is_err());
        assert!(ExternalSubject::parse("a\nb").is_err());
        assert_eq!(ExternalSubject::parse(" abc ").unwrap().as_str(), "abc");
        let secret = ClientSecret::parse("s3cret").unwrap();
        assert!(!format!("{secret:?}").contains("s3cret"));
    }

    #[test]
    fn kinds_are_valid_names() {
        for kind in KINDS {
            assert!(AuditKind::is_valid_name(kind.as_str()));
        }
    }
}
