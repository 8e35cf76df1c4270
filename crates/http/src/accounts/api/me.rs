//! `GET /api/v1/me` and `POST /api/v1/me/terms`: the signed-in account itself.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::accounts::dto::MeView;
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// Who is signed in; a co-account sees its pupil.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The signed-in account", body = MeView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn me(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<MeView>, ApiError> {
    let me = state
        .accounts
        .me_of_account(session.account.clone())
        .await?;
    Ok(Json(MeView::new(&me, &state.config.terms_version)))
}

/// Accepting the school's terms of use.
#[derive(Deserialize, ToSchema)]
pub struct AcceptTerms {
    /// The version accepted (`terms_version` of `GET /api/v1/me`).
    /// 1–50 characters (surrounding whitespace is ignored).
    #[schema(
        example = "2026-09",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[\s\S]{0,48}[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub version: String,
}

/// Records that the signed-in account accepted the terms of use in this version.
#[utoipa::path(
    post,
    path = "/api/v1/me/terms",
    tag = "me",
    request_body = AcceptTerms,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`version` missing, blank or longer than 50 characters", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn accept_terms(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<AcceptTerms>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .accept_terms(&session.actor, &body.version)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
