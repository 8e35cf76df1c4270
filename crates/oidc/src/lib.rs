//! The [`IdentityProvider`] port over the `openidconnect` crate: discovery at
//! `{issuer}/.well-known/openid-configuration` (the issuer it names must be the one
//! configured), the authorization code flow with PKCE (S256), `state` and `nonce`, and
//! verification of the ID token (issuer, audience, signature, expiry, nonce).
//!
//! The HTTP client follows no redirects (a provider's token endpoint must answer itself)
//! and gives up after ten seconds.

use std::time::Duration;

use async_trait::async_trait;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse as _,
};
use schoolbrug_accounts::model::{
    ExternalSubject, PendingSignIn, ProviderSettings, VerifiedSubject,
};
use schoolbrug_accounts::ports::{IdentityProvider, ProviderError};

/// How long one request to the provider may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The round trip to a school's OpenID Connect provider.
#[derive(Clone, Debug)]
pub struct OpenIdConnect {
    http: openidconnect::reqwest::Client,
}

impl OpenIdConnect {
    /// A provider client.
    ///
    /// # Errors
    /// When the TLS client cannot be built.
    pub fn new() -> Result<Self, ProviderError> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| ProviderError::Unreachable(format!("http client: {e}")))?;
        Ok(Self { http })
    }

    async fn metadata(
        &self,
        settings: &ProviderSettings,
    ) -> Result<CoreProviderMetadata, ProviderError> {
        let issuer = IssuerUrl::new(settings.issuer.as_str().to_owned())
            .map_err(|e| ProviderError::Refused(format!("issuer: {e}")))?;
        CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| ProviderError::Unreachable(format!("discovery: {e}")))
    }
}

fn redirect_url(redirect: &str) -> Result<RedirectUrl, ProviderError> {
    RedirectUrl::new(redirect.to_owned())
        .map_err(|e| ProviderError::Refused(format!("redirect URI: {e}")))
}

#[async_trait]
impl IdentityProvider for OpenIdConnect {
    async fn authorization_url(
        &self,
        settings: &ProviderSettings,
        redirect: &str,
    ) -> Result<(String, PendingSignIn), ProviderError> {
        let metadata = self.metadata(settings).await?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(settings.client_id.as_str().to_owned()),
            Some(ClientSecret::new(
                settings.client_secret.expose().to_owned(),
            )),
        )
        .set_redirect_uri(redirect_url(redirect)?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("openid".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok((
            url.to_string(),
            PendingSignIn {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        ))
    }

    async fn complete(
        &self,
        settings: &ProviderSettings,
        redirect: &str,
        pending: &PendingSignIn,
        code: &str,
    ) -> Result<VerifiedSubject, ProviderError> {
        let metadata = self.metadata(settings).await?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(settings.client_id.as_str().to_owned()),
            Some(ClientSecret::new(
                settings.client_secret.expose().to_owned(),
            )),
        )
        .set_redirect_uri(redirect_url(redirect)?);
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| ProviderError::Refused(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| ProviderError::Refused(format!("code exchange: {e}")))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| ProviderError::Refused("no ID token".to_owned()))?;
        let claims = id_token
            .claims(
                &client.id_token_verifier(),
                &Nonce::new(pending.nonce.clone()),
            )
            .map_err(|e| ProviderError::Refused(format!("ID token: {e}")))?;
        let subject = ExternalSubject::parse(claims.subject().as_str())
            .map_err(|e| ProviderError::Refused(format!("subject: {}", e.message)))?;
        Ok(VerifiedSubject { subject })
    }
}
