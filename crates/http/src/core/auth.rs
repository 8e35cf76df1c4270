//! Turning a request into an `Actor`: the session token comes as the `schoolbrug_session`
//! cookie or as `Authorization: Bearer <token>`, and the domain checks it.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use schoolbrug_accounts::AccountsError;
use schoolbrug_accounts::model::SessionToken;
use schoolbrug_kernel::Actor;

use crate::core::error::ApiError;
use crate::core::proxies::TrustedProxies;
use crate::core::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "schoolbrug_session";

/// How the session token came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// The `schoolbrug_session` cookie (browsers; CSRF-checked).
    Cookie,
    /// `Authorization: Bearer` (apps and other systems).
    Bearer,
}

/// A request with a valid session.
#[derive(Clone, Debug)]
pub struct Authenticated {
    /// Who acts.
    pub actor: Actor,
    /// The account as read while checking the session.
    pub account: schoolbrug_accounts::model::Account,
    /// The session's token (to end it, or to keep it on a password change).
    pub token: SessionToken,
    /// Where the token came from.
    pub source: TokenSource,
}

/// The session token of a request, if it carries one (bearer first, then cookie).
#[must_use]
pub fn token_of(parts: &Parts) -> Option<(SessionToken, TokenSource)> {
    if let Some(value) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = value
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
    {
        return Some((SessionToken::from_client(token), TokenSource::Bearer));
    }
    let jar = CookieJar::from_headers(&parts.headers);
    jar.get(SESSION_COOKIE)
        .map(|c| c.value().trim().to_owned())
        .filter(|v| !v.is_empty())
        .map(|v| (SessionToken::from_client(&v), TokenSource::Cookie))
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some((token, source)) = token_of(parts) else {
            return Err(ApiError::Unauthenticated);
        };
        match state.accounts.authenticate_account(&token).await {
            Ok((actor, account)) => Ok(Self {
                actor,
                account,
                token,
                source,
            }),
            Err(AccountsError::Unauthenticated | AccountsError::NotFound) => {
                Err(ApiError::Unauthenticated)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// The client's address, when the server knows it (for throttling and the audit log):
/// the TCP peer, or the address a trusted proxy forwarded (see [`TrustedProxies`]).
#[derive(Clone, Debug, Default)]
pub struct ClientAddr(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Ok(Self(None));
        };
        let client = match parts.extensions.get::<TrustedProxies>() {
            Some(trusted) => trusted.client_of(peer.ip(), &parts.headers),
            None => peer.ip().to_canonical(),
        };
        Ok(Self(Some(client.to_string())))
    }
}

/// The session cookie carrying `token`: `HttpOnly`, `SameSite=Lax`, `Secure` behind TLS,
/// living as long as the session can.
#[must_use]
pub fn session_cookie(
    token: &SessionToken,
    secure: bool,
    max_age: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token.expose().to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(time_duration(max_age))
        .build()
}

/// A cookie that removes the session cookie from the browser.
#[must_use]
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(time_duration(chrono::Duration::zero()))
        .build()
}

fn time_duration(d: chrono::Duration) -> time::Duration {
    time::Duration::seconds(d.num_seconds())
}
