//! `POST /api/v1/session` (sign in), `DELETE /api/v1/session` (sign out) and
//! `DELETE /api/v1/me/sessions` (sign out everywhere).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use schoolbrug_accounts::SignIn;
use schoolbrug_accounts::model::DeviceToken;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::accounts::dto::{MeView, SessionCreated};
use crate::core::auth::{
    Authenticated, CLEAR_SITE_DATA, CLEAR_SITE_DATA_EVERYTHING, CLEAR_SITE_DATA_HEADER, ClientAddr,
    device_cookie, device_of, removal_cookie, session_cookie,
};
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// A sign-in attempt.
#[derive(Deserialize, ToSchema)]
pub struct SignInRequest {
    /// The school's slug; may be left out when the installation serves one school.
    #[schema(example = "sint-jan")]
    pub school: Option<String>,
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
    /// The device token an earlier sign-in to this account answered (`device`), if the
    /// client kept it: with it, wrong passwords count against this device alone, and the
    /// right one gets in however throttled the account is for unknown devices. Browsers
    /// need not send it: the device cookie carries it.
    pub device: Option<String>,
    /// For an account with a second factor: the authenticator app's current code (six
    /// digits) or one of its recovery codes. Left out, such an account is answered 401
    /// `second_factor_required` when the password is right.
    #[schema(example = "123456")]
    pub totp: Option<String>,
}

/// Signs in: a new session, its token in the body and in the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = SignInRequest,
    security(()),
    responses(
        (status = 201, description = "Signed in; the token is also set as the session cookie (HttpOnly, SameSite=Lax): `schoolbrug_session`, or `__Host-schoolbrug_session` behind TLS; the device token as the device cookie (HttpOnly, SameSite=Strict): `schoolbrug_device`, or `__Host-schoolbrug_device`",
            body = SessionCreated,
            headers(("Set-Cookie" = String, description = "schoolbrug_session=<token> and schoolbrug_device=<device token> (__Host- and Secure behind TLS)"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong credentials: one answer for an unknown user and a wrong password. \
For an account with a second factor, when the password is right: `code` `second_factor_required` without `totp` \
(send the same request again with it), `second_factor_invalid` for a wrong, used or replayed code", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or of the wrong type; `school` is required when the installation serves several schools", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts (wrong passwords from unknown devices for this username or address, or wrong second-factor codes of the account); never for the right password with a known device's token; see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is accepted"))),
        (status = 503, description = "Too many passwords wait to be hashed (`type`: `/problems/busy`): refused at once \
instead of waiting; nothing counted. Also when the database cannot be reached (`/problems/unavailable`)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignInRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let secure = state.config.secure_cookies;
    let device = body
        .device
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(DeviceToken::from_client)
        .or_else(|| device_of(&headers, secure));
    let signed_in = state
        .accounts
        .sign_in(SignIn {
            school: body.school,
            username: body.username,
            password: body.password,
            client,
            device,
            second_factor: body.totp,
        })
        .await?;
    let jar = CookieJar::new()
        .add(session_cookie(
            &signed_in.token,
            secure,
            state.accounts.session_absolute_timeout(),
        ))
        .add(device_cookie(
            &signed_in.device,
            secure,
            state.accounts.device_lifetime(),
        ));
    let body = SessionCreated {
        token: signed_in.token.expose().to_owned(),
        device: signed_in.device.expose().to_owned(),
        account: MeView::new(&signed_in.me, &state.config.terms_version),
    };
    Ok((StatusCode::CREATED, jar, Json(body)))
}

/// Signs out: the session ends on the server, the token is dead everywhere.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Signed out; the session cookie is removed and the browser told to clear the site's cache and storage (the device cookie stays)",
            headers(("Set-Cookie" = String, description = "schoolbrug_session=; Max-Age=0"),
                ("Clear-Site-Data" = String, description = "\"cache\", \"storage\""))),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<impl IntoResponse, ApiError> {
    state
        .accounts
        .sign_out(&session.actor, &session.token)
        .await?;
    let jar = CookieJar::new().add(removal_cookie(state.config.secure_cookies));
    Ok((
        StatusCode::NO_CONTENT,
        [(CLEAR_SITE_DATA_HEADER, CLEAR_SITE_DATA)],
        jar,
    ))
}

/// Signs out everywhere: every session of the account ends on the server, this one
/// included, and its devices are forgotten; all its tokens are dead afterwards.
#[utoipa::path(
    delete,
    path = "/api/v1/me/sessions",
    tag = "session",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Every session of the account ended, this one included, and every device token of it forgotten; the session cookie is removed and the browser told to clear the site's cache, cookies and storage",
            headers(("Set-Cookie" = String, description = "schoolbrug_session=; Max-Age=0"),
                ("Clear-Site-Data" = String, description = "\"cache\", \"cookies\", \"storage\""))),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn sign_out_everywhere(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<impl IntoResponse, ApiError> {
    state.accounts.sign_out_everywhere(&session.actor).await?;
    let jar = CookieJar::new().add(removal_cookie(state.config.secure_cookies));
    Ok((
        StatusCode::NO_CONTENT,
        [(CLEAR_SITE_DATA_HEADER, CLEAR_SITE_DATA_EVERYTHING)],
        jar,
    ))
}
