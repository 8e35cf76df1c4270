//! `PUT /api/v1/me/password` (change, knowing the current one) and
//! `POST /api/v1/password-reset` (set one with a one-time code from the school).

use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_accounts::{AccountsError, ChangePassword, ResetPassword};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::core::auth::{Authenticated, ClientAddr};
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// A password change.
#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    /// The current password.
    pub current: String,
    /// The new password.
    pub new: String,
    /// The new password, typed again.
    pub repeat: String,
}

/// Changes the signed-in account's password; its other sessions end, this one stays.
#[utoipa::path(
    put,
    path = "/api/v1/me/password",
    tag = "me",
    request_body = ChangePasswordRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Changed; every other session of the account has ended"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session, or the current password is wrong (then `code` is `wrong_current_password` and the session stays valid)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password is refused; `errors[].code` is one of `too_short`, `too_long`, `too_common`, `too_weak`, `contains_personal_info` (field `new`), `mismatch` (field `repeat`), `same_as_current`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is accepted"))),
        (status = 503, description = "Too many passwords wait to be hashed (`type`: `/problems/busy`): refused at once \
instead of waiting; nothing counted. Also when the database cannot be reached (`/problems/unavailable`)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let change = ChangePassword {
        current: body.current,
        new: body.new,
        repeat: body.repeat,
    };
    match state
        .accounts
        .change_password(&session.actor, &session.token, change)
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(AccountsError::Unauthenticated) => Err(ApiError::WrongCurrentPassword),
        Err(e) => Err(e.into()),
    }
}

/// Setting a password with a one-time code.
#[derive(Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// The school's slug; may be left out when the installation serves one school.
    #[schema(example = "sint-jan")]
    pub school: Option<String>,
    /// The username.
    pub username: String,
    /// The one-time code from the school (case and dashes do not matter).
    #[schema(example = "ABCD-EFGH-JKMN-PQRS")]
    pub code: String,
    /// The new password.
    pub new: String,
    /// The new password, typed again.
    pub repeat: String,
}

/// Sets a password with a one-time code; every session of the account ends. A refused
/// password leaves the code valid.
#[utoipa::path(
    post,
    path = "/api/v1/password-reset",
    tag = "session",
    request_body = ResetPasswordRequest,
    security(()),
    responses(
        (status = 204, description = "The password is set; every session of the account has ended"),
        (status = 400, description = "Malformed JSON, or an unknown, used or expired code (one answer for all three: type `/problems/invalid-code`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password is refused (reasons as for `PUT /api/v1/me/password`); the code stays valid", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes; see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is accepted"))),
        (status = 503, description = "Too many passwords wait to be hashed (`type`: `/problems/busy`): refused at once \
instead of waiting; nothing counted. Also when the database cannot be reached (`/problems/unavailable`)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .reset_password(ResetPassword {
            school: body.school,
            username: body.username,
            code: body.code,
            new: body.new,
            repeat: body.repeat,
            client,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
