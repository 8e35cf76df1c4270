//! The school's absence codes and rules (`/api/v1/absence-codes`: every signed-in person
//! reads them, absence administrators change them at `/api/v1/admin/absence-codes`), and
//! who the absence administrators are (`/api/v1/admin/absence-administrators`: school
//! administrators; anyone else is told "not found" by the domain).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_attendance::service::SettingsDraft;
use schoolbrug_kernel::AccountId;

use crate::attendance::dto::{AbsenceCodesRequest, AbsenceCodesView, AdministratorsView};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The official codes with what they mean, the school's own codes and its rules (for
/// every signed-in person of the school: parents read the labels too).
#[utoipa::path(
    get,
    path = "/api/v1/absence-codes",
    tag = "attendance",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The codes and rules", body = AbsenceCodesView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn codes(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<AbsenceCodesView>, ApiError> {
    let settings = state.attendance.absence_settings(&session.actor).await?;
    Ok(Json(AbsenceCodesView::from(&settings)))
}

/// Replaces the school's own codes and sets its rules (absence administrators). A code
/// already registered keeps the official code it counted as.
#[utoipa::path(
    put,
    path = "/api/v1/admin/absence-codes",
    tag = "attendance",
    request_body = AbsenceCodesRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an absence administrator", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field: `codes` (`too_many`: over 50), `codes[i].code` (`blank`, \
`too_long`, `invalid_characters`, `reserved`: an official letter, `duplicate`), `codes[i].label` (`invalid`), \
`codes[i].official` (`unknown_code`), a number out of its range (`out_of_range`), `allowance_threshold` \
(`below_guidance_threshold`), a missing field (`required`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was saved", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn change_codes(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<AbsenceCodesRequest>,
) -> Result<StatusCode, ApiError> {
    let draft = SettingsDraft {
        codes: body
            .codes
            .into_iter()
            .map(|c| (c.code, c.label, c.official))
            .collect(),
        unknown_becomes_b_after_days: Some(body.unknown_becomes_b_after_days),
        note_max_days: body.note_max_days,
        notes_per_year: body.notes_per_year,
        guidance_threshold: body.guidance_threshold,
        allowance_threshold: body.allowance_threshold,
    };
    state
        .attendance
        .change_settings(&session.actor, draft)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The school's absence administrators: staff members who register ahead, confirm and
/// change any half-day, read everything and export. School administrators always may.
#[utoipa::path(
    get,
    path = "/api/v1/admin/absence-administrators",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Their accounts", body = AdministratorsView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn administrators(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<AdministratorsView>, ApiError> {
    let accounts = state
        .attendance
        .absence_administrators(&session.actor)
        .await?;
    Ok(Json(AdministratorsView {
        accounts: accounts.into_iter().map(Into::into).collect(),
    }))
}

/// Names the school's absence administrators, replacing the list.
#[utoipa::path(
    put,
    path = "/api/v1/admin/absence-administrators",
    tag = "admin",
    request_body = AdministratorsView,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`accounts[i]` not a UUID (`invalid`) or not a staff member of the school \
(`not_staff`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was saved", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_administrators(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<AdministratorsView>,
) -> Result<StatusCode, ApiError> {
    let accounts = body
        .accounts
        .into_iter()
        .map(AccountId::from_uuid)
        .collect();
    state
        .attendance
        .set_administrators(&session.actor, accounts)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
