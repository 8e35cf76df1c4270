//! Turning a request into an `Actor`: the session token comes as the session cookie
//! (`__Host-schoolbrug_session` behind TLS, `schoolbrug_session` on plain http) or as
//! `Authorization: Bearer <token>`, and the domain checks it.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use schoolbrug_accounts::AccountsError;
use schoolbrug_accounts::model::{DeviceToken, SessionToken};
use schoolbrug_kernel::Actor;

use crate::core::error::ApiError;
use crate::core::proxies::TrustedProxies;
use crate::core::state::AppState;

/// The session cookie's name on plain http (development).
pub const SESSION_COOKIE: &str = "schoolbrug_session";

/// The session cookie's name behind TLS (`--secure-cookies`). The `__Host-` prefix makes
/// browsers refuse it unless it is `Secure`, `Path=/` and has no `Domain`, so a sibling
/// subdomain cannot plant a session of its choosing.
pub const SECURE_SESSION_COOKIE: &str = "__Host-schoolbrug_session";

/// The session cookie's name for this server: only that one is read.
#[must_use]
pub const fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// How the session token came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// The session cookie (browsers; CSRF-checked).
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

/// The session token of a request, if it carries one (bearer first, then the cookie named
/// for a server with `secure` cookies or without).
#[must_use]
pub fn token_of(parts: &Parts, secure: bool) -> Option<(SessionToken, TokenSource)> {
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
    jar.get(session_cookie_name(secure))
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
        let Some((token, source)) = token_of(parts, state.config.secure_cookies) else {
            return Err(ApiError::Unauthenticated);
        };
        match state.accounts.authenticate_account(&token).await {
            Ok((actor, account)) => {
                enrolment_gate(state, &actor, parts).await?;
                Ok(Self {
                    actor,
                    account,
                    token,
                    source,
                })
            }
            Err(AccountsError::Unauthenticated | AccountsError::NotFound) => {
                Err(ApiError::Unauthenticated)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// What a member of staff may still reach while the school requires a second factor and
/// the account has none: enrolling one, who it is, and signing out (API and pages).
const OPEN_DURING_ENROLMENT: &[&str] = &[
    "/api/v1/me",
    "/api/v1/me/totp",
    "/api/v1/me/totp/confirm",
    "/api/v1/session",
    "/api/v1/me/sessions",
    "/settings/second-factor",
    "/settings/second-factor/start",
    "/settings/second-factor/confirm",
    "/logout",
    "/logout/everywhere",
];

/// Refuses a request of a member of staff who must enrol a second factor first (the
/// school requires one, the account has none), except [`OPEN_DURING_ENROLMENT`]. The
/// domain decides; pupils and co-accounts cost no read.
///
/// # Errors
/// `SecondFactorEnrolmentRequired` (403 in the API, a redirect to the enrolment page on
/// the pages), or the domain's error when the store is down.
pub(crate) async fn enrolment_gate(
    state: &AppState,
    actor: &Actor,
    parts: &Parts,
) -> Result<(), AccountsError> {
    if !actor.is_staff() {
        return Ok(());
    }
    // Nested routers see their path without the prefix; the original one is kept.
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.path(), |uri| uri.0.path());
    if OPEN_DURING_ENROLMENT.contains(&path.trim_end_matches('/')) {
        return Ok(());
    }
    if state
        .accounts
        .second_factor_enrolment_required(actor)
        .await?
    {
        return Err(AccountsError::SecondFactorEnrolmentRequired);
    }
    Ok(())
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

/// The session cookie carrying `token`: `HttpOnly`, `SameSite=Lax`, `Path=/`, no
/// `Domain`; behind TLS `Secure` and named with the `__Host-` prefix; living as long as
/// the session can.
#[must_use]
pub fn session_cookie(
    token: &SessionToken,
    secure: bool,
    max_age: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build((session_cookie_name(secure), token.expose().to_owned()))
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
    Cookie::build((session_cookie_name(secure), ""))
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

/// `Clear-Site-Data` on a logout: the browser drops the site's cache and storage, so
/// nothing of the session outlives it on a shared computer. Not its cookies: the session
/// cookie is removed by name, and the device cookie stays, so the owner's next sign-in
/// from this browser is still that of a known device.
pub const CLEAR_SITE_DATA: &str = r#""cache", "storage""#;

/// `Clear-Site-Data` on logging out everywhere: the device cookie goes too (the server has
/// forgotten the device already).
pub const CLEAR_SITE_DATA_EVERYTHING: &str = r#""cache", "cookies", "storage""#;

/// The device cookie's name on plain http (development).
pub const DEVICE_COOKIE: &str = "schoolbrug_device";

/// The device cookie's name behind TLS (`--secure-cookies`), with the `__Host-` prefix
/// like the session cookie's.
pub const SECURE_DEVICE_COOKIE: &str = "__Host-schoolbrug_device";

/// The device cookie's name for this server: only that one is read.
#[must_use]
pub const fn device_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_DEVICE_COOKIE
    } else {
        DEVICE_COOKIE
    }
}

/// The device cookie carrying `token`: `HttpOnly`, `SameSite=Strict` (only our own sign-in
/// form and API read it), `Path=/`, no `Domain`; behind TLS `Secure` and `__Host-`;
/// living as long as an unused device is remembered.
#[must_use]
pub fn device_cookie(
    token: &DeviceToken,
    secure: bool,
    max_age: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build((device_cookie_name(secure), token.expose().to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(time_duration(max_age))
        .build()
}

/// The device token a request's cookie carries, if any.
#[must_use]
pub fn device_of(headers: &header::HeaderMap, secure: bool) -> Option<DeviceToken> {
    CookieJar::from_headers(headers)
        .get(device_cookie_name(secure))
        .map(|c| c.value().trim().to_owned())
        .filter(|v| !v.is_empty())
        .map(|v| DeviceToken::from_client(&v))
}

/// The `Clear-Site-Data` header's name (the `http` crate has no constant for it).
pub const CLEAR_SITE_DATA_HEADER: header::HeaderName =
    header::HeaderName::from_static("clear-site-data");
