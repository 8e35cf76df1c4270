//! The second factor (TOTP) in the API: `GET/POST/DELETE /api/v1/me/totp` and
//! `POST /api/v1/me/totp/confirm` for the signed-in account; for admins
//! `DELETE /api/v1/admin/accounts/{id}/totp` (a lost phone) and
//! `GET/PUT /api/v1/admin/sign-in/second-factor` (the school's rule for staff).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_kernel::AccountId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// A started enrolment: put the secret into an authenticator app (typed, or through the
/// link as a QR code), then confirm with its first code.
#[derive(Serialize, ToSchema)]
pub struct TotpStarted {
    /// The shared secret, base32 (RFC 4648, no padding).
    #[schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    pub secret: String,
    /// The `otpauth://totp/…` link (SHA-1, 6 digits, 30 s).
    pub otpauth_uri: String,
}

/// A code of the authenticator app (six digits) or, where allowed, a recovery code.
#[derive(Deserialize, ToSchema)]
pub struct TotpCodeRequest {
    /// The code.
    #[schema(example = "123456")]
    pub code: String,
}

/// The recovery codes, shown this once.
#[derive(Serialize, ToSchema)]
pub struct TotpConfirmed {
    /// Ten single-use codes that stand in for the app (a lost phone). Only their hashes
    /// are kept.
    pub recovery_codes: Vec<String>,
}

/// Where the signed-in account stands with its second factor.
#[derive(Serialize, ToSchema)]
pub struct TotpStatus {
    /// A confirmed TOTP is asked at sign-in.
    pub active: bool,
    /// An enrolment was started and waits for its first code.
    pub pending: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
    /// The school requires a second factor of this account.
    pub required: bool,
}

/// The school's rule on second factors.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SecondFactorPolicy {
    /// Staff and admins must have a second factor: those without one enrol at their next
    /// request (every other endpoint answers 403 `second_factor_enrolment_required`).
    pub required_for_staff: bool,
}

/// The signed-in account's second factor.
#[utoipa::path(
    get,
    path = "/api/v1/me/totp",
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Where the account stands", body = TotpStatus),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn totp_status(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<TotpStatus>, ApiError> {
    let status = state.accounts.second_factor_status(&session.actor).await?;
    Ok(Json(TotpStatus {
        active: status.active,
        pending: status.pending,
        recovery_codes_left: status.recovery_codes_left,
        required: status.required,
    }))
}

/// Starts enrolling a TOTP: a new secret (replacing one started and not confirmed). Not
/// asked at sign-in until confirmed.
#[utoipa::path(
    post,
    path = "/api/v1/me/totp",
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Started; confirm with `POST /api/v1/me/totp/confirm`", body = TotpStarted),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A confirmed second factor exists (`second_factor_active`): turn it off first", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn start_totp(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<(StatusCode, Json<TotpStarted>), ApiError> {
    let enrolment = state.accounts.start_totp(&session.actor).await?;
    Ok((
        StatusCode::CREATED,
        Json(TotpStarted {
            secret: enrolment.secret.to_base32(),
            otpauth_uri: enrolment.otpauth_uri,
        }),
    ))
}

/// Confirms the started enrolment with the app's current code; answers the ten recovery
/// codes, this once.
#[utoipa::path(
    post,
    path = "/api/v1/me/totp/confirm",
    tag = "me",
    request_body = TotpCodeRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Confirmed: the code is asked at every sign-in from now on", body = TotpConfirmed),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No enrolment was started (or it is confirmed already)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the app's current code (`wrong_code` on `code`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn confirm_totp(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<TotpCodeRequest>,
) -> Result<Json<TotpConfirmed>, ApiError> {
    let codes = state
        .accounts
        .confirm_totp(&session.actor, &body.code)
        .await?;
    Ok(Json(TotpConfirmed {
        recovery_codes: codes.iter().map(|c| c.expose().to_owned()).collect(),
    }))
}

/// Turns the second factor off, with a code of the app or a recovery code.
#[utoipa::path(
    delete,
    path = "/api/v1/me/totp",
    tag = "me",
    request_body = TotpCodeRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Turned off: the password alone signs in again"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The account has no confirmed second factor", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A wrong, used or replayed code (`wrong_code` on `code`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes; see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is accepted"))),
    )
)]
pub(crate) async fn disable_totp(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<TotpCodeRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .disable_totp(&session.actor, &body.code)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the second factor of an account of the school (a lost phone); audited as
/// `second_factor_removed`.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/accounts/{id}/totp",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The account's id (main or co-account)")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Removed: the account signs in with its password alone until it enrols again"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the school, no second factor, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn remove_totp(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .remove_second_factor(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the school requires a second factor of staff and admins.
#[utoipa::path(
    get,
    path = "/api/v1/admin/sign-in/second-factor",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The school's rule", body = SecondFactorPolicy),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn second_factor_policy(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<SecondFactorPolicy>, ApiError> {
    let required_for_staff = state.accounts.second_factor_policy(&session.actor).await?;
    Ok(Json(SecondFactorPolicy { required_for_staff }))
}

/// Sets whether the school requires a second factor of staff and admins (the admin
/// setting it included); audited as `second_factor_policy_changed`.
#[utoipa::path(
    put,
    path = "/api/v1/admin/sign-in/second-factor",
    tag = "admin",
    request_body = SecondFactorPolicy,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or of the wrong type", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_second_factor_policy(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<SecondFactorPolicy>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .set_second_factor_policy(&session.actor, body.required_for_staff)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
